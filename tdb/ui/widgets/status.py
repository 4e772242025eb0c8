"""The status line: where the program is and why it stopped. Repaints only, never re-lays out the screen."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; }
    """

    message: reactive[Text] = reactive(Text, layout=False)

    def show(self, text: str, kind: str) -> None:
        self.message = Text(text, no_wrap=True, overflow="ellipsis")
        if not self.has_class(kind):
            self.set_classes(kind)

    def render(self) -> Text:
        return self.message
