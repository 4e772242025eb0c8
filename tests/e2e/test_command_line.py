"""Scenario 3: the command line — p, b, !statement, and errors that leave the session usable."""

from __future__ import annotations

import re

import pytest

from .conftest import Soft
from .tdb_screen import (command, console, current_line, has_breakpoint_mark, leave_command_line, press, status_at)
from harness.tmux import Tmux
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

PROGRAM = """
    def compute(x):
        total = 0
        for i in range(3):
            total += x * i
        return total


    def main():
        x = 21
        breakpoint()
        y = x + 1
        z = compute(x)
        print("result", y, z)
        return z


    main()
"""


def reply(screen: str, line: str) -> list[str]:
    """The Console rows printed after the last echo of `line`."""
    rows = console(screen)
    echoes = [index for index, row in enumerate(rows) if row == f"> {line}"]
    assert echoes, f"{line!r} is not echoed in the Console: {rows}"
    return [row for row in rows[echoes[-1] + 1:] if row and not row.startswith("> ")]


def run_command(term: Tmux, line: str) -> list[str]:
    """Run a command, wait until something answers it, return the answer's Console rows."""
    command(term, line)
    screen = term.wait_until(lambda s: _answered(s, line), 10, f"an answer to {line!r} in the Console")
    return reply(screen, line)


def _answered(screen: str, line: str) -> bool:
    try:
        return bool(reply(screen, line))
    except AssertionError:
        return False


def test_command_line(term: Tmux, write, soft: Soft) -> None:
    write("prog.py", PROGRAM)
    term.run("PYTHONBREAKPOINT=tdb.set_trace python prog.py")
    screen = term.wait_for(status_at("prog.py", 11, "main"))
    term.wait_for("x: int = 21")

    # p evaluates in the stopped frame.
    assert run_command(term, "p x * 2") == ["42"]

    # b LINE: confirmed in the Console, a ● in the gutter.
    answer = run_command(term, "b 12")
    assert answer[0] == "Breakpoint 1 at prog.py:12"
    screen = term.wait_until(lambda s: has_breakpoint_mark(s, 12), 5, "a ● on line 12")
    assert not has_breakpoint_mark(screen, 11) and not has_breakpoint_mark(screen, 13)

    # c (the key, back in the source view) stops at the breakpoint.
    leave_command_line(term)
    screen = press(term, "c", status_at("prog.py", 12, "main"))
    assert "at a breakpoint" in screen
    screen = term.wait_for("y: int = 22")
    assert current_line(screen) == 12 and has_breakpoint_mark(screen, 12)

    # !statement changes the program's state; p shows the new value; the Variables pane follows.
    run_command_no_answer(term, "!x = 99")
    term.wait_for("x: int = 99")
    assert run_command(term, "p x") == ["99"]

    # Bad commands: a clear error each, and the session goes on.
    answer = run_command(term, "b nosuchfunc")
    soft.check(any("nosuchfunc" in row for row in answer) and not any(re.match(r"Breakpoint \d+ at", row) for row in answer),
               f"b nosuchfunc: expected an error naming nosuchfunc, got {answer}")
    answer = run_command(term, "p undefined_name")
    soft.check(any("NameError" in row and "undefined_name" in row for row in answer),
               f"p undefined_name: expected a NameError line, got {answer}")
    answer = run_command(term, "b 9999")
    soft.check(any("9999" in row for row in answer) and not any(re.match(r"Breakpoint \d+ at", row) for row in answer),
               f"b 9999: expected an error naming line 9999, got {answer}")
    # As in pdb, a breakpoint that was refused does not use up a number: the next one is number 2.
    answer = run_command(term, "b 13")
    soft.check(answer[:1] == ["Breakpoint 2 at prog.py:13"],
               f"after two refused breakpoints, b 13 should be 'Breakpoint 2 at prog.py:13' as in pdb; got {answer}")

    # A following n still works.
    leave_command_line(term)
    screen = press(term, "n", status_at("prog.py", 13, "main"))
    screen = term.wait_for("z: int = 297")  # compute(99)
    assert current_line(screen) == 13

    term.send_keys("c")
    screen = term.wait_for_prompt()
    assert "result 22 297" in screen
    assert_terminal_sane(term)
    soft.done()


def run_command_no_answer(term: Tmux, line: str) -> None:
    """A statement prints nothing: wait for its echo only."""
    command(term, line)


def test_lines_typed_in_one_burst_run_one_by_one_in_order(term: Tmux, soft: Soft, tmp_path) -> None:
    """Three lines, each with its Enter, arrive in one read (a fast typist, a paste without brackets):
    each is its own line. (Enter as a binding ran after the keys behind it: "p 1p 2", twice.)"""
    (tmp_path / "burst.py").write_text("x = 1\ny = 2\n")
    term.run("tdb burst.py")
    term.wait_for(status_at("burst.py", 1, "<module>"))
    term.send_keys(":")
    term.wait_until(lambda screen: "palette" in screen.splitlines()[-1] and "Next" not in screen.splitlines()[-1], 5,
                    "the command line")
    term.send_keys("p 40 + 1", "Enter", "p 40 + 2", "Enter", "p 40 + 3", "Enter")
    screen = term.wait_for(re.compile(r"^│43\s", re.M), 10)
    rows = console(screen)
    soft.check([row for row in rows if row in ("41", "42", "43")] == ["41", "42", "43"], "each line ran, in order",
               screen)
    soft.check(not any("SyntaxError" in row for row in rows), "no line ran merged with the next", screen)
    leave_command_line(term)
    term.send_keys("q")
    term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()


def test_keys_typed_fast_around_the_command_line_go_where_they_were_meant(term: Tmux, write, soft: Soft) -> None:
    """`:` and a command typed at once go to the command line; Esc and a key at once (Textual reads
    them as Alt+key) leave it and the key acts, as if typed slowly."""
    write("prog.py", PROGRAM)
    term.run("PYTHONBREAKPOINT=tdb.set_trace python prog.py")
    term.wait_for(status_at("prog.py", 11, "main"))
    term.send_keys(":p x + 100", "Enter")  # (one write: ':' and the rest arrive together)
    soft.wait(term, re.compile(r"^│121\s", re.M), "the whole line, ':' included, reached the command line")
    term.send_keys("Escape", "n")  # (one write: "\x1bn")
    screen = term.wait_for(status_at("prog.py", 12, "main"), 10)
    soft.check(screen.splitlines()[-2].strip() != "n", "the n stepped, and is not left in the command line", screen)
    term.send_keys(":p {1: 2}", "Enter")
    soft.wait(term, re.compile(r"^│\{1: 2\}\s", re.M), "a ':' typed in the line is a character")
    term.send_keys("Escape", "q")
    term.wait_for_prompt(10)
    assert_terminal_sane(term, soft)
    soft.done()
