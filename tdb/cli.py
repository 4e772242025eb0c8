"""The `tdb` command: parse the arguments, then launch a program under the debugger."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (`tdb script.py` runs the program in this process: no typing in it, tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

USAGE = """\
usage: tdb [-h] [--version] [--listen ADDRESS [--allow-remote]] [-c COMMAND ...] script.py [args ...]
       tdb [--listen ADDRESS [--allow-remote]] [-c COMMAND ...] -m module [args ...]
       tdb --connect SOCKET|tcp:HOST:PORT [--token TOKEN]
       tdb dump [--locals] [--json] PID
       tdb -p PID [--live]
       tdb --config

A full-screen terminal debugger for Python. Runs the program and stops at its
first line, as pdb does. Inside a program, use breakpoint() with
PYTHONBREAKPOINT=tdb.set_trace, or call tdb.set_trace().

  -c CMD   run CMD at the first stop, as if typed (after ~/.pdbrc and ./.pdbrc,
           ~/.tdbrc and ./.tdbrc); repeat it for more: tdb -c 'b 12' -c c prog.py
  -p PID   attach to a running Python 3.14 program, stopped where it is
           (tdb -p alone lists those you may attach to, and asks);
           q detaches and it runs on. With --live it is not stopped: the
           screen shows every thread as it runs; logpoints stream, a
           breakpoint or Ctrl-C stops it
  --connect ADDRESS
           draw the interface for a program waiting at ADDRESS (a socket path,
           TDB_LISTEN's), or drive another DAP server over TCP, such as
           python -m debugpy --listen 5678 --wait-for-client prog.py with
           tdb --connect tcp:127.0.0.1:5678
  --token TOKEN
           the token a program listening on TCP printed with its address
  --listen ADDRESS
           the program waits for tdb --connect at ADDRESS: a socket path,
           unix (a private one), or tcp:HOST:PORT (port 0: any free one),
           which prints the command that connects, its token included;
           a HOST beyond loopback needs --allow-remote
  --config print the settings tdb starts with, where each comes from, and the
           mistakes in config.toml ($XDG_CONFIG_HOME/tdb/config.toml)
  dump PID print the stacks of every thread and asyncio task of a running
           Python 3.14 program, and leave it running at once: --locals adds
           each frame's locals, --json prints it for tools. Before 3.14:
           tdb.install() in the program dumps them on a signal

With pytest: pytest --tdb (or --pdb --pdbcls=tdb:Tdb, --trace --pdbcls=tdb:Tdb).
"""

# The environment tdb reads: `tdb --help` lists it, and so does the README.
ENVIRONMENT = (
    ("PYTHONBREAKPOINT", "tdb.set_trace makes breakpoint() stop in tdb; 0 turns breakpoint() off, under tdb too"),
    ("TDB_LISTEN", "a socket path, unix (a private one) or tcp:HOST:PORT: the program waits there for "
                   "`tdb --connect` instead of starting the interface"),
    ("TDB_WAIT", "breakpoint() with no terminal waits for `tdb --connect` only when set: 1 for 60 s, "
                 "or a number of seconds (inf: no limit); else it says where it was in one line and runs on"),
    ("TDB_ALLOW_REMOTE", "1: TDB_LISTEN may listen on TCP beyond loopback (--allow-remote)"),
    ("TDB_TOKEN", "the token tdb --connect sends to a program listening on TCP (--token)"),
    ("TDB_REPR_SECONDS", "how long showing one value may take (default 1)"),
    ("TDB_LOG", "where tdb's own errors go (default $XDG_STATE_HOME/tdb/tdb.log)"),
    ("TDB_TRACER", "monitoring or settrace: the engine's tracing backend (monitoring on 3.12+)"),
    ("TDB_DUMP_SIGNAL", "the signal tdb.install() dumps the stacks on when given none: a name or number (USR1)"),
    ("TDB_DAP_LOG", "a file: every DAP message the interface sends and receives"),
    ("TDB_PRESTART", "0: no pre-started interface; each session starts its own"),
    ("TDB_PRESTART_IDLE", "seconds the pre-started interface's server waits for a session (default 600)"),
    ("TDB_TIMELINE", "a file: when each moment of a step happened, in both processes"),
    ("XDG_CONFIG_HOME", "where config.toml (your settings) and settings.json (what tdb remembers) live "
                        "(default ~/.config/tdb/)"),
    ("XDG_STATE_HOME", "where the log and each project's breakpoints and watches live (~/.local/state/tdb/)"),
    ("XDG_CACHE_HOME", "where the interface keeps the stylesheets it parsed, for the next one "
                       "(~/.cache/tdb/stylesheets/; safe to delete)"),
    ("VISUAL, EDITOR", "the editor Ctrl-E opens"),
)


def help_text() -> str:
    width = max(len(name) for name, _ in ENVIRONMENT)
    lines = [f"  {name:<{width}}  {what}" for name, what in ENVIRONMENT]
    return USAGE + "\nEnvironment:\n" + "\n".join(lines) + "\n"


class UsageError(Exception):
    pass


def version_line() -> str:
    """`tdb 0.1.0 (Python 3.11.7, Textual 8.2.8)`: what a bug report needs (Textual's read without importing it)."""
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "not installed"
    python = ".".join(str(part) for part in sys.version_info[:3])
    return f"tdb {__version__} (Python {python}, Textual {textual})"


def parse(argv: list[str]) -> tuple[str, str, list[str], dict[str, Any]]:
    """(kind, name, program args, options); kind is script, module, connect, pid, config, help or version.

    options: listen, connect (an address), token, allow_remote, commands (the -c commands, in order)."""
    options: dict[str, Any] = {}
    if argv and argv[0] == "dump":  # its own arguments: tdb.dump.parse
        return "dump", "", argv[1:], options
    if argv and (argv[0] == "-p" or argv[0].startswith("-p") and argv[0][2:].isdigit()):
        if argv[0] == "-p" and (len(argv) < 2 or argv[1:] == ["--live"]):
            return "pid", "", [], {"live": argv[1:] == ["--live"]}  # (no pid: pick one from a list)
        pid, rest = (argv[1], argv[2:]) if argv[0] == "-p" else (argv[0][2:], argv[1:])
        if rest == ["--live"]:
            options["live"], rest = True, []
        if rest:
            raise UsageError("-p takes no program: the program is already running")
        return "pid", pid, [], options
    commands: list[str] = []
    while argv and argv[0] in ("--listen", "--connect", "--token", "--allow-remote", "-c"):
        if argv[0] == "--allow-remote":
            options["allow_remote"], argv = True, argv[1:]
            continue
        if len(argv) < 2:
            raise UsageError({"-c": "-c needs a command", "--token": "--token needs the token"}.get(
                argv[0], f"{argv[0]} needs a socket path"))
        if argv[0] == "-c":
            commands.append(argv[1])
        else:
            options[argv[0][2:]] = argv[1]
        argv = argv[2:]
    if commands:
        options["commands"] = commands
    if "connect" in options:
        if argv or "listen" in options:
            raise UsageError("--connect takes no program: the program is already running")
        if "allow_remote" in options:
            raise UsageError("--allow-remote goes with --listen: --connect reaches any address")
        return "connect", options["connect"], [], options
    if "token" in options:
        raise UsageError("--token goes with --connect: a program that listens makes its own")
    kind, name, rest = _parse_program(argv)
    return kind, name, rest, options


def _parse_program(argv: list[str]) -> tuple[str, str, list[str]]:
    if not argv:
        raise UsageError("no program given")
    first = argv[0]
    if first == "--config":
        if len(argv) > 1:
            raise UsageError("--config takes nothing more: it prints the settings and leaves")
        return "config", "", []
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
        print(help_text(), end="")
        return 0
    if kind == "version":
        print(version_line())
        return 0
    if kind == "config":
        from .ui.config import print_report

        return print_report(os.getcwd())

    if kind == "dump":
        from .dump import main as dump

        return dump(program_args)
    if kind == "connect":
        from .ui.connect import connect

        return connect(name, options.get("token"))
    if kind == "pid":
        from .attach import main as attach

        return attach(name, live=bool(options.get("live")))

    from .engine.controlling_terminal import NoTerminal
    from .launch import ListenError, run_program
    from .targets import TargetError, module_target, script_target

    if "listen" in options:
        os.environ["TDB_LISTEN"] = options["listen"]
    if options.get("allow_remote"):
        os.environ["TDB_ALLOW_REMOTE"] = "1"
    try:
        target = script_target(name, program_args) if kind == "script" else module_target(name, program_args)
        return run_program(target, tuple(options.get("commands", ())))
    except TargetError as error:
        print(f"tdb: error: {error}", file=sys.stderr)
        return 1
    except NoTerminal as error:
        print(f"tdb: error: {error}; tdb needs a terminal to draw on", file=sys.stderr)
        return 1
    except ListenError as error:
        print(f"tdb: error: {error}", file=sys.stderr)
        return 2
