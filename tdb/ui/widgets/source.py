"""The source pane: a file with line numbers, breakpoint marks and the execution line.

A Line-API widget: only the rows on screen are rendered, each one cached, so
files of any length open and scroll instantly.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator
from time import monotonic
from typing import ClassVar, NamedTuple

from pygments.lexer import Lexer
from pygments.lexers.special import TextLexer
from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..python_lexer import QuickPythonLexer
from ..syntax_theme import syntax_style
from .kept_styles import KeptStyles
from .repaint import refresh_rows


class SearchMatch(NamedTuple):
    """Where a search matched: 1-based line, character columns start:end of the shown text."""

    line: int
    start: int
    end: int
    wrapped: bool = False  # found only by going round the end (or the start) of the file


# Per line: (token type, length, token type, length, ...). Flat tuples keep the
# tokens of a 50,000-line file near 12 MB, against 50 MB as (type, text) pairs.
TokenLine = tuple[_TokenType | int, ...]


class SourceView(KeptStyles, ScrollView, can_focus=True):
    """Shows one file: gutter (breakpoint mark, line number, execution marker) then the code."""

    DEFAULT_CSS = """
    SourceView {
        background: $surface;
        color: $foreground;
        & > .source--gutter { color: $foreground 45%; }
        & > .source--cursor-line { background: $foreground 7%; }
        & > .source--current-line { background: $warning 22%; }
        & > .source--current-marker { color: $text-warning; text-style: bold; }
        & > .source--breakpoint { color: $text-error; }
        & > .source--breakpoint-disabled { color: $foreground 40%; }
        & > .source--breakpoint-conditional { color: $text-warning; }
        & > .source--logpoint { color: $text-primary; }
        & > .source--search-match { background: $accent 60%; color: $text; }
        & > .source--expression { text-style: underline; }
        & > .source--breakpoint-temporary { color: $text-error; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source--gutter",
        "source--cursor-line",
        "source--current-line",
        "source--current-marker",
        "source--breakpoint",
        "source--breakpoint-disabled",
        "source--breakpoint-conditional",
        "source--logpoint",
        "source--search-match",
        "source--expression",
        "source--breakpoint-temporary",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False, id="source.cursor-up"),
        Binding("down", "cursor_down", "Cursor down", show=False, id="source.cursor-down"),
        Binding("pageup", "cursor_page_up", "Page up", show=False, id="source.page-up"),
        Binding("pagedown", "cursor_page_down", "Page down", show=False, id="source.page-down"),
        Binding("home,ctrl+home", "cursor_first", "First line", show=False, id="source.first-line"),
        Binding("end,ctrl+end", "cursor_last", "Last line", show=False, id="source.last-line"),
        # Search (`/`) is the screen's key, and so are `.` and `,`: here they are the same, shown in
        # the footer while this pane has focus and a search is on (check_action).
        Binding("full_stop", "search_next", "Next match", key_display=".",
                tooltip="The next match of the search", id="source.next-match"),
        Binding("comma", "search_previous", "Prev match", key_display=",",
                tooltip="The previous match of the search", id="source.previous-match"),
    ]

    MARKS: ClassVar[dict[str, tuple[str, str]]] = {
        "enabled": ("●", "source--breakpoint"),
        "disabled": ("○", "source--breakpoint-disabled"),
        "conditional": ("◆", "source--breakpoint-conditional"),
        "logpoint": ("◈", "source--logpoint"),
        "temporary": ("◉", "source--breakpoint-temporary"),  # tbreak: gone at its first stop
    }
    """Breakpoint kind -> (gutter glyph, component class colouring it)."""

    CURRENT_MARKER: ClassVar[str] = "▶"
    SYNTAX_STYLE: ClassVar[str] = "monokai"
    """Pygments style for the code; only its foregrounds are used, the background comes from CSS."""
    TAB_SIZE: ClassVar[int] = 4

    # Lines this far past what has been lexed are lexed right away when shown
    # (about 30 ms); further away they get a provisional one-line highlight
    # until the background lexing reaches them.
    _SYNC_LEX_LINES = 500
    _LEX_SLICE_SECONDS = 0.002
    # Tabs are expanded and line ends normalised before this is applied.
    _CONTROL_CHARS = re.compile("[\x00-\x09\x0b-\x1f\x7f]")

    class _LineMessage(Message):
        """A message about one line of the view (`control` lets `@on(..., "#id")` select it)."""

        def __init__(self, source_view: SourceView, line: int) -> None:
            super().__init__()
            self.source_view = source_view
            self.line = line

        @property
        def control(self) -> SourceView:
            return self.source_view

    class GutterClicked(_LineMessage):
        """The gutter of `line` was clicked: the app toggles a breakpoint there."""

    class CursorMoved(_LineMessage):
        """The cursor moved to `line`."""

    # It repaints only its rows, not the pane: a step changes two or three.
    cursor_line: reactive[int] = reactive(1, repaint=False)
    """1-based line the user is on (where "toggle breakpoint here" applies)."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._path: str | None = None
        self._current_line: int | None = None
        self._lines: list[str] = []
        self._lexer: Lexer = TextLexer(stripnl=False)
        self._token_lines: list[TokenLine] = []
        self._token_stream: Iterator[TokenLine] | None = None
        self._marks: dict[int, str] = {}
        self._pending_center: bool | None = None
        self._syntax_name = self.SYNTAX_STYLE
        self._pygments_style = get_style_by_name(self.SYNTAX_STYLE)
        self._token_styles: dict[_TokenType, Style] = {}
        self._strip_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._match: SearchMatch | None = None
        self.search_query = ""  # the last text searched for: `.` and `,` search it again
        self._expression: tuple[int, int, int, int] | None = None
        self._tabbed: dict[int, str] = {}  # lines with tabs as read: frame columns count their characters
        self._longest = 0  # the widest line, in cells
        self._line_numbers = True

    @property
    def path(self) -> str | None:
        """The file shown, or None before the first `load`."""
        return self._path

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def gutter_width(self) -> int:
        """Cells before the code: mark, space, line number, space, marker, space (no number: mark, space,
        marker, space)."""
        return max(3, len(str(self.line_count))) + 5 if self._line_numbers else 4

    @property
    def line_numbers(self) -> bool:
        """Whether the gutter numbers the lines (config.toml: display.line_numbers)."""
        return self._line_numbers

    @line_numbers.setter
    def line_numbers(self, shown: bool) -> None:
        if shown != self._line_numbers:
            self._line_numbers = shown
            self._strip_cache.clear()
            self.virtual_size = Size(self.gutter_width + self._longest, self.line_count)
            self.refresh()

    def load(self, path: str, text: str) -> None:
        """Show `text` as the contents of `path`.

        The execution line and breakpoint marks belong to the previous file, so
        they are cleared: set them after loading. The cursor goes to line 1.
        """
        self._path = path
        # Number lines as Python does (\n, \r\n, \r) and keep the terminal safe.
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self._tabbed = {number: line for number, line in enumerate(text.split("\n"), 1) if "\t" in line} \
            if "\t" in text else {}
        self._match = None
        self._expression = None
        text = self._CONTROL_CHARS.sub("\ufffd", text.expandtabs(self.TAB_SIZE))
        self._lines = text.split("\n")
        if self._lines[-1] == "":
            self._lines.pop()
        self._lexer = self.lexer_for(path)
        self._token_lines = []
        self._token_stream = self._split_lines(self._lexer.get_tokens(text))
        self._marks = {}
        self._pending_center = None
        self._strip_cache.clear()
        # len() is exact for ASCII and, over 50,000 lines, 15 ms faster than cell_len().
        self._longest = max(map(len if text.isascii() else cell_len, self._lines), default=0)
        self.virtual_size = Size(self.gutter_width + self._longest, self.line_count)
        self._expect_scrollbars()
        self.scroll_to(0, 0, animate=False, force=True)
        self.current_line = None
        self.cursor_line = 1
        self.refresh()
        if self.is_mounted:
            self._lex_in_background()

    def _expect_scrollbars(self) -> None:
        """Before the first layout, the scrollbars a file surely needs (longer, wider than the whole
        screen): Textual finds them out only once the pane is laid out, and then lays the screen out and
        paints it again."""
        if self.container_size:
            return  # (laid out: Textual's own check knows the pane's size)
        width, height = self.app.size
        if self.styles.overflow_y == "auto" and self.virtual_size.height > height:
            self.show_vertical_scrollbar = True
        if self.styles.overflow_x == "auto" and self.virtual_size.width > width:
            self.show_horizontal_scrollbar = True

    def set_breakpoints(self, marks: dict[int, str]) -> None:
        """Replace the breakpoint marks: 1-based line -> "enabled", "disabled", "conditional", "logpoint" or "temporary"."""
        unknown = set(marks.values()) - self.MARKS.keys()
        if unknown:
            raise ValueError(f"unknown breakpoint kind(s): {', '.join(sorted(unknown))}")
        changed = {line for line in marks.keys() | self._marks.keys() if marks.get(line) != self._marks.get(line)}
        self._marks = dict(marks)
        self._refresh_rows(changed)

    def show_line(self, line: int, *, center: bool = True) -> None:
        """Scroll `line` into view (centred if it was off screen, unless not `center`) and put the cursor on it."""
        line = self.validate_cursor_line(line)
        self._reveal(line, center)
        self.cursor_line = line

    def validate_cursor_line(self, line: int) -> int:
        return max(1, min(line, self.line_count))

    def watch_cursor_line(self, old: int, line: int) -> None:
        self._refresh_rows((old, line))
        self._reveal(line, center=False)
        self.post_message(self.CursorMoved(self, line))

    @property
    def current_line(self) -> int | None:
        """1-based line being executed, or None. Every assignment reveals it, even an unchanged one."""
        return self._current_line

    @current_line.setter
    def current_line(self, line: int | None) -> None:
        # (Not a reactive, which nothing watches: Textual's reactive machinery is 0.1 ms of each step.)
        old, self._current_line = self._current_line, line
        self._refresh_rows((old, line, *self._expression_rows()))
        if line is not None:
            self.show_line(line)

    def _refresh_rows(self, lines: Iterable[int | None]) -> None:
        """Repaint these 1-based lines (those on screen), not the whole pane (a scroll repaints it all)."""
        refresh_rows(self, (line - 1 for line in lines if line is not None))

    def on_mount(self) -> None:
        if self._token_stream is not None:
            self._lex_in_background()

    def on_resize(self) -> None:
        if self._pending_center is not None:
            center, self._pending_center = self._pending_center, None
            self._reveal(self.cursor_line, center)
            # One more layout pass once that is painted. Without it, about one first screen in
            # four of a stop far down a file kept showing the file's top (a race in Textual's
            # repaint of a scroll made during the first layout, which we could not pin down;
            # Textual's Footer hid it by composing itself again after the first paint). A stop
            # near the top scrolls nothing, and is spared the pass (two full paints, 20 ms).
            if self.cursor_line > self.scrollable_content_region.height // 2:  # (else no scroll: the top)
                self.call_after_refresh(self.screen.refresh, layout=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = self.scroll_offset.y + offset.y + 1
        if line > self.line_count:
            return
        if offset.x < self.gutter_width:
            self.post_message(self.GutterClicked(self, line))
        else:
            self.cursor_line = line

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip_cache.clear()
        # The code's colours follow the theme: dark-theme colours vanish on a light background.
        name = syntax_style(self.app.current_theme)
        if name != self._syntax_name:
            self._syntax_name, self._pygments_style = name, get_style_by_name(name)
            self._token_styles.clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search_next", "search_previous") and not self.search_query:
            return False  # no search yet: the screen's own `.` and `,` say so
        return True

    # The screen's `.` and `,` do the search; these bindings only show them here while searching.
    def action_search_next(self) -> None:
        raise SkipAction()

    def action_search_previous(self) -> None:
        raise SkipAction()

    def action_cursor_up(self) -> None:
        self.cursor_line -= 1

    def action_cursor_down(self) -> None:
        self.cursor_line += 1

    def action_cursor_page_up(self) -> None:
        page = self._page_height()
        self.scroll_to(y=self.scroll_offset.y - page, animate=False, force=True)
        self.cursor_line -= page

    def action_cursor_page_down(self) -> None:
        page = self._page_height()
        self.scroll_to(y=self.scroll_offset.y + page, animate=False, force=True)
        self.cursor_line += page

    def action_cursor_first(self) -> None:
        self.cursor_line = 1

    def action_cursor_last(self) -> None:
        self.cursor_line = self.line_count

    # -- search (/ . ,) ----------------------------------------------------------------

    def find(self, query: str, *, forward: bool = True, from_cursor: bool = False) -> SearchMatch | None:
        """The next match of `query` (previous if not `forward`), wrapping around the file.

        From the current match, or from the start of the cursor line when there is
        none there (or `from_cursor`). Case matters only if the query has capitals.
        """
        self.search_query = query
        if not query or not self._lines:
            return None
        pattern = re.compile(re.escape(query), 0 if query != query.lower() else re.IGNORECASE)
        match = self._match
        if match is not None and match.line == self.cursor_line and not from_cursor:
            start_index, column = match.line - 1, match.start + 1 if forward else match.start
        else:
            start_index, column = self.cursor_line - 1, 0 if forward else len(self._lines[self.cursor_line - 1]) + 1
        count = len(self._lines)
        if forward:
            # This line from the column on, the lines below, round to the top, then this line's start.
            order = [(start_index + step) % count for step in range(count)] + [start_index]
        else:
            order = [(start_index - step) % count for step in range(count)] + [start_index]
        for step, index in enumerate(order):
            starts = [found.span() for found in pattern.finditer(self._lines[index])]
            if step == 0:
                starts = [span for span in starts if (span[0] >= column if forward else span[0] < column)]
            elif step == count:
                starts = [span for span in starts if (span[0] < column if forward else span[0] >= column)]
            if starts:
                begin, stop = starts[0] if forward else starts[-1]
                wrapped = step == count or (index < start_index if forward else index > start_index)
                return SearchMatch(index + 1, begin, stop, wrapped)
        return None

    def show_match(self, match: SearchMatch | None) -> None:
        """Highlight a match (None: none) and bring it into view, the cursor on its line."""
        self._match = match
        self.refresh()
        if match is None:
            return
        self.show_line(match.line)
        text = self._lines[match.line - 1]
        left, right = cell_len(text[: match.start]), cell_len(text[: match.end])
        code_width = max(1, self.scrollable_content_region.width - self.gutter_width)
        if right > self.scroll_offset.x + code_width:
            self.scroll_to(x=max(0, right - code_width), animate=False, force=True)
        elif left < self.scroll_offset.x:
            self.scroll_to(x=left, animate=False, force=True)

    @property
    def match(self) -> SearchMatch | None:
        """The search match highlighted, if any."""
        return self._match

    # -- the expression being run (PEP 657) ---------------------------------------------

    def show_expression(self, span: tuple[int, int, int, int] | None) -> None:
        """Underline what the frame runs: (line, column, end line, end column), 1-based, the end exclusive,
        in characters of the file as read (tabs not yet expanded); None underlines nothing."""
        old_rows = self._expression_rows()
        self._expression = span
        self._refresh_rows((*old_rows, *self._expression_rows()))

    def _expression_rows(self) -> range:
        span = self._expression
        return range(span[0], span[2] + 1) if span else range(0)

    def _overlays(self, line: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """(match columns, expression columns) on `line`, as character ranges of the shown text."""
        match = self._match
        found = (match.start, match.end) if match is not None and match.line == line else None
        span = self._expression
        if span is None or self.current_line is None or not span[0] <= line <= span[2]:
            return found, None
        text = self._lines[line - 1]
        start = self._shown_column(line, span[1] - 1) if line == span[0] else len(text) - len(text.lstrip())
        end = self._shown_column(line, span[3] - 1) if line == span[2] else len(text.rstrip())
        if span[0] == span[2] and (start, end) == (len(text) - len(text.lstrip()), len(text.rstrip())):
            return found, None  # the whole statement: no sub-expression to point at
        return found, ((start, end) if end > start else None)

    def _shown_column(self, line: int, column: int) -> int:
        """A column of the file's line as it is shown (its tabs expanded)."""
        raw = self._tabbed.get(line)
        return column if raw is None else len(raw[:column].expandtabs(self.TAB_SIZE))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if index >= self.line_count:
            return Strip.blank(width, self.rich_style)
        if index - len(self._token_lines) < self._SYNC_LEX_LINES:
            self._lex_through(index)
        line = index + 1
        key = (
            index,
            scroll_x,
            width,
            self._marks.get(line),
            line == self.current_line,
            line == self.cursor_line,
            index < len(self._token_lines),  # exact, or provisional highlighting
            *self._overlays(line),
        )
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._strip_cache[key] = self._render_row(*key)
        return strip

    def _render_row(
        self,
        index: int,
        scroll_x: int,
        width: int,
        mark: str | None,
        is_current: bool,
        is_cursor: bool,
        exact: bool,
        match: tuple[int, int] | None = None,
        expression: tuple[int, int] | None = None,
    ) -> Strip:
        row_class = "source--current-line" if is_current else "source--cursor-line" if is_cursor else None
        row_background = Style(bgcolor=self.get_component_rich_style(row_class).bgcolor) if row_class else Style()
        gutter = self.get_component_rich_style("source--gutter") + row_background
        if mark:
            glyph, glyph_class = self.MARKS[mark]
            glyph_style = gutter + self._foreground(glyph_class)
        else:
            glyph, glyph_style = " ", gutter
        marker = self.CURRENT_MARKER if is_current else " "
        number = f" {index + 1:>{self.gutter_width - 5}} " if self._line_numbers else " "
        gutter_strip = Strip(
            [
                Segment(glyph, glyph_style),
                Segment(number, gutter),
                Segment(marker, gutter + self._foreground("source--current-marker")),
                Segment(" ", gutter),
            ]
        )

        text = self._lines[index]
        tokens = self._token_lines[index] if exact else next(self._split_lines(self._lexer.get_tokens(text)))
        base = self.rich_style + row_background
        segments = []
        position = 0
        pairs = iter(tokens)
        for token_type, length in zip(pairs, pairs):
            segments.append(Segment(text[position : position + length], base + self._token_style(token_type)))
            position += length
        if expression is not None:
            segments = self._restyle(segments, text, *expression, self._foreground("source--expression"))
        if match is not None:
            segments = self._restyle(segments, text, *match, self.get_component_rich_style("source--search-match"))
        # The gutter stays put; only the code scrolls sideways.
        code_width = max(0, width - self.gutter_width)
        code_strip = Strip(segments).crop_extend(scroll_x, scroll_x + code_width, base)
        return Strip.join([gutter_strip, code_strip]).crop(0, width)

    @staticmethod
    def _restyle(segments: list[Segment], text: str, start: int, end: int, style: Style) -> list[Segment]:
        """Add `style` to the characters start:end of a row's code segments."""
        left, right = cell_len(text[:start]), cell_len(text[:end])
        before, inside, after = Segment.divide(segments, [left, right, cell_len(text)])
        return [*before, *(Segment(part, (part_style or Style()) + style) for part, part_style, _ in inside), *after]

    def _foreground(self, component_class: str) -> Style:
        """The colour and text style of a component, leaving the row's background alone."""
        style = self.get_component_rich_style(component_class)
        return Style.from_color(style.color) + style.without_color

    def _token_style(self, token_type: _TokenType) -> Style:
        style = self._token_styles.get(token_type)
        if style is None:
            styled_type = token_type
            while not self._pygments_style.styles_token(styled_type):  # lexer-specific types look like their parent
                styled_type = styled_type.parent
            spec = self._pygments_style.style_for_token(styled_type)
            style = self._token_styles[token_type] = Style(
                color=f"#{spec['color']}" if spec["color"] else None,
                bold=spec["bold"] or None,
                italic=spec["italic"] or None,
                underline=spec["underline"] or None,
            )
        return style

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _reveal(self, line: int, center: bool) -> None:
        """Scroll so `line` is on screen: centred, or just at the nearest edge."""
        height = self.scrollable_content_region.height
        if not height:
            # Not laid out yet: on_resize reveals the cursor line, which is
            # where show_line() puts it, centring if any request asked to.
            self._pending_center = bool(self._pending_center) or center
            return
        top = self.scroll_offset.y
        row = line - 1
        if top <= row < top + height:
            return
        if center:
            top = row - height // 2
        else:
            top = row if row < top else row - height + 1
        # Forced: Textual only lets a widget scroll once a layout has shown
        # its scrollbar, which lags behind a freshly loaded file.
        self.scroll_to(y=top, animate=False, force=True)

    def _lex_through(self, index: int) -> None:
        """Extend the exactly lexed lines to include line `index` (0-based)."""
        while self._token_stream is not None and len(self._token_lines) <= index:
            try:
                self._token_lines.append(next(self._token_stream))
            except StopIteration:
                self._token_stream = None

    @work(exclusive=True, group="source-lex")
    async def _lex_in_background(self) -> None:
        """Lex the rest of the file in short slices between UI events (a 50,000-line file takes seconds)."""
        while self._token_stream is not None:
            first_new = len(self._token_lines)
            deadline = monotonic() + self._LEX_SLICE_SECONDS
            while self._token_stream is not None and monotonic() < deadline:
                self._lex_through(len(self._token_lines))
            top = self.scroll_offset.y
            if first_new < top + self.size.height and len(self._token_lines) > top:
                self.refresh()  # visible lines drawn with provisional highlighting
            await asyncio.sleep(0)

    @staticmethod
    def _split_lines(tokens: Iterable[tuple[_TokenType, str]]) -> Iterator[TokenLine]:
        """Regroup a pygments token stream into one TokenLine per line of text."""
        line: list[_TokenType | int] = []
        for token_type, value in tokens:
            *ended, rest = value.split("\n")
            for part in ended:
                if part:
                    line += (token_type, len(part))
                yield tuple(line)
                line = []
            if rest:
                line += (token_type, len(rest))

    @staticmethod
    def lexer_for(path: str) -> Lexer:
        # stripnl=False: pygments would otherwise drop leading blank lines and
        # shift every line number.
        if path.endswith((".py", ".pyw", ".pyi")) or path.startswith("<"):
            # Pseudo-files like "<string>" hold Python too; skipping the
            # filename lookup also saves its ~70 ms first-use cost.
            return QuickPythonLexer(stripnl=False)
        from pygments.lexers import get_lexer_for_filename
        from pygments.util import ClassNotFound

        try:
            return get_lexer_for_filename(path, stripnl=False)
        except ClassNotFound:
            return TextLexer(stripnl=False)
