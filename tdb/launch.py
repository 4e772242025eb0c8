"""Start the two halves: the interface process (for set_trace) and the program (for `tdb script.py`).

Imported by the debugged program, so standard library only, and light: the
interface takes about 300 ms to draw its first screen and the engine about
30 ms to import, so the interface is started first and the engine is imported
while it loads (engine modules are imported inside the functions that need
them, and the process start needs only os, socket and subprocess).
"""

from __future__ import annotations

import atexit
import errno
import os
import socket
import subprocess
import sys
import threading
import time
import types

from .engine.controlling_terminal import NoTerminal, Terminal
from .engine.modes import ATTACH, RUN, SET_TRACE

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any
    from .dap.connection import Connection
    from .engine.session import Session
    from .targets import Target

_lock = threading.Lock()
_session: "Session | None" = None


class InterfaceProcess:
    """The interface tdb started on the program's terminal (python -m tdb.ui)."""

    def __init__(self, process: subprocess.Popen, terminal: Terminal) -> None:
        self.process = process
        self.terminal = terminal

    def wait_closed(self, timeout: float = 3.0) -> None:
        """Wait for the interface to leave the screen; put the terminal right if it could not."""
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.terminal.restore_if(self.process.returncode)

    def gone(self) -> None:
        """The link broke: if the interface died badly, give the terminal back sane before the program goes on."""
        try:
            self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            pass  # alive but deaf: nothing to restore yet
        else:
            self.terminal.restore_if(self.process.returncode)


def _session_on(sock: socket.socket, mode: str, main_file: str = "", commands: tuple[str, ...] = (), *,
                decoder: Any = None, first: tuple[dict[str, Any], ...] = ()) -> Session:
    """The engine, speaking DAP on `sock` (imported here, once the interface is on its way).

    decoder, first: what the listener read already (the first message, and any bytes after it)."""
    Connection, Session = load_engine()
    return Session(Connection(sock, decoder=decoder, first=first), mode=mode, main_file=main_file, commands=commands)


def load_engine() -> tuple[type[Connection], type[Session]]:
    """Import the engine (tdb -p's script does it first, with the program's other threads held: engine/switching.py)."""
    from .dap.connection import Connection
    from .engine.session import Session

    return Connection, Session


def spawn_interface(mode: str, main_file: str = "", commands: tuple[str, ...] = ()) -> Session:
    """Start `python -m tdb.ui` on the controlling terminal, linked by a private socketpair."""
    from .engine.switching import OtherThreadsHeld
    from .timeline import mark

    with OtherThreadsHeld():  # (a busy program's threads would make the load ten times slower)
        mark("program: start the interface")
        terminal = Terminal.open()
        ours, theirs = socket.socketpair()
        from .prestart import hand_over

        interface: Any = hand_over(terminal, theirs)  # a pre-started one: the first screen at once
        if interface is not None:
            theirs.close()
            mark("program: interface pre-started")
        else:
            interface = _start_interface(terminal, theirs)
            mark("program: interface started")
        session = _session_on(ours, mode, main_file, commands)
        if mode == SET_TRACE:  # (its stop comes at the caller's next line)
            session.quick_until_a_stop.take()
    session.interface = interface
    session.when_lost = lambda: (interface.gone(), _forget(session))
    session.start()
    return session


def _start_interface(terminal: Terminal, theirs: socket.socket) -> InterfaceProcess:
    """A new Python for the interface, on the terminal (a cold start)."""
    from .prestart import with_this_tdb

    env = with_this_tdb(os.environ)
    env.pop("PYTHONBREAKPOINT", None)
    # -P: not the program's directory first on the interface's path, where a `rich.py` or
    # `json.py` of the program's own would stand in for the one the interface needs.
    command = [sys.executable, "-P", "-m", "tdb.ui", "--fd", str(theirs.fileno())]
    try:
        process = subprocess.Popen(
            command,
            pass_fds=[theirs.fileno()],
            stdin=terminal.fd,
            stdout=terminal.fd,
            stderr=terminal.fd,
            env=env,
            close_fds=True,
        )
    finally:
        theirs.close()
    return InterfaceProcess(process, terminal)


# What a listening program says on its stderr (python -m tdb.adapter, which reads that stderr, leaves it out).
WAITING = "tdb: waiting for the debugger interface; connect with: tdb --connect {address}"

# TDB_WAIT=1 (or set_trace(wait=True)): how long a breakpoint() with no terminal waits for an interface.
DEFAULT_WAIT = 60.0
# A TCP client says who it is at once (initialize, with the token); one that does not is let go after this long,
# and one whose first message is longer than this is no interface of tdb's.
FIRST_MESSAGE_TIMEOUT = 5.0
FIRST_MESSAGE_BYTES = 1 << 20


