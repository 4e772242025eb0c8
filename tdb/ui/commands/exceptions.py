"""Exceptions: `catch` (break on raised or uncaught exceptions), pdb's `exceptions [n]`, and the `e` screen.

The engine keeps the filters (DAP setExceptionBreakpoints) and the stop's
exception (tdb's exceptions and selectException requests).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..core.exception_filters import KINDS, Catching
from ..core.stop import frame_path
from .errors import guarded
from .parsing import SpecError
from .registry import Invocation, command

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen

_TYPE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def parse_catch(argument: str, current: Catching) -> Catching | None:
    """The filters `catch ARGUMENT` asks for; None for `catch` alone (list them)."""
    words = argument.replace(",", " ").split()
    if not words:
        return None
    kind, rest = words[0], words[1:]
    if kind in KINDS:
        for name in rest:
            if not _TYPE_NAME.fullmatch(name):
                raise SpecError(f"{name!r} is not an exception type name")
        return replace(current, **{kind: tuple(dict.fromkeys(rest))})
    if kind == "off":
        if not rest:
            return Catching()
        if len(rest) == 1 and rest[0] in KINDS:
            return replace(current, **{rest[0]: None})
        raise SpecError(f"catch off takes raised or uncaught, not {' '.join(rest)!r}")
    raise SpecError(f"catch takes raised, uncaught or off, not {kind!r} (h catch shows how)")


@command("catch", while_running=True, usage=[
    ("catch raised [Type ...]", "break where exceptions are raised (of these types)"),
    ("catch uncaught [Type ...]", "break before an exception ends the program"),
    ("catch off [raised|uncaught]", "stop breaking on exceptions; catch alone lists"),
])
async def catch(screen: "DebuggerScreen", invocation: Invocation) -> None:
    catching = parse_catch(invocation.argument, screen.core.catching)
    if catching is None:
        screen.say(screen.core.catching.describe())
        return
    await screen.core.set_catching(catching)
    screen.say(catching.describe(), "info")


# -- the stop's exception ------------------------------------------------------------------------


def listing(body: dict[str, Any]) -> list[str]:
    """pdb's `exceptions`: `>` at the selected one, its number (`-` without a traceback), its repr."""
    lines = []
    for entry in body.get("exceptions") or []:
        prompt = ">" if entry["id"] == body.get("selected") else " "
        number = f"{entry['id']:>3}" if entry.get("hasTraceback") else "  -"
        lines.append(f"{prompt} {number} {'  ' * int(entry.get('depth') or 0)}{entry.get('repr', '')}")
    return lines


async def select(screen: "DebuggerScreen", number: int) -> None:
    """Make exception `number` the selected one: the stack shows its traceback's frames."""
    stop = await screen.core.select_exception(number)
    await screen.show_frame()
    frame = stop.frame
    if frame is not None:  # pdb prints the frame it moved to
        path = frame_path(frame)
        line = int(frame.get("line") or 0)
        screen.say(f"> {path}({line}){frame.get('name')}()")
        lines = (await screen.core.source_text(path)).splitlines()
        if 0 < line <= len(lines):
            screen.say(f"-> {lines[line - 1].strip()}")


@command("exceptions", usage=[("exceptions [number]", "list the exception's chain, or show one's frames")])
async def exceptions(screen: "DebuggerScreen", invocation: Invocation) -> None:
    argument = invocation.argument.strip()
    if argument:
        try:
            number = int(argument)
        except ValueError:
            raise SpecError("Argument must be an integer") from None
        screen.core.require_stop()
        await select(screen, number)
        return
    for line in listing(await screen.core.exceptions()):
        screen.say(line)


async def show_screen(screen: "DebuggerScreen") -> None:
    """`e`: the exceptions screen; choosing an exception there selects it (as `exceptions n`)."""
    from ..core.client import RequestFailed

    try:
        body = await screen.core.exceptions()
    except RequestFailed as error:
        screen.say(str(error), "info")
        return

    async def chosen(number: int | None) -> None:
        if number is not None and screen.core.stop is not None:
            await guarded(screen, select(screen, number))

    from ..screens.exceptions import ExceptionsScreen  # loaded when first opened

    screen.app.push_screen(ExceptionsScreen(body), chosen)
