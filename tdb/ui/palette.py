"""The command palette (Ctrl-P): every debugger action by name, then Textual's own (themes, ...).

Each entry runs the app's action, the same one its key runs; its help text
is the key binding's tooltip, and names the key.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name in the palette, the app's action), in the order the palette lists them.
ACTIONS = (
    ("Next", "step('next')"),
    ("Step", "step('stepIn')"),
    ("Return", "step('stepOut')"),
    ("Continue", "continue"),
    ("Up", "frame_up"),
    ("Down", "frame_down"),
    ("Toggle breakpoint", "toggle_breakpoint"),
    ("Command line", "command_line"),
    ("Program screen", "program_screen"),
    ("Restart", "restart"),
    ("Quit", "quit_debugger"),
    ("Help", "help"),
)
# Textual's Quit only closes the window; the debugger's Quit above ends the program too.
REPLACED = {"Quit"}


class DebuggerCommands(Provider):
    """The only provider, so that the debugger's actions come first, in their order."""

    def _commands(self) -> Iterator[tuple[str, str, Any, bool]]:
        """(name, help, callback, listed before anything is typed) for each command."""
        keys: dict[str, list[str]] = {}
        tooltips: dict[str, str] = {}
        for key, binding in self.app._bindings:  # the app's keys as Textual reads them
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding.with_key(key)))
            tooltips.setdefault(binding.action, binding.tooltip)
        for name, action in ACTIONS:
            help_text = tooltips.get(action, "")
            if keys.get(action):
                help_text += f"  (key {' '.join(dict.fromkeys(keys[action]))})"
            yield name, help_text.strip(), partial(self.app.run_action, action), True
        for name, help_text, callback, discover in sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0]):
            if name not in REPLACED:
                yield name, help_text, callback, discover

    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self._commands():
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, _ in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
