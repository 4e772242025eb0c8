"""`await expr` at the console: run an awaitable the user typed, at a stop.

pdb 3.14 does it only under `set_trace_async()`: the stop ends, a shim
coroutine awaits the expression, and the stop comes back. tdb does it at any
stop, on the stopped thread:

- Inside a running event loop (the stop is in one of its callbacks, the loop
  is blocked under it), the awaitable becomes a task of that same loop, and
  the loop is turned by hand (`_run_once`) until the task is done: futures,
  locks and streams of that loop work, and the loop's other tasks run
  meanwhile, as they would if the program awaited it there.
- Outside any loop, it runs on a new event loop of its own (as at Python's
  `python -m asyncio` prompt).

Turning a loop from inside one of its callbacks breaks two of asyncio's
assumptions, and both are kept here: the stopped task is asyncio's current one
(another task cannot be entered: it steps aside meanwhile), and the outer
`_run_once` pops as many ready callbacks as it counted before ours ran (those
the nested turns ran are replaced by no-ops, so it never pops an empty queue).
"""

from __future__ import annotations

import ast
import inspect
import sys
from types import CodeType

from .cancelling import Cancelled, Interruptible

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any


def compile_awaiting(source: str, mode: str) -> CodeType:
    """compile() with top-level await allowed: code that awaits is a coroutine's (is_awaiting)."""
    return compile(source, "<tdb>", mode, flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def is_awaiting(code: CodeType) -> bool:
    """Whether eval() of this code gives a coroutine to run (the source awaits at its top level)."""
    return bool(code.co_flags & inspect.CO_COROUTINE)


def run(awaitable: Any, interruptible: Interruptible) -> Any:
    """Await `awaitable` on this thread: in its running event loop, or in a new one; its result.

    Inside `with interruptible:`; a cancel ends the wait (Cancelled) between two turns of the loop.
    """
    asyncio = sys.modules.get("asyncio")
    loop = asyncio.events._get_running_loop() if asyncio is not None else None
    if loop is None:
        import asyncio  # (the user awaited something: asyncio is theirs already, or about to be)

        runner = asyncio.new_event_loop()
        asyncio.events._set_running_loop(runner)
        try:
            return _until_done(asyncio, runner, runner.create_task(awaitable), interruptible)
        finally:
            asyncio.events._set_running_loop(None)
            runner.close()
    if not hasattr(loop, "_run_once"):
        awaitable.close()
        raise RuntimeError(f"await at a stop needs asyncio's own event loop, not {type(loop).__name__}")
    task = asyncio.ensure_future(awaitable, loop=loop)
    current = asyncio.current_task(loop)
    ready = loop._ready
    counted = len(ready)  # at most what the outer _run_once still pops
    if current is not None:
        asyncio.tasks._leave_task(loop, current)
    try:
        return _until_done(asyncio, loop, task, interruptible)
    finally:
        if current is not None:
            asyncio.tasks._enter_task(loop, current)
        missing = counted - len(ready)
        if missing > 0:
            ready.extendleft(asyncio.Handle(_nothing, (), loop) for _ in range(missing))


def _until_done(asyncio: Any, loop: Any, task: Any, interruptible: Interruptible) -> Any:
    """Turn the loop until the task is done, or a cancel is asked (then the task is cancelled)."""
    with interruptible.waking(lambda: loop.call_soon_threadsafe(_nothing)):
        while not task.done() and not interruptible.asked:
            loop._run_once()
    if not task.done():
        task.cancel()
        loop._run_once()  # (the task's cancellation runs: its finally blocks, its context managers)
        raise Cancelled()
    return task.result()


def _nothing() -> None:
    pass