class ListenError(OSError):
    """TDB_LISTEN (or --listen) names an address tdb may not, or cannot, listen on."""


class PathExists(ListenError):
    """TDB_LISTEN (or --listen) names a path that exists."""


def say(line: str, *, log: bool = True) -> None:
    """One line on the program's stderr (a service's journal, a container's log) and, with log, in tdb's log."""
    if log:
        from .log import log_error

        log_error(line.removeprefix("tdb: "))
    stream = sys.__stderr__
    if stream is not None:
        try:
            print(line, file=stream, flush=True)
        except (OSError, ValueError):
            pass


def listen_for_interface(mode: str, address: str | None = None, main_file: str = "",
                         commands: tuple[str, ...] = (), timeout: float | None = None) -> Session | None:
    """Wait for `tdb --connect` at `address` (TDB_LISTEN's; None: the default Unix socket, tdb/dap/listen.py).

    For at most `timeout` seconds (None: as long as it takes); None if no interface came. A client that
    may not come in (another user on a Unix socket, a wrong token over TCP) is refused, with one line
    here and in tdb's log, and the wait goes on."""
    listener = _Listener.open(address)
    try:
        print(WAITING.format(address=listener.shown), file=sys.__stderr__, flush=True)
        accepted = listener.accept(timeout)
    finally:
        listener.close()
    if accepted is None:
        say(f"tdb: no interface connected within {timeout:g} s: running on")
        return None
    sock, decoder, first = accepted
    session = _session_on(sock, mode, main_file, commands, decoder=decoder, first=first)
    session.when_lost = lambda: _forget(session)
    session.start()
    return session


class _Listener:
    """A listening socket, and who it lets in: a Unix socket's peer is checked (same user or root) before a
    byte is read; a TCP client's first message must be initialize with the session's token."""

    def __init__(self, sock: socket.socket, shown: str, *, token: str | None = None, path: str | None = None,
                 directory: str | None = None) -> None:
        self.sock = sock
        self.shown = shown  # what `tdb --connect` takes
        self.token = token
        self.path = path
        self.directory = directory

    @classmethod
    def open(cls, address: str | None) -> "_Listener":
        from .dap import listen as where

        address = address or "unix"
        try:
            tcp = where.tcp_address(address, listening=True)
        except where.AddressError as error:
            raise ListenError(str(error)) from None
        if tcp is not None:
            return cls._tcp(address, *tcp)
        return cls._unix(where.unix_path(address))

    @classmethod
    def _tcp(cls, address: str, host: str, port: int) -> "_Listener":
        from .dap import listen as where

        loopback = where.is_loopback(host)
        if not loopback and not where.remote_allowed():
            raise ListenError(f"{address} is reachable from other machines: tdb listens beyond this machine's "
                              f"loopback only with --allow-remote (TDB_ALLOW_REMOTE=1)")
        try:
            sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
        except OSError as error:
            raise ListenError(f"cannot listen on {address}: {error.strerror or error}") from None
        port = sock.getsockname()[1]
        if not loopback:
            bound = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            say(f"tdb: warning: listening on {bound} (tcp), "
                f"reachable from other machines: whoever reaches it with the token drives this program, and "
                f"nothing is encrypted (a tunnel to a loopback port is safer: ssh -L)")
        token = where.make_token()
        return cls(sock, f"{where.show_tcp(host, port)} --token {token}", token=token)

    @classmethod
    def _unix(cls, path: str | None) -> "_Listener":
        from .dap import listen as where

        directory = None
        if path is None:
            path, directory = where.default_socket()
        exists = PathExists(f"{path} exists already: tdb listens on a path of its own (remove it, or choose another)")
        if os.path.lexists(path):
            # Never another's file or socket (a second program given the same path would take the
            # first one's): tdb only creates, and so only removes, a path of its own.
            raise exists
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener = cls(sock, path, directory=directory)
        try:
            try:
                sock.bind(path)
            except FileExistsError:
                raise exists from None
            except OSError as error:
                if error.errno == errno.EADDRINUSE:  # made by another program meanwhile: not ours either
                    raise exists from None
                raise
            listener.path = path
            os.chmod(path, 0o600)
            sock.listen(1)
        except BaseException:
            listener.close()
            raise
        return listener

    def accept(self, timeout: float | None) -> tuple[socket.socket, Any, tuple[dict[str, Any], ...]] | None:
        """The interface's socket, the decoder holding what it sent beyond its first message and that first
        message (TCP); None when `timeout` passed first."""
        deadline = None if timeout is None or timeout == float("inf") else time.monotonic() + timeout
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.sock.settimeout(left)
            try:
                sock, peer = self.sock.accept()
            except socket.timeout:
                return None
            sock.settimeout(None)
            admitted = self._admit_tcp(sock, peer) if self.token is not None else self._admit_unix(sock)
            if admitted is not None:
                return admitted

    def _admit_unix(self, sock: socket.socket) -> tuple[socket.socket, None, tuple[()]] | None:
        from .dap import listen as where

        peer = where.peer_credentials(sock)  # (before a byte is read)
        if peer is not None and not where.peer_allowed(peer[1], os.geteuid()):
            sock.close()
            say(f"tdb: refused a connection to {self.path}: {where.refusal_of_peer(peer, os.geteuid())}")
            return None
        return sock, None, ()

    def _admit_tcp(self, sock: socket.socket, peer: Any) -> tuple[socket.socket, Any, tuple[dict[str, Any]]] | None:
        from .dap import listen as where
        from .dap.framing import FrameDecoder, ProtocolError

        assert self.token is not None
        who = f"[{peer[0]}]:{peer[1]}" if ":" in peer[0] else f"{peer[0]}:{peer[1]}"
        decoder = FrameDecoder()
        first: dict[str, Any] | None = None
        why = None
        deadline = time.monotonic() + FIRST_MESSAGE_TIMEOUT
        received = 0
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while first is None:
                sock.settimeout(max(0.001, deadline - time.monotonic()))
                data = sock.recv(65536)
                received += len(data)
                if not data:
                    why = "it closed the connection before its first message"
                    break
                for message in decoder.feed(data):
                    first = message
                    break
                if first is None and received > FIRST_MESSAGE_BYTES:
                    why = f"no message in its first {FIRST_MESSAGE_BYTES} bytes"
                    break
        except socket.timeout:
            why = f"no message within {FIRST_MESSAGE_TIMEOUT:g} s"
        except ProtocolError as error:
            why = f"not DAP ({error})"
        except OSError as error:
            why = str(error.strerror or error)
        if first is not None:
            why = where.check_initialize(first, self.token)
        if why is None:
            sock.settimeout(None)
            return sock, decoder, (first,)  # type: ignore[return-value]
        if first is not None:
            _answer_refused(sock, first, why)
        sock.close()
        say(f"tdb: refused a connection from {who}: {why}")
        return None

    def close(self) -> None:
        """Stop listening; remove the socket (and the directory made for it)."""
        self.sock.close()
        if self.path is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.path = None
        if self.directory is not None:
            try:
                os.rmdir(self.directory)
            except OSError:
                pass
            self.directory = None


