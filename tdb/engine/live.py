"""tdb -p --live: a program looked at while it runs on.

The interface asks, a few times a second, for every thread and its frames
(read from sys._current_frames() on the reader thread: nothing of the
program's stops or runs for it). Watches are not evaluated on the reader
thread, which would read frames that change under it: they are sampled where
a logpoint is hit, on the thread that hit it, and travel with its message.
"""

from __future__ import annotations

from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any

from ..dap import extensions
from .frames import describe_frame
from .threads import describe_threads, frames_of, program_threads
from .values import safe_repr

if TYPE_CHECKING:
    from .debugger import Debugger

# Deeper stacks are cut: the screen shows the innermost frames, and a refresh must stay cheap.
MAX_FRAMES = 64

Watch = tuple[str, "CodeType | str"]  # (expression, its code or why it does not compile)


def live_stacks(debugger: "Debugger") -> dict[str, Any]:
    """Every thread as the threads request lists it, with its frames, innermost first."""
    idents = {dap_id: ident for ident, dap_id, _ in program_threads()}
    threads = describe_threads(debugger)
    for thread in threads:
        ident = idents.get(thread["id"])
        frames = frames_of(debugger, ident)[:MAX_FRAMES] if ident is not None else []
        thread[extensions.THREAD_FRAMES] = [describe_frame(frame, frame.f_lineno) for frame in frames]
    return {"threads": threads}


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
