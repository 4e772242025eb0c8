"""python -m tdb.ui.prestart_server PATH: interfaces, ready made (tdb/prestart.py says why and how).

One thread, no event loop (it forks): a selector over the listening socket, the programs' links
and a pidfd for each interface it forked. A program sends one line of JSON (its environment, its
directory, its terminal's encoding) with two descriptors (the terminal, its end of the engine's
socket); the server forks, answers {"pid": N}, and, when that interface exits, {"exit": status}.
"""

from __future__ import annotations

import array
import io
import json
import os
import selectors
import signal
import socket
import sys
import time

from ..prestart import idle_seconds, textual_settings, which_interface
from . import FPS_CHOSEN_BY_TDB

# The user's Textual settings this server's Textual was imported with (tdb's own default left out).
SERVER_ENVIRONMENT = dict(os.environ)
STARTUP_SETTINGS = textual_settings(os.environ)
if FPS_CHOSEN_BY_TDB:
    del STARTUP_SETTINGS["TEXTUAL_FPS"]

from .run import import_asyncio_without_tls, run_interface  # noqa: E402

import_asyncio_without_tls()
# The slow imports a cold interface pays for.
from . import app as _app, css_memo  # noqa: E402,F401
from .commands import runner as _runner  # noqa: E402,F401
from .rehearsal import rehearse  # noqa: E402
from .widgets.source import SourceView  # noqa: E402

# Pygments compiles a lexer's rules at its first use (20-30 ms of a first screen): done here, once.
list(SourceView.lexer_for("warm.py").get_tokens("import sys\n"))
css_memo.keep_on_disk()
rehearse()  # (the rest of what a first screen does once per process)
css_memo.save()


