"""Inspecting a stop from the command line and the side panes: `a`, `interact`, the value view,
watches added or edited in their pane, another thread's stack.

The command handlers join command_runner's table (HANDLERS); the rest is
called by the app's message handlers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .client import ConnectionLost, RequestFailed
from .commands import Command

if TYPE_CHECKING:
    from .app import TdbApp


async def _args(app: "TdbApp", command: Command) -> None:
    frame = app.stop.frame if app._require_stopped() and app.stop else None
    if frame is None:
        return
    body = await app.client.request("tdb/arguments", {"frameId": frame["id"]})
    for argument in body.get("arguments") or []:
        app.console_pane.say(f"{argument.get('name')} = {argument.get('value')}")


async def _interact(app: "TdbApp", command: Command) -> None:
    frame = app.stop.frame if app._require_stopped() and app.stop else None
    if frame is None:
        return
    await app.client.request("tdb/interact", {"frameId": frame["id"], "start": True})
    from .interact import InteractSession  # loaded when first used

    app.begin_interact(InteractSession(app, int(frame["id"]), str(frame.get("name", "?"))))


HANDLERS: dict[str, Any] = {"args": _args, "interact": _interact}


# -- the value view --------------------------------------------------------------------------


def view_value(app: "TdbApp", title: str, expression: str | None, known: dict[str, Any] | None = None) -> None:
    """Open the value view of an expression (None: an item no expression reaches; `known` is what the pane showed)."""
    if not app._require_stopped():
        app.console_pane.say("the value view needs a stopped program", "error")
        return

    async def inspect(text: str) -> dict[str, Any]:
        return await app._evaluate(text, "tdb/inspect")

    from .screens.value_view import ValueViewScreen  # loaded when first opened

    app.push_screen(ValueViewScreen(title, expression, inspect, known or {}))


# -- watches edited in their pane ---------------------------------------------------------------


async def change_watch(app: "TdbApp", index: int | None, expression: str | None) -> None:
    """Add (index None), replace or remove (expression None) a watch; the same list `display` changes."""
    watches = app.watches
    if index is not None and not 0 <= index < len(watches):
        app.console_pane.say(f"*** no watch number {index + 1}", "error")
        return
    if expression is None:
        removed = watches.pop(index)  # type: ignore[arg-type]
        app.console_pane.say(f"undisplay {removed}", "info")
    elif expression in watches and watches.index(expression) != index:
        app.console_pane.say(f"already watched: {expression}", "info")
        if index is not None:
            watches.pop(index)
    elif index is None:
        watches.append(expression)
    else:
        watches[index] = expression
    await app._evaluate_watches()


# -- threads --------------------------------------------------------------------------------------


async def show_thread(app: "TdbApp", thread_id: int) -> None:
    """Show a thread's stack: the stopped thread's own, or another's read-only (it runs on, or waits)."""
    stop = app.stop
    if not app._require_stopped() or stop is None:
        return
    if thread_id == stop.viewed_thread:
        return
    if thread_id == stop.thread_id:
        stop.frames, stop.own_frames = stop.own_frames or stop.frames, []
    else:
        try:
            body = await app.client.request("stackTrace", {"threadId": thread_id})
        except (RequestFailed, ConnectionLost) as error:
            app.console_pane.say(f"*** cannot read that thread's stack: {error}", "error")
            return
        if app.stop is not stop:
            return  # the program moved on meanwhile
        frames = list(body.get("stackFrames") or [])
        if not frames:
            app.console_pane.say("*** that thread runs no Python code now", "error")
            return
        stop.own_frames = stop.own_frames or stop.frames
        stop.frames = frames
        stop.forget_snapshot()  # the stop's first pages are the stopped thread's
    stop.viewed_thread = thread_id
    stop.selected = 0
    await app._show_frame()


async def refresh_threads(app: "TdbApp") -> None:
    """Ask for the threads again: since the stop, another one may have come to wait at a breakpoint."""
    stop = app.stop
    if app.state != "stopped" or stop is None:
        return
    try:
        body = await app.client.request("threads")
    except (RequestFailed, ConnectionLost):
        return
    if app.stop is stop:
        stop.threads = list(body.get("threads") or [])
        app.query_one("#threads").show_threads(stop.threads, stop.viewed_thread)  # type: ignore[attr-defined]
