"""The source pane's keys and pdb's movement commands, through the real interface and a real engine.

/ . , search; L go to line; m open a module or file, H back; t run to the cursor; J and j jump;
unt, ll, source; Ctrl-E the editor; the PEP 657 underline of what a frame runs.
"""

from __future__ import annotations

import contextlib
import sys

import pytest

from textual.app import App, ComposeResult

from tdb.ui.screens.goto_line import GoToLineScreen
from tdb.ui.screens.open_source import OpenSourceScreen
from tdb.ui.screens.search import SearchBar
from tdb.ui.widgets.key_bar import KeyBar
from tdb.ui.widgets.source import SourceView
from harness import scenarios

SIZE = (120, 40)
PROGRAM = """\
import colorsys, json


def total(values):
    result = 0
    for value in values:
        result += value
    result = result * 10
    return result


def main():
    values = [1, 2, 3]
    first = total(values)
    second = colorsys.rgb_to_hsv(*values)[2] + len(json.dumps(values))
    # report
    print("done", first, second)


main()
"""
RESULT_ZERO, FOR, ADD, TIMES_TEN, RETURN = 5, 6, 7, 8, 9
VALUES, CALL_TOTAL, SECOND, COMMENT, PRINT = 13, 14, 15, 16, 17


@pytest.fixture
def program(ui_program, tmp_path):
    """The interface on PROGRAM (totals.py in tmp_path), not yet running."""
    script = tmp_path / "totals.py"
    script.write_text(PROGRAM)

    def start():
        session = ui_program(str(script), cwd=tmp_path)
        session.script = str(script)
        return session

    return start


async def stopped_at(session, pilot, line: int) -> SourceView:
    """From the first stop, to a breakpoint on `line` (then cleared: it would stop movements again)."""
    await session.next_screen(pilot)
    await pilot.press(":", *f"b {line}", "enter")
    await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
    await session.press(pilot, *"c", "enter")
    await pilot.press(*"cl 1", "enter")
    await session.until(lambda: "Deleted breakpoint 1" in session.console(), pilot, "the breakpoint to go")
    await pilot.press("escape")
    view = session.app.query_one(SourceView)
    assert view.current_line == line and session.app.focused is view
    return view


async def command(session, pilot, line: str) -> None:
    """Type a command line that does not resume the program."""
    await pilot.press(":", *line, "enter", "escape")
    await pilot.pause()


async def resuming_command(session, pilot, line: str) -> None:
    await pilot.press(":")
    await session.press(pilot, *line, "enter")
    await pilot.press("escape")


def last_lines(session, count: int) -> list[str]:
    return session.console().splitlines()[-count:]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def said_last(session, text: str) -> bool:
    """Whether the console ends with `text` (which it may have wrapped over several lines)."""
    return _squeezed(session.console()).endswith(_squeezed(text))


def underlined(view: SourceView, line: int) -> str:
    """The text of `line` drawn underlined."""
    y = line - 1 - view.scroll_offset.y
    return "".join(segment.text for segment in view.render_line(y) if segment.style and segment.style.underline)


def highlighted(view: SourceView, line: int) -> str:
    y = line - 1 - view.scroll_offset.y
    match_style = view.get_component_rich_style("source--search-match")
    return "".join(segment.text for segment in view.render_line(y)
                   if segment.style and segment.style.bgcolor == match_style.bgcolor)


# -- search ---------------------------------------------------------------------------------


async def search(session, pilot, text: str) -> None:
    await pilot.press("slash")
    await session.until(lambda: isinstance(session.app.screen, SearchBar), pilot, "the search bar")
    bar = session.app.screen.query_one("#search-input")
    bar.value = ""
    await pilot.press(*text, "enter")
    await session.until(lambda: not isinstance(session.app.screen, SearchBar), pilot, "the search bar to close")


