"""The breakpoints pane: every breakpoint with its kind, conditions and counts; keys to enable, edit, delete.

The app owns the breakpoints (BreakpointBook) and sends them to the engine;
the pane shows them and asks for changes with a Requested message.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.breakpoint_book import Breakpoint
from ..commands.parsing import describe_hit_condition
from .source import SourceView


class BreakpointsPane(OptionList):
    DEFAULT_CSS = """
    BreakpointsPane {
        background: $surface;
        & > .breakpoints--enabled { color: $text-error; }
        & > .breakpoints--temporary { color: $text-error; }
        & > .breakpoints--disabled { color: $foreground 40%; }
        & > .breakpoints--conditional { color: $text-warning; }
        & > .breakpoints--logpoint { color: $text-primary; }
        & > .breakpoints--detail { color: $foreground 60%; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "breakpoints--enabled", "breakpoints--temporary", "breakpoints--disabled", "breakpoints--conditional",
        "breakpoints--logpoint", "breakpoints--detail",
    }

    # Pane keys only: space, enter, delete and x shadow nothing of the app's.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_breakpoint_enabled", "On/off",
                tooltip="Enable or disable the highlighted breakpoint", id="breakpoints.toggle-enabled"),
        Binding("enter", "edit_breakpoint", "Edit",
                tooltip="Edit its condition, hit condition, log message, ignore count and task", id="breakpoints.edit"),
        Binding("delete,x", "delete_breakpoint", "Delete",
                tooltip="Delete the highlighted breakpoint", id="breakpoints.delete"),
    ]

    class Requested(Message):
        """The user asked to "toggle", "edit" or "delete" breakpoint `number`."""

        def __init__(self, action: str, number: int) -> None:
            super().__init__()
            self.action = action
            self.number = number

    def show_breakpoints(self, entries: list[Breakpoint]) -> None:
        labels = [self._label(entry) for entry in entries]
        ids = [str(entry.number) for entry in entries]
        if ids == [self.get_option_at_index(i).id for i in range(self.option_count)]:
            # Hits changed at a stop: repaint the rows that differ, keep the highlight where it is.
            for index, label in enumerate(labels):
                if str(self.get_option_at_index(index).prompt) != str(label):
                    self.replace_option_prompt_at_index(index, label)
        else:
            highlighted, index = self.highlighted_number, self.highlighted or 0
            self.clear_options()
            self.add_options(Option(label, id=option_id) for label, option_id in zip(labels, ids))
            if highlighted is not None and str(highlighted) in ids:
                self.highlighted = ids.index(str(highlighted))
            elif ids:  # it was deleted: the row that took its place
                self.highlighted = min(index, len(ids) - 1)
        self.set_class(not entries, "-empty")

    @property
    def highlighted_number(self) -> int | None:
        if self.highlighted is None or not 0 <= self.highlighted < self.option_count:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return int(option_id) if option_id else None

    def _label(self, bp: Breakpoint) -> Text:
        kind = bp.kind
        glyph = SourceView.MARKS[kind][0]
        detail = self.get_component_rich_style("breakpoints--detail", partial=True)
        head = Text.assemble(
            (f"{bp.number:>2} ", "bold"),
            (glyph, self.get_component_rich_style(f"breakpoints--{kind}", partial=True)),
            " ",
            bp.where() or "?",
        )
        if bp.hits:
            head.append(f"  {bp.hits} hit{'s' if bp.hits != 1 else ''}", detail)
        if not bp.enabled:
            head.append("  off", detail)
            head.stylize("dim", 3)
        extras = _extras(bp)
        if extras:
            head.append("\n    " + " · ".join(extras), detail)
        return head

    def _request(self, action: str) -> None:
        number = self.highlighted_number
        if number is None:
            self.app.bell()
            return
        self.post_message(self.Requested(action, number))

    def action_toggle_breakpoint_enabled(self) -> None:
        self._request("toggle")

    def action_edit_breakpoint(self) -> None:
        self._request("edit")

    def action_delete_breakpoint(self) -> None:
        self._request("delete")


def _extras(bp: Breakpoint) -> list[str]:
    """What the one-line head leaves out: conditions, log message, ignore count, commands."""
    extras: list[Any] = []
    if bp.condition:
        extras.append(f"if {bp.condition}")
    if bp.hit_condition:
        extras.append(describe_hit_condition(bp.hit_condition))
    if bp.log_message:
        extras.append(f"log: {bp.log_message}")
    if bp.ignore:
        extras.append(f"ignore next {bp.ignore}")
    if bp.temporary:
        extras.append("once")
    if bp.commands:
        extras.append(f"{len(bp.commands)} command{'s' if len(bp.commands) != 1 else ''}")
    return extras
