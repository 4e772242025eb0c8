"""Breakpoints through the real interface and a real engine: pdb's commands, logpoints, hit conditions,
command lists, the breakpoints pane and its edit dialog."""

from __future__ import annotations

import pytest

from tdb.ui.screens.breakpoint_edit import BreakpointEditScreen
from tdb.ui.widgets.breakpoints_pane import BreakpointsPane
from tdb.ui.widgets.source import SourceView
from harness import scenarios
from harness.scenarios import still

SIZE = (120, 40)
# Line 7 runs ten times with i = 0 .. 9; line 2 (in square) once per call.
PROGRAM = """\
def square(n):
    return n * n


total = 0
for i in range(10):
    total += square(i)
print("total", total)
"""


@pytest.fixture
def loop_program(ui_program, tmp_path, monkeypatch):
    # The interface shows paths relative to its working directory: prog.py, in one console line.
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    return lambda: ui_program(str(script))


async def type_line(session, pilot, line: str) -> None:
    """Type a line on the command line and enter it (the command line keeps the focus)."""
    if session.app.focused is not session.app.query_one("#command"):
        await pilot.press("colon")
    await pilot.press(*line, "enter")
    await pilot.pause()


async def command(session, pilot, line: str, expected: str) -> None:
    """Enter a command and wait for `expected` in the console."""
    await type_line(session, pilot, line)
    await session.until(lambda: expected in session.console(), pilot, f"{expected!r} after {line!r}")


async def cont(session, pilot) -> None:
    """`c`, and wait for the next stop's screen."""
    shown = session.app.screens_shown
    await type_line(session, pilot, "c")
    await session.next_screen(pilot, shown)


async def value_of(session, pilot, expression: str) -> str:
    before = session.console()
    await type_line(session, pilot, f"p {expression}")
    await session.until(lambda: session.console() != before and not session.console().endswith(f"> p {expression}"),
                        pilot, f"the value of {expression}")
    return session.console().splitlines()[-1]


def pane(session) -> BreakpointsPane:
    return session.app.query_one(BreakpointsPane)


def rows(session) -> list[str]:
    widget = pane(session)
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


def marks(session) -> dict[int, str]:
    source = session.app.query_one(SourceView)
    return session.app.core.book.marks(source.path)


async def ended(session, pilot) -> None:
    await session.until(lambda: session.app.core.state == "ended", pilot, "the program to end")


# -- commands ---------------------------------------------------------------------------


