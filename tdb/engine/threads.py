"""The program's threads as the interface lists them: which are stopped and why, which run and where.

Any number of threads may be stopped at once, each with its own Stop
(stops.py). The frames of running threads can be read (read-only) from
sys._current_frames(); code that inspects them runs on a stopped thread.
A running thread blocked in a call says which (`time.sleep(5)`, a join, a
lock): the call its innermost frame makes, from the line's positions.
"""

from __future__ import annotations

import linecache
import os
import sys
import threading
from types import FrameType

from ..dap import extensions
from .frames import code_name, describe_frame, is_engine_frame, is_library
from .positions import expression_range

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any
    from .debugger import Debugger

# Threads of the engine itself: never listed.
ENGINE_THREAD_PREFIX = "tdb-"


def program_threads() -> list[tuple[int, int, str]]:
    """(ident, DAP id, name) of every thread of the program, main thread first."""
    listed = []
    known: set[int] = set()
    for thread in threading.enumerate():
        if thread.ident is None or thread.native_id is None:
            continue
        known.add(thread.ident)
        if not thread.name.startswith(ENGINE_THREAD_PREFIX):
            listed.append((thread.ident, thread.native_id, thread.name))
    # Threads started with _thread.start_new_thread have no Thread object: name them by their ident.
    for ident in sys._current_frames():
        if ident not in known:
            listed.append((ident, ident, f"Thread {ident}"))
    main = threading.main_thread().ident
    listed.sort(key=lambda entry: entry[0] != main)
    return listed


def ident_of(thread_id: int) -> int | None:
    """The threading ident of the thread a DAP id names; None if it is gone."""
    for ident, dap_id, _ in program_threads():
        if dap_id == thread_id:
            return ident
    return None


def frames_of(debugger: "Debugger", ident: int) -> list[FrameType]:
    """A thread's frames, innermost first, without the debugger's own."""
    stop = debugger.stops.of_thread(ident)
    frame = stop.innermost if stop is not None and stop.frames else sys._current_frames().get(ident)
    frames = []
    while frame is not None:
        if not is_engine_frame(frame):
            frames.append(frame)
        frame = frame.f_back
    return frames


def describe_threads(debugger: "Debugger") -> list[dict[str, Any]]:
    """DAP Threads with tdb's additions: their state (stopped, pausing, running), why, and where each one is."""
    result = []
    for ident, dap_id, name in program_threads():
        entry: dict[str, Any] = {"id": dap_id, "name": name}
        stop = debugger.stops.of_thread(ident)
        if stop is not None and stop.frames:
            entry[extensions.THREAD_STATE] = "stopped"
            entry[extensions.THREAD_REASON] = stop.reason
            if stop.description:
                entry[extensions.THREAD_DESCRIPTION] = stop.description
            frame, line = stop.frames[-1]
        else:
            entry[extensions.THREAD_STATE] = "pausing" if debugger.pausing(ident) else "running"
            frames = frames_of(debugger, ident)
            if not frames:
                result.append(entry)
                continue
            # Where the program is: its own innermost frame, and the library call it is in, if any.
            frame = next((frame for frame in frames if not is_library(frame.f_code.co_filename)), frames[0])
            line = frame.f_lineno
            blocked = _call_in_progress(frame, line) if frame is frames[0] else _library_call(frames[0])
            if blocked:
                entry[extensions.THREAD_IN_CALL] = blocked
        entry[extensions.THREAD_FRAME] = describe_frame(frame, line)
        result.append(entry)
    return result


# The standard library's waits, in words (the innermost frame's file and function).
_WAITS = {("threading.py", "wait"): "Event/Condition.wait",
          ("threading.py", "_wait_for_tstate_lock"): "Thread.join",
          ("threading.py", "join"): "Thread.join",
          ("queue.py", "get"): "Queue.get",
          ("queue.py", "put"): "Queue.put",
          ("selectors.py", "select"): "select (an event loop, a socket)",
          ("socket.py", "accept"): "socket.accept"}


def _library_call(frame: FrameType) -> str:
    """What a thread does in a library's code: a wait in words, else the function's name."""
    return _WAITS.get((os.path.basename(frame.f_code.co_filename), frame.f_code.co_name)) or code_name(frame.f_code)


def _call_in_progress(frame: FrameType, line: int) -> str:
    """The call a running thread's innermost frame makes now (`time.sleep(5)`); "" if none."""
    span = expression_range(frame, line)
    if not span or span["endLine"] != line:
        return ""
    text = linecache.getline(frame.f_code.co_filename, line)[span["column"] - 1:span["endColumn"] - 1].strip()
    return text if text.endswith(")") and len(text) <= 60 else ""
