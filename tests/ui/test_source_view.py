"""The source pane: gutter, marks, cursor, scrolling, big files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from rich.color import Color
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot

from tdb.ui.widgets.source import SourceView

SAMPLE = '''\
import os


def greet(name):
    """Say hello."""
    message = f"hello {name}"
    print(message)
    return message


greet("world")
'''


class SourceApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.gutter_clicks: list[int] = []
        self.cursor_moves: list[int] = []

    def compose(self) -> ComposeResult:
        yield SourceView()

    def on_source_view_gutter_clicked(self, message: SourceView.GutterClicked) -> None:
        self.gutter_clicks.append(message.line)

    def on_source_view_cursor_moved(self, message: SourceView.CursorMoved) -> None:
        self.cursor_moves.append(message.line)


@asynccontextmanager
async def source_view(text: str, path: str = "sample.py") -> AsyncIterator[tuple[Pilot, SourceView]]:
    app = SourceApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(SourceView)
        view.load(path, text)
        view.focus()
        await pilot.pause()
        yield pilot, view


def numbered(count: int) -> str:
    return "".join(f"value_{n} = {n}\n" for n in range(1, count + 1))


def row(view: SourceView, y: int) -> str:
    return view.render_line(y).text


def code(view: SourceView, y: int) -> str:
    return row(view, y)[view.gutter_width :].rstrip()


def row_of_line(view: SourceView, line: int) -> int:
    """The screen row showing `line`, found by reading the rendered line numbers."""
    for y in range(view.scrollable_content_region.height):
        if row(view, y)[2 : view.gutter_width - 3].strip() == str(line):
            return y
    raise AssertionError(f"line {line} is not on screen")


def background(view: SourceView, y: int) -> Color | None:
    """The background at the right edge of a row (past the code)."""
    return list(view.render_line(y))[-1].style.bgcolor


def on_screen(view: SourceView, y: int) -> list[Segment]:
    """Row `y` as the screen has it: cached until the widget asks for a repaint."""
    return list(view.render_lines(Region(0, y, view.size.width, 1))[0])


def segment_with(view: SourceView, y: int, text: str) -> Segment:
    return next(segment for segment in view.render_line(y) if text in segment.text)


async def test_rows_show_line_numbers_then_code() -> None:
    async with source_view(SAMPLE) as (_, view):
        assert view.path == "sample.py"
        assert view.line_count == 11
        width = view.gutter_width
        assert row(view, 0)[:width] == "    1   "
        assert code(view, 0) == "import os"
        assert row(view, 3)[:width] == "    4   "
        assert code(view, 3) == "def greet(name):"
        assert code(view, 4) == '    """Say hello."""'
        assert row(view, 10).startswith("   11   ")
        assert row(view, 11).strip() == ""  # past the end of the file
        assert len(row(view, 0)) == view.size.width


async def test_code_is_syntax_highlighted() -> None:
    async with source_view(SAMPLE) as (_, view):
        keyword = segment_with(view, 3, "def").style
        name = segment_with(view, 3, "greet").style
        string = segment_with(view, 4, '"""Say hello."""').style
        assert keyword.color != name.color
        assert string.color not in (keyword.color, name.color)


async def test_leading_blank_lines_keep_their_numbers() -> None:
    async with source_view("\n\n'''doc\nfor x in y\n'''\n") as (_, view):
        assert view.line_count == 5
        assert code(view, 0) == code(view, 1) == ""
        assert row(view, 2).startswith("    3   '''doc")
        assert segment_with(view, 3, "for").text == "for x in y"  # inside the string


async def test_current_line_has_marker_and_background() -> None:
    async with source_view(SAMPLE) as (pilot, view):
        view.current_line = 6
        await pilot.pause()
        marker_column = view.gutter_width - 2
        markers = [row(view, y)[marker_column] for y in range(view.line_count)]
        assert markers == [" "] * 5 + ["▶"] + [" "] * 5
        current = view.get_component_rich_style("source--current-line").bgcolor
        assert all(segment.style.bgcolor == current for segment in view.render_line(5))
        assert background(view, 4) != current
        assert view.cursor_line == 6

        view.current_line = None
        await pilot.pause()
        assert "▶" not in "".join(row(view, y) for y in range(view.line_count))


async def test_cursor_line_background_is_distinct() -> None:
    async with source_view(SAMPLE) as (pilot, view):
        view.cursor_line = 2
        await pilot.pause()
        cursor = view.get_component_rich_style("source--cursor-line").bgcolor
        assert background(view, 1) == cursor
        assert background(view, 0) != cursor
        view.current_line = 2  # the execution line wins
        await pilot.pause()
        current = view.get_component_rich_style("source--current-line").bgcolor
        assert background(view, 1) == current != cursor


async def test_breakpoint_marks_by_kind() -> None:
    async with source_view(SAMPLE) as (pilot, view):
        view.set_breakpoints({2: "enabled", 3: "disabled", 4: "conditional", 5: "logpoint"})
        await pilot.pause()
        glyphs = [row(view, y)[0] for y in range(6)]
        assert glyphs == [" ", "●", "○", "◆", "◈", " "]
        colours = {segment_with(view, y, glyphs[y]).style.color for y in range(1, 5)}
        assert len(colours) == 4
        assert segment_with(view, 1, "●").style.color == view.get_component_rich_style("source--breakpoint").color


async def test_set_breakpoints_repaints_cached_rows() -> None:
    async with source_view(SAMPLE) as (pilot, view):
        assert on_screen(view, 6)[0].text == " "  # rendered, so now cached
        view.set_breakpoints({7: "enabled"})
        assert on_screen(view, 6)[0].text == "●"
        view.set_breakpoints({7: "disabled"})
        assert on_screen(view, 6)[0].text == "○"
        view.set_breakpoints({})
        assert on_screen(view, 6)[0].text == " "


async def test_unknown_breakpoint_kind_is_rejected() -> None:
    async with source_view(SAMPLE) as (_, view):
        with pytest.raises(ValueError, match="sometimes"):
            view.set_breakpoints({1: "sometimes"})


async def test_keys_move_the_cursor() -> None:
    async with source_view(SAMPLE) as (pilot, view):
        app = view.app
        assert isinstance(app, SourceApp)
        await pilot.press("down", "down")
        assert view.cursor_line == 3
        await pilot.press("up")
        assert view.cursor_line == 2
        await pilot.press("end")
        assert view.cursor_line == 11
        await pilot.press("down")  # clamped to the file
        assert view.cursor_line == 11
        await pilot.press("home")
        assert view.cursor_line == 1
        await pilot.press("up")
        assert view.cursor_line == 1
        await pilot.press("ctrl+end")
        assert view.cursor_line == 11
        await pilot.press("ctrl+home")
        assert view.cursor_line == 1
        assert app.cursor_moves[-6:] == [3, 2, 11, 1, 11, 1]


async def test_moving_the_cursor_scrolls_to_keep_it_visible() -> None:
    async with source_view(numbered(200)) as (pilot, view):
        height = view.scrollable_content_region.height
        for _ in range(height):
            await pilot.press("down")
        assert view.cursor_line == height + 1
        assert view.scroll_offset.y == 1  # scrolled just enough
        assert row_of_line(view, height + 1) == height - 1
        await pilot.press("end")
        assert row_of_line(view, 200) == height - 1
        await pilot.press("home")
        assert view.scroll_offset.y == 0


async def test_page_down_and_up_scroll_by_a_page() -> None:
    async with source_view(numbered(200)) as (pilot, view):
        height = view.scrollable_content_region.height
        await pilot.press("pagedown")
        assert view.scroll_offset.y == height
        assert view.cursor_line == height + 1
        assert code(view, 0) == f"value_{height + 1} = {height + 1}"
        await pilot.press("pagedown")
        assert view.scroll_offset.y == 2 * height
        await pilot.press("pageup")
        assert view.scroll_offset.y == height
        assert view.cursor_line == height + 1
        for _ in range(10):
            await pilot.press("pagedown")
        assert view.cursor_line == 200
        assert code(view, height - 1) == "value_200 = 200"


async def test_clicking_the_gutter_posts_gutter_clicked() -> None:
    async with source_view(numbered(200)) as (pilot, view):
        app = view.app
        assert isinstance(app, SourceApp)
        assert await pilot.click(SourceView, offset=(0, 4))
        assert await pilot.click(SourceView, offset=(view.gutter_width - 1, 9))
        assert app.gutter_clicks == [5, 10]
        assert view.cursor_line == 1  # gutter clicks leave the cursor alone

        view.scroll_to(y=100, animate=False)
        await pilot.pause()
        assert await pilot.click(SourceView, offset=(3, 2))
        assert app.gutter_clicks == [5, 10, 103]


async def test_clicking_code_moves_the_cursor() -> None:
    async with source_view(numbered(200)) as (pilot, view):
        app = view.app
        assert isinstance(app, SourceApp)
        assert await pilot.click(SourceView, offset=(view.gutter_width + 2, 7))
        assert view.cursor_line == 8
        assert app.gutter_clicks == []


async def test_clicking_below_the_last_line_does_nothing() -> None:
    async with source_view(SAMPLE) as (pilot, view):
        app = view.app
        assert isinstance(app, SourceApp)
        assert await pilot.click(SourceView, offset=(0, 20))
        assert await pilot.click(SourceView, offset=(view.gutter_width + 2, 20))
        assert app.gutter_clicks == []
        assert view.cursor_line == 1


async def test_current_line_is_centred_when_off_screen() -> None:
    async with source_view(numbered(1000)) as (pilot, view):
        height = view.scrollable_content_region.height
        view.current_line = 500
        await pilot.pause()
        assert row_of_line(view, 500) == height // 2
        assert row(view, height // 2)[view.gutter_width - 2] == "▶"
        assert view.cursor_line == 500

        top = view.scroll_offset.y
        view.current_line = 505  # already on screen: no jump
        await pilot.pause()
        assert view.scroll_offset.y == top

        view.scroll_to(y=0, animate=False)
        view.current_line = 505  # same line again, scrolled away: revealed again
        await pilot.pause()
        assert row_of_line(view, 505) == height // 2


async def test_show_line_without_centering_scrolls_minimally() -> None:
    async with source_view(numbered(1000)) as (pilot, view):
        height = view.scrollable_content_region.height
        view.show_line(100, center=False)
        await pilot.pause()
        assert row_of_line(view, 100) == height - 1
        assert view.cursor_line == 100
        view.show_line(5000)  # clamped to the file
        await pilot.pause()
        assert view.cursor_line == 1000
        assert row_of_line(view, 1000) == height - 1


async def test_big_file_opens_and_jumps_to_the_end() -> None:
    lines = [f"def function_{n}(argument):\n    return argument * {n}  # line {2 * n + 2}\n" for n in range(25_000)]
    async with source_view("".join(lines), "big.py") as (pilot, view):
        assert view.line_count == 50_000
        assert code(view, 0) == "def function_0(argument):"
        view.show_line(49_990)
        await pilot.pause()
        y = row_of_line(view, 49_990)
        assert code(view, y) == "    return argument * 24994  # line 49990"
        assert view.cursor_line == 49_990
        keyword = segment_with(view, y, "return").style
        assert keyword.color != segment_with(view, y, "argument").style.color


async def test_far_lines_get_exact_highlighting_once_lexed() -> None:
    # Line 2,500 is inside a docstring that opens on line 2,000: far past what
    # is lexed on demand, so it is first highlighted on its own (as code).
    text = "x = 1\n" * 1999 + '"""\n' + "for word in text\n" * 999 + '"""\n'
    async with source_view(SAMPLE) as (pilot, view):
        view.load("docs.py", text)
        view.show_line(2_500)  # no await yet, so no background lexing either
        y = row_of_line(view, 2_500)
        assert "for" in [segment.text for segment in on_screen(view, y)]  # a keyword, for now
        for _ in range(100):  # the background lexing reaches it and repaints
            if any(segment.text == "for word in text" for segment in on_screen(view, y)):
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError("the provisional highlighting was never repainted")
        exact = segment_with(view, y, "for word in text")  # one string token now
        view.show_line(2_000)
        await pilot.pause()
        string_colour = segment_with(view, row_of_line(view, 2_000), '"""').style.color
        assert exact.style.color == string_colour


