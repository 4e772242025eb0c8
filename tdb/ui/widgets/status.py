"""The status line: where the program is and why it stopped. Repaints only, never re-lays out the screen.

Drawn with the Line API: Textual's render() of a Text costs a step about half a millisecond
(content, visual, wrapping); one line of one style is a Strip made at once. Its kinds (stopped,
running, exception, ended) are component styles, not CSS classes: a class change restyles the
widget, which a step's paint would wait for (paint.py), and a step changes the kind twice.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from .kept_styles import KeptStyles

KINDS = ("stopped", "running", "exception", "ended")


class StatusLine(KeptStyles, Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"status--{kind}" for kind in KINDS}
    """status--KIND: the line while the program is so (KINDS)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.message = Text()
        self.kind = "stopped"
        self._line = Text()  # the message as drawn: a cell's margin either side

    def show(self, text: str, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown status kind {kind!r}")
        if (text, kind) != (self.message.plain, self.kind):
            self.message, self.kind = Text(text), kind
            self._line = Text(f" {text}", no_wrap=True, overflow="ellipsis")
            self.refresh()

    def render_line(self, y: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style(f"status--{self.kind}")
        width = self.size.width
        if y or width <= 0:
            return Strip.blank(width, style)
        line = self._line.copy()
        line.truncate(max(0, width - 1), overflow="ellipsis")
        segments = Segment.apply_style(line.render(self.app.console), style)
        return Strip(list(segments)).extend_cell_length(width, style).crop(0, width)
