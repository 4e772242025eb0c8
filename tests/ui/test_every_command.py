"""Every command of the command line against a real engine, the bad forms included.

The other files test each command's main use; this one fills the gaps of the audit (the typed forms of
the stepping commands, w, u/d with counts, pp, q, restart, Python lines) and checks each bad form the
way a pdb user meets it: a one-line message at least as clear as pdb's, the program still stopped at
the same place, and the next good command answering.
"""

from __future__ import annotations

import pytest

from tdb.ui.commands.registry import commands
from tdb.ui.widgets.source import SourceView

SIZE = (160, 48)  # wide: the console does not wrap the messages compared here
PROGRAM = """\
def square(n):
    result = n * n
    return result


def main():
    total = 0
    for i in range(3):
        total += square(i)
    print("total", total)
    return total


main()
"""
RESULT, RETURN, CALL, MAIN_CALL = 2, 3, 9, 14
# Runs for 30 s at most: long enough to type commands while it runs.
RUNNING = """\
import time

count = 0
while count < 3000:
    count += 1
    time.sleep(0.01)
print("done", count)
"""
LOOP_BODY = 5


@pytest.fixture
def start(ui_program, tmp_path, monkeypatch):
    """The interface on a program written to tmp_path (paths show as prog.py), not yet running."""
    monkeypatch.chdir(tmp_path)

    def start_program(source: str = PROGRAM):
        script = tmp_path / "prog.py"
        script.write_text(source)
        return ui_program(str(script), cwd=tmp_path)

    return start_program


def said(session) -> list[str]:
    """Every line the console is told to show, unwrapped (the console wraps them to its width)."""
    if not hasattr(session, "said"):
        console, session.said = session.app.main_screen.console, []
        show = console.say

        def say(text: str, kind: str = "console") -> None:
            session.said.extend(text.rstrip("\n").split("\n"))
            show(text, kind)

        console.say = say
    return session.said


async def enter(session, pilot, line: str, expected: str) -> str:
    """Type `line` on the command line; wait for `expected` in what the console says from its echo on; return that."""
    app = session.app
    lines = said(session)
    if app.focused is not app.query_one("#command"):
        await pilot.press("colon")
    mark = len(lines)
    await pilot.press(*line, "enter")
    await session.until(lambda: expected in "\n".join(lines[mark + 1:]), pilot, f"{expected!r} after {line!r}")
    return "\n".join(lines[mark:])


async def answer(session, pilot, line: str) -> str:
    """Type a command that says one line; return that line."""
    lines = said(session)
    if session.app.focused is not session.app.query_one("#command"):
        await pilot.press("colon")
    mark = len(lines)
    await pilot.press(*line, "enter")
    await session.until(lambda: len(lines) > mark + 1, pilot, f"the answer to {line!r}")
    return lines[mark + 1]


async def enter_and_stop(session, pilot, line: str) -> None:
    """Type a command that resumes the program; wait for the next stop's screen."""
    if session.app.focused is not session.app.query_one("#command"):
        await pilot.press("colon")
    await session.press(pilot, *line, "enter")


async def stopped_in_square(session, pilot) -> None:
    """At `result = n * n` in square(0): three frames, <module> -> main -> square."""
    await session.next_screen(pilot)
    await enter(session, pilot, f"b {RESULT}", "Breakpoint 1")
    await enter_and_stop(session, pilot, "c")
    await enter(session, pilot, "cl 1", "Deleted breakpoint 1")
    assert "prog.py:2  in square" in session.status()


class Place:
    """Where the program is stopped, and which frame is selected: a bad form must change neither."""

    def __init__(self, session) -> None:
        self.session = session
        self.taken = self._now()
        self.checks = 0

    def _now(self) -> tuple:
        app = self.session.app
        return (app.core.state, self.session.status(), app.core.stop.selected, app.query_one(SourceView).current_line)

    async def unchanged(self, pilot) -> None:
        """Still there, and a good command still answers."""
        assert self._now() == self.taken
        self.checks += 1
        await enter(self.session, pilot, f"p {self.checks} + 1000", str(self.checks + 1000))


