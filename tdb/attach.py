"""`tdb -p PID`: attach to a Python 3.14 program that is already running (PEP 768).

The interface's side. It checks the process, writes a small script into a
private directory, and asks the program to run it (sys.remote_exec): the
program's main thread runs it at its next bytecode boundary, loads tdb's
engine (standard library only, from this tdb's own directory: the program
needs no tdb installed) and connects back to a Unix socket here. The engine
stops the program where it was; the interface draws in this terminal, which
is not the program's (its output stays where it goes).

sys.remote_exec must be called by the program's own Python version: from
another Python, tdb runs the program's interpreter to make the call.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Callable

from . import prestart, processes, syscall_interrupt
from .engine.controlling_terminal import NoTerminal, Terminal

MIN_VERSION = (3, 14)
# A main thread running Python code takes the script within milliseconds; one blocked in
# a system call gets woken after this long.
QUICK_WAIT = 0.1
AFTER_WAKE_WAIT = 1.0
# While waiting on a program that runs no Python code, how often to check that it still lives.
POLL_WAIT = 0.5
# The engine's first line (ok, or why not), then DAP.
FIRST_LINE_TIMEOUT = 30.0

# Run by the program (in a fresh namespace, on its main thread). __name__ names it as the
# debugger's own: never stopped in, never shown. It removes itself first thing, loads tdb
# from this tdb's directory (whatever `tdb` the program could import, if any), and hands
# over the frame that was running. Nobody listening (tdb gave up) means nothing to do.
SCRIPT = '''\
__name__ = "tdb._attach_script"
import sys


def _attach(frame, script={script!r}, address={address!r}, package={package!r}, live={live!r}):
    import os
    import socket

    # Quick thread switches while tdb loads and serves the first stop (engine/switching.py): a busy
    # program's threads would make each of its steps wait for the GIL.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0002))
    try:
        _load_and_serve(frame, script, address, package, live, interval)
    finally:
        if sys.getswitchinterval() == min(interval, 0.0002):
            sys.setswitchinterval(interval)


def _load_and_serve(frame, script, address, package, live, interval):
    import os
    import socket

    try:
        os.unlink(script)
        os.rmdir(os.path.dirname(script))  # only once tdb has let go of the socket
    except OSError:
        pass
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address)
    except OSError:
        sock.close()
        return
    try:
        tdb = sys.modules.get("tdb")
        init = os.path.join(package, "__init__.py")
        loaded_here = tdb is None  # (then tdb's modules leave sys.modules again at the detach)
        if tdb is None:
            import importlib.util

            spec = importlib.util.spec_from_file_location("tdb", init, submodule_search_locations=[package])
            tdb = importlib.util.module_from_spec(spec)
            sys.modules["tdb"] = tdb
            try:
                spec.loader.exec_module(tdb)
            except BaseException:
                del sys.modules["tdb"]
                raise
        elif os.path.realpath(getattr(tdb, "__file__", None) or "") != os.path.realpath(init):
            raise ImportError("the program has imported another module named tdb, from "
                              + str(getattr(tdb, "__file__", None) or "somewhere unknown"))
        from tdb.engine.switching import OtherThreadsHeld

        with OtherThreadsHeld():  # (the program's busy threads would make the load ten times slower)
            from tdb.launch import load_engine, serve_attached

            load_engine()
    except BaseException as error:
        sock.sendall(("error: cannot load tdb's engine in the program: %s: %s\\n"
                      % (type(error).__name__, error)).encode())
        sock.close()
        return
    serve_attached(sock, frame, live, loaded_here, interval)


_attach(sys._getframe(1))
'''


class AttachError(Exception):
    """Why tdb cannot attach: one line for the user."""


@dataclass
class Process:
    pid: int
    name: str  # its command name, for messages
    executable: str  # /proc/PID/exe's target
    version: tuple[int, int] | None  # its Python's, when its file names tell
    uid: int
    gid: int

    def __str__(self) -> str:
        return f"process {self.pid} ({self.name})"


def parse_pid(text: str, option: str = "-p") -> int:
    try:
        pid = int(text)
    except ValueError:
        raise AttachError(f"{option} needs a process id (a number), not {text!r}") from None
    if pid <= 0:
        raise AttachError(f"{option} needs a process id (a positive number), not {text}")
    return pid


def inspect(pid: int, command: str = "tdb -p", instead: str = "") -> Process:
    """The process, if tdb may try to attach to it; AttachError says why not.

    command: what the user ran, for the message about an older Python; instead: what to do then."""
    if pid == os.getpid():
        raise AttachError("tdb cannot attach to itself")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        raise AttachError(f"no process with id {pid}") from None
    except PermissionError:
        raise AttachError(_not_allowed(pid)) from None
    name = _read(f"/proc/{pid}/comm").strip() or "?"
    if _state(pid) == "Z":
        raise AttachError(f"process {pid} ({name}) has ended (a zombie waiting for its parent)")
    try:
        executable = os.readlink(f"/proc/{pid}/exe")
    except PermissionError:
        raise AttachError(_not_allowed(pid)) from None
    except OSError:  # a kernel thread has no executable
        raise AttachError(f"process {pid} ({name}) is not a Python program") from None
    try:
        maps = _read(f"/proc/{pid}/maps")
    except PermissionError:
        raise AttachError(_not_allowed(pid)) from None
    version = processes.version_of(executable, maps)
    if version is None and "python" not in os.path.basename(executable).lower() and "libpython" not in maps:
        raise AttachError(f"process {pid} ({name}, {executable}) is not a Python program")
    if version is not None and version < MIN_VERSION:
        raise AttachError(f"process {pid} ({name}) runs Python {version[0]}.{version[1]}: {command} needs Python "
                          f"{MIN_VERSION[0]}.{MIN_VERSION[1]} or newer (sys.remote_exec, PEP 768){instead}")
    status = os.stat(f"/proc/{pid}")
    return Process(pid, name, executable, version, status.st_uid, status.st_gid)


def _read(path: str) -> str:
    try:
        with open(path, errors="replace") as file:
            return file.read()
    except PermissionError:
        raise
    except OSError:
        return ""


def _state(pid: int) -> str:
    fields = processes.stat_fields(pid)
    return fields[0] if fields else ""


def _not_allowed(pid: int) -> str:
    if os.geteuid() == 0 and not _has_capability(CAP_SYS_PTRACE):
        return (f"not allowed to debug process {pid}: tdb -p needs the CAP_SYS_PTRACE capability, which this "
                f"root lacks (a container's default): start the container with --cap-add=SYS_PTRACE")
    hint = "run tdb as the program's user, or as root"
    try:
        with open("/proc/sys/kernel/yama/ptrace_scope") as file:
            scope = file.read().strip()
    except OSError:
        scope = "0"
    if scope not in ("", "0") and os.geteuid() != 0:
        hint += f" (/proc/sys/kernel/yama/ptrace_scope is {scope}: only root may attach)"
    return f"not allowed to debug process {pid}: {hint}"


CAP_SYS_PTRACE = 19


def _has_capability(number: int) -> bool:
    """Whether this process has a capability in effect (/proc/self/status's CapEff); True if it cannot tell."""
    try:
        with open("/proc/self/status") as file:
            for line in file:
                if line.startswith("CapEff:"):
                    return bool(int(line.split()[1], 16) >> number & 1)
    except (OSError, ValueError, IndexError):
        pass
    return True


# -- the injection ------------------------------------------------------------------


def _package_dir() -> str:
    return os.path.dirname(os.path.abspath(__file__))


class _Rendezvous:
    """A private directory (0700) holding the script (0600) and the socket the engine connects to.

    Owned by the program's user when that is not ours (root attaching to another user's program):
    the program must read the script and connect to the socket.
    """

    def __init__(self, process: Process, live: bool = False) -> None:
        self.directory = tempfile.mkdtemp(prefix="tdb-attach-")
        self.script = os.path.join(self.directory, "attach.py")
        self.address = os.path.join(self.directory, "tdb.sock")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.keep_script = False
        try:
            self.listener.bind(self.address)
            self.listener.listen(1)
            descriptor = os.open(self.script, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(SCRIPT.format(script=self.script, address=self.address, package=_package_dir(), live=live))
            os.chmod(self.address, 0o600)
            if (process.uid, process.gid) != (os.geteuid(), os.getegid()):
                for path in (self.directory, self.script, self.address):
                    os.chown(path, process.uid, process.gid)
        except BaseException:
            self.close()
            raise

    def accept(self, timeout: float | None) -> socket.socket | None:
        self.listener.settimeout(timeout)
        try:
            sock, _ = self.listener.accept()
        except socket.timeout:
            return None
        sock.settimeout(None)
        return sock

    def close(self) -> None:
        """Remove everything, unless the program may still run the script (it then removes itself)."""
        self.listener.close()
        if self.keep_script:
            try:
                os.unlink(self.address)
            except OSError:
                pass
        else:
            shutil.rmtree(self.directory, ignore_errors=True)

    def rewrite(self, source: str, **fields: object) -> None:
        """Another script in the file (tdb dump's), formatted as SCRIPT is, with `fields` besides."""
        with open(self.script, "w") as file:
            file.write(source.format(script=self.script, address=self.address, package=_package_dir(), **fields))


def remote_exec(process: Process, script: str) -> None:
    """sys.remote_exec(pid, script), made by a Python of the program's own version."""
    same = process.version == sys.version_info[:2] or (process.version is None and sys.version_info >= MIN_VERSION)
    if same and hasattr(sys, "remote_exec"):
        try:
            sys.remote_exec(process.pid, script)
        except PermissionError:
            raise AttachError(_not_allowed(process.pid)) from None
        except (RuntimeError, OSError, ValueError) as error:
            raise AttachError(_explain(process, str(error))) from None
        return
    if not re.match(r"python\d", os.path.basename(process.executable)):
        raise AttachError(f"{process} embeds Python in {process.executable}: run tdb with its Python "
                          f"{'.'.join(map(str, process.version or MIN_VERSION))} (python -m tdb -p {process.pid})")
    # /proc/PID/exe is the very interpreter, even if its file was replaced since. -I -S: nothing of ours or the site's.
    call = [f"/proc/{process.pid}/exe", "-I", "-S", "-c",
            "import sys; sys.remote_exec(int(sys.argv[1]), sys.argv[2])", str(process.pid), script]
    try:
        result = subprocess.run(call, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AttachError(f"cannot run {process}'s Python to attach: {error}") from None
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or [f"exit code {result.returncode}"]
        raise AttachError(_explain(process, lines[-1].partition(": ")[2] or lines[-1]))


def _explain(process: Process, error: str) -> str:
    """sys.remote_exec's error, in the user's words."""
    if "not enabled" in error:
        return (f"remote debugging is disabled in {process} (PYTHON_DISABLE_REMOTE_DEBUG, "
                f"-X disable-remote-debug, or a Python built without it)")
    if "Operation not permitted" in error or "Permission denied" in error:
        return _not_allowed(process.pid)
    if "PyRuntime" in error or "Failed to find" in error:
        return f"{process} is not a Python {MIN_VERSION[0]}.{MIN_VERSION[1]}+ program tdb can attach to ({error})"
    return f"cannot attach to {process}: {error}"


def connect(pid: int, say: Callable[[str], None], live: bool = False) -> tuple[socket.socket, Process]:
    """Inject the script and wait for the engine; the socket, after the engine's ok, ready for DAP.

    `say` tells the user why the wait is long. KeyboardInterrupt (Ctrl-C) gives up waiting.
    live: the program is not stopped (tdb -p --live).
    """
    return attach_to(inspect(pid), say, live)


def attach_to(process: Process, say: Callable[[str], None], live: bool = False) -> tuple[socket.socket, Process]:
    """connect(), for a process inspect() found fit."""
    holder = processes.debugged_by(process.pid)
    if holder is not None:  # (its main thread may be stopped there: our script would never run)
        raise AttachError(f"process {process.pid} is being debugged by tdb (pid {holder}): one debugger at a "
                          f"time; leave that session first")
    rendezvous = _Rendezvous(process, live)
    try:
        remote_exec(process, rendezvous.script)
        sock = _wait_for_engine(process, rendezvous, say)
    except KeyboardInterrupt:
        rendezvous.keep_script = True  # the program runs it when it next runs Python: it finds nobody, and cleans up
        raise
    finally:
        rendezvous.close()
    _read_first_line(sock, process)
    return sock, process


def _wait_for_engine(process: Process, rendezvous: _Rendezvous, say: Callable[[str], None],
                     give_up: float | None = None) -> socket.socket:
    """The script's connection; after `give_up` seconds without one, AttachError (None: wait on)."""
    deadline = None if give_up is None else time.monotonic() + give_up
    sock = rendezvous.accept(QUICK_WAIT)
    if sock is None and syscall_interrupt.can_interrupt(process.pid):
        # Asleep in a call (time.sleep, select, accept): make it return EINTR, as a signal would;
        # Python runs the script before it retries the call.
        syscall_interrupt.interrupt(process.pid)
        sock = rendezvous.accept(AFTER_WAKE_WAIT)
    if sock is not None:
        return sock
    doing = syscall_interrupt.describe(process.pid)
    if deadline is None:
        say(f"tdb: waiting for {process} to run Python code: its main thread is "
            f"{doing}. tdb attaches when it returns to Python; Ctrl-C gives up.")
    while True:
        wait = POLL_WAIT if deadline is None else min(POLL_WAIT, max(0.0, deadline - time.monotonic()))
        sock = rendezvous.accept(wait)
        if sock is not None:
            return sock
        if not _alive(process.pid):
            raise AttachError(f"{process} ended before it ran tdb's attach script")
        if deadline is not None and time.monotonic() >= deadline:
            raise AttachError(f"{process} ran no Python code for {give_up:g} s: its main thread is {doing}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _state(pid) != "Z"


def _read_first_line(sock: socket.socket, process: Process) -> None:
    """The engine's "ok", or its reason for not starting. Byte by byte: DAP follows at once."""
    sock.settimeout(FIRST_LINE_TIMEOUT)
    line = b""
    try:
        while not line.endswith(b"\n"):
            byte = sock.recv(1)
            if not byte:
                break
            line += byte
    except OSError as error:
        sock.close()
        raise AttachError(f"{process} did not answer: {error}") from None
    sock.settimeout(None)
    text = line.decode(errors="replace").strip()
    if text == "ok":
        return
    sock.close()
    raise AttachError(f"{process}: {text.removeprefix('error: ')}" if text else
                      f"{process} closed the connection before the debugger started")


# -- the command ------------------------------------------------------------------------


def _import_interface() -> None:
    import importlib

    try:
        importlib.import_module("tdb.ui.run").import_asyncio_without_tls()
        importlib.import_module("tdb.ui.app")
    except Exception:
        pass  # run_interface() imports it again, and reports what is wrong


def pick() -> str:
    """`tdb -p` alone: the Python 3.14 programs this user may attach to; on a terminal, the one chosen ("" none)."""
    found = processes.candidates()
    if not found:
        print("tdb: no Python 3.14 program of yours is running (tdb -p attaches to Python 3.14 and newer)")
        return ""
    # (cut to the terminal's width; whole for a tool that reads the list)
    print(processes.table(found, shutil.get_terminal_size().columns if sys.stdout.isatty() else 100_000))
    if not sys.stdin.isatty():
        print("tdb -p PID attaches to one of them")
        return ""
    try:
        return input("Attach to which PID (Enter: none)? ").strip()
    except (EOFError, KeyboardInterrupt):
        print()
        return ""


def main(pid_text: str, live: bool = False) -> int:
    """tdb -p PID: attach, draw the interface here until the user detaches or the program ends.

    live (--live): the program runs on; the screen shows its threads as they go."""

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if not pid_text:
        pid_text = pick()
        if not pid_text:
            return 0
        # Again, as `tdb -p PID`: the command line says whom this tdb debugs (processes.debuggers() reads it).
        os.execv(sys.executable, [sys.executable, "-m", "tdb", "-p", pid_text, *(["--live"] if live else [])])
    try:
        process = inspect(parse_pid(pid_text))
        warm = prestart.serving()  # (a pre-started interface draws the screen: nothing to import here)
        if not warm:
            # The interface's imports (most of its start) overlap the wait for the program, and
            # collect no garbage until its first screen is drawn (ui/gc_hold.py).
            from .ui import gc_hold

            gc_hold.hold(freeze=True)
            threading.Thread(target=_import_interface, name="tdb-import", daemon=True).start()
        sock, process = attach_to(process, say, live)
    except AttachError as error:
        say(f"tdb: {error}")
        return 1
    except KeyboardInterrupt:
        say("tdb: gave up waiting; the program carries on (it finds nobody when it next runs Python code)")
        return 1
    code = _draw_interface(sock, warm)
    if _alive(process.pid):
        say(f"tdb: detached from {process}; it runs on")
    return code


def _draw_interface(sock: socket.socket, warm: bool) -> int:
    """The interface on this terminal until the user detaches: this user's pre-started one if it serves
    (this process waits for it, as for a child), else one here, which leaves such a server as it ends."""
    if warm:
        interface = _pre_started(sock)
        if interface is not None:
            return interface.wait()
    from .ui.run import run_interface

    return run_interface(sock, owns_program_terminal=False, leaves_a_server=True)


def _pre_started(sock: socket.socket) -> prestart.PrestartedInterface | None:
    try:
        terminal = Terminal.open()
    except NoTerminal:
        return None
    interface = prestart.hand_over(terminal, sock, program_terminal=False)
    if interface is None:
        os.close(terminal.fd)
        return None
    sock.close()  # (the interface has its own copy)
    # Killed or hung up, this process takes the interface with it, as it would if the interface ran here.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda number, _frame: _end(interface.pid, number))
    return interface


def _end(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass
    raise SystemExit(128 + signum)
