"""The app's keys the other files leave out, against a real engine: r, !, o, R, Ctrl-C, the source
pane's cursor keys as b and t use them, and every stepping key once the program has ended."""

from __future__ import annotations

from tdb.ui.widgets.source import SourceView
from tests.ui.test_every_command import (CALL, MAIN_CALL, RESULT, RETURN, RUNNING, answer, enter, said, start,
                                        stopped_in_square)

__all__ = ["start"]  # the fixture, shared with test_every_command.py

SIZE = (160, 48)


async def test_r_steps_out_to_the_return_and_retval_shows_the_value(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        await pilot.press("escape")
        await session.press(pilot, "r")  # pdb's r: to the --Return-- of square
        assert app.query_one(SourceView).current_line == RETURN and "in square" in session.status()
        assert (await enter(session, pilot, "retval", "0")).splitlines()[-1] == "0"
        await pilot.press("escape")
        await session.press(pilot, "r")  # from the return: on in main
        assert "in main" in session.status()


async def test_exclamation_mark_opens_the_command_line_as_colon_does(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        command = app.query_one("#command")
        await pilot.press("exclamation_mark")
        assert app.focused is command and command.value == ""  # the key opens it; it types nothing
        assert (await enter(session, pilot, "p 6 * 7", "42")).splitlines()[-1] == "42"
        await pilot.press("escape")
        assert app.focused is app.query_one(SourceView)


async def test_o_without_a_terminal_of_its_own_changes_nothing(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        before = (app.core.state, session.status(), app.screen, app.focused)
        await pilot.press("o")  # the Pilot app has no program screen to show
        await pilot.pause()
        assert (app.core.state, session.status(), app.screen, app.focused) == before
        await session.press(pilot, "n")
        assert app.query_one(SourceView).current_line == 6


async def test_R_before_the_end_says_it_waits_for_the_end(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        lines = said(session)
        await pilot.press("R")
        await session.until(lambda: "restart is offered once the program has ended" in lines, pilot, "the message")
        assert app.core.state == "stopped" and app.query_one(SourceView).current_line == 1
        await session.press(pilot, "n")


async def test_ctrl_c_breaks_into_the_running_program_and_says_so_when_stopped(start):
    session = start(RUNNING)
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        lines = said(session)
        await pilot.press("ctrl+c")
        await session.until(lambda: "The program is stopped already; Ctrl-C breaks in while it runs." in lines,
                            pilot, "the message")
        assert app.core.state == "stopped"
        await pilot.press("c")
        await session.until(lambda: app.core.state == "running", pilot, "the program to run")
        await session.press(pilot, "ctrl+c")
        assert "paused" in session.status() and app.core.state == "stopped"
        count = int(await answer(session, pilot, "p count"))
        assert 0 <= count < 3000
        await pilot.press("escape")
        await session.press(pilot, "n")  # it steps on from where it broke in
        assert app.core.state == "stopped"


async def test_the_source_cursor_keys_choose_the_line_b_and_t_act_on(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        source = app.query_one(SourceView)
        await pilot.press("end")
        assert source.cursor_line == MAIN_CALL
        await pilot.press("home")
        assert source.cursor_line == 1
        await pilot.press("pagedown")
        assert source.cursor_line == MAIN_CALL  # the file is shorter than a page
        await pilot.press("pageup", "ctrl+end", "up")
        assert source.cursor_line == MAIN_CALL - 1
        await pilot.press("ctrl+home", *["down"] * (RESULT - 1))
        await session.press(pilot, "t")  # runs to square's first line
        assert source.current_line == RESULT and "in square" in session.status()
        assert source.cursor_line == RESULT  # the cursor follows the stop
        await pilot.press(*["down"] * (CALL - RESULT))
        assert source.cursor_line == CALL
        await pilot.press("b")
        await session.until(lambda: app.core.book.marks(source.path) == {CALL: "enabled"}, pilot, "the breakpoint")
        await session.press(pilot, "c")
        assert source.current_line == CALL  # the breakpoint b set, in the next iteration
        assert await answer(session, pilot, "p i") == "1"


async def test_every_stepping_key_after_the_end_says_so_and_R_restarts(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("c")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
        lines = said(session)
        ended = "The program has ended: R restarts it, q quits."
        for key in ("n", "s", "r", "c", "u", "d", "t", "J", "e"):
            mark = len(lines)
            await pilot.press(key)
            await session.until(lambda: ended in lines[mark:], pilot, f"the message after {key}")
            assert lines[mark:] == [ended], key
        assert app.core.state == "ended"
        await session.press(pilot, "R")
        assert app.query_one(SourceView).current_line == 1 and "first line" in session.status()
        await session.press(pilot, "n")
        assert app.query_one(SourceView).current_line == 6
