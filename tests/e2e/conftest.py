from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from harness.tmux import Timeout, Tmux, TmuxMissing, frame

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Tmux]:
    """A 120x40 tmux pane running a clean interactive bash in tmp_path; killed at the end, pass or fail."""
    home = tmp_path / "home"
    home.mkdir()
    try:
        terminal = Tmux(cwd=tmp_path, home=home)
    except TmuxMissing as error:
        missing = str(error)
    else:
        missing = ""
    if missing:
        pytest.fail(missing, pytrace=False)  # not a skip: a missing tmux must not pass unnoticed
    try:
        terminal.start()
        yield terminal
    finally:
        terminal.close()


class Soft:
    """Checks that record a failure and let the scenario go on, so one bug does not hide the next.

    Call .done() at the end: it fails the test with every recorded problem.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def check(self, condition: bool, message: str, screen: str | None = None) -> bool:
        if not condition:
            self.problems.append(message + (f"\n{frame(screen)}" if screen is not None else ""))
        return condition

    def wait(self, term: Tmux, pattern: str | re.Pattern[str], message: str, timeout: float = 5.0) -> bool:
        try:
            term.wait_for(pattern, timeout)
            return True
        except Timeout as error:
            self.problems.append(f"{message}: {error}")
            return False

    def done(self) -> None:
        problems, self.problems = self.problems, []
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def soft() -> Iterator[Soft]:
    checks = Soft()
    yield checks
    if checks.problems:  # a hard failure came before done(): what was found on the way explains it
        print("Problems recorded before the test stopped:\n\n" + "\n\n".join(checks.problems))


def pids(pattern: str, parent: int | None = None) -> list[int]:
    """pgrep -f PATTERN (optionally only children of `parent`)."""
    command = ["pgrep", "-f", "--", pattern]
    if parent is not None:
        command[1:1] = ["-P", str(parent)]
    result = subprocess.run(command, capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def wait_for_exit(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        # A zombie has exited too: its parent just has not reaped it yet.
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
                return
        except OSError:
            return
        if time.monotonic() > deadline:
            raise Timeout(f"process {pid} still running after {timeout:g} s")
        time.sleep(0.05)