async def bad_forms(session, pilot, cases: list[tuple[str, str]]) -> None:
    """Each line gets exactly its one-line message, and nothing moves."""
    place = Place(session)
    for line, message in cases:
        answer = await enter(session, pilot, line, message)
        assert answer.splitlines()[-1] == message, f"{line!r}: {answer!r}"
        await place.unchanged(pilot)


# -- stack: w, u, d ----------------------------------------------------------------------------------


async def test_w_where_and_bt_print_the_stack_oldest_first_the_selected_frame_marked(start):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        for word in ("w", "where", "bt"):
            answer = await enter(session, pilot, word, "square()")
            lines = answer.splitlines()[-3:]
            assert [line[:2] for line in lines] == ["  ", "  ", "> "]
            assert [line.rsplit("/", 1)[-1] for line in lines] == [
                "prog.py(14)<module>()", "prog.py(9)main()", "prog.py(2)square()"]
        await enter_and_stop(session, pilot, "u")
        answer = await enter(session, pilot, "w", "square()")
        assert [line[:2] for line in answer.splitlines()[-3:]] == ["  ", "> ", "  "]
        # pdb 3.11 ignores an argument; as Python it is no statement: say which word took none.
        await enter_and_stop(session, pilot, "d")
        await bad_forms(session, pilot, [("w 3", "*** SyntaxError: invalid syntax (w takes no argument)")])


