"""The search bar (`/`): one line at the bottom, over the footer; Enter searches, Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class SearchBar(ModalScreen[str | None]):
    """Dismissed with the text to search for (None if cancelled); the source stays in view above it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", tooltip="Close the search bar"),
    ]

    def __init__(self, previous: str = "") -> None:
        super().__init__()
        self._previous = previous

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Label("/", id="search-prompt")
            yield Input(self._previous, placeholder="search the source: Enter finds (Aa: capitals match case), "
                        "then . next and , previous; Esc cancels", id="search-input", select_on_focus=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
