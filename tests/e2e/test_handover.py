"""Keys typed as the terminal changes hands go to its next owner, in order, never nowhere.

Keys typed while the program runs are the program's; keys typed at a stop the
interface's; keys typed while a step is out wait for its outcome. The keys are
sent the moment the terminal changes hands (no wait between `c` or `n` and the
answer), as a quick typist sends them.
"""

from __future__ import annotations

import re
import time

import pytest

from .conftest import Soft
from .tdb_screen import command, leave_command_line, status_at
from .test_stepping import assert_terminal_sane
from harness.tmux import Tmux

pytestmark = pytest.mark.e2e


def _type_as_a_person(term: Tmux, text: str) -> None:
    """A fast typist: some 30 keys a second, the first one right after the key before."""
    for character in text:
        time.sleep(0.03)
        term.type(character)


def _quit_and_check(term: Tmux, soft: Soft) -> None:
    """q, the shell again, the terminal as it was; then the problems found on the way, if any."""
    term.send_keys("q")
    term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()


@pytest.mark.parametrize("when", ["the moment the prompt appears", "right after c"])
def test_an_answer_typed_at_the_handover_reaches_the_programs_input(term: Tmux, soft: Soft, tmp_path,
                                                                    when: str) -> None:
    (tmp_path / "ask.py").write_text('name = input("Name? ")\nprint("hello", repr(name))\n'
                                     'open("names.txt", "a").write(repr(name) + "\\n")\n')
    for attempt in range(3):  # the keys land at a different point of the handover each time
        term.run("clear; tdb ask.py")
        term.wait_for(status_at("ask.py", 1, "<module>"))
        term.send_keys("c")
        if when == "the moment the prompt appears":
            term.wait_for(re.compile(r"^Name\?", re.M), poll=0.001)  # the program's screen, not the source
        _type_as_a_person(term, f"bob{attempt}")
        term.send_keys("Enter")
        if not soft.wait(term, f"hello 'bob{attempt}'", f"attempt {attempt}: the typed answer to reach input()"):
            names = tmp_path / "names.txt"
            soft.problems.append(f"input() read: {names.read_text() if names.exists() else 'nothing'}")
        term.send_keys("q")
        term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()


@pytest.mark.parametrize("look", [False, True], ids=["c at the stop", "o, a key, then c"])
def test_keys_typed_while_the_program_runs_stay_the_programs_at_the_next_stop(term: Tmux, soft: Soft, tmp_path,
                                                                               look: bool) -> None:
    """Typed ahead of the program's input() while it runs; a breakpoint stops it first: the keys are not
    the interface's (b would set a breakpoint, o show the output...), and the program reads them after c.
    `o` at that stop shows the program's screen: the keys it has not read are not taken as the key that
    leaves that screen either."""
    (tmp_path / "ask.py").write_text(
        "import time\ntime.sleep(1.5)\nx = 1\nname = input('Name? ')\nprint('hello', repr(name))\n")
    term.run("tdb ask.py")
    term.wait_for(status_at("ask.py", 1, "<module>"))
    command(term, "b 3", "Breakpoint 1")
    leave_command_line(term)
    term.send_keys("c")
    _type_as_a_person(term, "bob")
    term.send_keys("Enter")
    screen = term.wait_for(status_at("ask.py", 3, "<module>"), 10)
    if look:
        term.send_keys("o")
        soft.wait(term, "the program's screen: press any key", "the program's screen")
        term.send_keys("x")  # (leaves it: the interface's key, not the program's)
        screen = term.wait_for(status_at("ask.py", 3, "<module>"))
    soft.check("Breakpoint 2" not in screen and "> bob" not in screen, "the typed keys reached the interface",
               screen)
    term.send_keys("c")
    soft.wait(term, "hello 'bob'", "the program to read what was typed while it ran")
    _quit_and_check(term, soft)


STRAIGHT = "def work():\n    a = 1\n" + "".join(f"    a = {n}\n" for n in range(2, 12)) + "    return a\n\nwork()\n"


