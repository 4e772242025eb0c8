"""The program's threads as the interface lists them: which are stopped, which wait, where each one is.

Only one thread is stopped at a time today: a second thread that hits a breakpoint
waits in Debugger.interaction() until the first resumes (Debugger.waiting).
Its frames, and those of running threads, can still be read (read-only) from
sys._current_frames(); code that inspects them runs on the stopped thread.
"""

from __future__ import annotations

import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING, Any

from ..dap import extensions
from .frames import describe_frame, is_engine_frame

if TYPE_CHECKING:
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
    frame = debugger.waiting.get(ident) or sys._current_frames().get(ident)
    frames = []
    while frame is not None:
        if not is_engine_frame(frame):
            frames.append(frame)
        frame = frame.f_back
    return frames


def describe_threads(debugger: "Debugger") -> list[dict[str, Any]]:
    """DAP Threads with tdb's additions: their state (stopped, waiting, running) and where each one is."""
    result = []
    for ident, dap_id, name in program_threads():
        entry: dict[str, Any] = {"id": dap_id, "name": name}
        stop = debugger.stops.of_thread(ident)
        if stop is not None:
            entry[extensions.THREAD_STATE] = "stopped"
            frame, line = stop.frames[-1]
        else:
            entry[extensions.THREAD_STATE] = "waiting" if ident in debugger.waiting else "running"
            frames = frames_of(debugger, ident)
            if not frames:
                result.append(entry)
                continue
            frame, line = frames[0], frames[0].f_lineno
        entry[extensions.THREAD_FRAME] = describe_frame(frame, line)
        result.append(entry)
    return result
