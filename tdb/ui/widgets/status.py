"""The status line: where the program is and why it stopped. Repaints only, never re-lays out the screen.

Drawn with the Line API: Textual's render() of a Text costs a step about half a millisecond
(content, visual, wrapping); one line of one style is a Strip made at once.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from .kept_styles import KeptStyles


class StatusLine(KeptStyles, Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; }
    """

    message: reactive[Text] = reactive(Text, layout=False)

    def show(self, text: str, kind: str) -> None:
        self.message = Text(text, no_wrap=True, overflow="ellipsis")
        if not self.has_class(kind):
            self.set_classes(kind)

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        width = self.size.width
        if y or width <= 0:
            return Strip.blank(width, style)
        line = self.message.copy()
        line.truncate(width, overflow="ellipsis")
        segments = Segment.apply_style(line.render(self.app.console), style)
        return Strip(list(segments)).extend_cell_length(width, style).crop(0, width)
