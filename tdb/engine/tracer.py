"""Tracing backends: which of the program's events reach the debugger, and at what cost.

The Debugger (a bdb.Bdb) decides where to stop from the events bdb knows:
call, line, return and exception, delivered to `frame.f_trace` exactly as
sys.settrace delivers them. A backend decides which events are produced at all.

- MonitoringTracer (3.12+, the default there): sys.monitoring. Events only on
  the code objects that hold breakpoints or are being stepped; DISABLE
  everywhere else; restart_events() only when the breakpoints or the stepping
  state change, never per call or per hit.
- SettraceTracer (3.11, or TDB_TRACER=settrace): sys.settrace, tracing only
  the frames that need it, and nothing at all after `continue` with no
  breakpoint.

Both know two modes. Running (continue): only breakpoints matter, in every
thread. Stepping: the threads that step (each with its own state,
thread_state.py) get bdb's full event stream; other threads still hit
breakpoints but never see a stepping state.
"""

from __future__ import annotations

import bdb
import os
import sys
import threading
from bisect import bisect_right
from collections import namedtuple
from types import CodeType, FrameType

from .breakpoints import checker_for

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable
    from .debugger import Debugger

_get_ident = threading.get_ident

# The engine's own threads (the DAP reader): they run the program's modules too
# (json, say), and must never stop at a breakpoint or be traced on their own account.
engine_threads: set[int] = set()

# The caches below hold code objects (so that an id stays theirs); past this size
# (code made on the fly: exec, templates) they start again, which costs nothing
# but their recomputation.
_CACHE_LIMIT = 4096

BACKENDS = ("monitoring", "settrace")


# What the tracer knows of one code object for the breakpoints now (Tracer._entry):
# - code: CodeType | None, held, so that its id stays its own;
# - lines: frozenset[int] | None, where a breakpoint may stop in it (None: nowhere);
# - filename: str, its canonical filename;
# - checks: dict[int, Callable], each line breakpoint's line: its check (breakpoints.checker_for).
CodeEntry = namedtuple("CodeEntry", "code lines filename checks")


_NO_BREAKS = CodeEntry(None, None, "", {})


def available_backends() -> list[str]:
    """The backends the running Python offers, the default first."""
    return ["monitoring", "settrace"] if hasattr(sys, "monitoring") else ["settrace"]


def create(debugger: "Debugger") -> "Tracer":
    """The backend TDB_TRACER names (monitoring or settrace), else the best one available."""
    wanted = os.environ.get("TDB_TRACER", "").strip().lower()
    if wanted not in BACKENDS or wanted not in available_backends():
        wanted = available_backends()[0]
    if wanted == "monitoring":
        return MonitoringTracer(debugger)
    return SettraceTracer(debugger)


