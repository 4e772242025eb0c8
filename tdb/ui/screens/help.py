"""The help screen (`?`, `h`): every key and every command, read from where they are defined.

Keys come from the BINDINGS of the app and of tdb's widgets, commands from
the command language's help table: neither list can go stale.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..commands import HELP_TABLE, aliases_of

GROUPS = ("Stepping", "Stack", "Breakpoints", "Views", "Command line", "Other")
# The group of a key, by its action's name; any other action is in Other.
ACTION_GROUPS = {
    "step": "Stepping", "continue": "Stepping", "pause": "Stepping",
    "frame_up": "Stack", "frame_down": "Stack",
    "toggle_breakpoint": "Breakpoints",
    "toggle_breakpoint_enabled": "Breakpoints", "edit_breakpoint": "Breakpoints", "delete_breakpoint": "Breakpoints",
    "program_screen": "Views", "focus_pane": "Views", "resize_side": "Views", "resize_console": "Views",
    "cursor_up": "Views", "cursor_down": "Views", "cursor_page_up": "Views",
    "cursor_page_down": "Views", "cursor_first": "Views", "cursor_last": "Views",
    "command_line": "Command line", "leave_command_line": "Command line", "history_back": "Command line",
    "history_forward": "Command line", "complete": "Command line",
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


def key_rows(app: App, screen: Screen) -> dict[str, list[KeyRow]]:
    """The keys of the app and of the widgets on `screen`, by group, one row per action."""
    # The app's keys as Textual reads them: its own (ctrl+p, ctrl+q) included.
    bindings = [binding for _key, binding in app._bindings]
    seen: set[type] = set()
    for widget in screen.walk_children():
        for cls in type(widget).__mro__:
            # Only tdb's own widgets: Textual's (scrolling, editing a line) work as everywhere.
            if cls in seen or not cls.__module__.startswith("tdb.") or "BINDINGS" not in vars(cls):
                continue
            seen.add(cls)
            bindings.extend(_split(vars(cls)["BINDINGS"]))
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
            row = rows[binding.action] = KeyRow([], name, detail)
            groups[ACTION_GROUPS.get(binding.action.partition("(")[0], "Other")].append(row)
        if key not in row.keys:
            row.keys.append(key)
    return {group: entries for group, entries in groups.items() if entries}


def _split(bindings: list[BindingType]) -> list[Binding]:
    """One Binding per key, as Textual reads `"a,b"`."""
    return [one for binding in bindings for one in Binding.make_bindings([binding])]


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
    return Group(*parts[:-1])


def commands_table() -> Group:
    table = Table.grid(padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for entry in HELP_TABLE:
        table.add_row(Text(entry.usage), Text(entry.summary))
    # The short forms above are pdb's; the long ones work too.
    spelled = {entry.usage.partition(" ")[0] for entry in HELP_TABLE}
    long_forms = dict.fromkeys(alias for entry in HELP_TABLE for alias in aliases_of(entry.name) if alias not in spelled)
    return Group(Text("Commands", style=HEADING), table, Text(), Text("Long forms", style=HEADING),
                 Text(" ".join(long_forms), style="dim"))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", tooltip="Close the help"),
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
