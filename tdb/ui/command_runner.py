"""Carry out a command-line entry: pdb commands become app actions, the rest is Python."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .client import ConnectionLost, RequestFailed
from .commands import Command, CommandHelp, SpecError, help_for, parse, parse_break, parse_count, parse_list

if TYPE_CHECKING:
    from .app import TdbApp


def help_line(entry: CommandHelp) -> str:
    """`h CMD` prints a command's lines of the table the help screen shows."""
    return f"{entry.usage:<28}  {entry.summary}"


async def run(app: "TdbApp", line: str) -> None:
    command = parse(line)
    if command is None:
        return
    handler = _HANDLERS.get(command.name)
    try:
        if handler is None:
            await _python(app, command)
        else:
            await handler(app, command)
    except SpecError as error:
        app.console_pane.say(f"*** {error}", "error")
    except RequestFailed as error:
        app.console_pane.say(f"*** {error}", "error")
    except ConnectionLost:
        app.console_pane.say("*** the program is gone", "error")


async def _step(app: "TdbApp", command: Command) -> None:
    await app.action_step({"next": "next", "step": "stepIn", "return": "stepOut"}[command.name])


async def _continue(app: "TdbApp", command: Command) -> None:
    await app.action_continue()


async def _up(app: "TdbApp", command: Command) -> None:
    await app.action_frame_up(parse_count(command.argument, "up"))


async def _down(app: "TdbApp", command: Command) -> None:
    await app.action_frame_down(parse_count(command.argument, "down"))


async def _quit(app: "TdbApp", command: Command) -> None:
    await app.action_quit_debugger()


async def _restart(app: "TdbApp", command: Command) -> None:
    await app.action_restart()


