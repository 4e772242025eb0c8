"""The command palette (Ctrl-P): every debugger action by name, then Textual's own (themes, ...).

The entries come from the action registry (actions.py): each runs the action
its key runs, its help is the action's, and names the keys bound to it now.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterator

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .actions import PANE_ACTIONS, palette_entries

# Textual's Quit only closes the window; the debugger's Quit ends the program too.
REPLACED = {"Quit"}


class DebuggerCommands(Provider):
    """The only provider, so that the debugger's actions come first, in their order."""

    def _commands(self) -> Iterator[tuple[str, str, Any, bool]]:
        """(name, help, callback, listed before anything is typed) for each command."""
        keys: dict[str, list[str]] = {}
        for key, active in self.screen.active_bindings.items():  # the keys as bound now (a keymap too)
            keys.setdefault(active.binding.action, []).append(self.app.get_key_display(active.binding.with_key(key)))
        for entry in palette_entries():
            help_text = entry.help
            if keys.get(entry.action):
                help_text += f"  (key {' '.join(dict.fromkeys(keys[entry.action]))})"
            yield entry.title, help_text.strip(), partial(self.screen.run_action, entry.action), True
        yield from self._pane_commands()
        for name, help_text, callback, discover in sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0]):
            if name not in REPLACED:
                yield name, help_text, callback, discover

    def _pane_commands(self) -> Iterator[tuple[str, str, Any, bool]]:
        for entry in PANE_ACTIONS:
            panes = self.screen.query(f"#{entry.pane}")
            if not panes:
                continue
            pane = panes.first()
            bindings = [binding for binding in Binding.make_bindings(type(pane).BINDINGS)
                        if binding.action == entry.action]
            help_text = bindings[0].tooltip if bindings else ""
            if bindings:
                shown = " ".join(self.app.get_key_display(binding.with_key(binding.key)) for binding in bindings)
                help_text += f"  (key {shown} in the {entry.pane} pane)"
            yield entry.title, help_text.strip(), partial(pane.run_action, entry.action), True

    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self._commands():
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, _ in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
