"""tdb -p --live: a program looked at while it runs on.

The interface asks, a few times a second, for every thread and its frames
(read from sys._current_frames() on the reader thread: nothing of the
program's stops or runs for it). Watches are not evaluated on the reader
thread, which would read frames that change under it: they are sampled where
a logpoint is hit, on the thread that hit it, and travel with its message.
"""

from __future__ import annotations

import sys
from types import CodeType, FrameType

from ..dap import extensions
from .frames import describe_frame
from .tasks import describe_tasks, natural
from .threads import describe_threads, frames_of, program_threads
from .values import safe_repr

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any
    from .debugger import Debugger

# Deeper stacks are cut, and more tasks: the screen shows the innermost frames, and a refresh must stay cheap.
MAX_FRAMES = 64
MAX_TASKS = 500

Watch = tuple[str, "CodeType | str"]  # (expression, its code or why it does not compile)


def live_stacks(debugger: "Debugger") -> dict[str, Any]:
    """Every thread as the threads request lists it, with its frames, innermost first; and the asyncio
    tasks of the loops running on any of them."""
    idents = {dap_id: ident for ident, dap_id, _ in program_threads()}
    threads = describe_threads(debugger)
    loops = []
    for thread in threads:
        ident = idents.get(thread["id"])
        frames = frames_of(debugger, ident)[:MAX_FRAMES] if ident is not None else []
        thread[extensions.THREAD_FRAMES] = [describe_frame(frame, frame.f_lineno) for frame in frames]
        loop = _loop_in(frames)
        if loop is not None:
            loops.append(loop)
    return {"threads": threads, "tasks": _tasks_of(loops)}


def _loop_in(frames: list[FrameType]) -> Any:
    """The asyncio loop a thread runs, found at its run_forever frame (only if the program imported asyncio)."""
    base = sys.modules.get("asyncio.base_events")
    run_forever = getattr(getattr(base, "BaseEventLoop", None), "run_forever", None)
    code = getattr(run_forever, "__code__", None)
    for frame in frames:
        if frame.f_code is code:
            loop = frame.f_locals.get("self")
            return loop if isinstance(loop, base.BaseEventLoop) else None  # type: ignore[union-attr]
    return None


def _tasks_of(loops: list[Any]) -> list[dict[str, Any]]:
    asyncio = sys.modules.get("asyncio")
    if asyncio is None or not loops:
        return []
    listed: list[dict[str, Any]] = []
    for loop in loops:
        try:
            tasks = sorted(asyncio.all_tasks(loop), key=lambda task: natural(task.get_name()))[:MAX_TASKS]
        except RuntimeError:  # (the set changed while read: the next refresh reads it again)
            continue
        ids = {id(task): len(listed) + number for number, task in enumerate(tasks, 1)}
        listed += describe_tasks(tasks, ids, loop)
    return listed


def compile_watches(expressions: list[str]) -> list[Watch]:
    watches: list[Watch] = []
    for expression in expressions:
        try:
            watches.append((expression, compile(expression, "<watch>", "eval")))
        except SyntaxError as error:
            watches.append((expression, f"SyntaxError: {error.msg}"))
    return watches


def sample_watches(watches: list[Watch], frame: FrameType) -> list[list[Any]]:
    """[expression, value or error, ok] of each watch in `frame` (a logpoint's, on its own thread)."""
    sampled: list[list[Any]] = []
    for expression, code in watches:
        if isinstance(code, str):
            sampled.append([expression, code, False])
            continue
        try:
            value = eval(code, frame.f_globals, frame.f_locals)
        except Exception as error:
            sampled.append([expression, f"{type(error).__name__}: {error}", False])
        else:
            sampled.append([expression, safe_repr(value), True])
    return sampled