async def test_search_finds_from_the_cursor_highlights_and_goes_round(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = session.app.query_one(SourceView)
        view.show_line(VALUES)
        await search(session, pilot, "total")
        assert (view.match.line, view.cursor_line) == (CALL_TOTAL, CALL_TOTAL)
        assert highlighted(view, CALL_TOTAL) == "total"
        await pilot.press("full_stop")  # next: round the end of the file to the top
        assert view.match.line == 4 and view.cursor_line == 4
        assert "search hit BOTTOM, continuing at TOP ('total' on line 4)" in session.console()
        assert highlighted(view, CALL_TOTAL) == "" and highlighted(view, 4) == "total"
        await pilot.press("comma")  # previous: back round the top
        assert view.match.line == CALL_TOTAL
        assert "search hit TOP, continuing at BOTTOM" in session.console()
        # Two matches on one line: `.` goes from one to the other.
        view.show_line(TIMES_TEN)
        await search(session, pilot, "result")
        assert (view.match.line, view.match.start) == (TIMES_TEN, 4)
        await pilot.press("full_stop")
        assert (view.match.line, view.match.start) == (TIMES_TEN, 13)


async def test_search_ignores_case_unless_the_query_has_capitals(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = session.app.query_one(SourceView)
        await search(session, pilot, "JSON")
        assert view.match is None
        assert session.console().splitlines()[-1] == "*** Pattern not found: 'JSON'"
        await search(session, pilot, "json")
        assert view.match.line == 1 and highlighted(view, 1) == "json"
        await search(session, pilot, "DONE")
        assert view.match is None
        await search(session, pilot, "Done")
        assert view.match is None
        await search(session, pilot, "done")
        assert view.match.line == PRINT


def footer_keys(app) -> dict[str, str]:
    """The hints the key bar shows in full."""
    return {hint.key: hint.description for hint in app.query_one(KeyBar).shown()}


async def test_next_match_without_a_search_says_so_and_keys_show_in_the_footer_once_searching(program):
    session = program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("full_stop")
        assert session.console().splitlines()[-1] == "*** no search yet: / searches the source"
        await pilot.press("comma")
        assert session.console().splitlines()[-2:] == ["*** no search yet: / searches the source"] * 2
        assert "full_stop" not in footer_keys(app)  # nothing to go on with yet
        await search(session, pilot, "values")
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("full_stop") == "Next match" and keys.get("comma") == "Prev match"
        await pilot.press("full_stop")
        assert app.query_one(SourceView).match.line == FOR  # `for value in values:`
        # Another pane focused: the footer is that pane's, and `.` still goes on searching.
        await pilot.press("colon")
        await pilot.pause()
        assert "full_stop" not in footer_keys(app)


async def test_escape_leaves_the_search_bar_without_searching(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = session.app.query_one(SourceView)
        await pilot.press("slash", *"main", "escape")
        await session.until(lambda: not isinstance(session.app.screen, SearchBar), pilot, "the bar to close")
        assert view.match is None and session.app.focused is view


# -- going elsewhere in the source ------------------------------------------------------------


async def test_go_to_line_moves_the_cursor_and_refuses_bad_numbers(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = session.app.query_one(SourceView)
        await pilot.press("L")
        await session.until(lambda: isinstance(session.app.screen, GoToLineScreen), pilot, "the dialog")
        error = session.app.screen.query_one("#goto-error")
        await pilot.press(*"abc", "enter")
        assert str(error.render()) == "not a line number: 'abc'"
        field = session.app.screen.query_one("#goto-input")
        field.value = ""
        await pilot.press(*"99", "enter")
        assert str(error.render()) == "no line 99: the file has lines 1 to 20"
        assert isinstance(session.app.screen, GoToLineScreen)  # still open
        field.value = ""
        await pilot.press(*"12", "enter")
        await session.until(lambda: not isinstance(session.app.screen, GoToLineScreen), pilot, "the dialog to close")
        assert view.cursor_line == 12 and view.current_line == 1
        await pilot.press("L", "escape")
        await session.until(lambda: not isinstance(session.app.screen, GoToLineScreen), pilot, "escape")
        assert view.cursor_line == 12


async def test_open_a_module_set_a_breakpoint_there_and_come_back(program):
    session = program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, SECOND)
        await pilot.press("m")
        await session.until(lambda: isinstance(app.screen, OpenSourceScreen), pilot, "the picker")
        await pilot.press(*"colorsys")
        options = app.screen.query_one("#open-list")
        await session.until(lambda: options.option_count >= 1, pilot, "the filtered list")
        await pilot.press("enter")
        await session.until(lambda: (view.path or "").endswith("colorsys.py"), pilot, "colorsys to open")
        assert view.current_line is None  # not the stop's file
        assert "Showing colorsys.py: H goes back to the current line" in session.console()
        # b works in the file browsed, at the cursor line (moved to code if it has none).
        line = next(n for n, text in enumerate(view._lines, 1) if text.startswith("def rgb_to_hsv(")) + 1
        view.show_line(line)
        await pilot.press("b")
        await session.until(lambda: app.core.book.all(), pilot, "the breakpoint")
        assert app.core.book.all()[0].path == view.path
        await pilot.press("H")
        assert view.path == session.script and view.current_line == SECOND and view.cursor_line == SECOND
        # The breakpoint in colorsys stops the program there.
        await session.press(pilot, "c")
        assert view.path.endswith("colorsys.py") and view.current_line == line


async def test_open_a_path_that_is_not_loaded_and_a_missing_one(program, tmp_path):
    session = program()
    app = session.app
    other = tmp_path / "notes.py"
    other.write_text("# notes\nx = 1\n")
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = app.query_one(SourceView)
        await pilot.press("m")
        await session.until(lambda: isinstance(app.screen, OpenSourceScreen), pilot, "the picker")
        await pilot.press(*str(other), "enter")
        await session.until(lambda: view.path == str(other), pilot, "notes.py to open")
        assert view.line_count == 2
        await pilot.press("m")
        await session.until(lambda: isinstance(app.screen, OpenSourceScreen), pilot, "the picker")
        await pilot.press(*str(tmp_path / "missing.py"), "enter")
        await session.until(lambda: "*** cannot open" in session.console(), pilot, "the error")
        assert said_last(session, f"*** cannot open {tmp_path / 'missing.py'}: no such file, or not readable")
        assert view.path == str(other)


# -- t, J, j, unt ---------------------------------------------------------------------------------


async def test_t_runs_to_the_cursor_line_without_a_breakpoint_left(program):
    session = program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, RESULT_ZERO)
        view.show_line(COMMENT)  # no code: moves forward to the print, as a breakpoint would
        await session.press(pilot, "t")
        assert view.current_line == PRINT and "after a step" in session.status()
        assert app.core.book.all() == []
        await command(session, pilot, "b")
        assert last_lines(session, 1) == ["No breakpoints."]


async def test_t_on_a_line_with_no_code_after_it_says_so_and_stays(program):
    session = program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, RESULT_ZERO)
        view.show_line(TIMES_TEN)
        view.load("/nowhere/missing.py", "x = 1\n")  # a file the engine cannot read
        await pilot.press("t")
        await session.until(lambda: "*** cannot run to line" in session.console(), pilot, "the refusal")
        assert last_lines(session, 1) == ["*** cannot run to line 1: cannot read /nowhere/missing.py"]
        await pilot.press("H")
        assert app.core.state == "stopped" and view.current_line == RESULT_ZERO
        await session.press(pilot, "n")  # still stopped, and steps as before
        assert view.current_line == FOR


async def test_J_jumps_to_the_cursor_line_and_into_a_block_fails(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, TIMES_TEN)
        view.show_line(ADD)
        await pilot.press("J")
        await session.until(lambda: "Jump failed" in session.console(), pilot, "the refusal")
        assert _squeezed("*** Jump failed: can't jump into the ") in _squeezed("".join(last_lines(session, 3)))
        assert view.current_line == TIMES_TEN
        view.show_line(RETURN)
        await session.press(pilot, "J")
        assert view.current_line == RETURN and "after a jump" in session.status()
        await command(session, pilot, "p result")
        assert last_lines(session, 1) == ["6"]  # `result * 10` never ran


async def test_J_in_a_caller_or_another_file_is_refused(program, tmp_path):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, RESULT_ZERO)
        await session.press(pilot, "u")
        await pilot.press("J")
        await session.until(lambda: "bottom frame" in session.console(), pilot, "the refusal")
        assert last_lines(session, 1) == ["*** You can only jump within the bottom frame"]
        await session.press(pilot, "d")
        view.load(str(tmp_path / "other.py"), "x = 1\n")
        await pilot.press("J")
        await session.until(lambda: "Jump failed" in session.console(), pilot, "the refusal")
        assert last_lines(session, 1) == ["*** Jump failed: the frame being run is in totals.py, not other.py"]