async def test_u_and_d_take_a_count_and_stop_at_the_ends_as_pdb_does(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        await bad_forms(session, pilot, [
            ("u 0", "*** up takes a positive number of frames"),
            ("u -1", "*** up takes a positive number of frames"),
            ("u x", "*** up takes a number of frames, not 'x'"),
            ("d 0", "*** down takes a positive number of frames"),
            ("d x", "*** down takes a number of frames, not 'x'"),
            ("d", "*** Newest frame"),
        ])
        await enter_and_stop(session, pilot, "u 2")
        assert app.core.stop.selected == 2 and "prog.py:14  in <module>" in session.status()
        assert app.query_one(SourceView).current_line == MAIN_CALL
        await bad_forms(session, pilot, [("u", "*** Oldest frame"), ("up 3", "*** Oldest frame")])
        # Beyond the end, as pdb: as far as there is.
        await enter_and_stop(session, pilot, "down 5")
        assert app.core.stop.selected == 0 and "prog.py:2  in square" in session.status()
        await enter_and_stop(session, pilot, "up 5")
        assert app.core.stop.selected == 2
        await enter_and_stop(session, pilot, "d 1")
        assert app.core.stop.selected == 1 and "in main" in session.status()
        assert (await enter(session, pilot, "p total", "0")).splitlines()[-1] == "0"  # main's frame


# -- stepping, typed -------------------------------------------------------------------------------


async def test_the_stepping_commands_typed_with_every_alias(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        source = app.query_one(SourceView)
        await session.next_screen(pilot)
        await enter(session, pilot, f"b {CALL}", "Breakpoint 1")
        await enter_and_stop(session, pilot, "continue")
        assert source.current_line == CALL and "in main" in session.status()
        await enter_and_stop(session, pilot, "s")  # pdb's --Call-- of square
        assert source.current_line == 1 and "in square" in session.status()
        await enter_and_stop(session, pilot, "step")
        assert source.current_line == RESULT
        await enter_and_stop(session, pilot, "n")
        assert source.current_line == RETURN
        await enter_and_stop(session, pilot, "next")  # --Return--
        assert source.current_line == RETURN and "in square" in session.status()
        assert (await enter(session, pilot, "retval", "0")).splitlines()[-1] == "0"
        await enter_and_stop(session, pilot, "r")  # back in main, after the call
        assert "in main" in session.status()
        await enter_and_stop(session, pilot, "cont")  # the breakpoint again: square(1)
        await enter_and_stop(session, pilot, "s")
        await enter_and_stop(session, pilot, "return")  # square(1) returns
        assert source.current_line == RETURN and "in square" in session.status()
        assert (await enter(session, pilot, "rv", "1")).splitlines()[-1] == "1"
        await enter_and_stop(session, pilot, "c")
        assert source.current_line == CALL
        assert (await enter(session, pilot, "p i", "2")).splitlines()[-1] == "2"
        # An argument makes the line Python (`n = 3`); a statement it is not.
        await bad_forms(session, pilot, [
            ("n 2", "*** SyntaxError: invalid syntax (n takes no argument)"),
            ("s x", "*** SyntaxError: invalid syntax (s takes no argument)"),
            ("c 1", "*** continue takes `all` or nothing, not '1'"),
        ])


# -- values: p, pp, whatis, display ------------------------------------------------------------------


async def test_p_pp_and_whatis_and_their_bad_forms(start):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        # pdb 3.11: *** SyntaxError for an empty p: tdb says what is missing.
        await bad_forms(session, pilot, [
            ("p", "*** p needs an expression"),
            ("pp", "*** pp needs an expression"),
            ("whatis", "*** whatis needs an expression"),
            ("whatis nosuch", "*** NameError: name 'nosuch' is not defined"),
            ("pp nosuch", "*** NameError: name 'nosuch' is not defined"),
            ("p )(", "*** SyntaxError: unmatched ')'"),
        ])
        await enter(session, pilot, "!wide = {k: list(range(12)) for k in 'abc'}", "")
        answer = await enter(session, pilot, "pp wide", "'c': [")
        assert answer.splitlines()[-3:] == [
            "{'a': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],",
            " 'b': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],",
            " 'c': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}",
        ]
        assert (await enter(session, pilot, "p wide['a'][-1]", "11")).splitlines()[-1] == "11"
        answer = await enter(session, pilot, "whatis square", "<class 'function'>")
        assert answer.splitlines()[-1] == "<class 'function'>"


async def test_display_refuses_what_does_not_compile_and_lists_and_undisplays(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        watches = app.query_one("#watches")
        # pdb keeps it and shows `)(: ** raised SyntaxError: unmatched ')' **` at every stop.
        await bad_forms(session, pilot, [
            ("display )(", "*** cannot display )(: SyntaxError: unmatched ')'"),
            ("display", "No display expressions."),
            ("undisplay nope", "*** not a display expression: nope"),
        ])
        assert app.core.watches == [] == watches.expressions and watches.has_class("-empty")
        await enter(session, pilot, "display n * 10", "")
        await session.until(lambda: watches.expressions == ["n * 10"], pilot, "the watch")
        assert "n * 10 = 0" in str(watches.get_option_at_index(0).prompt)
        await enter(session, pilot, "display not_yet", "")  # a NameError can go away: it stays, its error shown
        await session.until(lambda: len(watches.expressions) == 2, pilot, "the second watch")
        assert "NameError" in str(watches.get_option_at_index(1).prompt)
        answer = await enter(session, pilot, "display", "display not_yet")
        assert answer.splitlines()[-2:] == ["display n * 10", "display not_yet"]
        await enter(session, pilot, "undisplay n * 10", "")
        await session.until(lambda: watches.expressions == ["not_yet"], pilot, "one watch left")
        await enter(session, pilot, "undisplay", "")
        await session.until(lambda: watches.expressions == [], pilot, "no watch left")
        assert app.core.watches == []


# -- l -------------------------------------------------------------------------------------------------


async def test_l_takes_a_line_to_centre_or_a_range_or_a_count_as_pdb(start):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        await bad_forms(session, pilot, [
            ("l x", "*** l takes line numbers, not 'x'"),
            ("l 0", "*** line numbers start at 1, not 0"),
            ("l 5, -9", "*** no lines from 5 to -4"),
            ("l 99", "*** line 99 is past the end of the file (14 lines)"),
        ])
        answer = await enter(session, pilot, "l 9", "  14 ")  # 11 lines around 9: 4 to 14
        numbers = [int(line.split()[0]) for line in answer.splitlines()[1:]]
        assert numbers == list(range(4, 15))
        answer = await enter(session, pilot, "l 6, 2", "   8 ")  # a last below the first is a count
        assert [int(line.split()[0]) for line in answer.splitlines()[1:]] == [6, 7, 8]
        answer = await enter(session, pilot, "list 1, 3", "   3 ")
        assert answer.splitlines()[1:] == ["   1    def square(n):", "   2 ->     result = n * n",
                                           "   3        return result"]


# -- breakpoints: the bad forms the breakpoints tests leave out --------------------------------------


async def test_break_and_clear_bad_forms_leave_no_breakpoint_behind(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        missing = str(session.program.args[-1]).rsplit("/", 1)[0] + "/nosuchfile.py"
        # pdb: *** 'nosuchfile.py' not found from sys.path, End of file, *** Bad lineno: x, Breakpoint number 42
        # out of range, Non-numeric breakpoint number x.
        await bad_forms(session, pilot, [
            ("b nosuchfile.py:3", f"*** breakpoint not set: cannot read {missing}"),
            ("b 99999", "*** breakpoint not set: line 99999 is beyond the end of prog.py (14 lines)"),
            ("b 0", "*** line numbers start at 1, not 0"),
            ("b prog.py:x", "*** 'x' is not a line number"),
            ("b :3", "*** missing file name in ':3'"),
            ("b 3x", "*** '3x' is neither a line number nor a function name"),
            ("tbreak nosuchfile.py:2", f"*** breakpoint not set: cannot read {missing}"),
            ("tbreak 99999", "*** breakpoint not set: line 99999 is beyond the end of prog.py (14 lines)"),
            ("cl 42", "*** no breakpoint number 42"),
            ("enable x", "*** enable takes breakpoint numbers, not 'x'"),
            ("condition 9 x", "*** no breakpoint number 9"),
            ("b", "No breakpoints."),
        ])
        assert app.core.book.all() == []
        # The good forms after them: file:line, a function, a condition.
        await enter(session, pilot, f"b prog.py:{CALL}", f" at prog.py:{CALL}")
        await enter(session, pilot, "break main", " at main (prog.py:6)")
        await enter(session, pilot, f"tbreak {RETURN}, n > 0", f" at prog.py:{RETURN}, if n > 0")
        numbers = [bp.number for bp in app.core.book.all()]
        assert len(numbers) == 3 and numbers == sorted(numbers)
        await enter(session, pilot, f"clear {numbers[1]}", f"Deleted breakpoint {numbers[1]} at main (prog.py:6)")
        await enter_and_stop(session, pilot, "c")
        assert app.query_one(SourceView).current_line == CALL  # n > 0 kept the tbreak from square(0)
        answer = await enter(session, pilot, "cl", "Deleted 2 breakpoint(s)")
        assert answer.splitlines()[-1] == "Deleted 2 breakpoint(s)"
        await enter(session, pilot, "cl", "No breakpoints.")


# -- Python lines -------------------------------------------------------------------------------------


async def test_python_lines_with_and_without_the_bang(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        assert (await enter(session, pilot, "n + 41", "41")).splitlines()[-1] == "41"
        await enter(session, pilot, "n = 5", "")  # `=` after a command word: an assignment
        assert (await enter(session, pilot, "p n", "5")).splitlines()[-1] == "5"
        await enter(session, pilot, "!n = 6", "")
        await enter(session, pilot, "!c = n + 1", "")  # c: continue, but not after !
        # A space, then `(`: p's argument, as in pdb (right after the word it would be a call: `p(n)`).
        assert (await enter(session, pilot, "p (n, c)", "(6, 7)")).splitlines()[-1] == "(6, 7)"
        assert (await enter(session, pilot, "pp [n]", "[6]")).splitlines()[-1] == "[6]"
        assert (await enter(session, pilot, "c.bit_length()", "3")).splitlines()[-1] == "3"
        assert (await enter(session, pilot, "!p", "NameError")).splitlines()[-1] == \
            "*** NameError: name 'p' is not defined"
        assert app.core.state == "stopped"
        place = Place(session)
        await enter(session, pilot, "!", "")  # nothing to run: nothing said
        await enter(session, pilot, "!  ", "")
        await place.unchanged(pilot)
        # The assignment reached the program: the step goes on with n = 6.
        await enter_and_stop(session, pilot, "n")
        assert (await enter(session, pilot, "p result", "36")).splitlines()[-1] == "36"


async def test_interact_and_a_with_an_argument_are_python(start):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        await bad_forms(session, pilot, [
            ("interact now", "*** SyntaxError: invalid syntax (interact takes no argument)"),
            ("a n", "*** SyntaxError: invalid syntax (a takes no argument)"),
            ("ll 3", "*** SyntaxError: invalid syntax (ll takes no argument)"),
            ("retval x", "*** SyntaxError: invalid syntax (retval takes no argument)"),
        ])
        assert session.app.main_screen.interact is None


# -- while the program runs, after it ended ---------------------------------------------------------


async def test_while_running_a_command_that_needs_a_stop_says_so_and_breakpoints_still_work(start):
    session = start(RUNNING)
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await enter(session, pilot, "c", "")
        await session.until(lambda: app.core.state == "running", pilot, "the program to run")
        for line in ("p count", "n", "w", "u", "l", "count * 2", "whatis count", "j 3", "unt", "interact"):
            answer = await enter(session, pilot, line, "*** the program is running")
            assert answer.splitlines()[-1] == \
                f"*** the program is running: {line!r} needs it stopped (Ctrl-C breaks in)"
        assert app.core.state == "running" and app.main_screen.interact is None
        # What needs no stop is taken: a breakpoint stops the running program.
        await enter(session, pilot, "display count > 0", "")
        shown = app.screens_shown
        await enter(session, pilot, f"b {LOOP_BODY}", f"Breakpoint 1 at prog.py:{LOOP_BODY}")
        await session.next_screen(pilot, shown)
        assert app.query_one(SourceView).current_line == LOOP_BODY
        assert "count > 0 = True" in str(app.query_one("#watches").get_option_at_index(0).prompt)
        assert (await enter(session, pilot, "p count > 0", "True")).splitlines()[-1] == "True"


async def test_after_the_end_commands_say_so_and_restart_and_run_start_again(start):
    session = start()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        # pdb restarts at any time; tdb reruns an ended program.
        await bad_forms(session, pilot, [("restart", "restart is offered once the program has ended")])
        await enter(session, pilot, "c", "")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
        for line in ("p 1", "n", "w", "u", "l", "a", "retval", "exceptions", "interact", "j 3", "1 + 1"):
            answer = await enter(session, pilot, line, "The program has ended")
            assert answer.splitlines()[-1] == "The program has ended: R restarts it, q quits."
        await enter(session, pilot, f"b {RESULT}", f"Breakpoint 1 at prog.py:{RESULT}")  # for the next run
        for word in ("restart", "run"):
            await enter_and_stop(session, pilot, word)
            assert app.query_one(SourceView).current_line == 1 and "first line" in session.status()
            await enter_and_stop(session, pilot, "c")
            assert app.query_one(SourceView).current_line == RESULT
            await enter(session, pilot, "cl", "")
            await enter(session, pilot, "c", "")
            await session.until(lambda: app.core.state == "ended", pilot, "the program to end again")
            await enter(session, pilot, f"b {RESULT}", "Breakpoint")


@pytest.mark.parametrize("word", ["q", "quit", "exit"])
async def test_q_typed_ends_the_program_and_tdb(start, word):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        await pilot.press(*word, "enter")
        await session.until(lambda: session.program.poll() is not None, pilot, "the program to end")
        await session.until(lambda: session.app.return_code is not None, pilot, "tdb to leave")
    assert "total" not in session.program.stdout.read()  # ended where it stood: main never printed


async def test_detach_leaves_the_program_running_on_without_tdb(start):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await stopped_in_square(session, pilot)
        await pilot.press(*"detach", "enter")
        await session.until(lambda: session.program.poll() is not None, pilot, "the program to end")
        await session.until(lambda: session.app.return_code is not None, pilot, "tdb to leave")
    assert session.program.returncode == 0
    assert "total 5" in session.program.stdout.read()  # it ran on from where it stood, to its end


# -- h: every command word is documented --------------------------------------------------------------


async def test_h_of_every_command_word_prints_its_help(start):
    session = start()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for word in [word for entry in commands() for word in entry.words]:
            answer = await enter(session, pilot, f"h {word}", "  ")
            assert len(answer.splitlines()) >= 2, f"h {word}: {answer!r}"  # the echo, then its lines
        await bad_forms(session, pilot, [("h nosuch", "*** no command named 'nosuch': h alone lists them")])
