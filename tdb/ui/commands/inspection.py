"""Looking at the stop: p, pp, whatis, a, retval, display/undisplay, interact, Python lines, the value view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...dap import extensions
from ..core.client import RequestFailed
from .parsing import SpecError
from .registry import Command, Invocation, Usage, add, command, named

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen


@command("print", "p", usage=[("p expression", "print a value")])
async def print_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await _print(screen, invocation, "p", "clipboard")


@command("pprint", "pp", usage=[("pp expression", "pretty-print a value")])
async def pprint(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await _print(screen, invocation, "pp", extensions.PPRINT)


async def _print(screen: "DebuggerScreen", invocation: Invocation, word: str, context: str) -> None:
    if not invocation.argument:
        raise SpecError(f"{word} needs an expression")
    screen.core.require_stop()
    body = await screen.core.evaluate(invocation.argument, context)
    screen.say(str(body.get("result", "")))
    await screen.refresh_after_code()


@command("whatis", usage=[("whatis expression", "the type of a value")])
async def whatis(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if not invocation.argument:
        raise SpecError("whatis needs an expression")
    screen.core.require_stop()
    body = await screen.core.evaluate(f"type(({invocation.argument}))", "repl")
    screen.say(str(body.get("result", "")))


@command("args", "a", "args", usage=[("a", "the selected frame's arguments (also args)")], takes_argument=False)
async def args(screen: "DebuggerScreen", invocation: Invocation) -> None:
    body = await screen.core.request_in_frame(extensions.ARGUMENTS)
    for argument in body.get("arguments") or []:
        screen.say(f"{argument.get('name')} = {argument.get('value')}")


@command("retval", "retval", "rv", usage=[("retval", "the value being returned, at a return (also rv)")],
         takes_argument=False)
async def retval(screen: "DebuggerScreen", invocation: Invocation) -> None:
    stop = screen.core.require_stop()
    if not stop.frames:
        return
    scopes, pages = await screen.core.scopes_of(stop.frames[0])  # the value belongs to the innermost frame
    returned = next((scope for scope in scopes if scope.get("name") == "Return value"), None)
    if returned is None:
        raise SpecError("not yet returned: retval works at a return (after r, or a step off the end)")
    for variable in pages.get(int(returned["variablesReference"]), []):
        screen.say(str(variable.get("value", "")))


@command("display", usage=[("display [expression]", "watch an expression (list without one)")], while_running=True)
async def display(screen: "DebuggerScreen", invocation: Invocation) -> None:
    core = screen.core
    if not invocation.argument:
        if not core.watches:
            screen.say("No display expressions.")
        for expression in core.watches:
            screen.say(f"display {expression}")
        return
    if invocation.argument in core.watches:
        return
    core.watches.append(invocation.argument)
    if core.stop is None:
        return
    results = await core.watch_results()
    expression, value, ok = results[-1]
    if not ok and value.startswith("SyntaxError"):  # it would never show a value: refuse it, as a one-liner
        core.watches.remove(expression)
        screen.show_watches(results[:-1])
        raise SpecError(f"cannot display {expression}: {value}")
    screen.show_watches(results)


@command("undisplay", usage=[("undisplay [expression]", "stop watching (all without one)")], while_running=True)
async def undisplay(screen: "DebuggerScreen", invocation: Invocation) -> None:
    watches = screen.core.watches
    if not invocation.argument:
        watches.clear()
    elif invocation.argument in watches:
        watches.remove(invocation.argument)
    else:
        raise SpecError(f"not a display expression: {invocation.argument}")
    await screen.refresh_watches()


@command("interact", usage=[("interact", "a Python console in the selected frame (Ctrl-D, exit() or Esc leaves)")],
         takes_argument=False)
async def interact(screen: "DebuggerScreen", invocation: Invocation) -> None:
    frame = screen.core.require_frame()
    await screen.core.request_in_frame(extensions.INTERACT, start=True)
    from ..interact import InteractSession  # loaded when first used

    screen.begin_interact(InteractSession(screen, int(frame["id"]), str(frame.get("name", "?"))))


# Python: any line that is not a command, and `!line`.
add(Command("python", ("!",), (
    Usage("!statement", "run Python in the frame (any other line too)"),
    Usage("$name", "pdb's variables, in any line of Python: $_frame, $_retval at a return, $_exception; "
                   "$x = 1 keeps x for the session"),
), None, module="inspection"))


async def python(screen: "DebuggerScreen", invocation: Invocation) -> None:
    """A line of Python, run in the selected frame: a value is shown, a statement's output too."""
    if not invocation.argument:
        return
    screen.core.require_stop()
    try:
        body = await screen.core.evaluate(invocation.argument, "repl")
    except RequestFailed as error:
        word = invocation.argument.split()[0]
        entry = named(word)
        if str(error).startswith("SyntaxError") and entry is not None and not entry.takes_argument:
            # `w 3`, `n 2`: a command with an argument it does not take was tried as Python.
            raise SpecError(f"{error} ({word} takes no argument)") from None
        raise
    result = str(body.get("result", ""))
    if result:
        screen.say(result)
    await screen.refresh_after_code()


# -- the value view and the watches pane ------------------------------------------------------


def view_value(screen: "DebuggerScreen", title: str, expression: str | None, known: dict[str, Any] | None = None) -> None:
    """Open the value view of an expression (None: an item no expression reaches; `known` is what the pane showed)."""
    if screen.core.stop is None or screen.core.state != "stopped":
        screen.say("the value view needs a stopped program", "error")
        return

    async def inspect(text: str) -> dict[str, Any]:
        return await screen.core.evaluate(text, extensions.INSPECT)

    from ..screens.value_view import ValueViewScreen  # loaded when first opened

    screen.app.push_screen(ValueViewScreen(title, expression, inspect, known or {}))


async def change_watch(screen: "DebuggerScreen", index: int | None, expression: str | None) -> None:
    """Add (index None), replace or remove (expression None) a watch; the same list `display` changes."""
    watches = screen.core.watches
    if index is not None and not 0 <= index < len(watches):
        screen.say(f"*** no watch number {index + 1}", "error")
        return
    if expression is None:
        removed = watches.pop(index)  # type: ignore[arg-type]
        screen.say(f"undisplay {removed}", "info")
    elif expression in watches and watches.index(expression) != index:
        screen.say(f"already watched: {expression}", "info")
        if index is not None:
            watches.pop(index)
    elif index is None:
        watches.append(expression)
    else:
        watches[index] = expression
    await screen.refresh_watches()