async def test_b_lists_breakpoints_as_pdb_does(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b", "No breakpoints.")
        await command(session, pilot, "b 7, i > 0", "Breakpoint 1 at prog.py:7, if i > 0")
        await command(session, pilot, "tbreak square", "Breakpoint 2 at square (prog.py:1)")
        await command(session, pilot, "b 8, hits >= 1", "Breakpoint 3 at prog.py:8, if hits >= 1")
        await command(session, pilot, "log 5 total is {total}", "Logpoint 4 at prog.py:5: total is {total}")
        await command(session, pilot, "ignore 3 2", "Will ignore next 2 crossings of breakpoint 3.")
        await command(session, pilot, "disable 4", "Disabled breakpoint 4 at prog.py:5")
        await cont(session, pilot)  # square's tbreak: gone at its stop
        assert "Deleted breakpoint 2 at square (prog.py:1)" in session.console()
        await cont(session, pilot)  # line 7, i == 1 (hit twice)
        await command(session, pilot, "b", "Num Type")
        listing = session.console().split("> b\n")[-1].splitlines()
        assert listing == [
            "Num Type         Disp Enb   Where",
            "1   breakpoint   keep yes   at prog.py:7",
            "        stop only if i > 0",
            "        breakpoint already hit 2 times",
            "3   breakpoint   keep yes   at prog.py:8",
            "        stop only if hits >= 1",
            "        ignore next 2 hits",
            "4   logpoint     keep no    at prog.py:5",
            "        log total is {total}",
        ]


async def test_a_hit_condition_stops_at_the_right_hit(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7, hits >= 4", "Breakpoint 1 at prog.py:7, if hits >= 4")
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "3"
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "4"
        await command(session, pilot, "condition 1 hits % 3 == 0", "New condition set for breakpoint 1.")
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "5"  # the 6th hit
        # A variable named hits, in parentheses: a Python condition, not the count.
        await command(session, pilot, "condition 1 (hits) > 0", "New condition set for breakpoint 1.")
        assert session.app.core.book.get(1).condition == "(hits) > 0"


async def test_a_logpoint_logs_to_the_console_without_stopping(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "log 7 i={i} square={square(i)} bad={nope}",
                      "Logpoint 1 at prog.py:7: i={i} square={square(i)} bad={nope}")
        assert marks(session) == {7: "logpoint"}
        await type_line(session, pilot, "c")
        await ended(session, pilot)
        console = session.console()
        for i in range(10):
            assert f"i={i} square={i * i} bad=<NameError: name 'nope' is not defined>" in console
        assert session.app.screens_shown == 1  # the first line's stop only


async def test_tbreak_disappears_after_its_stop(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "tbreak 7", "Breakpoint 1 at prog.py:7")
        assert marks(session) == {7: "temporary"}
        assert rows(session) == [" 1 ◉ prog.py:7\n    once"]
        await cont(session, pilot)
        assert session.app.query_one(SourceView).current_line == 7
        await session.until(lambda: "Deleted breakpoint 1 at prog.py:7" in session.console(), pilot, "the deletion")
        assert session.app.core.book.all() == [] and marks(session) == {}
        assert pane(session).has_class("-empty")
        await type_line(session, pilot, "c")
        await ended(session, pilot)


async def test_disable_and_enable(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        await command(session, pilot, "b 2", "Breakpoint 2")
        await command(session, pilot, "disable 2", "Disabled breakpoint 2 at prog.py:2")
        assert marks(session) == {7: "enabled", 2: "disabled"}
        await cont(session, pilot)
        await cont(session, pilot)
        assert session.app.query_one(SourceView).current_line == 7  # not in square: 2 is disabled
        await command(session, pilot, "enable 2", "Enabled breakpoint 2 at prog.py:2")
        await cont(session, pilot)
        assert session.app.query_one(SourceView).current_line == 2
        await command(session, pilot, "disable", "Disabled breakpoint 1 at prog.py:7")  # all
        assert marks(session) == {7: "disabled", 2: "disabled"}
        await type_line(session, pilot, "c")
        await ended(session, pilot)


async def test_ignore_passes_a_breakpoint_that_many_times(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        await command(session, pilot, "ignore 1 3", "Will ignore next 3 crossings of breakpoint 1.")
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "3"
        await command(session, pilot, "b", "breakpoint already hit 4 times")
        await command(session, pilot, "ignore 1 1", "Will ignore next 1 crossing of breakpoint 1.")
        await command(session, pilot, "b 8", "Breakpoint 2")  # a re-send of the file: the count runs on
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "5"
        await command(session, pilot, "ignore 1", "Will stop next time breakpoint 1 is reached.")


async def test_condition_sets_and_removes_a_condition(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        await command(session, pilot, "condition 1 i == 5", "New condition set for breakpoint 1.")
        assert marks(session) == {7: "conditional"}
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "5"
        await command(session, pilot, "condition 1", "Breakpoint 1 is now unconditional.")
        assert marks(session) == {7: "enabled"}
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "6"


async def test_commands_collects_a_list_that_runs_when_the_breakpoint_stops(loop_program):
    session = loop_program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        await command(session, pilot, "commands", "Commands for breakpoint 1, one per line; end to finish.")
        line = app.query_one("#command")
        assert line.has_class("-collecting") and "(com)" in line.placeholder
        await type_line(session, pilot, "p i * 100")
        await command(session, pilot, "end", "Breakpoint 1 has 1 command.")
        assert "(com) p i * 100" in session.console()
        assert not line.has_class("-collecting")
        await cont(session, pilot)
        await session.until(lambda: session.console().endswith("> prog.py(7)<module>()\n0"), pilot, "the commands")
        # One line; a command that resumes ends the list; silent: no stop line.
        await command(session, pilot, "commands 1 silent;; p i + 1000;; c;; p 'never'",
                      "Breakpoint 1 has 3 commands.")
        await type_line(session, pilot, "c")
        await ended(session, pilot)
        console = session.console()
        assert [n for n in range(1002, 1010) if str(n) not in console] == []
        assert console.count("> prog.py(7)") == 1 and "never" not in console.replace("'never'", "")


async def test_bad_forms_get_one_line_messages(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        for line, expected in [
            ("disable x", "*** disable takes breakpoint numbers, not 'x'"),
            ("enable 9", "*** no breakpoint number 9"),
            ("cl 1 x", "*** cl takes breakpoint numbers, not 'x'"),
            ("ignore", "*** ignore needs a breakpoint number: ignore NUMBER [COUNT]"),
            ("ignore one 2", "*** ignore takes a breakpoint number, not 'one': ignore NUMBER [COUNT]"),
            ("ignore 1 many", "*** the ignore count is a number of hits, not 'many'"),
            ("ignore 1 -2", "*** the ignore count is a number of hits (0 or more), not -2"),
            ("ignore 4 1", "*** no breakpoint number 4"),
            ("condition", "*** condition needs a breakpoint number: condition NUMBER [CONDITION]"),
            ("condition 1 i ==", "*** syntax error in condition 'i ==': invalid syntax"),
            ("condition 1 hits % 3", "*** 'hits % 3' would stop at every hit but each 3th: write hits % 3 == 0"),
            ("b 7, hits % 2", "*** 'hits % 2' would stop at every hit but each 2th"),
            ("tbreak 7, i ==", "*** breakpoint not set: syntax error in condition 'i ==': invalid syntax"),
            ("commands 9", "*** no breakpoint number 9"),
            ("commands x", "*** commands takes a breakpoint number, not 'x': commands [NUMBER]"),
            ("log 7", "*** log needs a message after 7: log [file:]line message with {expression}"),
            ("log 7 i={i", "*** log message 'i={i' does not compile: SyntaxError"),
            ("log x:y msg", "*** 'y' is not a line number"),
        ]:
            await command(session, pilot, line, expected)
        # Nothing changed, and the session goes on.
        assert [(bp.number, bp.condition, bp.ignore, bp.commands) for bp in session.app.core.book.all()] == \
            [(1, None, 0, [])]
        await cont(session, pilot)
        assert session.app.query_one(SourceView).current_line == 7


async def test_commands_without_a_breakpoint(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "commands", "*** no breakpoint to give commands to: set one first")
        await command(session, pilot, "disable", "No breakpoints.")


# -- the pane ---------------------------------------------------------------------------


async def test_the_pane_shows_every_breakpoint_and_hits_update_at_each_stop(loop_program):
    session = loop_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        assert pane(session).has_class("-empty")
        await command(session, pilot, "b 7", "Breakpoint 1")
        await command(session, pilot, "b square, n > 7", "Breakpoint 2")
        await command(session, pilot, "log 8 total is {total}", "Logpoint 3")
        await command(session, pilot, "ignore 1 1", "Will ignore next 1 crossing")
        assert not pane(session).has_class("-empty")
        assert rows(session) == [" 1 ● prog.py:7\n    ignore next 1", " 2 ◆ square (prog.py:1)\n    if n > 7",
                                 " 3 ◈ prog.py:8\n    log: total is {total}"]
        await cont(session, pilot)
        assert rows(session)[0] == " 1 ● prog.py:7  2 hits"
        await cont(session, pilot)
        assert rows(session)[0] == " 1 ● prog.py:7  3 hits"


async def test_pane_keys_toggle_and_delete(loop_program):
    session = loop_program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for line in ("b 7", "b 8", "b 2"):
            await type_line(session, pilot, line)
        await session.until(lambda: len(rows(session)) == 3, pilot, "three breakpoints")
        await pilot.press("escape")
        pane(session).focus()
        await pilot.press("space")  # the first row: breakpoint 1
        await session.until(lambda: marks(session).get(7) == "disabled", pilot, "1 to be disabled")
        assert "Disabled breakpoint 1 at prog.py:7" in session.console()
        assert rows(session)[0] == " 1 ○ prog.py:7  off"
        await pilot.press("space")
        await session.until(lambda: marks(session).get(7) == "enabled", pilot, "1 enabled again")
        await pilot.press("down", "x")
        await session.until(lambda: 8 not in marks(session), pilot, "2 to be deleted")
        assert "Deleted breakpoint 2 at prog.py:8" in session.console()
        await pilot.press("delete")  # the highlight stays on the row that took its place: 3
        await session.until(lambda: marks(session) == {7: "enabled"}, pilot, "3 to be deleted")
        assert [bp.number for bp in app.core.book.all()] == [1]
        await cont(session, pilot)  # the engine has exactly what the pane shows
        await cont(session, pilot)
        assert app.query_one(SourceView).current_line == 7


async def test_enter_edits_a_breakpoint_in_a_dialog(loop_program):
    session = loop_program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        await pilot.press("escape")
        pane(session).focus()
        await pilot.press("enter")
        await session.until(lambda: isinstance(app.screen, BreakpointEditScreen), pilot, "the dialog")
        await pilot.press(*"i >", "tab", *"often", "enter")  # two mistakes: the first one is named
        error = app.screen.query_one("#breakpoint-edit-error")
        await session.until(lambda: "syntax error in condition 'i >'" in str(error.render()), pilot, "the error")
        # Tab selects a field's text: what is typed replaces it.
        await pilot.press("shift+tab", *"i % 2 == 1", "enter")
        await session.until(lambda: "hit condition 'often' is not understood" in str(error.render()), pilot,
                            "the second error")
        await pilot.press("tab", *">= 4", "tab", "tab", *"2", "enter")
        await session.until(lambda: not isinstance(app.screen, BreakpointEditScreen), pilot, "the dialog to close")
        assert "Changed breakpoint 1 at prog.py:7" in session.console()
        bp = app.core.book.get(1)
        assert (bp.condition, bp.hit_condition, bp.log_message, bp.ignore) == ("i % 2 == 1", ">= 4", None, 2)
        assert marks(session) == {7: "conditional"}
        # hits 4.. with odd i: i = 3, 5, 7; the first two are ignored.
        await cont(session, pilot)
        assert await value_of(session, pilot, "i") == "7"
        # Escape leaves it as it was.
        pane(session).focus()
        await pilot.press("enter")
        await session.until(lambda: isinstance(app.screen, BreakpointEditScreen), pilot, "the dialog")
        await pilot.press(*"x", "escape")
        await session.until(lambda: not isinstance(app.screen, BreakpointEditScreen), pilot, "the dialog to close")
        assert app.core.book.get(1).condition == "i % 2 == 1"


async def test_the_dialog_turns_a_breakpoint_into_a_logpoint(loop_program):
    session = loop_program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 7", "Breakpoint 1")
        await pilot.press("escape")
        pane(session).focus()
        await pilot.press("enter")
        await session.until(lambda: isinstance(app.screen, BreakpointEditScreen), pilot, "the dialog")
        await pilot.press("tab", *"hits % 5 == 0", "tab", *"at {i}", "enter")
        await session.until(lambda: marks(session) == {7: "logpoint"}, pilot, "a logpoint")
        await type_line(session, pilot, "c")
        await ended(session, pilot)
        assert "at 4\nat 9" in session.console()




# -- pictures -----------------------------------------------------------------------------


async def _every_kind(session, pilot) -> None:
    """primes.py stopped at a conditional breakpoint, with one breakpoint of each kind, the pane focused."""
    still(session.app)
    await session.next_screen(pilot)
    for line in ("b 18, candidate == 7", "log 19 found {candidate}", "tbreak 26", "b 20", "disable 4",
                 "b is_prime, hits % 5 == 0", "ignore 5 2", "disable 5"):
        await type_line(session, pilot, line)
    await session.until(lambda: len(session.app.core.book.all()) == 5 and "Disabled breakpoint 5" in session.console(),
                        pilot, "the breakpoints")
    await cont(session, pilot)
    await pilot.press("escape")
    pane(session).focus()
    await pilot.pause()


async def _edit_dialog(session, pilot) -> None:
    await _every_kind(session, pilot)
    await pilot.press("enter")
    await session.until(lambda: isinstance(session.app.screen, BreakpointEditScreen), pilot, "the dialog")
    await pilot.press("tab", *"often", "enter")
    await session.until(lambda: "often" in str(session.app.screen.query_one("#breakpoint-edit-error").render()),
                        pilot, "the error")


def test_snapshot_of_the_pane(snap_compare, ui_program, monkeypatch):
    monkeypatch.chdir(scenarios.ROOT)
    session = ui_program("examples/primes.py", "20")
    assert snap_compare(session.app, terminal_size=scenarios.SIZE, run_before=lambda pilot: _every_kind(session, pilot))


def test_snapshot_of_the_edit_dialog(snap_compare, ui_program, monkeypatch):
    monkeypatch.chdir(scenarios.ROOT)
    session = ui_program("examples/primes.py", "20")
    assert snap_compare(session.app, terminal_size=scenarios.SIZE, run_before=lambda pilot: _edit_dialog(session, pilot))
