"""The search bar (`/`): one line at the bottom, over the footer; Enter searches, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label

from .dialog import OneLineDialog


class SearchBar(OneLineDialog[str]):
    """Dismissed with the text to search for (None if cancelled); the source stays in view above it."""

    BOX_ID = "search-bar"

    def __init__(self, previous: str = "") -> None:
        super().__init__()
        self._previous = previous

    def box(self) -> Widget:
        return Horizontal(id=self.BOX_ID)

    def fields(self) -> ComposeResult:
        yield Label("/", id="search-prompt")
        yield Input(self._previous, placeholder="search the source: Enter finds (Aa: capitals match case), "
                    "then . next and , previous; Esc cancels", id="search-input", select_on_focus=True)

    def read(self) -> str:
        return self.query_one(Input).value