async def test_long_lines_scroll_sideways_under_a_fixed_gutter() -> None:
    long_line = "x = [" + ", ".join(str(n) for n in range(200)) + "]"
    async with source_view(f"{long_line}\nshort = 1\n") as (pilot, view):
        assert view.virtual_size.width == view.gutter_width + len(long_line)
        visible = view.scrollable_content_region.width - view.gutter_width
        assert row(view, 0)[view.gutter_width : view.gutter_width + visible] == long_line[:visible]
        view.scroll_to(x=view.max_scroll_x, animate=False)
        await pilot.pause()
        assert row(view, 0).startswith("    1   ")
        shown = row(view, 0)[view.gutter_width : view.gutter_width + visible]
        assert long_line.endswith(shown)
        assert shown.endswith("198, 199]")


async def test_tabs_are_expanded_and_control_characters_replaced() -> None:
    async with source_view("if x:\n\treturn 1\t# done\nbell = '\x07'\n") as (_, view):
        assert code(view, 1) == "    return 1    # done"
        assert code(view, 2) == "bell = '\ufffd'"


async def test_crlf_line_endings() -> None:
    async with source_view("a = 1\r\nb = 2\r\n") as (_, view):
        assert view.line_count == 2
        assert code(view, 1) == "b = 2"


async def test_empty_file() -> None:
    async with source_view("") as (pilot, view):
        assert view.line_count == 0
        assert all(row(view, y).strip() == "" for y in range(5))
        await pilot.press("down", "pagedown", "end", "home")
        assert view.cursor_line == 1
        view.current_line = 3
        view.show_line(10)
        await pilot.pause()
        assert await pilot.click(SourceView, offset=(0, 0))
        assert row(view, 0).strip() == ""


