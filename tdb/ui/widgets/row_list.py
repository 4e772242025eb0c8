"""A list of one-line rows drawn with the Line API: only the rows on screen are ever rendered.

OptionList measures every option (a visual and a wrapped height each) as soon
as it is given them: a thousand asyncio tasks cost a stop 60-80 ms before the
first paint. Here a row is one line, cut to the pane's width, rendered when it
scrolls into view and cached on what it depends on (its text, whether it is the
cursor's, the focus, the width), as SourceView does for source lines.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .kept_styles import KeptStyles
from .repaint import refresh_rows


class RowList(KeptStyles, ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="rows.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="rows.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="rows.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="rows.page-down"),
        Binding("home", "first", "First", show=False, id="rows.first"),
        Binding("end", "last", "Last", show=False, id="rows.last"),
        Binding("enter", "choose", "Choose", show=False, id="rows.choose"),
    ]
    """Up/down, page up/down, home/end move the cursor; enter chooses its row (RowList.Chosen)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-list--cursor"}
    """row-list--cursor: the cursor's row (while the list has the focus, the row under it elsewhere)."""

    DEFAULT_CSS = """
    RowList { height: auto; background: $surface; overflow-x: hidden; }
    RowList > .row-list--cursor { background: $block-cursor-blurred-background; }
    RowList:focus > .row-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                        text-style: $block-cursor-text-style; }
    """

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    class Chosen(Message):
        """Enter (or a click) on a row."""

        def __init__(self, row_list: "RowList", index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> "RowList":
            return self.row_list

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows: list[Text] = []
        self._strips: dict[tuple[int, bool, bool, int], Strip] = {}

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> Text:
        return self._rows[index]

    def set_rows(self, rows: list[Text]) -> None:
        """Show these rows; rows equal to the old ones keep their cached lines."""
        old = self._rows
        self._rows = list(rows)
        if len(old) != len(rows):
            self._strips.clear()
            self.virtual_size = Size(self.size.width, len(rows))
            self.refresh(layout=True)
        else:
            changed = [index for index, (was, now) in enumerate(zip(old, rows)) if was != now]
            for key in [key for key in self._strips if key[0] in changed]:
                del self._strips[key]
            refresh_rows(self, changed)  # (only these rows are drawn and written again)
        if self.highlighted is not None and self.highlighted >= len(rows):
            self.highlighted = len(rows) - 1 if rows else None

    def move_cursor_to(self, index: int) -> None:
        """The cursor to row `index`; nothing is repainted when it is there already (most stops)."""
        if self.highlighted != index:
            self.highlighted = index

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        refresh_rows(self, {old, new} - {None})
        if new is not None:
            self.scroll_to_region_of(new)

    def scroll_to_region_of(self, index: int) -> None:
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._rows) or width <= 0:
            return Strip.blank(width, self.rich_style)
        cursor = index == self.highlighted
        key = (index, cursor, self.has_focus and cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(self._rows[index], cursor, width)
            self._strips[key] = strip
        return strip.apply_offsets(0, index)

    def _render_row(self, text: Text, cursor: bool, width: int) -> Strip:
        base: Style = self.rich_style
        if cursor:
            base = base + self.get_component_rich_style("row-list--cursor")
        line = Text(" ", end="")  # a cell of padding each side, as OptionList's rows have
        line.append_text(text)
        line.no_wrap, line.overflow = True, "ellipsis"
        line.truncate(max(1, width - 1), overflow="ellipsis")
        segments = list(Segment.apply_style(line.render(self.app.console), base))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    # -- keys and mouse ------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if not self._rows:
            return
        current = self.highlighted if self.highlighted is not None else (-1 if step > 0 else len(self._rows))
        self.highlighted = min(max(current + step, 0), len(self._rows) - 1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        if self._rows:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._rows:
            self.highlighted = len(self._rows) - 1

    def action_choose(self) -> None:
        if self.highlighted is not None and self.highlighted < len(self._rows):
            self.post_message(self.Chosen(self, self.highlighted))

    def _on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._rows):
            self.highlighted = index
            self.post_message(self.Chosen(self, index))
