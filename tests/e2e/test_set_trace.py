"""Scenarios 2 and 4: PYTHONBREAKPOINT=tdb.set_trace, the terminal handed back and forth, input()."""

from __future__ import annotations

import pytest

from .tdb_screen import current_line, press, status_at
from harness.tmux import Tmux
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

TWO_STOPS = """
    def work(n):
        total = n * 3
        label = "first"
        breakpoint()
        print("after the first stop, total =", total)
        return total


    def again(x):
        y = x + 1
        breakpoint()
        return y


    print("program starting")
    value = work(14)
    print("between the stops")
    again(value)
    print("program done")
"""


def test_two_breakpoints_share_the_terminal_with_the_program(term: Tmux, write) -> None:
    write("prog.py", TWO_STOPS)
    term.run("PYTHONBREAKPOINT=tdb.set_trace python prog.py")

    # First stop: the line after breakpoint(), with work()'s locals.
    screen = term.wait_for(status_at("prog.py", 5, "work"))
    screen = term.wait_for("label: str = 'first'")
    assert current_line(screen) == 5
    assert "n: int = 14" in screen and "total: int = 42" in screen
    assert "work  prog.py:5" in screen and "<module>  prog.py:16" in screen
    assert term.alternate_on()
    assert "program starting" in term.normal_screen()  # printed before the stop, kept on the program's screen

    # c: the program prints on its own (normal) screen, then the second breakpoint() takes the screen again.
    screen = press(term, "c", status_at("prog.py", 12, "again"))
    screen = term.wait_for("y: int = 43")
    assert "x: int = 42" in screen
    assert current_line(screen) == 12
    assert "label: str" not in screen  # the first stop's locals are gone
    assert term.alternate_on()
    program_screen = term.normal_screen()
    assert "after the first stop, total = 42" in program_screen
    assert "between the stops" in program_screen
    assert "after the first stop, total = 42" not in screen  # the program's output is not drawn over the interface

    # c again: the program ends, the shell prompt is back, and all the output is there in order.
    term.send_keys("c")
    screen = term.wait_for_prompt()
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    expected = ["program starting", "after the first stop, total = 42", "between the stops", "program done"]
    assert [line for line in lines if line in expected] == expected
    assert "Variables" not in screen
    assert_terminal_sane(term)


ASK = """
    def main():
        greeting = "hello"
        breakpoint()
        name = input("name? ")
        print(f"{greeting}, {name}!")


    main()
"""


def test_input_after_a_breakpoint_reaches_the_program(term: Tmux, write) -> None:
    write("ask.py", ASK)
    term.run("PYTHONBREAKPOINT=tdb.set_trace python ask.py")
    screen = term.wait_for(status_at("ask.py", 4, "main"))
    term.wait_for("greeting: str = 'hello'")

    # c: the prompt of input() is on the program's screen, and what is typed reaches the program.
    term.send_keys("c")
    term.wait_until(lambda screen: not term.alternate_on() and "name?" in screen, 10,
                    "input()'s prompt on the program's screen")
    term.type("Ada Lovelace")
    term.wait_for("name? Ada Lovelace")  # echoed by the terminal as typed
    term.send_keys("Enter")
    screen = term.wait_for("hello, Ada Lovelace!")
    screen = term.wait_for_prompt()
    assert "Traceback" not in screen
    assert_terminal_sane(term)


SHADOWED = """
    import sys

    sys.path.insert(0, ".")  # as a program that imports its own `rich` would


    def main():
        answer = 42
        breakpoint()
        print("done", answer)


    main()
"""


def test_modules_in_the_programs_directory_do_not_stand_in_for_the_interfaces(term: Tmux, write) -> None:
    # The interface runs from the program's working directory; its imports must still be its own.
    write("rich.py", "raise SystemExit('the program directory rich.py was imported by the interface')\n")
    write("textual.py", "raise SystemExit('the program directory textual.py was imported by the interface')\n")
    write("prog.py", SHADOWED)
    term.run("PYTHONBREAKPOINT=tdb.set_trace python prog.py")
    screen = term.wait_for("answer: int = 42")
    assert current_line(screen) == 9  # print("done", answer)
    term.send_keys("c")
    screen = term.wait_for_prompt()
    assert "done 42" in screen and "was imported by the interface" not in screen
    assert_terminal_sane(term)
