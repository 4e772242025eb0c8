"""A pre-started interface: the second and later debugging sessions of a user draw at once.

A cold interface is a new Python that imports Textual: most of the 0.3-0.4 s before the first
screen. So, after a session, the interface leaves a server behind (`python -m tdb.ui.prestart_server`,
tdb/ui/prestart_server.py) with Textual and the screens imported, listening on a Unix socket of
this user's own. The next `breakpoint()` hands it the terminal and its end of the engine's socket
(SCM_RIGHTS), with the environment and directory the interface would have had; the server forks
an interface for it, and tells this side its pid and then its exit status, as a child's.

It must not surprise: the server serves only its own user (both ends check the other's uid), one
Python and one tdb (the socket's name says which), and ends after IDLE_SECONDS without a session;
`ps` shows it as `python -P -m tdb.ui.prestart_server`, and the first session it serves says so in
the console. TDB_PRESTART=0 turns it off. Anything amiss (no server, another user's, a slow one)
and the interface starts cold, as before.

Standard library only: the program imports it (launch.py).
"""

from __future__ import annotations

import binascii
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

IDLE_SECONDS = 600.0  # the server ends after this long without a session (TDB_PRESTART_IDLE: seconds)
CONNECT_TIMEOUT = 0.5  # a server that does not answer within this is not waited for
TEXTUAL_SETTINGS = "TEXTUAL_"  # environment read when Textual is imported: the server's must match


def idle_seconds(environ: dict[str, str] | os._Environ[str] = os.environ) -> float:
    try:
        return max(1.0, float(environ.get("TDB_PRESTART_IDLE", IDLE_SECONDS)))
    except ValueError:
        return IDLE_SECONDS


def enabled(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    return environ.get("TDB_PRESTART", "1") != "0"


def socket_path() -> str | None:
    """This user's server's socket for this Python and this tdb; None if no private directory is at hand."""
    import tempfile

    from .dap.listen import private_directory, runtime_directory

    directory = runtime_directory() or private_directory(os.path.join(tempfile.gettempdir(), f"tdb-{os.geteuid()}"))
    if directory is None:
        return None
    # (a CRC, not hashlib: 4 ms less in the program; the server checks the Python and tdb it is asked for)
    key = binascii.crc32("\0".join(which_interface().values()).encode())
    return os.path.join(directory, f"interface-{key:08x}.sock")


def which_interface() -> dict[str, str]:
    """The Python and the tdb an interface runs: a server serves only programs of the same (and ends
    when tdb's code changes under it: tdb/ui/prestart_server.py)."""
    return {"python": os.path.realpath(sys.executable), "tdb": os.path.dirname(os.path.abspath(__file__))}


def textual_settings(environ: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    return {name: value for name, value in environ.items() if name.startswith(TEXTUAL_SETTINGS)}


# -- the program's side ------------------------------------------------------------------------


class PrestartedInterface:
    """An interface the server forked for this program: waited for through the server, as a child would be."""

    def __init__(self, pid: int, link: socket.socket, terminal: Any) -> None:
        self.pid = pid
        self._link = link
        self._received = b""
        self.terminal = terminal
        self.returncode: int | None = None
        self._reading = threading.Lock()  # (the program's thread and the engine's may both wait)

    def _wait(self, timeout: float) -> bool:
        """Whether the interface exited within `timeout` (its status read from the server)."""
        deadline = time.monotonic() + timeout
        if not self._reading.acquire(timeout=timeout):
            return False
        try:
            return self.returncode is not None or self._read_status(deadline)
        finally:
            self._reading.release()

    def _read_status(self, deadline: float) -> bool:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._link], [], [], left)[0]:
                return False
            try:
                chunk = self._link.recv(4096)
            except OSError:
                chunk = b""
            self._received += chunk
            if not chunk or self._received.endswith(b"\n"):
                break
        try:
            self.returncode = int(json.loads(self._received or b"{}").get("exit", -1))
        except (ValueError, AttributeError):
            self.returncode = -1  # the server went away: as a crash (the terminal is put right)
        self._link.close()
        return True

    def wait_closed(self, timeout: float = 3.0) -> None:
        """As InterfaceProcess.wait_closed: wait for it to leave the screen; kill it, and put the terminal
        right, if it does not."""
        if not self._wait(timeout):
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            if not self._wait(2.0):
                self.returncode = -signal.SIGKILL
        self.terminal.restore_if(self.returncode)

    def gone(self) -> None:
        if self._wait(2.0):
            self.terminal.restore_if(self.returncode)

    def wait(self) -> int:
        """Its exit status, once it exits (tdb -p waits so, as for a child); the terminal put right if it crashed."""
        while not self._wait(3600.0):
            pass
        self.terminal.restore_if(self.returncode)
        return self.returncode if self.returncode is not None else -1


def serving() -> bool:
    """Whether this user's server for this Python and tdb answers (tdb -p then imports no Textual)."""
    path = socket_path() if enabled() else None
    return path is not None and os.path.exists(path) and server_answers(path)


def hand_over(terminal: Any, engine_end: socket.socket, *, program_terminal: bool = True) -> PrestartedInterface | None:
    """Give this user's server the terminal and `engine_end`; the interface it starts, or None (start one cold).

    program_terminal: the terminal is the program's (a `breakpoint()`'s: the interface hands it over
    when the program runs); not for `tdb -p`, whose program has a terminal of its own."""
    path = socket_path() if enabled() else None
    if path is None or not os.path.exists(path):
        return None
    from .dap.listen import peer_credentials

    link = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        link.settimeout(CONNECT_TIMEOUT)
        link.connect(path)
        peer = peer_credentials(link)
        if peer is None or peer[1] != os.geteuid():
            raise OSError("the socket is not this user's server")  # (never hand a terminal to another user)
        request = {"env": dict(os.environ), "cwd": os.getcwd(), "encoding": _terminal_encoding(),
                   "program_terminal": program_terminal, **which_interface()}
        request["env"].pop("PYTHONBREAKPOINT", None)
        socket.send_fds(link, [json.dumps(request).encode() + b"\n"], [terminal.fd, engine_end.fileno()])
        answer = _read_line(link)
        pid = int(answer["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        link.close()
        return None
    link.settimeout(None)
    return PrestartedInterface(pid, link, terminal)


def _read_line(link: socket.socket) -> dict[str, Any]:
    data = b""
    while not data.endswith(b"\n"):
        chunk = link.recv(4096)
        if not chunk:
            raise OSError("the server closed the connection")
        data += chunk
    answer = json.loads(data)
    if not isinstance(answer, dict):
        raise ValueError("not an answer")
    return answer


def _terminal_encoding() -> str:
    stream = sys.__stderr__
    return getattr(stream, "encoding", None) or "utf-8"


# -- starting the server (by an interface, as it leaves) ----------------------------------------


def server_answers(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(CONNECT_TIMEOUT)
        probe.connect(path)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def with_this_tdb(environ: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    """`environ` with this tdb first on PYTHONPATH: an interface's process (`python -P -m tdb.ui...`)
    imports this tdb, whatever the program's path holds."""
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return {**environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, environ.get("PYTHONPATH")]))}


def start_server(environ: dict[str, str]) -> bool:
    """Start this user's server in the background unless one answers; whether one was started."""
    path = socket_path() if enabled(environ) else None
    if path is None or server_answers(path):
        return False
    try:
        subprocess.Popen([sys.executable, "-P", "-m", "tdb.ui.prestart_server", path],
                         env=with_this_tdb(environ), cwd="/", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:
        return False
    return True
