"""Exceptions in the interface: `catch` (break on raised or uncaught exceptions), pdb's `exceptions [n]`,
the exceptions screen (`e`) and the palette's two toggles.

The engine keeps the filters (DAP setExceptionBreakpoints) and the stop's
exception (tdb/exceptions, tdb/selectException: engine/exceptions.py). HANDLERS
joins command_runner's table. Errors are said as pdb says them: `*** ...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .client import ConnectionLost, RequestFailed
from .commands import Command, SpecError

if TYPE_CHECKING:
    from .app import TdbApp

KINDS = ("raised", "uncaught")
_TYPE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Catching:
    """The exception filters: None is off, () every exception, else the type names (a class or any base)."""

    raised: tuple[str, ...] | None = None
    uncaught: tuple[str, ...] | None = None

    def arguments(self) -> dict[str, Any]:
        """setExceptionBreakpoints' arguments: a filter alone, or with its types as a filter option."""
        filters: list[str] = []
        options: list[dict[str, str]] = []
        for kind in KINDS:
            types = getattr(self, kind)
            if types:
                options.append({"filterId": kind, "condition": ", ".join(types)})
            elif types is not None:
                filters.append(kind)
        return {"filters": filters, "filterOptions": options}

    def describe(self) -> str:
        parts = [f"{kind} exceptions" + (f" ({', '.join(types)})" if types else "")
                 for kind in KINDS if (types := getattr(self, kind)) is not None]
        return f"Breaking on {' and '.join(parts)}." if parts else "Not breaking on exceptions."


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


async def apply(app: "TdbApp", catching: Catching) -> None:
    """Send the filters; the console says what is on."""
    body = await app.client.request("setExceptionBreakpoints", catching.arguments())
    problems = [str(result.get("message", "refused")) for result in body.get("breakpoints") or []
                if not result.get("verified")]
    if problems:
        await app.client.request("setExceptionBreakpoints", app.catching.arguments())  # back as it was
        raise SpecError("; ".join(problems))
    app.catching = catching
    app.console_pane.say(catching.describe(), "info")


async def toggle(app: "TdbApp", kind: str) -> None:
    """The palette's entries: a filter on (every type) or off."""
    on = getattr(app.catching, kind) is None
    try:
        await apply(app, replace(app.catching, **{kind: () if on else None}))
    except (RequestFailed, SpecError) as error:
        app.console_pane.say(f"*** {error}", "error")
    except ConnectionLost:
        app.console_pane.say("*** the program is gone", "error")


async def _catch(app: "TdbApp", command: Command) -> None:
    catching = parse_catch(command.argument, app.catching)
    if catching is None:
        app.console_pane.say(app.catching.describe())
        return
    await apply(app, catching)


# -- the stop's exception ------------------------------------------------------------------------


def listing(body: dict[str, Any]) -> list[str]:
    """pdb's `exceptions`: `>` at the selected one, its number (`-` without a traceback), its repr."""
    lines = []
    for entry in body.get("exceptions") or []:
        prompt = ">" if entry["id"] == body.get("selected") else " "
        number = f"{entry['id']:>3}" if entry.get("hasTraceback") else "  -"
        lines.append(f"{prompt} {number} {'  ' * int(entry.get('depth') or 0)}{entry.get('repr', '')}")
    return lines


async def select(app: "TdbApp", number: int) -> None:
    """Make exception `number` the selected one: the stack shows its traceback's frames."""
    body = await app.client.request("tdb/selectException", {"id": number})
    stop = app.stop
    if stop is None:
        return
    stop.frames = list(body.get("stackFrames") or [])
    stop.selected = 0
    stop.viewed_thread = stop.thread_id
    stop.description = str(body.get("description") or stop.description)
    stop.forget_snapshot()
    await app._show_frame()
    frame = stop.frame
    if frame is not None:  # pdb prints the frame it moved to
        path = (frame.get("source") or {}).get("path") or ""
        line = int(frame.get("line") or 0)
        app.console_pane.say(f"> {path}({line}){frame.get('name')}()")
        lines = (await app._source_text(path)).splitlines()
        if 0 < line <= len(lines):
            app.console_pane.say(f"-> {lines[line - 1].strip()}")


async def _exceptions(app: "TdbApp", command: Command) -> None:
    argument = command.argument.strip()
    if argument:
        try:
            number = int(argument)
        except ValueError:
            raise SpecError("Argument must be an integer") from None
    if not app._require_stopped():
        return
    if not argument:
        for line in listing(await app.client.request("tdb/exceptions")):
            app.console_pane.say(line)
        return
    await select(app, number)


async def show_screen(app: "TdbApp") -> None:
    """`e`: the exceptions screen; choosing an exception there selects it (as `exceptions n`)."""
    if not app._require_stopped():
        return
    try:
        body = await app.client.request("tdb/exceptions")
    except RequestFailed as error:
        app.console_pane.say(str(error), "info")
        return
    except ConnectionLost:
        return

    async def chosen(number: int | None) -> None:
        if number is None or app.stop is None:
            return
        try:
            await select(app, number)
        except RequestFailed as error:
            app.console_pane.say(f"*** {error}", "error")
        except ConnectionLost:
            app.console_pane.say("*** the program is gone", "error")

    from .screens.exceptions import ExceptionsScreen  # loaded when first opened

    app.push_screen(ExceptionsScreen(body), chosen)


HANDLERS: dict[str, Any] = {"catch": _catch, "exceptions": _exceptions}
