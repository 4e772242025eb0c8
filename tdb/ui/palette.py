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
    ("Pause (break in)", "pause"),
    ("Up", "frame_up"),
    ("Down", "frame_down"),
    ("Toggle breakpoint", "toggle_breakpoint"),
    ("Break on raised exceptions", "toggle_catch('raised')"),
    ("Break on uncaught exceptions", "toggle_catch('uncaught')"),
    ("Exceptions: traceback, chain, groups", "exceptions"),
    ("Command line", "command_line"),
    ("Program screen", "program_screen"),
    ("Restart", "restart"),
    ("Quit", "quit_debugger"),
    ("Help", "help"),
    ("Run to the cursor line", "run_to_cursor"),
    ("Jump to the cursor line", "jump_to_cursor"),
    ("Search the source", "search"),
    ("Go to line", "go_to_line"),
    ("Open a module or file", "open_source"),
    ("Back to the current line", "back_to_stop"),
    ("Edit the file in $EDITOR", "edit_source"),
    ("Toggle Variables pane", "toggle_pane('variables')"),
    ("Toggle Watches pane", "toggle_pane('watches')"),
    ("Toggle Stack pane", "toggle_pane('stack')"),
    ("Toggle Breakpoints pane", "toggle_pane('breakpoints')"),
    ("Toggle Threads pane", "toggle_pane('threads')"),
    ("Toggle Console", "toggle_pane('console')"),
    ("Focus Variables", "focus_pane('variables')"),
    ("Focus Watches", "focus_pane('watches')"),
    ("Focus Stack", "focus_pane('stack')"),
    ("Focus Breakpoints", "focus_pane('breakpoints')"),
    ("Focus Threads", "focus_pane('threads')"),
    ("Focus Console", "focus_pane('console')"),
    ("Side column narrower", "resize_side(-1)"),
    ("Side column wider", "resize_side(1)"),
    ("Console smaller", "resize_console(-1)"),
    ("Console larger", "resize_console(1)"),
)
# (name, the pane's id, the pane's action): what a pane's own keys do, run on that pane.
PANE_ACTIONS = (
    ("View the selected variable", "variables", "view_value"),
    ("Show or hide _private variables", "variables", "toggle_private"),
    ("Show or hide __dunder__ variables", "variables", "toggle_dunder"),
    ("Add a watch", "watches", "add_watch"),
    ("View the selected watch", "watches", "view_watch"),
)
# What an action without a key does (one with a key: its binding's tooltip).
ACTION_HELP = {
    "toggle_catch('raised')": "On or off: stop wherever an exception is raised (the command: catch raised)",
    "toggle_catch('uncaught')": "On or off: stop before an exception ends the program (catch uncaught)",
}
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
            help_text = tooltips.get(action) or ACTION_HELP.get(action, "")
            if keys.get(action):
                help_text += f"  (key {' '.join(dict.fromkeys(keys[action]))})"
            yield name, help_text.strip(), partial(self.app.run_action, action), True
        yield from self._pane_commands()
        for name, help_text, callback, discover in sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0]):
            if name not in REPLACED:
                yield name, help_text, callback, discover

    def _pane_commands(self) -> Iterator[tuple[str, str, Any, bool]]:
        for name, pane_id, action in PANE_ACTIONS:
            panes = self.app.query(f"#{pane_id}")
            if not panes:
                continue
            pane = panes.first()
            bindings = [(key, binding) for key, bindings in pane._bindings.key_to_bindings.items()
                        for binding in bindings if binding.action == action]
            help_text = bindings[0][1].tooltip if bindings else ""
            if bindings:
                keys = " ".join(self.app.get_key_display(binding.with_key(key)) for key, binding in bindings)
                help_text += f"  (key {keys} in the {pane_id} pane)"
            yield name, help_text.strip(), partial(pane.run_action, action), True

    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self._commands():
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, _ in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
