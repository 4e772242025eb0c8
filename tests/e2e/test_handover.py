"""Keys typed as the terminal changes hands go to its next owner, in order, never nowhere.

Keys typed while the program runs are the program's; keys typed at a stop the
interface's. The keys are sent the moment the terminal changes hands (no wait
between `c` and the answer), as a quick typist sends them.
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


def test_keys_typed_while_the_program_runs_stay_the_programs_at_the_next_stop(term: Tmux, soft: Soft,
                                                                               tmp_path) -> None:
    """Typed ahead of the program's input() while it runs; a breakpoint stops it first: the keys are not
    the interface's (b would set a breakpoint, o show the output...), and the program reads them after c."""
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
    soft.check("Breakpoint 2" not in screen and "> bob" not in screen, "the typed keys reached the interface",
               screen)
    term.send_keys("c")
    soft.wait(term, "hello 'bob'", "the program to read what was typed while it ran")
    term.send_keys("q")
    term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()
