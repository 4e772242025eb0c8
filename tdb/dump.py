"""`tdb dump PID`: print the stacks of every thread and asyncio task of a running Python 3.14 program, and return.

Like `tdb -p` (attach.py, whose checks, injection and messages it shares), it
asks the program to run a script with sys.remote_exec. That script imports
nothing of tdb's: it reads tdb/engine/stack_report.py's source from this tdb's
own directory, execs it in a namespace of its own, sends the report back over
the Unix socket as the repr of plain values, closes it and lets everything go.
No module is left in the program's sys.modules (the one it may import, the
built-in `_socket`, is taken out again), no thread is started, no handler nor
tracing installed, and the program runs on at once.

The report is read with ast.literal_eval: the program sends data, never code.
"""

from __future__ import annotations

import ast
import json
import os
import sys
import time
from typing import Any

from . import attach, syscall_interrupt
from .attach import AttachError, Process

USAGE = "usage: tdb dump [--locals] [--json] PID"
# A main thread that runs no Python code (a lock wait, a long call into C) after the wake-up attach
# uses is given this long before tdb dump says so and leaves: the program cannot run the script.
GIVE_UP = 2.0
# How long the report may take to come once the program runs the script (a huge program, a slow disk).
READ_TIMEOUT = 30.0
INSTEAD = "; in programs before 3.14 call tdb.install() and send the signal (README: Production)"

# Run by the program on its main thread, in a fresh namespace. `frame` is the program's frame that was
# running. Nobody listening (tdb dump gave up) means nothing to do but remove the script.
SCRIPT = '''\
import sys


def _dump(frame, script={script!r}, address={address!r}, package={package!r}, with_locals={with_locals!r}):
    posix = sys.modules.get("posix")
    try:
        posix.unlink(script)
        posix.rmdir(script.rpartition("/")[0])  # only once tdb has let go of the socket
    except OSError:
        pass
    had_socket = "_socket" in sys.modules
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        try:
            sock.connect(address)
        except OSError:
            return
        path = package + "/engine/stack_report.py"
        namespace = {{"__name__": "tdb._stack_report", "__file__": path}}
        try:
            with open(path, "rb") as file:
                code = compile(file.read(), path, "exec")
            exec(code, namespace)
            text = "ok " + repr(namespace["build"](frame, locals=with_locals))
        except Exception as error:
            text = "error: %s: %s" % (type(error).__name__, error)
        finally:
            namespace.clear()  # its functions and their globals hold each other: let them go now
        try:
            sock.sendall(text.encode("utf-8", "backslashreplace"))
        except OSError:  # tdb dump gave up meanwhile
            pass
    finally:
        sock.close()
        if not had_socket and "socket" not in sys.modules:
            sys.modules.pop("_socket", None)


_dump(sys._getframe(1))
del _dump
'''


class UsageError(Exception):
    pass


def parse(argv: list[str]) -> tuple[str, bool, bool]:
    """(the process id as typed, --locals, --json)."""
    pid, with_locals, as_json = None, False, False
    for arg in argv:
        if arg == "--locals":
            with_locals = True
        elif arg == "--json":
            as_json = True
        elif arg.startswith("-") and not arg[1:].isdigit():
            raise UsageError(f"dump: unknown option {arg}")
        elif pid is None:
            pid = arg
        else:
            raise UsageError(f"dump takes one process id, not {pid} and {arg}")
    if pid is None:
        raise UsageError("dump needs a process id")
    return pid, with_locals, as_json


def dump(pid: int, with_locals: bool = False) -> dict[str, Any]:
    """The report of process `pid` (stack_report.build's, with its threads' states and the time added)."""
    process = attach.inspect(pid, command="tdb dump", instead=INSTEAD)
    states = _thread_states(pid)  # before the script wakes the main thread
    rendezvous = attach._Rendezvous(process)
    try:
        rendezvous.rewrite(SCRIPT, with_locals=with_locals)
        attach.remote_exec(process, rendezvous.script)
        if syscall_interrupt.can_interrupt(pid):  # asleep in a call Python retries: woken now, not after a wait
            syscall_interrupt.interrupt(pid)
        try:
            sock = attach._wait_for_engine(process, rendezvous, lambda _: None, give_up=GIVE_UP)
        except (AttachError, KeyboardInterrupt):
            rendezvous.keep_script = True  # the program runs it when it next runs Python: it finds nobody, and cleans up
            raise
    finally:
        rendezvous.close()
    try:
        data = _read_all(sock, process)
    finally:
        sock.close()
    report = _parse(data, process)
    report["time"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    for thread in report.get("threads", []):
        state = states.get(thread.get("native_id"))
        if state is not None:
            thread["state"] = state
    return report


def _read_all(sock: Any, process: Process) -> bytes:
    sock.settimeout(READ_TIMEOUT)
    chunks = []
    try:
        while True:
            chunk = sock.recv(1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    except OSError as error:
        raise AttachError(f"{process} did not send its report: {error or type(error).__name__}") from None


def _parse(data: bytes, process: Process) -> dict[str, Any]:
    text = data.decode("utf-8", "replace")
    if text.startswith("error: "):
        raise AttachError(f"{process}: the report failed in the program: {text.removeprefix('error: ')}")
    if not text.startswith("ok "):
        ended = "" if attach._alive(process.pid) else " (it ended)"
        raise AttachError(f"{process} closed the connection before its report was complete{ended}")
    try:
        report = ast.literal_eval(text[3:])
    except (ValueError, SyntaxError, RecursionError, MemoryError) as error:
        raise AttachError(f"{process} sent a report tdb cannot read: {type(error).__name__}") from None
    if not isinstance(report, dict) or not isinstance(report.get("threads"), list):
        raise AttachError(f"{process} sent a report tdb cannot read")
    return report


def _thread_states(pid: int) -> dict[int, str]:
    """What each thread (by native id) is doing, from /proc: running, or the call it waits in."""
    if not syscall_interrupt.supported():
        return {}
    states = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return {}
    for name in tids:
        try:
            with open(f"/proc/{pid}/task/{name}/syscall") as file:
                first = file.read().split(maxsplit=1)[0]
        except (OSError, IndexError):
            continue
        if first == "running":
            states[int(name)] = "running"
            continue
        try:
            number = int(first)
        except ValueError:
            continue
        if number == 202:
            states[int(name)] = "waiting on a lock"
        elif number in syscall_interrupt.RETRIED:
            states[int(name)] = f"waiting in {syscall_interrupt.RETRIED[number]}"
        elif number in syscall_interrupt.WAITING:
            states[int(name)] = syscall_interrupt.WAITING[number]
        elif number >= 0:
            states[int(name)] = f"in system call {number}"
    return states


def main(argv: list[str]) -> int:
    """tdb dump [--locals] [--json] PID: print the report to stdout; one line on stderr and 1 if it cannot."""
    try:
        pid_text, with_locals, as_json = parse(argv)
    except UsageError as error:
        print(f"tdb: error: {error}\n{USAGE}", file=sys.stderr)
        return 2
    try:
        report = dump(attach.parse_pid(pid_text, option="dump"), with_locals)
    except AttachError as error:
        print(f"tdb: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tdb: gave up waiting; the program carries on (it finds nobody when it next runs Python code)",
              file=sys.stderr)
        return 1
    if as_json:
        text = json.dumps(report, indent=2) + "\n"
    else:
        from .engine.stack_report import format_text

        text = format_text(report)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # tdb dump PID | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
