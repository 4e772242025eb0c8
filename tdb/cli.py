"""The `tdb` command: parse the arguments, then launch a program under the debugger."""

from __future__ import annotations

import os
import sys

USAGE = """\
usage: tdb [-h] [--version] [--listen SOCKET] script.py [args ...]
       tdb [--listen SOCKET] -m module [args ...]
       tdb --connect SOCKET
       tdb -p PID

A full-screen terminal debugger for Python. Runs the program and stops at its
first line, as pdb does. Inside a program, use breakpoint() with
PYTHONBREAKPOINT=tdb.set_trace, or call tdb.set_trace().

  -p PID   attach to a running Python 3.14 program, stopped where it is;
           q detaches and it runs on
"""


class UsageError(Exception):
    pass


def parse(argv: list[str]) -> tuple[str, str, list[str], dict[str, str]]:
    """(kind, name, program args, options); kind is script, module, connect, pid, help or version."""
    options: dict[str, str] = {}
    if argv and (argv[0] == "-p" or argv[0].startswith("-p") and argv[0][2:].isdigit()):
        if argv[0] == "-p" and len(argv) < 2:
            raise UsageError("-p needs a process id")
        pid, rest = (argv[1], argv[2:]) if argv[0] == "-p" else (argv[0][2:], argv[1:])
        if rest:
            raise UsageError("-p takes no program: the program is already running")
        return "pid", pid, [], options
    while argv and argv[0] in ("--listen", "--connect"):
        if len(argv) < 2:
            raise UsageError(f"{argv[0]} needs a socket path")
        options[argv[0][2:]] = argv[1]
        argv = argv[2:]
    if "connect" in options:
        if argv or "listen" in options:
            raise UsageError("--connect takes no program: the program is already running")
        return "connect", options["connect"], [], options
    kind, name, rest = _parse_program(argv)
    return kind, name, rest, options


def _parse_program(argv: list[str]) -> tuple[str, str, list[str]]:
    if not argv:
        raise UsageError("no program given")
    first = argv[0]
    if first in ("-h", "--help"):
        return "help", "", []
    if first == "--version":
        return "version", "", []
    if first == "-m":
        if len(argv) < 2:
            raise UsageError("-m needs a module name")
        return "module", argv[1], argv[2:]
    if first.startswith("-m") and len(first) > 2:
        return "module", first[2:], argv[1:]
    if first.startswith("-"):
        raise UsageError(f"unknown option {first}")
    return "script", first, argv[1:]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        kind, name, program_args, options = parse(args)
    except UsageError as error:
        print(f"tdb: error: {error}\n\n{USAGE}", file=sys.stderr, end="")
        return 2
    if kind == "help":
        print(USAGE, end="")
        return 0
    if kind == "version":
        from . import __version__

        print(f"tdb {__version__}")
        return 0

    if kind == "connect":
        from .ui.connect import connect

        return connect(name)
    if kind == "pid":
        from .attach import main as attach

        return attach(name)

    from .engine.controlling_terminal import NoTerminal
    from .launch import PathExists, run_program
    from .targets import TargetError, module_target, script_target

    if "listen" in options:
        os.environ["TDB_LISTEN"] = options["listen"]
    try:
        target = script_target(name, program_args) if kind == "script" else module_target(name, program_args)
        return run_program(target)
    except TargetError as error:
        print(f"tdb: error: {error}", file=sys.stderr)
        return 1
    except NoTerminal as error:
        print(f"tdb: error: {error}; tdb needs a terminal to draw on", file=sys.stderr)
        return 1
    except PathExists as error:
        print(f"tdb: error: {error}", file=sys.stderr)
        return 2