def _answer_refused(sock: socket.socket, request: dict[str, Any], why: str) -> None:
    """An error response to the refused client's first message, read by it before the connection closes."""
    from .dap import messages
    from .dap.framing import encode

    text = (f"refused: {why}: give the token the program printed where it waits "
            f"(tdb --connect tcp:HOST:PORT --token TOKEN, or TDB_TOKEN)")
    try:
        sock.sendall(encode(messages.response(1, request, error=text)))
        sock.shutdown(socket.SHUT_WR)
        # What else it sent (tdb's interface sends attach and configurationDone with initialize): read and
        # dropped, for a close with unread bytes would reset the connection before the client reads why.
        sock.settimeout(0.5)
        for _ in range(16):
            if not sock.recv(65536):
                break
    except OSError:
        pass


def wait_seconds(explicit: bool | float | None = None) -> float | None:
    """How long a set_trace waits for an interface to connect: set_trace's `wait`, else TDB_WAIT.

    None: not told (without a terminal, not at all; with TDB_LISTEN, as long as it takes); 0: not at all;
    inf: as long as it takes. TDB_WAIT=1 (yes, true, on) and wait=True wait DEFAULT_WAIT seconds;
    TDB_WAIT=SECONDS that many (wait=True takes TDB_WAIT's seconds too)."""
    if explicit is False:
        return 0.0
    if explicit is not None and explicit is not True:
        return max(0.0, float(explicit))
    text = os.environ.get("TDB_WAIT", "").strip().lower()
    seconds: float | None
    if not text:
        seconds = None
    elif text in ("0", "no", "false", "off"):
        seconds = 0.0
    elif text in ("1", "yes", "true", "on"):
        seconds = DEFAULT_WAIT
    elif text in ("inf", "forever"):
        seconds = float("inf")
    else:
        try:
            seconds = float(text)
        except ValueError:
            seconds = -1.0
        if not seconds >= 0:  # (also NaN)
            say(f"tdb: TDB_WAIT={text} is not a number of seconds: waiting {DEFAULT_WAIT:g} s", log=False)
            seconds = DEFAULT_WAIT
    if explicit is True:
        return seconds or DEFAULT_WAIT
    return seconds


