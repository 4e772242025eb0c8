"""Go to a line (`L`): a number, checked against the file; a bad one is said in the dialog, which stays."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


def parse_line(text: str, line_count: int) -> int | str:
    """The line number typed, or why it is not one of the file's."""
    text = text.strip()
    if not text:
        return "type a line number"
    try:
        line = int(text)
    except ValueError:
        return f"not a line number: {text!r}"
    if not 1 <= line <= line_count:
        return f"no line {line}: the file has lines 1 to {line_count}"
    return line


class GoToLineScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", tooltip="Close without moving"),
    ]

    def __init__(self, name: str, line_count: int) -> None:
        super().__init__()
        self._name = name
        self._line_count = line_count

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-dialog", classes="source-dialog"):
            yield Input(placeholder=f"1 to {self._line_count}", id="goto-input")
            yield Label("", id="goto-error", classes="dialog-error")

    def on_mount(self) -> None:
        dialog = self.query_one("#goto-dialog")
        dialog.border_title = f"Go to line of {self._name}"
        dialog.border_subtitle = "enter goes · esc cancels"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        line = parse_line(event.value, self._line_count)
        if isinstance(line, str):
            self.query_one("#goto-error", Label).update(line)
            return
        self.dismiss(line)
