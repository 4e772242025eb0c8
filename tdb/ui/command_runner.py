"""Carry out a command-line entry: pdb commands become app actions, the rest is Python."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import breakpoint_commands, inspect_commands, source_commands
from . import exception_commands
from .client import ConnectionLost, RequestFailed
from .commands import (ALIASES, NO_ARGUMENT, Command, CommandHelp, SpecError, help_for, parse, parse_count,
                       parse_list)

if TYPE_CHECKING:
    from .app import TdbApp


def help_line(entry: CommandHelp) -> str:
    """`h CMD` prints a command's lines of the table the help screen shows."""
    return f"{entry.usage:<28}  {entry.summary}"


async def run(app: "TdbApp", line: str) -> None:
    if app.interact is not None:  # after `interact`: every line is Python for its console
        await app.interact.feed(line)
        return
    if app.book.collecting is not None:  # after `commands N`: lines for its list, up to `end`
        await breakpoint_commands.collect_line(app, line)
        return
    command = parse(line)
    if command is None:
        return
    if app.state == "running" and command.name not in _WHILE_RUNNING:
        app.console_pane.say(f"*** the program is running: {line.strip()!r} needs it stopped (Ctrl-C breaks in)",
                             "error")
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


# What needs no stop: breakpoints, exception filters, watches (evaluated at the next stop), help, q.
_WHILE_RUNNING = {"break", "tbreak", "logpoint", "clear", "disable", "enable", "ignore", "condition", "commands",
                  "catch", "display", "undisplay", "help", "quit", "restart"}


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
    if command.argument in app.watches:
        return
    app.watches.append(command.argument)
    if app.state != "stopped":
        return
    results = await app._watch_results()
    expression, value, ok = results[-1]
    if not ok and value.startswith("SyntaxError"):  # it would never show a value: refuse it, as a one-liner
        app.watches.remove(expression)
        app._show_watches(results[:-1])
        raise SpecError(f"cannot display {expression}: {value}")
    app._show_watches(results)


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
    try:
        body = await app._evaluate(command.argument, "repl")
    except RequestFailed as error:
        word = command.argument.split()[0]
        if str(error).startswith("SyntaxError") and ALIASES.get(word) in NO_ARGUMENT:
            # `w 3`, `n 2`: a command with an argument it does not take was tried as Python.
            raise SpecError(f"{error} ({word} takes no argument)") from None
        raise
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
        span = (first, first + 10, first)
    first, last = span[0], min(span[1], len(lines))
    if first > len(lines):
        raise SpecError(f"line {span[2]} is past the end of the file ({len(lines)} lines)")
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
    **breakpoint_commands.HANDLERS,
    **inspect_commands.HANDLERS,
    **source_commands.HANDLERS,
    **exception_commands.HANDLERS,
    "print": _print, "pprint": _print,
    "where": _where,
    "display": _display, "undisplay": _undisplay,
    "list": _list, "whatis": _whatis, "retval": _retval,
}