async def _help(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        app.action_help()
        return
    for word in command.argument.split():
        entries = help_for(word)
        if not entries:
            raise SpecError(f"no command named {word!r}: h alone lists them")
        for entry in entries:
            app.console_pane.say(help_line(entry))


async def _break(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        entries = app.book.all()
        if not entries:
            app.console_pane.say("No breakpoints.")
        for bp in entries:
            app.console_pane.say(f"{bp.number:>3}  {bp.where()}" + (f"  if {bp.condition}" if bp.condition else ""))
        return
    spec = parse_break(command.argument)
    if spec.function is not None:
        app.book.add_function(spec.function, spec.condition)
        await app._sync_function_breakpoints()
        return
    path = _resolve_path(app, spec.path)
    if path is None:
        raise SpecError("no current file: give one as b FILE:LINE")
    app.book.add(path, spec.line or 0, spec.condition)
    await app._sync_breakpoints(path)


def _resolve_path(app: "TdbApp", path: str | None) -> str | None:
    """A file named in a command: the current one, a known one by its tail, or as typed."""
    source = app.query_one("#source")
    if path is None:
        return source.path  # type: ignore[attr-defined]
    if os.path.isabs(path):
        return path
    known = {*app._sources, *app.book.paths()}
    for candidate in sorted(known):
        if candidate.endswith(os.sep + path) or os.path.basename(candidate) == path:
            return candidate
    return path


async def _clear(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        removed = app.book.clear()
        for path in {bp.path for bp in removed if bp.path and not bp.function}:
            await app._sync_breakpoints(path)
        if any(bp.function for bp in removed):
            await app._sync_function_breakpoints()
        app.console_pane.say(f"Deleted {len(removed)} breakpoint(s)" if removed else "No breakpoints.")
        return
    for word in command.argument.replace(",", " ").split():
        if not word.isdigit():
            raise SpecError(f"cl takes breakpoint numbers, not {word!r}")
        bp = app.book.remove(int(word))
        if bp is None:
            app.console_pane.say(f"*** no breakpoint number {word}", "error")
            continue
        if bp.function:
            await app._sync_function_breakpoints()
        elif bp.path:
            await app._sync_breakpoints(bp.path)
        app.console_pane.say(f"Deleted breakpoint {bp.number} at {bp.where()}")


async def _print(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        raise SpecError(f"{'p' if command.name == 'print' else 'pp'} needs an expression")
    if not app._require_stopped():
        return
    context = "clipboard" if command.name == "print" else "tdb/pprint"
    body = await app._evaluate(command.argument, context)
    app.console_pane.say(str(body.get("result", "")))
    await _refresh_after_code(app)


async def _where(app: "TdbApp", command: Command) -> None:
    if not app._require_stopped() or app.stop is None:
        return
    for index, frame in reversed(list(enumerate(app.stop.frames))):
        source = frame.get("source") or {}
        marker = ">" if index == app.stop.selected else " "
        app.console_pane.say(f"{marker} {source.get('path', '?')}({frame.get('line')}){frame.get('name')}()")


async def _display(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        if not app.watches:
            app.console_pane.say("No display expressions.")
        for expression in app.watches:
            app.console_pane.say(f"display {expression}")
        return
    if command.argument not in app.watches:
        app.watches.append(command.argument)
    if app.state == "stopped":
        await app._evaluate_watches()


async def _undisplay(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        app.watches.clear()
    elif command.argument in app.watches:
        app.watches.remove(command.argument)
    else:
        raise SpecError(f"not a display expression: {command.argument}")
    await app._evaluate_watches()


async def _python(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        return
    if not app._require_stopped():
        return
    body = await app._evaluate(command.argument, "repl")
    result = str(body.get("result", ""))
    if result:
        app.console_pane.say(result)
    await _refresh_after_code(app)


async def _refresh_after_code(app: "TdbApp") -> None:
    """Code from the console ran in the program: what the panes show may have changed."""
    if app.stop is not None:
        app.stop.forget_snapshot()
        await app._show_frame()


async def _list(app: "TdbApp", command: Command) -> None:
    span = parse_list(command.argument)
    if not app._require_stopped() or app.stop is None or app.stop.frame is None:
        return
    stop, frame = app.stop, app.stop.frame
    path = (frame.get("source") or {}).get("path") or ""
    lines = (await app._source_text(path)).splitlines()
    current = int(frame.get("line") or 1)
    if span is None:  # pdb: around the current line first, then on from where the last listing ended
        first = stop.listed_through + 1 if stop.listed_through else max(1, current - 5)
        span = (first, first + 10)
    first, last = span[0], min(span[1], len(lines))
    if first > len(lines):
        raise SpecError(f"line {first} is past the end of the file ({len(lines)} lines)")
    marks = app.book.marks(path)
    for number in range(first, last + 1):
        flag = "B" if number in marks else " "
        arrow = "->" if number == current else "  "
        app.console_pane.say(f"{number:>4}{flag}{arrow} {lines[number - 1]}")
    stop.listed_through = last


async def _whatis(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        raise SpecError("whatis needs an expression")
    if app._require_stopped():
        body = await app._evaluate(f"type(({command.argument}))", "repl")
        app.console_pane.say(str(body.get("result", "")))


async def _retval(app: "TdbApp", command: Command) -> None:
    if not app._require_stopped() or app.stop is None or not app.stop.frames:
        return
    scopes, pages = await app._fetch_scopes(app.stop.frames[0])  # the value belongs to the innermost frame
    returned = next((scope for scope in scopes if scope.get("name") == "Return value"), None)
    if returned is None:
        raise SpecError("not yet returned: retval works at a return (after r, or a step off the end)")
    for variable in pages.get(int(returned["variablesReference"]), []):
        app.console_pane.say(str(variable.get("value", "")))


_HANDLERS: dict[str, Any] = {
    "next": _step, "step": _step, "return": _step,
    "continue": _continue,
    "up": _up, "down": _down,
    "quit": _quit, "restart": _restart, "help": _help,
    "break": _break, "clear": _clear,
    "print": _print, "pprint": _print,
    "where": _where,
    "display": _display, "undisplay": _undisplay,
    "list": _list, "whatis": _whatis, "retval": _retval,
}
