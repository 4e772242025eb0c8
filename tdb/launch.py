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
import types
from typing import TYPE_CHECKING, Any

from .engine.controlling_terminal import NoTerminal, Terminal
from .engine.modes import ATTACH, RUN, SET_TRACE

if TYPE_CHECKING:
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


def _session_on(sock: socket.socket, mode: str, main_file: str = "", commands: tuple[str, ...] = ()) -> Session:
    """The engine, speaking DAP on `sock` (imported here, once the interface is on its way)."""
    from .dap.connection import Connection
    from .engine.session import Session

    return Session(Connection(sock), mode=mode, main_file=main_file, commands=commands)


def spawn_interface(mode: str, main_file: str = "", commands: tuple[str, ...] = ()) -> Session:
    """Start `python -m tdb.ui` on the controlling terminal, linked by a private socketpair."""
    terminal = Terminal.open()
    ours, theirs = socket.socketpair()
    env = dict(os.environ)
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
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
    session = _session_on(ours, mode, main_file, commands)
    session.interface = interface = InterfaceProcess(process, terminal)
    session.when_lost = lambda: (interface.gone(), _forget(session))
    session.start()
    return session


# What a listening program says on its stderr (python -m tdb.adapter, which reads that stderr, leaves it out).
WAITING = "tdb: waiting for the debugger interface; connect with: tdb --connect {address}"


class PathExists(OSError):
    """TDB_LISTEN (or --listen) names a path that exists."""


def listen_for_interface(mode: str, address: str | None = None, main_file: str = "",
                         commands: tuple[str, ...] = ()) -> Session:
    """Wait for `tdb --connect` on a Unix socket in a private (0700) directory."""
    if address is None:
        import tempfile  # only here: every program imports this module

        address = os.path.join(tempfile.mkdtemp(prefix="tdb-"), "tdb.sock")
    exists = PathExists(f"{address} exists already: tdb listens on a path of its own (remove it, or choose another)")
    if os.path.lexists(address):
        # Never another's file or socket (a second program given the same path would take the
        # first one's): tdb only creates, and so only removes, a path of its own.
        raise exists
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    bound = False
    try:
        try:
            listener.bind(address)
        except FileExistsError:
            raise exists from None
        except OSError as error:
            if error.errno == errno.EADDRINUSE:  # made by another program meanwhile: not ours either
                raise exists from None
            raise
        bound = True
        os.chmod(address, 0o600)
        listener.listen(1)
        print(WAITING.format(address=address), file=sys.__stderr__, flush=True)
        connection, _ = listener.accept()
    finally:
        listener.close()
        if bound:
            try:
                os.unlink(address)
            except OSError:
                pass
    session = _session_on(connection, mode, main_file, commands)
    session.when_lost = lambda: _forget(session)
    session.start()
    return session


def open_session(mode: str, main_file: str = "", commands: tuple[str, ...] = ()) -> Session:
    """An interface on our terminal, or, with none (or TDB_LISTEN set), one that connects to us.

    main_file is the program `tdb script.py` will run: function breakpoints set
    before it starts are looked up there.
    """
    address = os.environ.get("TDB_LISTEN")
    if address:
        return listen_for_interface(mode, address, main_file, commands)
    try:
        return spawn_interface(mode, main_file, commands)
    except NoTerminal:
        return listen_for_interface(mode, main_file=main_file, commands=commands)


def _forget(session: Session) -> None:
    global _session
    with _lock:
        if _session is session:
            _session = None


def current_session() -> Session:
    """The interface for set_trace: started once, reused by every later breakpoint()."""
    global _session
    with _lock:
        if _session is None or not _session.connected:
            _session = open_session(SET_TRACE)
            atexit.register(_close_at_exit, _session)
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
    current_session().debugger.set_trace(sys._getframe(1))
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
