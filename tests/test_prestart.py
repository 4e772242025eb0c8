"""The program's side of a pre-started interface (tdb/prestart.py) and the server's refusals: what is not
this user's server, this Python's or this tdb's never gets the terminal, and an interface's exit status
reaches every thread that waits for it."""

from __future__ import annotations

import array
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tdb import prestart

ROOT = Path(__file__).resolve().parents[1]


class FakeTerminal:
    def __init__(self) -> None:
        self.fd = os.open("/dev/null", os.O_RDWR)
        self.restored: list[int | None] = []

    def restore_if(self, returncode: int | None) -> None:
        self.restored.append(returncode)


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "run"
    directory.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(directory))
    monkeypatch.setenv("TDB_PRESTART", "1")
    return directory


def test_the_socket_is_in_a_directory_only_its_user_may_enter(runtime: Path) -> None:
    path = Path(prestart.socket_path())
    assert path.parent == runtime / "tdb"
    status = path.parent.stat()
    assert status.st_uid == os.geteuid() and stat.S_IMODE(status.st_mode) == 0o700
    assert path.name.startswith("interface-") and path.suffix == ".sock"


def test_no_server_or_turned_off_means_a_cold_start(runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal, (ours, theirs) = FakeTerminal(), socket.socketpair()
    assert prestart.hand_over(terminal, theirs) is None  # nobody listens
    monkeypatch.setenv("TDB_PRESTART", "0")
    assert not prestart.enabled() and prestart.hand_over(terminal, theirs) is None


def test_something_else_at_the_socket_is_not_waited_for(runtime: Path) -> None:
    """A socket that accepts and says nothing (or hangs up): the program starts its interface cold at once."""
    path = prestart.socket_path()
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)
    terminal, (ours, theirs) = FakeTerminal(), socket.socketpair()
    started = time.monotonic()
    assert prestart.hand_over(terminal, theirs) is None
    assert time.monotonic() - started < prestart.CONNECT_TIMEOUT + 0.5
    listener.close()


def test_the_exit_status_reaches_both_waiting_threads() -> None:
    """The program's thread (wait_closed) and the engine's (gone) wait at once: one reads the status, and
    neither takes the end of the link for a crash (which would reset the terminal under the shell)."""
    link, server = socket.socketpair()
    terminal = FakeTerminal()
    interface = prestart.PrestartedInterface(os.getpid(), link, terminal)
    waiters = [threading.Thread(target=interface.gone), threading.Thread(target=interface.wait_closed)]
    for waiter in waiters:
        waiter.start()
    time.sleep(0.1)
    server.sendall(json.dumps({"exit": 0}).encode() + b"\n")
    server.close()
    for waiter in waiters:
        waiter.join(5)
    assert interface.returncode == 0
    assert terminal.restored == [0, 0]  # restore_if(0) puts nothing back


def test_a_server_gone_silent_is_a_crash_and_the_terminal_is_put_right() -> None:
    link, server = socket.socketpair()
    terminal = FakeTerminal()
    interface = prestart.PrestartedInterface(os.getpid(), link, terminal)
    server.close()
    interface.gone()
    assert terminal.restored == [-1]


def _ask(path: str, request: dict, fds: list[int]) -> dict:
    link = socket.socket(socket.AF_UNIX)
    link.settimeout(10)
    link.connect(path)
    link.sendmsg([json.dumps(request).encode() + b"\n"],
                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else [])
    data = b""
    while not data.endswith(b"\n"):
        chunk = link.recv(4096)
        if not chunk:
            break
        data += chunk
    link.close()
    return json.loads(data) if data else {}


def test_the_server_refuses_another_python_another_tdb_and_other_textual_settings(runtime: Path) -> None:
    path = prestart.socket_path()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-P", "-m", "tdb.ui.prestart_server", path], env=env)
    try:
        deadline = time.monotonic() + 20
        while not prestart.server_answers(path):
            assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.05)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        own = {"env": {}, "cwd": "/", "encoding": "utf-8", **prestart.which_interface()}
        a, b = socket.socketpair()
        terminal = os.open("/dev/null", os.O_RDWR)
        assert _ask(path, {**own, "python": "/usr/bin/other-python"}, [terminal, b.fileno()]) == \
            {"refused": "another Python or tdb"}
        assert _ask(path, {**own, "tdb": "/elsewhere/tdb"}, [terminal, b.fileno()]) == \
            {"refused": "another Python or tdb"}
        assert _ask(path, {**own, "env": {"TEXTUAL_ANIMATIONS": "none"}}, [terminal, b.fileno()]) == \
            {"refused": "other Textual settings"}
        assert _ask(path, own, []) == {"refused": "expected a terminal and a socket"}
        assert server.poll() is None  # still serving
        server.terminate()
        server.wait(10)
        assert not os.path.exists(path)  # it takes its socket with it
    finally:
        server.kill()
        server.wait(10)


def test_a_server_whose_code_changed_serves_no_more(runtime: Path) -> None:
    """An edit of tdb (or a new version in the same place): the program starts cold, the server ends."""
    path = prestart.socket_path()
    server = subprocess.Popen([sys.executable, "-P", "-m", "tdb.ui.prestart_server", path],
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    edited = ROOT / "tdb" / "ui" / "paint.py"
    before = edited.stat()
    try:
        deadline = time.monotonic() + 20
        while not prestart.server_answers(path):
            assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.05)
        os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        a, b = socket.socketpair()
        request = {"env": {}, "cwd": "/", "encoding": "utf-8", **prestart.which_interface()}
        assert _ask(path, request, [os.open("/dev/null", os.O_RDWR), b.fileno()]) == {"refused": "tdb changed"}
        assert server.wait(10) == 0
        assert not os.path.exists(path)
    finally:
        os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
        server.kill()
        server.wait(10)
