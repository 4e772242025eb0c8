"""The dialog that edits a breakpoint (enter in the breakpoints pane): condition, hit condition, log message, ignore count.

It checks what is typed before closing (a syntax error stays in the dialog,
next to the field) and returns the new values; the app applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..breakpoints import Breakpoint


@dataclass(frozen=True)
class BreakpointEdit:
    """The values the dialog returns; empty text means none."""

    condition: str
    hit_condition: str
    log_message: str
    ignore: str


# (an edit) -> None if it can be applied, else a one-line message.
Check = Callable[[BreakpointEdit], "str | None"]

FIELDS = (
    ("condition", "Condition", "Python, true to stop: len(items) > 3"),
    ("hit_condition", "Hit condition", ">= 100, 5 (the 5th hit), % 10 (every 10th)"),
    ("log_message", "Log message", "a logpoint: logs this, never stops: x is {x}"),
    ("ignore", "Ignore count", "hits to pass before stopping: 0"),
)


class BreakpointEditScreen(ModalScreen["BreakpointEdit | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing the breakpoint"),
    ]

    def __init__(self, bp: Breakpoint, check: Check) -> None:
        super().__init__()
        self._bp = bp
        self._check = check

    def compose(self) -> ComposeResult:
        bp = self._bp
        values = {"condition": bp.condition or "", "hit_condition": bp.hit_condition or "",
                  "log_message": bp.log_message or "", "ignore": str(bp.ignore) if bp.ignore else ""}
        with Vertical(id="breakpoint-edit"):
            with Grid(id="breakpoint-edit-fields"):
                for name, title, placeholder in FIELDS:
                    yield Label(title, classes="breakpoint-edit-label")
                    yield Input(values[name], placeholder=placeholder, id=f"edit-{name.replace('_', '-')}")
            yield Static("", id="breakpoint-edit-error")

    def on_mount(self) -> None:
        dialog = self.query_one("#breakpoint-edit")
        dialog.border_title = f"Breakpoint {self._bp.number} at {self._bp.where()}"
        dialog.border_subtitle = "enter save · tab next field · esc cancel"

    def _values(self) -> BreakpointEdit:
        def value(name: str) -> str:
            return self.query_one(f"#edit-{name.replace('_', '-')}", Input).value.strip()

        return BreakpointEdit(value("condition"), value("hit_condition"), value("log_message"), value("ignore"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # not the app's command line
        edit = self._values()
        problem = self._check(edit)
        if problem:
            # Text, not a str: a condition's brackets are not markup.
            self.query_one("#breakpoint-edit-error", Static).update(Text(f"*** {problem}"))
            return
        self.dismiss(edit)

    def action_cancel(self) -> None:
        self.dismiss(None)