async def test_unavailable_source_placeholder() -> None:
    async with source_view("<source not available: <frozen os>>", "<frozen os>") as (_, view):
        assert view.line_count == 1
        assert code(view, 0) == "<source not available: <frozen os>>"


async def test_other_file_types_render_plain_or_guessed() -> None:
    async with source_view("just some words\n", "notes.unknown-extension") as (_, view):
        assert code(view, 0) == "just some words"
        words = [segment for segment in view.render_line(0).crop(view.gutter_width) if segment.text.strip()]
        assert len({segment.style for segment in words}) == 1
        view.load("page.html", "<p>hi</p>\n")
        assert code(view, 0) == "<p>hi</p>"
        assert segment_with(view, 0, "p").style.color != segment_with(view, 0, "hi").style.color


async def test_load_resets_cursor_marks_and_execution_line() -> None:
    async with source_view(numbered(300)) as (pilot, view):
        view.set_breakpoints({1: "enabled"})
        view.current_line = 250
        await pilot.pause()
        view.load("other.py", numbered(10))
        await pilot.pause()
        assert view.path == "other.py"
        assert (view.cursor_line, view.current_line, view.scroll_offset.y) == (1, None, 0)
        assert row(view, 0)[0] == " "
        assert code(view, 9) == "value_10 = 10"


async def test_load_and_current_line_before_layout() -> None:
    class EarlyApp(App[None]):
        def compose(self) -> ComposeResult:
            view = SourceView()
            view.load("early.py", numbered(1000))
            view.current_line = 700
            yield view

    app = EarlyApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(SourceView)
        assert row_of_line(view, 700) == view.scrollable_content_region.height // 2
        assert row(view, row_of_line(view, 700))[view.gutter_width - 2] == "▶"
