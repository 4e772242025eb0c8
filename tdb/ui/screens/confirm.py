"""Quit? y/n: asked before `q` ends a program that still runs, when config.toml says `confirm_quit = true`."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmQuitScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmQuitScreen {
        align: center middle;
        background: $background 50%;
    }
    #confirm-dialog {
        width: auto;
        height: auto;
        padding: 0 2;
        border: round $warning;
        border-subtitle-color: $text-muted;
        background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="End the program and leave tdb", id="confirm-quit.yes"),
        Binding("n,escape", "answer(False)", "No", tooltip="Back to the debugger", id="confirm-quit.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(Text("Quit? The program ends. y/n"), id="confirm-text")

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_subtitle = "y quits · n esc stay"

    def action_answer(self, quit: bool) -> None:
        self.dismiss(quit)
