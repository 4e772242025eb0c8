"""A busy program's threads and the GIL, while tdb works: quick switches at a stop, the others held while tdb loads.

Under the GIL a thread that waits for it gets it after the running thread's
switch interval (5 ms by default). At a stop the engine's threads wait for it
at every request, every message read or written; with three threads of the
program spinning meanwhile each wait is about 15 ms, and attaching to a busy
program took over a second. While a stop is served (and while `tdb -p` sets
itself up), the interval is cut to QUICK; it goes back to what it was when the
program runs again. Only the timing of the switches changes, not what runs;
an interval the program sets meanwhile is its own and stays.

Loading tdb is worse: an import gives the GIL up at every file it reads. With
three threads spinning, the engine's imports took 2.6 s instead of 30 ms, and
0.55 s at QUICK. So while tdb loads, the threads that were running are held
(OtherThreadsHeld): sys.monitoring (3.12+) LINE events, under a free tool id,
on the code in their stacks; one that reaches such a line waits on an Event
until the load is done, or HOLD_LIMIT at most (a held thread may hold a lock
the load needs). A thread in C code or asleep in a call runs no line and takes
no GIL, and is left be. Before 3.12, or with no tool id free, they get quick
switches only. Again only when they run changes, for tens of milliseconds.
"""

from __future__ import annotations

import sys
import threading
import time

from .frames import is_engine_frame

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import CodeType, FrameType
    from typing import Any

QUICK = 0.0002  # seconds
HOLD_LIMIT = 0.5  # seconds: the longest OtherThreadsHeld holds a thread
FREE_FOR_ALL_TOOL_IDS = (3, 4)  # (0-2 and 5 are sys.monitoring's debugger, coverage, profiler, optimizer)

_lock = threading.Lock()
_holders = 0
_saved: float | None = None


def hold(previous: float | None = None) -> None:
    """Quick switches until the matching release(); `previous`: the interval before someone cut it already."""
    global _holders, _saved
    with _lock:
        if _holders == 0:
            current = sys.getswitchinterval()
            _saved = previous if previous is not None else current
            if current > QUICK:
                sys.setswitchinterval(QUICK)
        _holders += 1


def release() -> None:
    global _holders, _saved
    with _lock:
        _holders = max(0, _holders - 1)
        if _holders == 0 and _saved is not None:
            if abs(sys.getswitchinterval() - QUICK) < 1e-9:  # (not if the program set its own meanwhile)
                sys.setswitchinterval(_saved)
            _saved = None


class quick:
    """`with quick():` hold() for the block."""

    def __enter__(self) -> None:
        hold()

    def __exit__(self, *exc_info: Any) -> None:
        release()


class HeldOnce:
    """A hold() taken once and released once, by whichever thread comes first (later calls do nothing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held = False

    def take(self) -> None:
        with self._lock:
            if not self._held:
                hold()
                self._held = True

    def drop(self) -> None:
        with self._lock:
            if self._held:
                self._held = False
                release()


class OtherThreadsHeld:
    """`with OtherThreadsHeld():` every other thread that runs Python code waits until the block ends."""

    def __init__(self, limit: float = HOLD_LIMIT) -> None:
        self.limit = limit
        self.tool: int | None = None
        self.codes: set[CodeType] = set()
        self._released = threading.Event()
        self._held: frozenset[int] = frozenset()  # the threads running when the hold began (not tdb's later ones)
        self._deadline = 0.0

    def __enter__(self) -> OtherThreadsHeld:
        tdb_threads = {thread.ident for thread in threading.enumerate() if thread.name.startswith("tdb-")}
        frames = {ident: frame for ident, frame in sys._current_frames().items()
                  if ident != threading.get_ident() and ident not in tdb_threads}
        if not frames:
            return self
        hold()
        self._held = frozenset(frames)
        monitoring = getattr(sys, "monitoring", None)
        self.codes = _codes_in(frames.values()) if monitoring else set()
        tool = _free_tool_id(monitoring) if self.codes else None
        if tool is None:
            return self
        try:
            monitoring.use_tool_id(tool, "tdb: loading")
        except ValueError:  # (taken meanwhile, by another thread)
            return self
        self.tool = tool
        self._deadline = time.monotonic() + self.limit
        monitoring.register_callback(tool, monitoring.events.LINE, self._at_line)
        for code in self.codes:
            monitoring.set_local_events(tool, code, monitoring.events.LINE)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.let_go()

    def let_go(self) -> None:
        self._released.set()
        if self.tool is not None:
            monitoring = sys.monitoring
            for code in self.codes:
                monitoring.set_local_events(self.tool, code, 0)
            monitoring.register_callback(self.tool, monitoring.events.LINE, None)
            monitoring.free_tool_id(self.tool)
            self.tool = None
        if self._held:
            self._held = frozenset()
            release()

    def _at_line(self, code: CodeType, line: int) -> None:
        if threading.get_ident() in self._held and not self._released.is_set():
            self._released.wait(max(0.0, self._deadline - time.monotonic()))


def _codes_in(stacks: Iterable[FrameType]) -> set[CodeType]:
    """The code of every frame in these stacks, but the debugger's own machinery's (tdb's, importlib's)."""
    codes = set()
    for frame in stacks:
        while frame is not None:
            if not is_engine_frame(frame):
                codes.add(frame.f_code)
            frame = frame.f_back
    return codes


def _free_tool_id(monitoring: Any) -> int | None:
    return next((tool for tool in FREE_FOR_ALL_TOOL_IDS if monitoring.get_tool(tool) is None), None)
