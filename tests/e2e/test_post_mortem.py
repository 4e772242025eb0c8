"""Scenario 5: `tdb crash.py`, the program raises: post-mortem at the exception, u to the caller."""

from __future__ import annotations

import pytest

from .tdb_screen import console, current_line, press, status_at
from harness.tmux import Tmux
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

CRASH = """
    def divide(a, b):
        ratio = a / b
        return ratio


    def run():
        numerator = 10
        return divide(numerator, 0)


    run()
"""


def test_post_mortem_shows_the_exception_and_walks_the_stack(term: Tmux, write) -> None:
    write("crash.py", CRASH)
    term.run("tdb crash.py")
    term.wait_for(status_at("crash.py", 1, "<module>"))

    # c: the program raises; the screen shows where, what, and the whole stack.
    screen = press(term, "c", status_at("crash.py", 2, "divide"))
    status = next(row for row in screen.splitlines() if row.startswith(" crash.py:2"))
    assert "ZeroDivisionError" in status
    screen = term.wait_for("b: int = 0")
    assert "a: int = 10" in screen
    assert current_line(screen) == 2
    stack = ["divide  crash.py:2", "run  crash.py:8", "<module>  crash.py:11"]
    assert all(entry in screen for entry in stack), "the Stack pane should list the three frames"
    rows = screen.splitlines()
    assert [next(i for i, row in enumerate(rows) if entry in row) for entry in stack] == sorted(
        next(i for i, row in enumerate(rows) if entry in row) for entry in stack), "newest frame first"
    # The traceback, in the Console, scrolled to its last line.
    term.wait_until(lambda s: "ZeroDivisionError: division by zero" in console(s), 5,
                    "the exception's last traceback line in the Console")

    # u: the caller's line, locals and status.
    screen = press(term, "u", status_at("crash.py", 8, "run"))
    screen = term.wait_for("numerator: int = 10")
    assert current_line(screen) == 8
    assert "a: int = 10" not in screen
    status = next(row for row in screen.splitlines() if row.startswith(" crash.py:8"))
    assert "ZeroDivisionError" in status and "frame 1 of 3" in status

    # d goes back down; u twice reaches the module; once more says so and stays.
    press(term, "d", status_at("crash.py", 2, "divide"))
    press(term, "u", status_at("crash.py", 8, "run"))
    press(term, "u", status_at("crash.py", 11, "<module>"))
    screen = press(term, "u", "Oldest frame")
    assert current_line(screen) == 11

    # q: the shell is back; the program failed, so the exit status says so.
    term.send_keys("q")
    term.wait_for_prompt()
    term.run("echo status=$?")
    term.wait_for("status=1")
    assert_terminal_sane(term)
