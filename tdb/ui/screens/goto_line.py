"""Go to a line (`L`): a number, checked against the file; a bad one is said in the dialog, which stays."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from .dialog import OneLineDialog, Problem


def parse_line(text: str, line_count: int) -> int | Problem:
    """The line number typed, or why it is not one of the file's."""
    text = text.strip()
    if not text:
        return Problem("type a line number")
    try:
        line = int(text)
    except ValueError:
        return Problem(f"not a line number: {text!r}")
    if not 1 <= line <= line_count:
        return Problem(f"no line {line}: the file has lines 1 to {line_count}")
    return line


class GoToLineScreen(OneLineDialog[int]):
    BOX_ID = "goto-dialog"
    BOX_CLASSES = "source-dialog"
    PROBLEM_ID = "goto-error"

    def __init__(self, name: str, line_count: int) -> None:
        super().__init__(f"Go to line of {name}", "enter goes · esc cancels")
        self._line_count = line_count

    def fields(self) -> ComposeResult:
        yield Input(placeholder=f"1 to {self._line_count}", id="goto-input")

    def read(self) -> int | Problem:
        return parse_line(self.query_one(Input).value, self._line_count)
