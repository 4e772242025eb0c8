"""A pre-started interface (tdb/prestart.py): the second session of a user's is served by the server the
first one left, on the program's terminal, at the terminal's size, and the terminal comes back sane."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from harness.tmux import Tmux
from tdb.prestart import server_answers

from .conftest import pids, wait_for_exit
from .tdb_screen import press, status_at
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

PROGRAM = """
    def work(n):
        total = n * 3
        breakpoint()
        total += 1
        return total


    print("result", work(14))
"""


def _server_socket(runtime: Path, timeout: float = 10.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted((runtime / "tdb").glob("interface-*.sock")) if (runtime / "tdb").is_dir() else []
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no server socket appeared in {runtime}/tdb")


def _servers(runtime: Path) -> list[int]:
    return pids(f"tdb.ui.prestart_server {runtime}")


@pytest.fixture
def runtime(tmp_path: Path):
    directory = tmp_path / "run"
    directory.mkdir(mode=0o700)
    yield directory
    for pid in _servers(directory):  # (never left running by a test)
        os.kill(pid, signal.SIGKILL)


def _session(term: Tmux, runtime: Path, extra: str = "") -> str:
    term.run(f"XDG_RUNTIME_DIR={runtime} TDB_PRESTART=1 {extra}PYTHONBREAKPOINT=tdb.set_trace python prog.py")
    return term.wait_for(status_at("prog.py", 4, "work"))


def test_the_second_session_is_served_by_the_server_the_first_left(term: Tmux, write, runtime: Path) -> None:
    write("prog.py", PROGRAM)
    _session(term, runtime)
    assert not _servers(runtime)  # the first session starts cold, and leaves a server only as it ends
    press(term, "c", "result 43")
    term.wait_for_prompt()
    socket_path = _server_socket(runtime)
    assert socket_path.stat().st_mode & 0o777 == 0o600
    [server] = _servers(runtime)

    screen = _session(term, runtime)
    screen = term.wait_for("This interface was pre-started")
    assert f"pid {server}" in screen  # it says whose it is
    assert not pids("-m tdb.ui --fd")  # no cold interface was started
    interface = [pid for pid in pids("tdb.ui.prestart_server", parent=server)]
    assert len(interface) == 1  # the server's child draws this screen

    press(term, "n", status_at("prog.py", 5, "work"))
    term.type(":p total")
    term.send_keys("Enter")
    term.wait_for(re.compile(r"^│43\s", re.M))
    term.send_keys("Escape")

    # The window resized by its user: no SIGWINCH reaches a process outside the terminal's foreground
    # group; the interface reads the size and draws again, at the new size.
    term.resize(100, 30)
    screen = term.wait_until(lambda text: len(text.rstrip("\n").splitlines()) == 30 and "prog.py:5" in text
                             and text.rstrip("\n").splitlines()[-1].strip().startswith("n"), 5.0,
                             "the screen drawn again at 100x30")
    assert max(len(line.rstrip()) for line in screen.splitlines()) <= 100

    press(term, "c", "result 43")
    term.wait_for_prompt()
    assert_terminal_sane(term)
    wait_for_exit(interface[0])
    assert _servers(runtime) == [server]  # it stays for the next session


def test_another_textual_setting_starts_cold_and_the_server_ends_when_idle(term: Tmux, write,
                                                                          runtime: Path) -> None:
    write("prog.py", PROGRAM)
    _session(term, runtime, "TDB_PRESTART_IDLE=2 ")
    press(term, "c", "result 43")
    term.wait_for_prompt()
    socket_path = _server_socket(runtime)
    [server] = _servers(runtime)

    # Textual reads TEXTUAL_* as it is imported: a server imported without this one cannot serve it.
    _session(term, runtime, "TEXTUAL_ANIMATIONS=none ")
    assert pids("-m tdb.ui --fd"), "expected a cold interface"
    press(term, "c", "result 43")
    term.wait_for_prompt()

    wait_for_exit(server, timeout=15.0)  # idle for 2 s: gone, and its socket with it
    assert not socket_path.exists()


def test_a_socket_left_by_a_killed_server_is_replaced(term: Tmux, write, runtime: Path) -> None:
    write("prog.py", PROGRAM)
    _session(term, runtime)
    press(term, "c", "result 43")
    term.wait_for_prompt()
    socket_path = _server_socket(runtime)
    [server] = _servers(runtime)
    os.kill(server, signal.SIGKILL)
    wait_for_exit(server)
    assert socket_path.exists()  # (a killed server cannot remove it)

    _session(term, runtime)  # cold, as nobody answers there; a new server as it ends
    assert pids("-m tdb.ui --fd")
    press(term, "c", "result 43")
    term.wait_for_prompt()
    deadline = time.monotonic() + 10
    while not server_answers(str(socket_path)):
        assert time.monotonic() < deadline, "no new server"
        time.sleep(0.05)
    _session(term, runtime)
    term.wait_for("This interface was pre-started")
    press(term, "c", "result 43")
    term.wait_for_prompt()
