"""The help screen (`?`, `h`): every key and every command, read from where they are defined.

Keys come from the action registry (the debugger screen's bindings), the app's
own and tdb's widgets' BINDINGS; commands from the command registry: neither
list can go stale.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..actions import GROUPS, by_action
from ..commands.registry import commands

# The group of a widget's own key, by its action's name (the screen's keys have theirs in actions.py).
WIDGET_GROUPS = {
    "toggle_breakpoint_enabled": "Breakpoints", "edit_breakpoint": "Breakpoints", "delete_breakpoint": "Breakpoints",
    "cursor_up": "Views", "cursor_down": "Views", "cursor_page_up": "Views",
    "cursor_page_down": "Views", "cursor_first": "Views", "cursor_last": "Views",
    "history_back": "Command line", "history_forward": "Command line", "complete": "Command line",
}
# Textual's own keys, described for a debugger (its "Quit" would read like q's); listed last.
TEXTUAL_KEYS = {"quit": ("Close", "Close the interface at once"), "command_palette": ("Palette", "Actions by name, and themes")}
HEADING = "bold underline"
# Narrower than this, the two columns stack.
TWO_COLUMNS_WIDTH = 100


@dataclass
class KeyRow:
    keys: list[str]
    name: str
    detail: str
    ident: str = ""  # the binding's id: what a keymap names (config.py)


def key_rows(screen: Screen) -> dict[str, list[KeyRow]]:
    """The keys of the app, of `screen` and of the widgets on it, by group, one row per action."""
    app = screen.app
    keymap: dict[str, str] = getattr(app, "keymap", {})
    # The app's keys (ctrl+p, ctrl+q) and the screen's, then tdb's widgets' own.
    bindings = _split(type(app).BINDINGS, keymap) + _split(type(screen).BINDINGS, keymap)
    if app.ENABLE_COMMAND_PALETTE:  # (Textual adds its binding at start)
        bindings.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "palette"))
    seen: set[type] = set()
    for widget in screen.walk_children():
        for cls in type(widget).__mro__:
            # Only tdb's own widgets: Textual's (scrolling, editing a line) work as everywhere.
            if cls in seen or not cls.__module__.startswith("tdb.") or "BINDINGS" not in vars(cls):
                continue
            seen.add(cls)
            bindings.extend(_split(vars(cls)["BINDINGS"], keymap))
    rows: dict[str, KeyRow] = {}
    groups: dict[str, list[KeyRow]] = {group: [] for group in GROUPS}
    for binding in sorted(bindings, key=lambda binding: binding.action in TEXTUAL_KEYS):
        name, detail = TEXTUAL_KEYS.get(binding.action, (binding.description, binding.tooltip))
        if not name:
            continue  # a key Textual keeps to itself (ctrl+c's "press ctrl+q")
        # Each key as itself: one key_display would show `:` for both `:` and `!`.
        key = app.get_key_display(replace(binding, key_display=None))
        row = rows.get(binding.action)
        if row is None:
            row = rows[binding.action] = KeyRow([], name, detail, binding.id or "")
            groups[_group(binding.action)].append(row)
        if key not in row.keys:
            row.keys.append(key)
    return {group: entries for group, entries in groups.items() if entries}


def _group(action: str) -> str:
    entry = by_action(action)
    return entry.group if entry is not None else WIDGET_GROUPS.get(action.partition("(")[0], "Other")


def _split(bindings: list[BindingType], keymap: dict[str, str]) -> list[Binding]:
    """One Binding per key, as Textual reads `"a,b"`; the user's keys where their keymap names the binding."""
    split: list[Binding] = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.id in keymap:
            binding = replace(binding, key=keymap[binding.id])
        split.extend(Binding.make_bindings([binding]))
    return split


def keys_table(groups: dict[str, list[KeyRow]]) -> Group:
    # The same column widths in every group, so that the groups line up.
    key_width = max(len(" ".join(row.keys)) for rows in groups.values() for row in rows)
    name_width = max(len(row.name) for rows in groups.values() for row in rows)
    parts: list[RenderableType] = []
    for group, rows in groups.items():
        table = Table.grid(padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True, width=key_width)
        table.add_column(no_wrap=True, width=name_width)
        table.add_column(style="dim", ratio=1)
        for row in rows:
            # Text, not str: Rich would read `[count]` as markup.
            table.add_row(Text(" ".join(row.keys)), Text(row.name), Text(row.detail))
        parts += [Text(group, style=HEADING), table, Text()]
    return Group(*parts, *rebinding(groups))


def rebinding(groups: dict[str, list[KeyRow]]) -> list[RenderableType]:
    """How to choose one's own keys, and the names of the keys one can choose (the bindings' ids)."""
    idents = [row.ident for rows in groups.values() for row in rows if row.ident]
    return [Text("Your own keys", style=HEADING),
            Text('In ~/.config/tdb/config.toml (or $XDG_CONFIG_HOME/tdb/), under [keymap]: next = "f10", '
                 'step = "f11,s". The names:'),
            Text(" ".join(idents), style="dim")]


def commands_table() -> Group:
    table = Table.grid(padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    entries = commands()
    for entry in entries:
        for usage in entry.usage:
            table.add_row(Text(usage.usage), Text(usage.summary))
    # The short forms above are pdb's; the long ones work too.
    spelled = {usage.usage.partition(" ")[0] for entry in entries for usage in entry.usage}
    long_forms = dict.fromkeys(word for entry in entries for word in entry.words if word not in spelled)
    return Group(Text("Commands", style=HEADING), table, Text(), Text("Long forms", style=HEADING),
                 Text(" ".join(long_forms), style="dim"))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", tooltip="Close the help", id="help.close"),
    ]

    def __init__(self, keys: dict[str, list[KeyRow]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            with VerticalScroll(id="help-body"):
                with Horizontal(id="help-columns"):
                    yield Static(keys_table(self._keys), id="help-keys")
                    yield Static(commands_table(), id="help-commands")

    def on_mount(self) -> None:
        dialog = self.query_one("#help-dialog")
        dialog.border_title = "tdb help: keys and commands"
        dialog.border_subtitle = "esc ? q close · ↑ ↓ pgup pgdn scroll"
        self.query_one("#help-body").focus()  # the arrows scroll at once

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < TWO_COLUMNS_WIDTH, "-narrow")
