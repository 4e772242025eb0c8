"""Scenario 6: kill -9 either process while stopped; the terminal must be left sane."""

from __future__ import annotations

import os
import signal

import pytest

from .conftest import Soft, pids, wait_for_exit
from .tdb_screen import status_at
from harness.tmux import Timeout, Tmux, frame

pytestmark = pytest.mark.e2e

ONE_STOP = """
    def work(n):
        total = n * 3
        breakpoint()
        print("after the stop, total =", total)


    print("program starting")
    work(14)
    print("program done")
"""


def start_stopped(term: Tmux, write) -> tuple[int, int]:
    """Run the program under set_trace until its breakpoint(); (program pid, interface pid)."""
    script = write("one.py", ONE_STOP)
    term.run(f"PYTHONBREAKPOINT=tdb.set_trace python {script}")
    term.wait_for(status_at("one.py", 4, "work"))
    term.wait_for("total: int = 42")
    programs = pids(f"python {script}")
    assert len(programs) == 1, f"expected one program process, found {programs}"
    interfaces = pids("-m tdb.ui", parent=programs[0])
    assert len(interfaces) == 1, f"expected one interface process under the program, found {interfaces}"
    return programs[0], interfaces[0]


def check_shell_is_back(term: Tmux, soft: Soft, what: str) -> None:
    """The prompt is visible on the normal screen, the tty is in cooked mode with echo, commands run."""
    try:
        term.wait_for_prompt(timeout=3)
    except Timeout as error:
        soft.check(False, f"after {what}, the shell prompt is not visible on the normal screen "
                          f"(alternate screen on: {term.alternate_on()}): {error}")
        # Go on to the other checks from a fresh prompt line.
        term.send_keys("Enter")
    modes = term.tty_modes()
    soft.check(modes.get("icanon") is True and modes.get("echo") is True,
               f"after {what}, the terminal was left with modes {modes} (want icanon and echo)", term.screen())
    term.run("echo alive-$((6 * 7))")
    term.wait_for("alive-42")
    soft.check(not term.alternate_on(), f"after {what}, the pane is still in the alternate screen", term.screen())


def test_kill_the_program_while_stopped(term: Tmux, write, soft: Soft) -> None:
    program, interface = start_stopped(term, write)
    os.kill(program, signal.SIGKILL)
    # The interface notices its program is gone, leaves, and says why. The shell drew
    # its prompt on the interface's screen before it could leave (bash does not redraw
    # it for us), so the user presses Enter for a fresh one: check_shell_is_back does.
    wait_for_exit(interface, timeout=5)
    term.wait_for("tdb: the program ended without a word (killed?)")
    term.send_keys("Enter")
    check_shell_is_back(term, soft, "kill -9 of the program")
    soft.done()


def test_kill_the_interface_while_stopped(term: Tmux, write, soft: Soft) -> None:
    program, interface = start_stopped(term, write)
    os.kill(interface, signal.SIGKILL)
    # The program goes on without the debugger, and ends.
    wait_for_exit(program, timeout=10)
    try:
        screen = term.wait_until(lambda s: "program done" in s, 3, "the program's last output on the normal screen",
                                 capture=term.normal_screen)
        soft.check("after the stop, total = 42" in screen,
                   "the program's first line of output after the kill is missing from the normal screen", screen)
    except Timeout as error:
        soft.check(False, f"{error}\nwhile the pane shows (alternate screen on: {term.alternate_on()}):\n"
                          f"{frame(term.screen())}")
    shown = term.screen()
    soft.check("Variables" not in shown and "total: int" not in shown,
               "after kill -9 of the interface, its last picture is still on the screen", shown)
    check_shell_is_back(term, soft, "kill -9 of the interface")
    soft.done()