class Tracer:
    """What the backends share: which lines of a code object may hold a breakpoint."""

    name = ""

    def __init__(self, debugger: "Debugger") -> None:
        self.debugger = debugger
        self._lock = threading.RLock()
        # For the breakpoints of _signature: per code object of a file that holds
        # some, its _entry(); per raw co_filename, whether the file holds any.
        # Replaced, never cleared, when breakpoints change: a callback still
        # holding the old dictionary writes there.
        self._signature: frozenset = frozenset()
        self._lines: dict[int, CodeEntry] = {}
        self._files: dict[str, bool] = {}
        # The exception filters (exceptions.py), read on every exception event while they are on.
        self.catcher = getattr(debugger, "exceptions", _NO_EXCEPTION_FILTERS)

    @property
    def active(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def trace_function(self) -> Callable[[FrameType, str, Any], Any]:
        """The trace function frames carry (the debugger's trace_dispatch)."""
        raise NotImplementedError

    def stopping(self) -> None:
        """The stepping thread stops (the tracer re-arms when it resumes)."""

    def rearm_thread(self, frame: FrameType | None) -> None:
        """Called on a thread that wake_main_thread() woke: trace it again."""

    def break_lines(self, code: CodeType) -> frozenset[int] | None:
        """The lines of `code` where a breakpoint may stop; None when it holds none."""
        return self._entry(code).lines

    def _entry(self, code: CodeType) -> CodeEntry:
        entry = self._lines.get(id(code))
        if entry is not None and entry.code is code:
            return entry
        lines_cache, files = self._lines, self._files
        filename = code.co_filename
        has_breaks = files.get(filename)
        if has_breaks is None:
            has_breaks = files[filename] = self.debugger.canonic(filename) in self.debugger.breaks
        if not has_breaks:
            return _NO_BREAKS
        canonical = self.debugger.canonic(filename)
        lines = self.debugger.breakpoint_lines(code)
        placed = self.debugger.breaks.get(canonical, ())
        log = self.debugger.log_point
        at = {line: checker_for(tuple(bdb.Breakpoint.bplist.get((canonical, line), ())), log)
              for line in lines or () if line in placed}
        entry = CodeEntry(code, lines, canonical, at)
        if len(lines_cache) >= _CACHE_LIMIT:
            lines_cache.clear()
        lines_cache[id(code)] = entry  # holds the code: its id stays its own
        return entry

    def forget(self, code: CodeType) -> None:
        """Recompute the breakpoint lines of `code` (a function breakpoint found its first line)."""
        self._lines.pop(id(code), None)

    def _new_signature(self) -> bool:
        """Take the debugger's breakpoints; True if some were put where none was."""
        signature = self.debugger.breakpoint_signature()
        added = not {place[:3] for place in signature} <= {place[:3] for place in self._signature}
        if signature != self._signature:
            self._signature = signature
            self._lines = {}
            self._files = {}
        return added

    def _break(self, frame: FrameType, entry: CodeEntry, line: int) -> None:
        """A line of a breakpoint runs (entry: its code's, from _entry()): stop if the breakpoint is in effect."""
        debugger = self.debugger
        if debugger.quitting or (debugger.quiet and _get_ident() in debugger.quiet):
            return  # (code run by a stop, say a post-mortem's console, never stops again)
        check = entry.checks.get(line)
        if check is not None:  # a line breakpoint's line: debugger.break_here(), in short
            hit = check(frame, line)
            if hit is not None:
                self._stop_for(frame, hit)
        elif debugger.break_here(frame, entry.filename, line):  # a function breakpoint's
            self._stop_at_breakpoint(frame)

    def _stop_for(self, frame: FrameType, hit: Any) -> None:
        """Stop for a line breakpoint in effect, unless it was cleared since its entry was made."""
        if bdb.Breakpoint.bpbynumber[hit.breakpoint.number] is hit.breakpoint and _get_ident() not in engine_threads:
            self.debugger.breakpoint_hit(hit)
            self._stop_at_breakpoint(frame)

    def _stop_at_breakpoint(self, frame: FrameType) -> None:
        if _get_ident() in engine_threads:  # the engine's own json.dumps, say, with a breakpoint in json
            return
        debugger = self.debugger
        if frame.f_trace is None:  # as bdb would have it: a frame that holds a breakpoint is traced
            frame.f_trace = debugger.trace_dispatch
        debugger.tracing = True
        debugger.user_line(frame)
        if debugger.quitting:
            raise bdb.BdbQuit

    def _restore_traces(self, owner: int, cleared: dict[int, CodeType] | None = None) -> None:
        """Before stepping: give the stepping thread's frames the trace function bdb would have given them.

        While running, frames start untraced unless their code holds a
        breakpoint; bdb (settrace) traces every frame for which break_anywhere()
        is true, and stepping out of a frame relies on it.
        """
        frame = sys._current_frames().get(owner)
        debugger = self.debugger
        botframe = debugger.thread_states.of(owner).botframe
        while frame is not None:
            frame.f_trace_lines = True  # (the exception filters may have turned them off: exceptions.py)
            if frame.f_trace is None:
                if (cleared and cleared.get(id(frame)) is frame.f_code) or (
                    debugger.breaks and debugger.break_anywhere(frame)
                ):
                    frame.f_trace = debugger.trace_dispatch
            if frame is botframe:
                break
            frame = frame.f_back




class _NoExceptionFilters:
    """For a debugger without exception filters (tests drive a tracer alone)."""

    raised = uncaught = active = False


_NO_EXCEPTION_FILTERS = _NoExceptionFilters()


# -- sys.monitoring (3.12+) ----------------------------------------------------------

if hasattr(sys, "monitoring"):
    _mon = sys.monitoring
    E = _mon.events
    DISABLE = _mon.DISABLE
    # Where a breakpoint may be: a line, or a backward jump within one line (a loop
    # on one line, an inlined comprehension), which settrace reports as a line.
    BREAK_EVENTS = E.LINE | E.JUMP
    # What a stepped code object needs to give bdb what settrace would.
    STEP_EVENTS = E.LINE | E.JUMP | E.PY_RETURN | E.PY_YIELD | E.STOP_ITERATION
    # Global events: new frames (to find code objects with breakpoints, or to step
    # into them), and while stepping the events that cannot be local.
    DISCOVER_EVENTS = E.PY_START | E.PY_RESUME
    STEP_GLOBAL_EVENTS = DISCOVER_EVENTS | E.PY_THROW | E.RAISE | E.PY_UNWIND


def _exception_events(catcher: Any) -> int:
    """The global events the exception filters need (exceptions.py): none while they are off."""
    return (E.RAISE if catcher.raised else 0) | (E.PY_UNWIND if catcher.uncaught else 0)


# CPython 3.13 and 3.14: returning DISABLE from PY_START at the first RESUME of a
# code object whose first line is the RESUME's own line (a lambda, a one-line def
# or generator) also removes the LINE instrumentation of that line, for every
# tool, for good. Such PY_START events are never disabled (see _may_disable_start).
_START_DISABLE_BREAKS_LINES = sys.version_info >= (3, 13)


def _may_disable_start(code: CodeType, offset: int) -> bool:
    """Whether DISABLE at this PY_START leaves the code's line events alone."""
    if not _START_DISABLE_BREAKS_LINES:
        return True
    table = _LineTable(code)
    line = table.line_at(offset)
    return line is None or line != table.line_at(offset + 2)


# The stepping state DISABLEs were made for, once the program runs: equal to none.
_STALE_STEP = ("a step that ended",)


def _step_state(debugger: "Debugger", ident: int) -> tuple:
    """What a stepping thread's DISABLEs are decided for: its thread and where it stops next."""
    state = debugger.thread_states.of(ident)
    return (ident, state.stopframe, state.returnframe, state.stoplineno)


class NoToolId(RuntimeError):
    """All six sys.monitoring tool ids are taken."""


def _acquire_tool_id(name: str) -> int:
    """sys.monitoring.DEBUGGER_ID, or the next free tool id if another tool holds it."""
    first = _mon.DEBUGGER_ID
    for tool_id in [first, *(i for i in range(6) if i != first)]:
        if _mon.get_tool(tool_id) is None:
            try:
                _mon.use_tool_id(tool_id, name)
            except ValueError:  # taken in between
                continue
            return tool_id
    raise NoToolId("no free sys.monitoring tool id")


class _LineTable:
    """Instruction offset -> line, for telling a backward jump within one line."""

    __slots__ = ("starts", "lines")

    def __init__(self, code: CodeType) -> None:
        self.starts: list[int] = []
        self.lines: list[int | None] = []
        for start, _end, line in code.co_lines():
            self.starts.append(start)
            self.lines.append(line)

    def line_at(self, offset: int) -> int | None:
        index = bisect_right(self.starts, offset) - 1
        return self.lines[index] if index >= 0 else None


class MonitoringTracer(Tracer):
    name = "monitoring"
    TOOL_NAME = "tdb"

    def __init__(self, debugger: "Debugger") -> None:
        super().__init__(debugger)
        self.tool_id: int | None = None
        self._armed: dict[int, tuple[CodeType, int]] = {}  # id(code) -> (code, local events)
        self._global_events = 0
        self._owners: frozenset[int] = frozenset()  # the stepping threads (none while running)
        # What the DISABLEs made since the last restart_events() were decided for:
        # the stepping state (thread, stopframe, returnframe, stoplineno) of the
        # stepping thread; whether running ones (breakpoints only) may have been made.
        # (With two threads stepping, nothing is disabled: what one skips the other may need.)
        self._step_key: tuple | None = None
        self._disabled_while_running = False
        self._jump_tables: dict[int, tuple[CodeType, _LineTable]] = {}
        # Code objects whose PY_START is never disabled (see _may_disable_start):
        # already armed as they need, nothing more to do at their calls.
        self._undisabled: dict[int, CodeType] = {}

    @property
    def active(self) -> bool:
        return self.tool_id is not None

    # -- lifetime ------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self.tool_id is None:
                self.tool_id = _acquire_tool_id(self.TOOL_NAME)
                for event, callback in self._callbacks().items():
                    _mon.register_callback(self.tool_id, event, callback)
                self._step_key = None
                self._disabled_while_running = True  # whatever the tool id saw before: start clean
            self.refresh()

    def stop(self) -> None:
        """Release the tool id and every event: the program runs as if never debugged."""
        with self._lock:
            tool_id, self.tool_id = self.tool_id, None
            self._owners = frozenset()
            if tool_id is None:
                return
            _mon.set_events(tool_id, 0)
            for code, _events in self._armed.values():
                _mon.set_local_events(tool_id, code, 0)
            self._armed = {}
            self._jump_tables = {}
            self._undisabled = {}
            self._global_events = 0
            for event in self._callbacks():
                _mon.register_callback(tool_id, event, None)
            clear = getattr(_mon, "clear_tool_id", None)
            if clear is not None:
                clear(tool_id)
            _mon.free_tool_id(tool_id)

    def _callbacks(self) -> dict[int, Callable[..., Any]]:
        return {
            E.PY_START: self._on_start,
            E.PY_RESUME: self._on_resume,
            E.PY_THROW: self._on_throw,
            E.LINE: self._on_line,
            E.JUMP: self._on_jump,
            E.PY_RETURN: self._on_return,
            E.PY_YIELD: self._on_return,
            E.PY_UNWIND: self._on_unwind,
            E.RAISE: self._on_raise,
            E.STOP_ITERATION: self._on_stop_iteration,
        }

    # -- arming ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Arm the events the debugger's breakpoints and stepping state need, and no others."""
        with self._lock:
            tool_id = self.tool_id
            if tool_id is None:
                return
            debugger = self.debugger
            quitting = debugger.quitting
            # A stopped thread makes no event: the other threads pay nothing for it meanwhile.
            owners = frozenset(ident for ident in debugger.steppers if not debugger.is_stopped(ident))
            added = self._new_signature()
            if added or quitting:
                self._undisabled = {}  # some may hold a breakpoint now
            if quitting:
                self._signature = frozenset()
            desired: dict[int, tuple[CodeType, int]] = {}
            if self._signature:
                # Code objects already running (a loop in a function on some thread's
                # stack) get no PY_START: arm them now.
                for frame in sys._current_frames().values():  # (no name left holding this very frame: a cycle)
                    while frame is not None:
                        code = frame.f_code
                        if self.break_lines(code) is not None:
                            desired[id(code)] = (code, BREAK_EVENTS)
                        frame = frame.f_back
                for code, _events in list(self._armed.values()):
                    if id(code) not in desired and self.break_lines(code) is not None:
                        desired[id(code)] = (code, BREAK_EVENTS)
            for owner in owners:
                self._restore_traces(owner)
                frame = sys._current_frames().get(owner)
                while frame is not None:
                    if frame.f_trace is not None:
                        desired[id(frame.f_code)] = (frame.f_code, STEP_EVENTS)
                    frame = frame.f_back
            for key, (code, _events) in self._armed.items():
                if key not in desired:
                    _mon.set_local_events(tool_id, code, 0)
            for key, (code, events) in desired.items():
                previous = self._armed.get(key)
                if previous is None or previous[1] != events:
                    _mon.set_local_events(tool_id, code, events)
            self._armed = desired
            if owners:
                global_events = STEP_GLOBAL_EVENTS
            else:
                global_events = DISCOVER_EVENTS if self._signature else 0
            global_events |= _exception_events(self.catcher)  # the exception filters (exceptions.py)
            if global_events != self._global_events:
                _mon.set_events(tool_id, global_events)
                self._global_events = global_events
            # A stepping state may need what the DISABLEs made for another one, or
            # while running, disabled: then, and when breakpoints were added, restart.
            restart = added
            if owners:
                key = tuple(sorted((_step_state(debugger, owner) for owner in owners), key=lambda state: state[0]))
                if self._disabled_while_running or (self._step_key is not None and self._step_key != key):
                    restart = True
            self._owners = owners
            if restart:
                _mon.restart_events()
                self._disabled_while_running = False
                self._step_key = None
            if owners:
                self._step_key = key
            else:
                if self._step_key is not None:
                    # Stepping DISABLEs may still be in force: the next step restarts. (Not the key
                    # itself: its frames would keep the program's values alive while it runs.)
                    self._step_key = _STALE_STEP
                if global_events:
                    self._disabled_while_running = True

    def stopping(self) -> None:
        self.refresh()

    def _arm(self, code: CodeType, events: int) -> None:
        entry = self._armed.get(id(code))
        if entry is not None and entry[0] is code and entry[1] & events == events:
            return
        with self._lock:
            tool_id = self.tool_id
            if tool_id is None:
                return
            entry = self._armed.get(id(code))
            if entry is not None and entry[0] is code:
                events |= entry[1]
            _mon.set_local_events(tool_id, code, events)
            self._armed[id(code)] = (code, events)

    def trace_function(self) -> Callable[[FrameType, str, Any], Any]:
        debugger = self.debugger
        dispatch = bdb.Bdb.trace_dispatch

        def trace_dispatch(frame: FrameType, event: str, arg: Any) -> Any:
            """bdb's, for the stepping thread (the only one whose frames the callbacks call it for)."""
            ident = _get_ident()
            if ident in debugger.stepping and debugger.tracing and ident not in debugger.quiet:
                return dispatch(debugger, frame, event, arg)
            return None  # stepping just ended: the tracer re-arms

        return trace_dispatch

    # -- callbacks: each runs on the thread of the event ----------------------------------

    def _on_start(self, code: CodeType, offset: int) -> Any:
        """PY_START: settrace's `call`."""
        owners = self._owners
        if owners and _get_ident() in owners:
            return self._call(sys._getframe(1), code, offset, True)
        if self._undisabled.get(id(code)) is code:
            return None
        return self._new_code(code, offset, owners, True)

    def _on_resume(self, code: CodeType, offset: int) -> Any:
        """PY_RESUME (a generator or coroutine goes on): settrace's `call`."""
        owners = self._owners
        if owners and _get_ident() in owners:
            return self._call(sys._getframe(1), code, offset, False)
        return self._new_code(code, offset, owners, False)

    def _new_code(self, code: CodeType, offset: int, owners: frozenset[int], start: bool) -> Any:
        if self.break_lines(code) is not None:
            self._arm(code, BREAK_EVENTS)
        # One event per code object until the breakpoints change; none at all while
        # another thread steps (DISABLE is global, and the stepper may need it).
        if owners:
            return None
        return self._disable(code, offset, start)

    def _disable(self, code: CodeType, offset: int, start: bool) -> Any:
        if not start or _may_disable_start(code, offset):
            return DISABLE
        if len(self._undisabled) >= _CACHE_LIMIT:
            self._undisabled = {}
        self._undisabled[id(code)] = code
        return None

    def _on_throw(self, code: CodeType, offset: int, exception: BaseException) -> Any:
        """PY_THROW (cannot be disabled): settrace's `call`."""
        if _get_ident() in self._owners:
            self._call(sys._getframe(1), code, -1, False)
        elif self.break_lines(code) is not None:
            self._arm(code, BREAK_EVENTS)
        return None

    def _call(self, frame: FrameType, code: CodeType, offset: int, start: bool) -> Any:
        """settrace's `call` for the stepping thread (offset -1: PY_THROW, which cannot be disabled)."""
        debugger = self.debugger
        ident = _get_ident()
        if ident not in debugger.steppers or ident in debugger.quiet:
            # Stepping just ended (the tracer re-arms next), or the debugger's own code
            # runs in a stop outside any event (post-mortem).
            return None
        first = debugger.botframe is None  # bdb's first call: says no to any frame but one
        result = self._deliver(frame, debugger.trace_dispatch, "call", None)
        if frame.f_trace is not None:  # a new trace function, or the one a resumed frame kept
            self._arm(code, STEP_EVENTS)
            return None
        if self.break_lines(code) is not None:
            self._arm(code, BREAK_EVENTS)
        if result is None and offset >= 0 and not first and len(self._owners) == 1:
            # bdb said no for this code object: it says no for every frame of it
            # until the stepping state changes, except the frames it steps in.
            stopframe, returnframe = debugger.stopframe, debugger.returnframe
            if (stopframe is None or stopframe.f_code is not code) and (
                returnframe is None or returnframe.f_code is not code
            ):
                return self._disable(code, offset, start)
        return None

    def _on_line(self, code: CodeType, line: int) -> Any:
        # The hot one: a breakpoint's line (or a stepped one) runs. _line(), inlined.
        owners = self._owners
        if owners and _get_ident() in owners:
            frame = sys._getframe(1)
            trace = frame.f_trace
            if trace is not None:
                if frame.f_trace_lines:
                    self._deliver(frame, trace, "line", None)
                return None
        else:
            frame = None
        entry = self._lines.get(id(code))
        if entry is None or entry.code is not code:
            entry = self._entry(code)
        lines = entry.lines
        if lines is not None and line in lines:
            self._break(frame or sys._getframe(1), entry, line)
            return None
        return None if owners else DISABLE

    def _on_jump(self, code: CodeType, source: int, destination: int) -> Any:
        """A backward jump that stays on one line is a line event to settrace."""
        if destination > source:
            return DISABLE
        entry = self._jump_tables.get(id(code))
        if entry is None or entry[0] is not code:
            if len(self._jump_tables) >= _CACHE_LIMIT:
                self._jump_tables = {}
            entry = self._jump_tables[id(code)] = (code, _LineTable(code))
        table = entry[1]
        line = table.line_at(destination)
        if line is None or line != table.line_at(source):
            return DISABLE
        return self._line(sys._getframe(1), code, line)

    def _line(self, frame: FrameType, code: CodeType, line: int) -> Any:
        owners = self._owners
        if _get_ident() in owners:
            trace = frame.f_trace
            if trace is not None:
                if frame.f_trace_lines:
                    self._deliver(frame, trace, "line", None)
                return None
        entry = self._entry(code)
        if entry.lines is not None and line in entry.lines:
            self._break(frame, entry, line)
            return None
        return None if owners else DISABLE

    def _on_return(self, code: CodeType, offset: int, value: Any) -> Any:
        """PY_RETURN, PY_YIELD: settrace's `return`."""
        owners = self._owners
        if _get_ident() in owners:
            frame = sys._getframe(1)
            trace = frame.f_trace
            if trace is not None:
                self._deliver(frame, trace, "return", value)
            return None
        return None if owners else DISABLE

    def _on_unwind(self, code: CodeType, offset: int, exception: BaseException) -> Any:
        """PY_UNWIND (cannot be disabled): settrace's `return` with None."""
        catcher = self.catcher
        if catcher.uncaught:  # the uncaught-exception filter (exceptions.py)
            catcher.on_unwind(sys._getframe(1), exception, exception.__traceback__)
        if _get_ident() in self._owners:
            frame = sys._getframe(1)
            trace = frame.f_trace
            if trace is not None:
                self._deliver(frame, trace, "return", None)
        return None

    def _on_raise(self, code: CodeType, offset: int, exception: BaseException) -> Any:
        """RAISE (cannot be disabled): settrace's `exception`."""
        if _get_ident() in self._owners:
            frame = sys._getframe(1)
            trace = frame.f_trace
            if trace is not None:
                self._deliver(frame, trace, "exception", (type(exception), exception, exception.__traceback__))
        catcher = self.catcher
        if catcher.raised:  # the raised-exception filter (exceptions.py)
            catcher.on_raise(sys._getframe(1), exception, exception.__traceback__)
        return None

    def _on_stop_iteration(self, code: CodeType, offset: int, exception: BaseException) -> Any:
        """STOP_ITERATION: settrace's `exception`, for an exhausted generator."""
        owners = self._owners
        if _get_ident() in owners:
            frame = sys._getframe(1)
            trace = frame.f_trace
            if trace is not None:
                self._deliver(frame, trace, "exception", (type(exception), exception, exception.__traceback__))
            return None
        return None if owners else DISABLE

    def _deliver(self, frame: FrameType, trace: Callable[..., Any], event: str, arg: Any) -> Any:
        """Call a trace function as settrace does; keep the stepping thread's new traces armed."""
        try:
            result = trace(frame, event, arg)
        except BaseException:
            # settrace stops tracing a thread whose trace function raises.
            frame.f_trace = None
            self.debugger.tracing_failed()
            raise
        if result is not None:
            frame.f_trace = result
        if self._owners:
            # bdb gives a caller its trace function when a frame returns (or yields).
            back = frame.f_back
            if back is not None and back.f_trace is not None:
                self._arm(back.f_code, STEP_EVENTS)
        return result



# -- sys.settrace (3.11, or TDB_TRACER=settrace) --------------------------------------------

_settrace_all_threads = getattr(threading, "settrace_all_threads", None)


class SettraceTracer(Tracer):
    name = "settrace"

    def __init__(self, debugger: "Debugger") -> None:
        super().__init__(debugger)
        self._active = False
        self.off = True  # no trace function wanted anywhere
        # Frames whose trace function was dropped while running (their code holds
        # no breakpoint): given back if their thread starts stepping.
        self._cleared: dict[int, CodeType] = {}
        # While no thread steps, frames of code that holds breakpoints get a local
        # trace function made for that code (_local_trace): it checks its lines and
        # nothing else. `_fast` is the token of the state they were made for; any
        # change (stepping, breakpoints, off) replaces it, and they defer to
        # trace_dispatch. Per code id: (code, its local trace function or None).
        self._fast: object | None = None
        self._local_traces: dict[int, tuple[CodeType, Any]] = {}
        self._lines_muted = False  # the exception filters turned frames' line events off (exceptions.py)

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        with self._lock:
            self._active = True
            self.off = False
            self._install(self.debugger.trace_dispatch)
        self.refresh()

    def stop(self) -> None:
        with self._lock:
            self._active = False
            self.off = True
            self._cleared = {}
            self._renew_fast(frozenset())
            self._install(None)

    def _renew_fast(self, owners: frozenset[int]) -> None:
        """A new state: local trace functions made before it defer to trace_dispatch."""
        self._fast = object() if self._active and not self.off and not owners else None
        if self.catcher.active:
            self._fast = None  # the exception filters need every call (exceptions.py)
        self._local_traces = {}

    def forget(self, code: CodeType) -> None:
        super().forget(code)
        with self._lock:
            self._renew_fast(self.debugger.steppers)

    def _install(self, trace: Callable[..., Any] | None) -> None:
        threading.settrace(trace)  # type: ignore[arg-type]
        if _settrace_all_threads is not None:
            _settrace_all_threads(trace)  # type: ignore[arg-type]
        elif _get_ident() not in engine_threads:
            # 3.11: only the calling thread; the others remove theirs at their next
            # event (see trace_function) or get it when they start.
            sys.settrace(trace)

    def refresh(self) -> None:
        with self._lock:
            if not self._active:
                return
            debugger = self.debugger
            self._new_signature()
            owners = debugger.steppers
            catching = self.catcher.active  # the exception filters (exceptions.py)
            if debugger.quitting or (not owners and not self._signature and not catching):
                if not self.off:
                    self.off = True
                    self._install(None)
                self._cleared = {}
                self._renew_fast(owners)
                return
            trace = debugger.trace_dispatch
            if self.off:
                self.off = False
                self._install(trace)
                if _settrace_all_threads is None:
                    # 3.11: the other threads lost their trace function; the main one
                    # can be reached (breakpoints set while the program runs).
                    debugger.wake_main_thread()
            if self._signature:
                # Frames already running code that holds a breakpoint (a loop in the
                # current function) must see its lines.
                for frame in sys._current_frames().values():  # (no name left holding this very frame: a cycle)
                    while frame is not None:
                        if frame.f_trace is None and self.break_lines(frame.f_code) is not None:
                            frame.f_trace = trace
                        frame = frame.f_back
            if catching or self._lines_muted:
                self._watch_exceptions(trace, catching)
            for owner in owners:
                self._restore_traces(owner, self._cleared)
            if owners:
                self._cleared = {}
            self._renew_fast(owners)

    def _watch_exceptions(self, trace: Callable[..., Any], catching: bool) -> None:
        """The exception filters (exceptions.py): running frames that need exception events get them, without lines.

        Once the filters are off, the frames get their line events back (a breakpoint may be put in one).
        """
        catcher = self.catcher
        for frame in sys._current_frames().values():  # (no name left holding this very frame: a cycle)
            while frame is not None:
                if not catching or self.break_lines(frame.f_code) is not None:
                    frame.f_trace_lines = True
                elif catcher.watches(frame):
                    frame.f_trace = trace
                    frame.f_trace_lines = False
                frame = frame.f_back
        self._lines_muted = catching

    def rearm_thread(self, frame: FrameType | None) -> None:
        with self._lock:
            if self.off or not self._active:
                return
            trace = self.debugger.trace_dispatch
            sys.settrace(trace)
            while frame is not None:
                if frame.f_trace is None and self.break_lines(frame.f_code) is not None:
                    frame.f_trace = trace
                frame = frame.f_back

    def trace_function(self) -> Callable[[FrameType, str, Any], Any]:
        debugger = self.debugger
        dispatch = bdb.Bdb.trace_dispatch
        tracer = self
        settrace = sys.settrace
        catcher = self.catcher

        def trace_dispatch(frame: FrameType, event: str, arg: Any) -> Any:
            """The global and local trace function: bdb's for the stepping thread, breakpoints for the others."""
            if event == "call" and tracer._fast is not None:  # nothing steps: a call's code decides, once
                cached = tracer._local_traces.get(id(frame.f_code))
                if cached is not None and cached[0] is frame.f_code:
                    return cached[1]
            stepping = debugger.stepping
            if stepping and debugger.tracing:
                ident = _get_ident()
                if ident in stepping:
                    if debugger.quiet and ident in debugger.quiet:
                        return None
                    return dispatch(debugger, frame, event, arg)
            if tracer.off:
                # Tracing ended (continue without breakpoints, detach): this thread's turn to stop.
                frame.f_trace = None
                settrace(None)
                return None
            code = frame.f_code
            entry = tracer._lines.get(id(code))
            if entry is None or entry.code is not code:
                if tracer._files.get(code.co_filename) is False:
                    entry = _NO_BREAKS  # the common case: no breakpoint in this file
                else:
                    entry = tracer._entry(code)
            lines = entry.lines
            if event == "line":
                if lines is None:
                    # Nothing to stop for in this frame while running: stop tracing it.
                    if len(tracer._cleared) >= _CACHE_LIMIT:
                        tracer._cleared = {}
                    tracer._cleared[id(frame)] = code
                    frame.f_trace = None
                    return None
                line = frame.f_lineno
                if line in lines:
                    tracer._break(frame, entry, line)
                fast = tracer._fast
                return trace_dispatch if fast is None else tracer._local_trace(entry, fast, trace_dispatch)
            if event == "call":
                fast = tracer._fast
                if lines is None:
                    if catcher.active and catcher.watches(frame):  # the exception filters (exceptions.py)
                        frame.f_trace_lines = False
                        return trace_dispatch
                    if fast is not None:
                        tracer._remember_untraced(code)
                    return None
                if fast is not None:
                    return tracer._local_trace(entry, fast, trace_dispatch)
                return trace_dispatch
            if catcher.active:  # `exception` and `return`, for the exception filters (exceptions.py)
                catcher.trace_event(frame, event, arg)
            return trace_dispatch

        return trace_dispatch

    def _local_trace(self, entry: CodeEntry, token: object, trace_dispatch: Callable[..., Any]) -> Callable[..., Any]:
        """The local trace function of one code object's frames while nothing steps: its breakpoint lines only.

        The same decisions as trace_dispatch takes for a frame of this code, with
        every lookup done once, here: on 3.11 each trace event is a Python call,
        and a breakpoint line run millions of times makes it the whole cost.
        """
        code, lines, _filename, checks = entry
        cached = self._local_traces.get(id(code))
        if cached is not None and cached[0] is code:
            return cached[1]
        tracer, debugger = self, self.debugger
        quiet = debugger.quiet

        def local_trace(frame: FrameType, event: str, arg: Any) -> Any:
            if tracer._fast is not token:  # stepping began, breakpoints changed, tracing ended
                return trace_dispatch(frame, event, arg)
            if event == "line":
                line = frame.f_lineno
                if line in lines:
                    check = checks.get(line)
                    if check is None:  # a function breakpoint's line
                        tracer._break(frame, entry, line)
                    elif not (quiet and _get_ident() in quiet):
                        hit = check(frame, line)
                        if hit is not None:
                            tracer._stop_for(frame, hit)
            return local_trace

        self._remember(code, local_trace)
        return local_trace

    def _remember_untraced(self, code: CodeType) -> None:
        """Calls of `code` go untraced until the next state (it holds no breakpoint)."""
        self._remember(code, None)

    def _remember(self, code: CodeType, local_trace: Callable[..., Any] | None) -> None:
        if len(self._local_traces) >= _CACHE_LIMIT:
            self._local_traces = {}
        self._local_traces[id(code)] = (code, local_trace)  # holds the code: its id stays its own
