"""A one-line dialog for an expression (adding or editing a watch): Enter keeps it, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from .dialog import OneLineDialog


class ExpressionScreen(OneLineDialog[str]):
    BOX_ID = "expression-dialog"

    def __init__(self, title: str, text: str) -> None:
        super().__init__(title, "enter keeps · esc cancels")
        self._text = text

    def fields(self) -> ComposeResult:
        yield Input(self._text, placeholder="a Python expression, evaluated in the selected frame",
                    id="expression-input")

    def read(self) -> str:
        return self.query_one(Input).value