def open_session(mode: str, main_file: str = "", commands: tuple[str, ...] = (), *,
                 wait: float | None = None) -> Session | None:
    """An interface on our terminal, or, with none (or TDB_LISTEN set), one that connects to us.

    main_file is the program `tdb script.py` will run: function breakpoints set
    before it starts are looked up there.
    wait (wait_seconds): for set_trace, how long to wait for an interface to connect. Without a terminal
    it waits only when told to: otherwise it says so in one line and returns None, and the program runs on.
    """
    address = os.environ.get("TDB_LISTEN")
    if address:
        if wait == 0:
            _no_interface("TDB_WAIT=0")
            return None
        return listen_for_interface(mode, address, main_file, commands, timeout=wait)
    try:
        return spawn_interface(mode, main_file, commands)
    except NoTerminal:
        if mode == SET_TRACE and not wait:  # a service, a container: never held up unless told to
            _no_interface("no terminal")
            return None
        return listen_for_interface(mode, main_file=main_file, commands=commands, timeout=wait)


_said_where: set[str] = set()


def _no_interface(why: str) -> None:
    """One line (once for each place) on a breakpoint passed by: where, and how to stop there next time."""
    where = _program_place()
    if where in _said_where:
        return
    _said_where.add(where)
    hint = "to stop there, set TDB_WAIT=1 and connect with the tdb --connect command it prints"
    if sys.version_info >= (3, 14):
        hint += f"; or attach now: tdb -p {os.getpid()}"
    say(f"tdb: breakpoint at {where}, no interface ({why}): running on; {hint}")


def _program_place() -> str:
    """file:line of the program's innermost frame (the first not tdb's own)."""
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__") or ""
        if name != "tdb" and not name.startswith("tdb."):
            break
        frame = frame.f_back
    if frame is None:
        return "?"
    filename = frame.f_code.co_filename
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        relative = filename
    return f"{filename if relative.startswith('..') else relative}:{frame.f_lineno}"


def _forget(session: Session) -> None:
    global _session
    with _lock:
        if _session is session:
            _session = None


def current_session(wait: bool | float | None = None) -> Session | None:
    """The interface for set_trace: started once, reused by every later breakpoint().

    None: there is none, and the program runs on (no terminal and not told to wait, or nobody
    connected in time: a line said so). wait: set_trace's (wait_seconds)."""
    global _session
    with _lock:
        if _session is None or not _session.connected:
            session = open_session(SET_TRACE, wait=wait_seconds(wait))
            if session is None:
                return None
            _session = session
            atexit.register(_close_at_exit, session)
        return _session


def _close_at_exit(session: Session) -> None:
    if session.connected:
        session.program_exited(0)
        session.close()


# -- tdb script.py / tdb -m module -----------------------------------------------


def run_program(target: Target, commands: tuple[str, ...] = ()) -> int:
    """Run a program under the debugger until the user quits; return its exit code.

    `commands` (tdb -c): for the interface to run at the first stop."""
    from .targets import TargetError

    session = open_session(RUN, target.filename, commands)
    assert session is not None  # (a program tdb runs waits for its interface as long as it takes)
    session.configured.wait()
    if not session.connected:
        session.close()
        print("tdb: the interface went away before the program started", file=sys.stderr)
        return 1
    # set_trace() and breakpoint() in the program stop in this session, not in a second one (or pdb).
    global _session
    with _lock:
        _session = session
    sys.breakpointhook = _breakpointhook
    # A restart must find the world as the first run did, whatever the program changed.
    home, path = os.getcwd(), list(sys.path)
    exit_code = 0
    runnable = True
    while session.connected:
        if runnable:
            sys.argv[:] = target.argv
            sys.path[:] = [target.path0, *path[1:]]
            exit_code = _run_once(session, target)
        if session.program_exited(exit_code, wait_for_choice=True) != "restart":
            break
        try:
            os.chdir(home)
            target, runnable = target.reload(), True
        except (TargetError, OSError) as error:
            # Nothing (new) to run: say why and wait for the next restart or quit.
            session.send_event("output", {"category": "stderr", "output": f"tdb: {error}\n"})
            exit_code, runnable = 1, False
    session.close()
    return exit_code


def _breakpointhook(*args: Any, **kwargs: Any) -> Any:
    """breakpoint() in a program tdb runs: tdb's set_trace, unless PYTHONBREAKPOINT names a hook."""
    if os.environ.get("PYTHONBREAKPOINT"):
        return sys.__breakpointhook__(*args, **kwargs)
    session = current_session()
    if session is not None:
        session.debugger.set_trace(sys._getframe(1))
    return None


