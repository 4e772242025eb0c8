"""Carry out a command-line entry: a command of the registry, or Python in the selected frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.aliases import AliasError
from ..core.client import ConnectionLost, RequestFailed
from ..core.session import RUNNING
from .errors import guarded
from .registry import Invocation, parse

if TYPE_CHECKING:
    from ..core.stop import StopView
    from ..screens.main import DebuggerScreen


async def run(screen: "DebuggerScreen", line: str) -> None:
    if screen.interact is not None:  # after `interact`: every line is Python for its console
        await screen.interact.feed(line)
        return
    if screen.core.book.collecting is not None:  # after `commands N`: lines for its list, up to `end`
        from .breakpoints import collect_line

        collect_line(screen, line)
        return
    try:
        line = screen.core.aliases.expand(line)
    except AliasError as error:
        screen.say(f"*** {error}", "error")
        return
    if ";;" in line and line.split(maxsplit=1)[0] not in _OWN_SEPARATORS:
        await _one_then_the_rest(screen, *line.split(";;", 1))
        return
    invocation = parse(line)
    if invocation is None:
        return
    if screen.core.state == RUNNING and not (invocation.command and invocation.command.while_running):
        screen.say(f"*** the program is running: {line.strip()!r} needs it stopped (Ctrl-C breaks in)", "error")
        return
    await guarded(screen, _carry_out(screen, invocation))


# Commands that take `;;` themselves: an alias's line is kept whole, `commands N a;; b` is a list (pdb's).
_OWN_SEPARATORS = ("alias", "commands")


async def _one_then_the_rest(screen: "DebuggerScreen", first: str, rest: str) -> None:
    """pdb's `a;; b`: a, then b at the same stop; after an a that moved the program, b at the next stop."""
    await run(screen, first)
    if screen.core.state == RUNNING:
        screen.core.pending_lines = [rest.strip(), *(screen.core.pending_lines or [])]
    else:
        await run(screen, rest)


async def _carry_out(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if invocation.command is None or invocation.command.handler is None:
        from .inspection import python

        await python(screen, invocation)
    else:
        await invocation.command.handler(screen, invocation)


def run_pending_lines(screen: "DebuggerScreen", stop: "StopView") -> bool:
    """At a stop: the project's remembered breakpoints and watches (the first time), then the lines that wait
    for a stop (.pdbrc, `tdb -c`, the rest of an `a;; b`), as if typed; whether there were any."""
    core = screen.core
    for problem in core.startup_problems:
        screen.say(f"*** {problem}", "error")
    core.startup_problems = []
    if core.pending_lines or not core.restored:
        screen.run_worker(_run_pending_lines(screen, stop), group="pending-lines", exclusive=True)
        return True
    return False


async def _run_pending_lines(screen: "DebuggerScreen", stop: "StopView") -> None:
    """Each line in turn, echoed; after one that moves the program, the rest wait for the next stop (as pdb's)."""
    await screen.core.client.connected.wait()  # (the first stop, read by the handshake, comes before)
    try:
        said = await screen.core.restore()
    except (RequestFailed, ConnectionLost) as error:
        said = f"*** the breakpoints of the last session were not restored: {error}"
    if said:
        screen.say(said, "error" if said.startswith("***") else "info")
        await screen.show_frame()  # (the restored breakpoints in the gutter, the watches in their pane)
    lines = screen.core.pending_lines or []
    while lines and screen.core.stop is stop:
        line = lines.pop(0)
        screen.say(f"> {line}", "echo")
        await run(screen, line)
