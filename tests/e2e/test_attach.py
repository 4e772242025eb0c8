"""`tdb -p PID` in a real terminal: attach to a program running elsewhere, step, break in, detach."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from .conftest import Soft
from .tdb_screen import command, leave_command_line, press, status_at
from harness.tmux import Tmux
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

SLEEPER = """
    import time

    def nap(seconds):
        label = "napping"
        time.sleep(seconds)
        return label

    rounds = 0
    while True:
        rounds += 1
        print("round", rounds, flush=True)
        nap(0.2)
"""


def _sleeper(write, python314: str, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """The program, run outside the pane with no tdb installed (-S): its terminal is not ours; its log."""
    log = tmp_path / "program.log"
    with log.open("w") as output:
        program = subprocess.Popen([python314, "-S", str(write("sleeper.py", SLEEPER))], stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return program, log


def _detach(term: Tmux, soft: Soft, program: subprocess.Popen, log: Path) -> None:
    """q detaches: the shell is back, sane, and the program runs on."""
    term.send_keys("q")
    screen = term.wait_for_prompt()
    soft.check(f"tdb: detached from process {program.pid}" in screen, "tdb says it detached", screen)
    assert_terminal_sane(term, soft)
    rounds = log.read_text().count("round")
    term.wait_until(lambda _: log.read_text().count("round") > rounds + 2, 10, "the program to go on printing",
                    capture=lambda: "")
    soft.check(program.poll() is None, "the program still runs")


def test_attach_step_break_in_and_detach(term: Tmux, soft: Soft, write, python314: str, tmp_path: Path) -> None:
    program, log = _sleeper(write, python314, tmp_path)
    try:
        term.run(f"tdb -p {program.pid}")
        screen = term.wait_for(re.compile(r"^ sleeper\.py:\d+\s+in \S+ — paused", re.M), 15)
        soft.wait(term, "q detaches and it runs on", "the console says that q detaches")
        soft.check(re.search(r"round \d", screen) is None, "the program's output is not drawn on tdb's screen", screen)

        # Stop in nap() (a breakpoint on its sleep), look at it, step over the sleep.
        term.wait_for("sleeper.py")
        command(term, "b 5", "Breakpoint 1 at")
        leave_command_line(term)
        screen = press(term, "c", re.compile(r"^ sleeper\.py:5\s+in nap — at a breakpoint", re.M))
        soft.check("label: str = 'napping'" in screen, "nap()'s locals at the breakpoint", screen)
        press(term, "n", status_at("sleeper.py", 6, "nap"))
        command(term, "cl 1", "Deleted breakpoint 1")
        leave_command_line(term)

        # c: it runs (its output goes to its own log), and Ctrl-C here breaks in, asleep or not.
        term.send_keys("c")
        term.wait_for("running…")
        screen = press(term, "C-c", re.compile(r"^ sleeper\.py:\d+\s+in \S+ — paused", re.M))

        _detach(term, soft, program, log)

        # Attaching twice in a row works.
        term.run(f"tdb -p {program.pid}")
        term.wait_for(re.compile(r"^ sleeper\.py:\d+\s+in \S+ — paused", re.M), 15)
        term.send_keys("q")
        term.wait_for_prompt()
        soft.check(program.poll() is None, "the program still runs after the second detach")
    finally:
        program.kill()
        program.wait()
    soft.done()


def test_attach_to_nothing_says_so_in_one_line(term: Tmux) -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        term.run(f"tdb -p {sleeper.pid}")
        screen = term.wait_for_prompt()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert f"tdb: process {sleeper.pid} (sleep, " in screen and "is not a Python program" in screen
    term.run("echo status=$?")
    term.wait_for("status=1")
    assert_terminal_sane(term)


def test_a_second_attach_is_drawn_by_the_interface_the_first_left(term: Tmux, soft: Soft, write, python314: str,
                                                                   tmp_path: Path) -> None:
    """tdb -p, like breakpoint(), leaves a pre-started interface as it ends: the next tdb -p hands it its
    terminal and the engine's socket (no Textual imported in tdb -p then), and waits for it."""
    from .test_prestart import _server_socket, _servers

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    program, log = _sleeper(write, python314, tmp_path)
    paused = re.compile(r"^ sleeper\.py:\d+\s+in \S+ — paused", re.M)
    settings = f"XDG_RUNTIME_DIR={runtime} TDB_PRESTART=1"
    try:
        term.run(f"{settings} tdb -p {program.pid}")
        term.wait_for(paused, 15)
        term.send_keys("q")
        term.wait_for_prompt()
        _server_socket(runtime)

        term.run(f"{settings} tdb -p {program.pid}")
        term.wait_for(paused, 15)
        soft.wait(term, "This interface was pre-started", "the console says the interface was pre-started")
        press(term, "n", re.compile(r"^ sleeper\.py:\d+\s+in \S+ — ", re.M))
        _detach(term, soft, program, log)
    finally:
        program.kill()
        program.wait()
        for pid in _servers(runtime):
            os.kill(pid, signal.SIGKILL)
    soft.done()
