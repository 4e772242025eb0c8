"""asyncio tasks at a stop: every task of the stopped thread's event loop, where each waits, who awaits whom.

Read on the stopped thread (the loop is its running loop), and only when the
program imported asyncio itself: the engine never imports it into a program.
On 3.14 a task's frames and awaiters come from asyncio.capture_call_graph();
before that from the coroutine chain (cr_await) and what each task awaits.
"""

from __future__ import annotations

import inspect
import re
import sys
from types import CoroutineType, FrameType

from .frames import describe_frame, is_library
from .stack_report import awaited_children  # (stack_report runs standalone too: the one copy is there)

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any


def _asyncio() -> Any:
    return sys.modules.get("asyncio")


def running_loop() -> Any:
    """The event loop running on this thread, if the program has one."""
    asyncio = _asyncio()
    if asyncio is None:
        return None
    return asyncio.events._get_running_loop()


def current_task_name() -> str | None:
    """The name of the task running on this thread now (None outside any task)."""
    asyncio = _asyncio()
    if asyncio is None or asyncio.events._get_running_loop() is None:
        return None
    task = asyncio.current_task()
    return task.get_name() if task is not None else None


def coroutine_frames(task: Any) -> tuple[list[FrameType], Any]:
    """(the task's suspended coroutine frames, outermost first; the future its innermost one awaits, if any)."""
    asyncio = _asyncio()
    capture = getattr(asyncio, "capture_call_graph", None)
    if capture is not None and not task.done():
        graph = capture(task)
        frames = [entry.frame for entry in reversed(graph.call_stack)] if graph is not None else []
        return frames, _await_chain(task.get_coro())[1]
    return _await_chain(task.get_coro())


def _await_chain(coro: Any) -> tuple[list[FrameType], Any]:
    """Down a coroutine's awaits: (the frames on the way, outermost first; what the innermost awaits, if any)."""
    frames = []
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None:
            frames.append(frame)
        following = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        if following is None or not (hasattr(following, "cr_frame") or hasattr(following, "gi_frame")):
            return frames, following
        coro = following
    return frames, None


def _state(task: Any, current: Any) -> str:
    if task is current:
        return "running"
    if task.cancelled():
        return "cancelled"
    if task.done():
        return "done"
    return "pending"


def list_tasks(loop: Any) -> list[Any]:
    """The loop's tasks: the running one first, then by name (numbers in order: fetch-2 before fetch-10)."""
    asyncio = _asyncio()
    tasks = list(asyncio.all_tasks(loop))
    current = asyncio.current_task(loop)
    tasks.sort(key=lambda task: (task is not current, natural(task.get_name())))
    return tasks


def natural(name: str) -> list[Any]:
    """A name's sort key with its numbers as numbers: fetch-2 before fetch-10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name)]


def describe_tasks(tasks: list[Any], ids: dict[int, int], loop: Any = None) -> list[dict[str, Any]]:
    """DAP-like entries for the Tasks pane; `ids` maps id(task) to the id the stop gave it.

    loop: another thread's loop (tdb -p --live reads them all from its reader thread); by default this one's."""
    asyncio = _asyncio()
    try:
        current = asyncio.current_task(loop)
    except RuntimeError:  # (no loop runs on this thread)
        current = None
    awaited_by: dict[int, list[int]] = {}
    entries = []
    for task in tasks:
        frames, awaited = coroutine_frames(task)
        awaited = getattr(task, "_fut_waiter", None) or awaited  # (a C future's await hides what it awaits)
        entry: dict[str, Any] = {"id": ids[id(task)], "name": task.get_name(), "state": _state(task, current),
                                 "coroutine": getattr(task.get_coro(), "__qualname__", repr(task.get_coro()))}
        if frames:  # where it waits: the innermost of the user's own coroutines (not asyncio.sleep's)
            own = [frame for frame in frames if not is_library(frame.f_code.co_filename)]
            innermost = (own or frames)[-1]
            entry["frame"] = describe_frame(innermost, innermost.f_lineno)
        awaits = []
        for future in awaited_children(awaited):
            if id(future) in ids:
                awaits.append(ids[id(future)])
                awaited_by.setdefault(ids[id(future)], []).append(entry["id"])
        if awaits:
            entry["awaits"] = awaits
        elif awaited is not None:
            entry["waitsOn"] = _short(awaited)
        entries.append(entry)
    for entry in entries:
        if entry["id"] in awaited_by:
            entry["awaitedBy"] = awaited_by[entry["id"]]
    return entries


def _short(awaited: Any) -> str:
    name = type(awaited).__name__
    return "a Future" if name == "Future" else name


def never_awaited(value: Any) -> bool:
    """A coroutine object that was made and never started: most often a forgotten `await`."""
    if not isinstance(value, CoroutineType):
        return False
    return inspect.getcoroutinestate(value) == inspect.CORO_CREATED
