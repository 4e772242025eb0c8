"""The skeleton the one-line dialogs share: fields in a bordered box, Enter takes them, Escape cancels.

A subclass yields its fields and reads them: `read()` returns the dialog's
result, or a `Problem` that is said in the dialog, which stays open.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

ResultType = TypeVar("ResultType")


class Problem(str):
    """Why what was typed cannot be taken: said under the fields."""


class OneLineDialog(ModalScreen[ResultType | None], Generic[ResultType]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything", id="dialog.cancel"),
    ]
    BOX_ID: ClassVar[str]  # the box's id, for the style sheet
    BOX_CLASSES: ClassVar[str] = ""
    PROBLEM_ID: ClassVar[str | None] = None  # where a Problem is said; None: read() never has one

    def __init__(self, title: str = "", subtitle: str = "") -> None:
        super().__init__()
        self._title = title
        self._subtitle = subtitle

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def read(self) -> ResultType | Problem:
        raise NotImplementedError

    def box(self) -> Widget:
        return Vertical(id=self.BOX_ID, classes=self.BOX_CLASSES)

    def compose(self) -> ComposeResult:
        with self.box():
            yield from self.fields()
            if self.PROBLEM_ID:
                yield Static("", id=self.PROBLEM_ID, classes="dialog-error")

    def on_mount(self) -> None:
        box = self.query_one(f"#{self.BOX_ID}")
        box.border_title = self._title or None
        box.border_subtitle = self._subtitle or None
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # not the command line's
        result = self.read()
        if isinstance(result, Problem):
            # Text, not a str: what was typed may hold brackets, which are not markup.
            self.query_one(f"#{self.PROBLEM_ID}", Static).update(Text(result))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
