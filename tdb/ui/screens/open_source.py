"""Open a module or file (`m`): the program's loaded sources, filtered as you type; a path typed opens too."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option


def matching(sources: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The sources whose module name or path holds every word typed (any case), best first."""
    words = text.lower().split()
    if not words:
        return list(sources)
    found = [source for source in sources
             if all(word in f"{source.get('name', '')} {source.get('path', '')}".lower() for word in words)]
    # A name that starts with the first word first: `json` before `test_json`.
    return sorted(found, key=lambda source: not str(source.get("name", "")).lower().startswith(words[0]))


class OpenSourceScreen(ModalScreen[str | None]):
    """Dismissed with the path to open: a listed source's, or the text typed (None if cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", tooltip="Close without opening", id="open-source.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="open-source.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="open-source.previous"),
    ]

    def __init__(self, sources: list[dict[str, Any]]) -> None:
        super().__init__()
        self._sources = sources
        self._shown: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="open-dialog", classes="source-dialog"):
            yield Input(placeholder="a module name or part of a path; or a file's path", id="open-input")
            yield OptionList(id="open-list")

    def on_mount(self) -> None:
        dialog = self.query_one("#open-dialog")
        dialog.border_title = "Open a module or file"
        dialog.border_subtitle = "↑↓ choose · enter opens · esc cancels"
        self._show("")
        self.query_one(Input).focus()

    def _show(self, text: str) -> None:
        self._shown = matching(self._sources, text)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Text.assemble(str(source.get("name", "")), "  ", (str(source.get("path", "")), "dim")))
                            for source in self._shown)
        options.highlighted = 0 if self._shown else None

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if self._shown:
            options.highlighted = max(0, min(len(self._shown) - 1, (options.highlighted or 0) + delta))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one(OptionList).highlighted
        if self._shown and highlighted is not None:
            self.dismiss(str(self._shown[highlighted].get("path", "")))
        elif event.value.strip():
            self.dismiss(event.value.strip())  # not a loaded source: a path, tried as typed

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(str(self._shown[event.option_index].get("path", "")))
