"""The Python processes of this machine as `tdb -p` sees them: which it may attach to, and who debugs which.

Read from /proc, without touching the processes: a second `tdb -p` on a
program another tdb holds says so at once (the program's main thread, stopped
by the first tdb, would never run the second one's attach script), and
`tdb -p` with no pid lists what there is to attach to.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

MIN_VERSION = (3, 14)


@dataclass
class Candidate:
    pid: int
    user: str
    version: tuple[int, int] | None
    command: str  # the command line, spaces between the arguments
    remote_debug_off: bool  # PYTHON_DISABLE_REMOTE_DEBUG or -X disable-remote-debug: tdb -p cannot attach
    debugged_by: int | None  # a tdb that holds it now


def argv_of(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return [part.decode(errors="replace") for part in file.read().split(b"\0") if part]
    except OSError:
        return []


def _pids() -> list[int]:
    try:
        return sorted(int(name) for name in os.listdir("/proc") if name.isdigit())
    except OSError:
        return []


def _is_tdb(argv: list[str]) -> bool:
    """A tdb command line: `tdb ...`, `python -m tdb ...`, the interface tdb starts (`-m tdb.ui`) or
    the server of pre-started ones (`-m tdb.ui.prestart_server`, tdb/prestart.py)."""
    if argv and os.path.basename(argv[0]) == "tdb":
        return True
    if len(argv) > 1 and os.path.basename(argv[1]) == "tdb":  # (#!python tdb: the script run by python)
        return True
    return any(a == "-m" and b in ("tdb", "tdb.ui", "tdb.ui.prestart_server") for a, b in zip(argv, argv[1:]))


def _attaches_to(argv: list[str]) -> int | None:
    """The pid a `tdb -p PID` (or -pPID) command line attaches to."""
    for index, arg in enumerate(argv):
        if arg == "-p" and index + 1 < len(argv) and argv[index + 1].isdigit():
            return int(argv[index + 1])
        if arg.startswith("-p") and arg[2:].isdigit():
            return int(arg[2:])
    return None


def stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat past the command name (which may hold spaces): state, ppid, ...; [] if unreadable."""
    try:
        with open(f"/proc/{pid}/stat", errors="replace") as file:
            stat = file.read()
    except OSError:
        return []
    return stat.rpartition(")")[2].split() if ")" in stat else []


def _parent(pid: int) -> int | None:
    fields = stat_fields(pid)
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


def debuggers() -> dict[int, int]:
    """target pid -> the pid of the tdb that debugs it: a `tdb -p` attached to it, or the interface that a
    program run under tdb (or stopped at set_trace) started as its child."""
    held: dict[int, int] = {}
    me = os.getpid()
    for pid in _pids():
        if pid == me:
            continue
        argv = argv_of(pid)
        if not _is_tdb(argv):
            continue
        if "tdb.ui" in argv:
            parent = _parent(pid)
            if parent is not None:
                held[parent] = pid
            continue
        target = _attaches_to(argv)
        if target is not None and target != me:
            held.setdefault(target, pid)
    return held


def debugged_by(pid: int) -> int | None:
    return debuggers().get(pid)


def python_version(pid: int) -> tuple[int, int] | None:
    """The process's Python version from its interpreter's or its library's file name; None if not Python."""
    try:
        executable = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None
    version = version_of(executable, "")
    if version is None:  # (an interpreter named otherwise: its library's name tells)
        try:
            with open(f"/proc/{pid}/maps") as file:
                version = version_of(executable, file.read())
        except OSError:
            return None
    return version


def version_of(executable: str, maps: str) -> tuple[int, int] | None:
    """Python's version from the interpreter's file name (python3.14) or its library's (libpython3.14.so)."""
    match = re.search(r"python(\d+)\.(\d+)", os.path.basename(executable)) or \
        re.search(r"libpython(\d+)\.(\d+)", maps)
    return (int(match[1]), int(match[2])) if match else None


def _remote_debug_off(pid: int, argv: list[str]) -> bool:
    if any(a == "-X" and b == "disable-remote-debug" for a, b in zip(argv, argv[1:])) or \
            "-Xdisable-remote-debug" in argv:
        return True
    try:
        with open(f"/proc/{pid}/environ", "rb") as file:
            return any(entry.startswith(b"PYTHON_DISABLE_REMOTE_DEBUG=") and entry != b"PYTHON_DISABLE_REMOTE_DEBUG="
                       for entry in file.read().split(b"\0"))
    except OSError:
        return False


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)


def candidates() -> list[Candidate]:
    """The Python 3.14+ processes this user may attach to (its own; every one for root), not tdb's own."""
    found = []
    me, uid = os.getpid(), os.geteuid()
    held = debuggers()
    for pid in _pids():
        if pid == me:
            continue
        try:
            owner = os.stat(f"/proc/{pid}").st_uid
        except OSError:
            continue
        if uid != 0 and owner != uid:
            continue
        version = python_version(pid)
        if version is None or version < MIN_VERSION:
            continue
        argv = argv_of(pid)
        if not argv or _is_tdb(argv):
            continue
        found.append(Candidate(pid, _user(owner), version, " ".join(argv), _remote_debug_off(pid, argv),
                               held.get(pid)))
    return found


def table(found: list[Candidate], width: int = 100) -> str:
    """The picker's list: one line a process."""
    lines = [f"{'PID':>7}  {'USER':<10} {'PYTHON':<7} COMMAND"]
    for candidate in found:
        version = ".".join(map(str, candidate.version)) if candidate.version else "?"
        note = ""
        if candidate.remote_debug_off:
            note = "  [remote debugging disabled]"
        elif candidate.debugged_by is not None:
            note = f"  [debugged by tdb, pid {candidate.debugged_by}]"
        room = max(20, width - 28 - len(note))
        command = candidate.command if len(candidate.command) <= room else candidate.command[:room - 1] + "…"
        lines.append(f"{candidate.pid:>7}  {candidate.user[:10]:<10} {version:<7} {command}{note}")
    return "\n".join(lines)