async def test_j_and_jump_commands(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, TIMES_TEN)
        await command(session, pilot, "j")
        assert last_lines(session, 1) == ["*** The 'jump' command requires a line number"]
        await command(session, pilot, "jump abc")
        assert last_lines(session, 1) == ["*** The 'jump' command requires a line number"]
        await command(session, pilot, "j 2")
        assert said_last(session, "*** Jump failed: line 2 comes before the current code block")
        await resuming_command(session, pilot, f"j {RETURN}")
        assert view.current_line == RETURN


async def test_until_runs_past_the_loop_and_refuses_going_back(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, ADD)
        await command(session, pilot, f"unt {FOR}")
        assert last_lines(session, 1) == ['*** "until" line number is smaller than current line number']
        await command(session, pilot, "unt abc")
        assert last_lines(session, 1) == ["*** Error in argument: 'abc'"]
        assert session.app.core.state == "stopped"
        await resuming_command(session, pilot, "unt")  # the loop's last line: out of the loop
        assert view.current_line == TIMES_TEN
        await resuming_command(session, pilot, f"until {RETURN}")
        assert view.current_line == RETURN


# -- ll and source -------------------------------------------------------------------------------


async def test_longlist_prints_the_function_with_its_breakpoints_and_current_line(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_at(session, pilot, ADD)
        await command(session, pilot, f"b {RETURN}")
        await command(session, pilot, "ll")
        assert last_lines(session, 6) == [
            "   4    def total(values):",
            "   5        result = 0",
            "   6        for value in values:",
            "   7 ->         result += value",
            "   8        result = result * 10",
            "   9B       return result",
        ]


async def test_source_prints_an_objects_source_or_pdbs_error(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_at(session, pilot, ADD)
        await command(session, pilot, "source total")
        assert last_lines(session, 6)[0] == "   4    def total(values):"
        assert last_lines(session, 1) == ["   9        return result"]
        await command(session, pilot, "source len")
        assert said_last(session, "*** module, class, method, function, traceback, frame, or code object "
                                  "was expected, got builtin_function_or_method")
        await command(session, pilot, "source nothing")
        assert last_lines(session, 1) == ["*** NameError: name 'nothing' is not defined"]
        await command(session, pilot, "source")
        assert last_lines(session, 1) == ["*** source needs an expression: source OBJECT"]


# -- PEP 657 ----------------------------------------------------------------------------------------


async def test_the_call_a_caller_makes_is_underlined(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        view = await stopped_at(session, pilot, RESULT_ZERO)
        assert underlined(view, RESULT_ZERO) == "0"  # the line's first instruction: the constant
        await session.press(pilot, "u")
        assert view.current_line == CALL_TOTAL
        assert underlined(view, CALL_TOTAL) == "total(values)"
        assert underlined(view, RESULT_ZERO) == ""
        await pilot.press("m")
        await session.until(lambda: isinstance(session.app.screen, OpenSourceScreen), pilot, "the picker")
        await pilot.press(*"json", "enter")
        await session.until(lambda: view.path != session.script, pilot, "another file")
        assert all(underlined(view, line) == "" for line in range(1, 20))
        await pilot.press("H")
        assert underlined(view, CALL_TOTAL) == "total(values)"


async def test_a_whole_statement_is_not_underlined(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = session.app.query_one(SourceView)
        assert view.current_line == 1 and underlined(view, 1) == ""  # `import colorsys, json` as a whole


class _SourceApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SourceView()


async def test_underline_spans_lines_and_counts_tabs_as_the_file_has_them():
    text = "def f():\n\treturn g(1,\n\t      2)\nx = 'héllo' + f()\n"
    async with _SourceApp().run_test(size=(80, 10)) as pilot:
        view = pilot.app.query_one(SourceView)
        view.load("t.py", text)
        view.current_line = 2
        view.show_expression((2, 9, 3, 10))  # `g(1,\n\t      2)`: columns of the file, tab = 1 character
        await pilot.pause()
        assert underlined(view, 2) == "g(1,"
        assert underlined(view, 3) == "2)"
        view.current_line = 4
        view.show_expression((4, 15, 4, 18))
        await pilot.pause()
        assert underlined(view, 4) == "f()"
        view.current_line = None  # the program ended: no underline
        await pilot.pause()
        assert underlined(view, 4) == ""


async def test_search_with_wide_characters_and_a_one_line_file():
    async with _SourceApp().run_test(size=(80, 10)) as pilot:
        view = pilot.app.query_one(SourceView)
        view.load("t.py", "s = '日本語 text' + text\n")
        match = view.find("text")
        view.show_match(match)
        await pilot.pause()
        assert (match.line, match.start, match.wrapped) == (1, 9, False)
        assert highlighted(view, 1) == "text"
        again = view.find("text")
        assert (again.start, again.wrapped) == (17, False)
        view.show_match(again)
        assert view.find("text") == (1, 9, 13, True)  # round to the first again
        assert view.find("TEXT") is None


# -- the editor -------------------------------------------------------------------------------------


async def test_ctrl_e_without_a_terminal_says_why(program):
    session = program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("ctrl+e")
        await session.until(lambda: "editor" in session.console(), pilot, "the message")
        assert said_last(session, "*** cannot open an editor: this interface has no terminal of its own to hand over")


FAKE_EDITOR = """\
import sys
with open(sys.argv[-3], "w") as record:
    record.write(" ".join(sys.argv[1:]))
with open(sys.argv[-1], "a") as edited:
    edited.write("# edited\\n")
"""


async def test_ctrl_e_runs_the_editor_at_the_cursor_line_and_rereads_the_file(program, tmp_path, monkeypatch):
    editor = tmp_path / "editor.py"
    editor.write_text(FAKE_EDITOR)
    record = tmp_path / "argv.txt"
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor} {record}")
    session = program()
    app = session.app
    # The terminal handover is Textual's (App.suspend); a headless app has no terminal to hand over.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        view = app.query_one(SourceView)
        view.show_line(VALUES)
        await pilot.press("ctrl+e")
        await session.until(lambda: "changed on disk" in session.console(), pilot, "the re-read")
        assert record.read_text() == f"{record} +{VALUES} {session.script}"
        assert said_last(session, "totals.py changed on disk: the program still runs the code it loaded "
                                  "(restart it to run the new code).")
        assert view.line_count == 21 and view._lines[-1] == "# edited"
        assert view.current_line == 1 and view.cursor_line == VALUES


# -- a picture ----------------------------------------------------------------------------------------


async def _underline_and_match(session, pilot) -> None:
    scenarios.still(session.app)
    await stopped_at(session, pilot, RESULT_ZERO)
    await session.press(pilot, "u")
    await search(session, pilot, "json")
    await pilot.pause()


def test_snapshot_search_match_and_underlined_call(snap_compare, ui_program, monkeypatch):
    place = scenarios.fixed_place()
    (place / "totals.py").write_text(PROGRAM)
    monkeypatch.chdir(place)
    session = ui_program("totals.py", cwd=place)
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _underline_and_match(session, pilot))