def _modified(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


# The files of tdb's own it runs (when one changes, the server serves no more: a new one starts).
CODE = {module.__file__: _modified(module.__file__) for name, module in list(sys.modules.items())
        if name.startswith("tdb.") and getattr(module, "__file__", None)}

MAX_REQUEST = 1 << 20


def serve(path: str) -> int:
    idle = idle_seconds()
    signal.signal(signal.SIGTERM, _terminated)  # (the socket goes with the server: the finally below)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        bound = _bind(listener, path)
    except OSError:
        return 1  # another server took it: that one serves
    listener.listen(8)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listener")
    served = 0
    last_busy = time.monotonic()
    try:
        while True:
            if len(selector.get_map()) > 1:  # an interface of ours runs
                last_busy = time.monotonic()
            elif time.monotonic() - last_busy > idle:
                return 0
            for key, _ in selector.select(timeout=min(5.0, idle)):
                if key.data == "listener":
                    link, _ = listener.accept()
                    served += _serve_one(link, selector, first=served == 0)
                else:
                    _reap(selector, key)
    finally:
        _unlink_if_ours(path, bound)
        listener.close()


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _bind(listener: socket.socket, path: str) -> int:
    """Listen at `path` (replacing a socket a killed server left); the socket file's inode."""
    try:
        listener.bind(path)
    except OSError:
        from ..prestart import server_answers

        if server_answers(path):
            raise
        os.unlink(path)  # left by a server that was killed
        listener.bind(path)
    os.chmod(path, 0o600)
    return os.stat(path).st_ino


def _unlink_if_ours(path: str, inode: int) -> None:
    try:
        if os.stat(path).st_ino == inode:  # (not a newer server's)
            os.unlink(path)
    except OSError:
        pass


def _serve_one(link: socket.socket, selector: selectors.BaseSelector, first: bool) -> int:
    """Read a program's request and fork its interface; 1 if one was started."""
    from ..dap.listen import peer_credentials

    fds: list[int] = []
    try:
        link.settimeout(2.0)
        peer = peer_credentials(link)
        if peer is None or peer[1] != os.geteuid():
            raise OSError("not this user")
        request, fds = _receive(link)
        refusal = _refusal(request, fds)
        if refusal:
            link.sendall(json.dumps({"refused": refusal}).encode() + b"\n")
            if refusal == "tdb changed":
                raise SystemExit(0)  # (the program starts cold, and leaves a server of the new code)
            raise OSError(refusal)
        pid = os.fork()
        if pid == 0:
            _close_servers_own(selector)
            link.close()
            os._exit(_interface(request, fds[0], fds[1], first))
        link.sendall(json.dumps({"pid": pid, "first": first}).encode() + b"\n")
        selector.register(os.pidfd_open(pid), selectors.EVENT_READ, (pid, link))
        return 1
    except (OSError, ValueError, TypeError):
        link.close()
        return 0
    finally:
        for fd in fds:
            os.close(fd)


def _code_changed() -> bool:
    """Whether a file of tdb's that this server runs changed since it started (a new version, an edit)."""
    return any(_modified(path) != when for path, when in CODE.items())


def _refusal(request: dict, fds: list[int]) -> str:
    """Why this server cannot be the program's interface ("" if it can)."""
    if _code_changed():
        return "tdb changed"
    if len(fds) != 2:
        return "expected a terminal and a socket"
    if any(request.get(name) != value for name, value in which_interface().items()):
        return "another Python or tdb"
    if textual_settings(request.get("env") or {}) != STARTUP_SETTINGS:
        return "other Textual settings"
    return ""


def _close_servers_own(selector: selectors.BaseSelector) -> None:
    """In a forked interface: the server's sockets and pidfds are not its own (closed through their
    objects, so that no object closes a number reused since)."""
    for key in list(selector.get_map().values()):
        if isinstance(key.fileobj, socket.socket):
            key.fileobj.close()
        else:
            os.close(key.fd)
        if isinstance(key.data, tuple):
            key.data[1].close()
    selector.close()


def _receive(link: socket.socket) -> tuple[dict, list[int]]:
    data, fds = b"", array.array("i")
    while not data.endswith(b"\n"):
        chunk, ancillary, _, _ = link.recvmsg(65536, socket.CMSG_SPACE(2 * fds.itemsize))
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
        if not chunk or len(data) + len(chunk) > MAX_REQUEST:
            for fd in fds:
                os.close(fd)
            raise ValueError("no whole request")
        data += chunk
    request = json.loads(data)
    if not isinstance(request, dict):
        raise ValueError("not a request")
    return request, list(fds)


def _reap(selector: selectors.BaseSelector, key: selectors.SelectorKey) -> None:
    pid, link = key.data
    selector.unregister(key.fileobj)
    os.close(key.fd)
    _, status = os.waitpid(pid, 0)
    try:
        link.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
    except OSError:
        pass
    link.close()


def _interface(request: dict, terminal: int, engine_end: int, first: bool) -> int:
    """In the forked child: become the interface a cold start would have been, on the terminal sent."""
    try:
        for fd in (0, 1, 2):
            os.dup2(terminal, fd)
        os.close(terminal)
        os.environ.clear()
        os.environ.update({str(name): str(value) for name, value in (request.get("env") or {}).items()})
        try:
            os.chdir(str(request.get("cwd") or "/"))
        except OSError:
            pass
        encoding = str(request.get("encoding") or "utf-8")
        # (as Python makes them for a terminal: what Textual writes goes out as written, not when a buffer fills)
        sys.stdin = sys.__stdin__ = open(0, "r", encoding=encoding, closefd=False)
        sys.stdout = sys.__stdout__ = _terminal_stream(1, encoding)
        sys.stderr = sys.__stderr__ = _terminal_stream(2, encoding)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # (as python -m tdb.ui: Ctrl-C is the engine's)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.environ["TDB_PRESTART_IDLE"] = f"{idle_seconds(SERVER_ENVIRONMENT):g}"  # (what the console says)
        program_terminal = request.get("program_terminal", True) is not False  # (tdb -p: the program's is elsewhere)
        return run_interface(socket.socket(fileno=engine_end), owns_program_terminal=program_terminal,
                             prestarted="first" if first else "again")
    except BaseException:  # (never back into the server's loop)
        return 1


def _terminal_stream(fd: int, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(open(fd, "wb", buffering=0, closefd=False), encoding=encoding, errors="backslashreplace",
                            line_buffering=True, write_through=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tdb.ui.prestart_server PATH", file=sys.stderr)
        return 2
    return serve(args[0])


if __name__ == "__main__":
    sys.exit(main())