def _run_once(session: Session, target: Target) -> int:
    import bdb

    from .engine.frames import format_exception, one_line, without_engine_frames

    if target.compile_error is not None:
        error = target.compile_error
        session.program_error(_describe_compile_error(error))
        return 1
    main = types.ModuleType("__main__")
    main.__dict__.update(target.namespace)
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    debugger = session.debugger
    debugger.reset()
    try:
        debugger.run_main(target.source_code, main.__dict__, target.filename, session.stops_at_entry)
    except bdb.BdbQuit:
        return 0
    except SystemExit as exit_:
        return _exit_code(exit_)
    except BaseException as error:  # the program crashed: post-mortem
        tb = without_engine_frames(error.__traceback__)
        session.program_error(format_exception(error, tb))
        # (The uncaught filter stopped for it already; to a DAP client, only that filter stops for it.)
        if debugger.exceptions.shown_uncaught is not error and session.pdb_meanings:
            debugger.interaction(None, tb, "exception", one_line(error),
                                 exception=error, post_mortem=True)
        return 1
    finally:
        sys.settrace(None)
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
    return 0


def _exit_code(exit_: SystemExit) -> int:
    code = exit_.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _describe_compile_error(error: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception_only(type(error), error))


# -- tdb -p PID -------------------------------------------------------------------


# The interface sends initialize, attach and configurationDone at once; one that says nothing
# for this long is gone, and the program must not wait for it.
ATTACH_HANDSHAKE_TIMEOUT = 30.0


def serve_attached(sock: socket.socket, frame: types.FrameType, live: bool = False,
                   unload: bool = False, switch_interval: float | None = None) -> None:
    """`tdb -p`: stop the program in `frame` for the interface on `sock`; run by tdb's injected script.

    live (`tdb -p --live`): no stop; the program runs on at once, watched, until a breakpoint or a pause.
    unload: tdb was loaded for this attach; when the session ends, its modules leave sys.modules.
    switch_interval: the program's, before the attach script cut it (engine/switching.py).

    It runs on the main thread where the program was (at a bytecode boundary, or inside a
    blocked call that checks for signals): the stop is here and now, not at the next line,
    which a sleeping program would reach only when its call returns. Returns when the user
    continues or detaches; the engine stays for breakpoints until the interface goes away.
    """
    from .engine import switching

    switching.hold(switch_interval)  # (until the first stop has been served: the user's first steps)
    try:
        _serve_attached(sock, frame, live, unload)
    finally:
        switching.release()


def _serve_attached(sock: socket.socket, frame: types.FrameType, live: bool, unload: bool) -> None:
    global _session
    with _lock:
        busy = _session is not None and _session.connected
    if busy:
        _refuse(sock, "the program is being debugged by tdb already")
        return
    try:
        sock.sendall(b"ok\n")
    except OSError:
        sock.close()
        return
    session = _session_on(sock, ATTACH)
    session.live = live
    # A program that ends while attached says so; a detached one leaves nothing behind.
    closer = _AtExitClose(session)
    session.when_lost = lambda: (_forget(session), atexit.unregister(closer), unload and _unload_tdb())
    with _lock:
        _session = session  # set_trace() in the program stops in this session
    atexit.register(closer)
    session.start()
    if not session.configured.wait(ATTACH_HANDSHAKE_TIMEOUT):
        session.hang_up()
    debugger = session.debugger
    if live and session.connected:
        debugger.watch_live()
    if not session.connected or live:
        return
    frame = debugger.program_frame(frame)  # not in a finalizer the last session's end set off
    debugger.pause_here(frame, "attached")
    while debugger._pause_after_stop:  # Ctrl-C as the stop ended, in the engine's code: here again
        debugger.pause_here(frame)


def _unload_tdb() -> None:
    """The detach leaves no module of tdb's in the program's sys.modules (the code still running, the
    engine's last moments on this thread, keeps what it uses). The standard library modules the engine
    imported stay: the program may share them, and importing them changed nothing of its own."""
    for name in [name for name in sys.modules if name == "tdb" or name.startswith("tdb.")]:
        sys.modules.pop(name, None)


class _AtExitClose:
    """One session's atexit hook (its own object, so that unregistering it leaves others be)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(self) -> None:
        if self.session.connected:
            self.session.close()


def _refuse(sock: socket.socket, reason: str) -> None:
    try:
        sock.sendall(f"error: {reason}\n".encode())
    except OSError:
        pass
    sock.close()
