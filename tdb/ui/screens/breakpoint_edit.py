"""The dialog that edits a breakpoint (enter in the breakpoints pane): condition, hit condition, log message, ignore
count, task.

It checks what is typed before closing (a syntax error stays in the dialog,
next to the field) and returns the new values; the app applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Label

from ..core.breakpoint_book import Breakpoint
from .dialog import OneLineDialog, Problem


@dataclass(frozen=True)
class BreakpointEdit:
    """The values the dialog returns; empty text means none."""

    condition: str
    hit_condition: str
    log_message: str
    ignore: str
    task: str = ""


# (an edit) -> None if it can be applied, else a one-line message.
Check = Callable[[BreakpointEdit], "str | None"]

FIELDS = (
    ("condition", "Condition", "Python, true to stop: len(items) > 3"),
    ("hit_condition", "Hit condition", ">= 100, 5 (the 5th hit), % 10 (every 10th)"),
    ("log_message", "Log message", "a logpoint: logs this, never stops: x is {x}"),
    ("ignore", "Ignore count", "hits to pass before stopping: 0"),
    ("task", "Task", "only in the asyncio task(s) of this name: fetch-*"),
)


class BreakpointEditScreen(OneLineDialog[BreakpointEdit]):
    BOX_ID = "breakpoint-edit"
    PROBLEM_ID = "breakpoint-edit-error"

    def __init__(self, bp: Breakpoint, check: Check) -> None:
        super().__init__(f"Breakpoint {bp.number} at {bp.where()}", "enter save · tab next field · esc cancel")
        self._bp = bp
        self._check = check

    def fields(self) -> ComposeResult:
        bp = self._bp
        values = {"condition": bp.condition or "", "hit_condition": bp.hit_condition or "",
                  "log_message": bp.log_message or "", "ignore": str(bp.ignore) if bp.ignore else "", "task": bp.task or ""}
        with Grid(id="breakpoint-edit-fields"):
            for name, title, placeholder in FIELDS:
                yield Label(title, classes="breakpoint-edit-label")
                yield Input(values[name], placeholder=placeholder, id=f"edit-{name.replace('_', '-')}")

    def read(self) -> BreakpointEdit | Problem:
        def value(name: str) -> str:
            return self.query_one(f"#edit-{name.replace('_', '-')}", Input).value.strip()

        edit = BreakpointEdit(value("condition"), value("hit_condition"), value("log_message"), value("ignore"),
                              value("task"))
        problem = self._check(edit)
        return Problem(f"*** {problem}") if problem else edit
