"""A one-line dialog for an expression (adding or editing a watch): Enter keeps it, Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input


class ExpressionScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", tooltip="Close without changing anything"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="expression-dialog"):
            yield Input(self._text, placeholder="a Python expression, evaluated in the selected frame",
                        id="expression-input")

    def on_mount(self) -> None:
        dialog = self.query_one("#expression-dialog")
        dialog.border_title = self._title
        dialog.border_subtitle = "enter keeps · esc cancels"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