def test_steps_typed_faster_than_they_stop_are_all_taken_in_order(term: Tmux, soft: Soft, tmp_path) -> None:
    """`nnn` in one go, and again with a key in between that is not a step: each key is handled once the
    step before it has stopped, none is dropped."""
    (tmp_path / "straight.py").write_text(STRAIGHT)
    term.run("tdb straight.py")
    term.wait_for(status_at("straight.py", 1, "<module>"))
    term.send_keys("n")
    term.wait_for(status_at("straight.py", 15, "<module>"))
    term.send_keys("s")
    term.wait_for(status_at("straight.py", 1, "work"))  # (the call's first stop is its def line)
    term.send_keys("n")
    term.wait_for(status_at("straight.py", 2, "work"))
    term.type("nnn")
    soft.wait(term, status_at("straight.py", 5, "work"), "three steps from three n typed at once")
    term.type("nuddn")  # (u, d, d: up to the caller, down again, then a d that has nowhere to go)
    soft.wait(term, status_at("straight.py", 7, "work"), "the steps around u, d and d to be taken")
    screen = term.screen()
    soft.check("Newest frame" in screen, "the last d to be told it has nowhere to go", screen)
    _quit_and_check(term, soft)


@pytest.mark.parametrize("when", ["at once", "while the step is out"])
def test_an_answer_typed_as_a_step_enters_input_reaches_it(term: Tmux, soft: Soft, tmp_path, when: str) -> None:
    """n over `input()`: the program gets the terminal as it reads, its prompt is on its screen, and the
    answer typed right after n (read by the interface before the handover) is the program's. (The part of
    it typed before the prompt was drawn is echoed before it, as typing ahead of any program is.)"""
    (tmp_path / "ask.py").write_text('x = 1\nname = input("Name? ")\nprint("hello", repr(name))\n')
    for attempt in range(3):  # the keys land at a different point of the step each time
        term.run("clear; tdb ask.py")
        term.wait_for(status_at("ask.py", 1, "<module>"))
        term.send_keys("n")
        term.wait_for(status_at("ask.py", 2, "<module>"))
        term.send_keys("n")
        if when == "while the step is out":
            term.type(f"bob{attempt}")
        else:
            _type_as_a_person(term, f"bob{attempt}")
        term.send_keys("Enter")
        soft.wait(term, status_at("ask.py", 3, "<module>"), f"attempt {attempt}: the step to stop after input()")
        term.send_keys("o")  # the program's screen: its prompt (the answer typed ahead of it is echoed before it)
        if soft.wait(term, "Name?", f"attempt {attempt}: the prompt on the program's screen"):
            soft.check(f"bob{attempt}" in term.screen(), "the answer echoed on the program's screen", term.screen())
        term.send_keys("Escape")
        term.send_keys("c")
        soft.wait(term, f"hello 'bob{attempt}'", f"attempt {attempt}: the answer to reach input()")
        term.send_keys("q")
        term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()


def test_a_read_of_the_terminal_typed_at_a_stop_waits_and_ctrl_c_interrupts_it(term: Tmux, soft: Soft, tmp_path) -> None:
    """`p input()` at the command line: the terminal is the interface's, so the read waits (said in the
    console) rather than take the keys from under it; Ctrl-C interrupts it and the stop goes on."""
    (tmp_path / "ask.py").write_text("x = 1\nprint('done')\n")
    term.run("tdb ask.py")
    term.wait_for(status_at("ask.py", 1, "<module>"))
    command(term, "p input('Name? ')", "waits to read the terminal")
    term.type("bob")  # the command line's, not the read's
    term.send_keys("C-c")
    soft.wait(term, "*** interrupted", "Ctrl-C to interrupt the read")
    term.send_keys("C-u")
    command(term, "p 21 * 2", re.compile(r"^│42\s", re.M))
    leave_command_line(term)
    term.send_keys("c")
    soft.wait(term, "The program exited", "the program to run on and end")
    _quit_and_check(term, soft)
