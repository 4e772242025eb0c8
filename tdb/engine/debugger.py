"""The engine's debugger: a bdb.Bdb that stops by serving DAP requests.

When the program stops, the stopped thread makes a Stop (stops.py), has its
session announce it, and then serves the requests the reader thread queues
for it (stack, variables, evaluate) until one of them resumes it: evaluation
and repr always run on the stopped thread. The debugger knows its session
only through the narrow `Listener` interface below.

bdb decides where to stop (stop_here, dispatch_*: the running Python's own,
so stepping is pdb's); tdb's tracer (tracer.py) decides which events reach it.
Whenever the breakpoints or the stepping state change, the tracer re-arms.
"""

from __future__ import annotations

import bdb
import dis
import inspect
import linecache
import signal
import sys
import threading
from contextlib import contextmanager
from types import CodeType, FrameType, TracebackType

from . import breakpoints, moves, switching, tracer
from .exceptions import ExceptionCatcher
from .frames import (ENGINE_MODULES, called_by_tdb, engine_on_stack, is_engine_frame, one_line, outside_tdb,
                     program_frames)
from .stops import Resume, Stop, Stops
from .thread_state import PerThread, ThreadStates

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Protocol
else:
    Protocol = object  # (Listener below: an interface written down, for the reader at run time)


class Listener(Protocol):
    """What the debugger tells its session (session.Session), and all it asks of it."""

    @property
    def connected(self) -> bool: ...

    def stopped(self, stop: Stop) -> None:
        """A thread stopped: announce it (the debugger then serves the stop's inbox)."""

    def answer(self, request: dict[str, Any], stop: Stop) -> None:
        """Answer one request on the stopped thread; a resuming one raises stops.Resume."""

    def dispatch(self, request: dict[str, Any]) -> None:
        """A request that came as the stop ended: answered as for a running program."""

    def log(self, text: str, path: str, line: int, frame: FrameType) -> None:
        """A logpoint's message (frame: where it was hit)."""

    def breakpoint_removed(self, bp: bdb.Breakpoint) -> None:
        """A temporary breakpoint went at its first stop."""

    def resumed(self, stop: Stop) -> None:
        """A stop ended because another thread's `continue` resumed every thread."""

    def ran_on(self) -> None:
        """This thread's step ended without a stop: it ran out of the thread's code, to the thread's end."""


_get_ident = threading.get_ident


class Debugger(bdb.Bdb):
    # bdb's stepping state, and what the next stop is called: each thread's own (thread_state.py).
    botframe = PerThread()
    stopframe = PerThread()
    returnframe = PerThread()
    stoplineno = PerThread()
    frame_returning = PerThread()
    currentbp = PerThread()
    enterframe = PerThread()
    trace_opcodes = PerThread()
    cmdframe = PerThread()
    cmdlineno = PerThread()
    pause_reason = PerThread()

    def __init__(self, listener: Listener, *, pause_in_place: bool = False) -> None:
        self.thread_states = ThreadStates()
        # The threads whose events bdb sees in full (they step); none while the program
        # runs to a breakpoint. Set by every change of a thread's stepping state.
        self.stepping: frozenset[int] = frozenset()
        self._stepping_lock = threading.Lock()
        # bdb's tracing on/off (start_trace/stop_trace; off after continue with no
        # breakpoint): stepping needs it on; breakpoints hit whatever it is.
        self.tracing = False
        self.exceptions = ExceptionCatcher(self)  # the exception filters (raised, uncaught); the tracers read them
        self.tracer = tracer.create(self)
        self._hits: dict[int, breakpoints.Hit] = {}  # per thread: the breakpoint that stops it
        self._interacting: set[int] = set()  # threads inside interaction()
        # All-stop: when one thread stops, every other one is paused (stops at its next line),
        # and `continue` resumes them all. Off (non-stop): the others run on.
        self.all_stop = False
        # Threads running the debugger's own code outside any trace event (a stop
        # for post-mortem, set_trace, re-arming the tracer): their events are not
        # the program's, and neither step nor stop.
        self.quiet: set[int] = set()
        self._deferring: set[int] = set()  # threads that re-arm the tracer when done
        self._refresh_pending = False
        # The trace function frames carry (bdb's trace_dispatch for the stepping
        # thread, breakpoints only for the others): the tracer's, lean.
        self.trace_dispatch = self.tracer.trace_function()  # type: ignore[method-assign]
        super().__init__(skip=list(ENGINE_MODULES))
        self.listener = listener
        # tdb -p: Ctrl-C stops where the program is, even inside a blocking call (see _pause_remote).
        self.pause_in_place = pause_in_place
        self.stops = Stops()
        self._previous_sigint: Any = None
        self._rearm_main = False
        self._release_main = False  # the main thread is to give the program its SIGINT handler back
        self._pause_after_stop = False  # tdb -p's Ctrl-C came as a stop ended: stop again at the next line
        # Launch mode: skip the launcher's own lines until the program's first line.
        self.mainpyfile = ""
        self.run_to = moves.RunToLine(self)  # pudb's "run to this line"
        self._wait_for_mainpyfile = False
        self._stop_on_entry = True
        # pdb-class users (pytest's wrapper) learn that a set_trace stop was left with c or q (pdb_class.py).
        self._on_leave: dict[int, Callable[[bool], None]] = {}
        self.convenience: dict[str, Any] = {}  # pdb's `$x = 1`: the user's $names, for the session (convenience.py)

    # -- the tracer's side of bdb -------------------------------------------------

    @property
    def steppers(self) -> frozenset[int]:
        """The threads that get bdb's full event stream now."""
        return self.stepping if self.tracing and not self.quitting else frozenset()

    def _set_stepping(self, ident: int, stepping: bool) -> None:
        with self._stepping_lock:
            if stepping != (ident in self.stepping):
                self.stepping = self.stepping | {ident} if stepping else self.stepping - {ident}

    def is_stopped(self, thread: int) -> bool:
        """Whether a thread is inside a stop (it makes no event meanwhile)."""
        return thread in self._interacting

    def engine_code(self) -> "_Quiet":
        """`with self.engine_code():` this thread runs the engine's own code: its events neither step nor stop.

        For every way the engine runs code on a program's thread: a stop, tracing on and off, and
        outside a stop, sending a message (the program's output, forwarded while it steps), whose
        json is a module the program may step in or hold a breakpoint in.
        """
        return _Quiet(self.quiet)

    def start_trace(self) -> None:
        with self.engine_code():
            self.tracing = True
            try:
                self.tracer.start()
            except tracer.NoToolId:  # other tools hold every sys.monitoring id: settrace, then
                self.tracer = tracer.SettraceTracer(self)
                self.trace_dispatch = self.tracer.trace_function()  # type: ignore[method-assign]
                self.tracer.start()

    def stop_trace(self) -> None:
        with self.engine_code():
            self.tracing = False
            self.tracer.stop()

    def _set_stopinfo(self, stopframe: FrameType | None, returnframe: FrameType | None,
                      stoplineno: int = 0, *args: Any, **kwargs: Any) -> None:
        super()._set_stopinfo(stopframe, returnframe, stoplineno, *args, **kwargs)
        running = (stoplineno == -1 and returnframe is None and stopframe is not None
                   and not stopframe.f_code.co_flags & bdb.GENERATOR_AND_COROUTINE_FLAGS)
        self._set_stepping(_get_ident(), not running)
        self._tracing_changed()

    def _tracing_changed(self) -> None:
        ident = _get_ident()
        if ident in self._deferring:
            self._refresh_pending = True
            return
        with self.engine_code():
            self.tracer.refresh()

    @contextmanager
    def _deferred_refresh(self) -> Iterator[None]:
        """Re-arm the tracer once, at the end, for the changes this thread makes inside."""
        ident = _get_ident()
        if ident in self._deferring:
            yield
            return
        self._deferring.add(ident)
        try:
            yield
        finally:
            self._deferring.discard(ident)
            if self._refresh_pending:
                self._refresh_pending = False
                self._tracing_changed()

    @contextmanager
    def changing_breakpoints(self) -> Iterator[None]:
        """Replace breakpoints as one change: the tracer re-arms once, and not at all if nothing changed."""
        with self._deferred_refresh():
            yield

    def tracing_failed(self) -> None:
        """A trace function raised: as settrace does, this thread stops being stepped (breakpoints stay)."""
        if not self.quitting and _get_ident() in self.stepping:
            self._set_stopinfo(self.botframe, None, -1)

    def stop_here(self, frame: FrameType) -> bool:
        if frame.f_code in _THREAD_END_CODES and _only_thread_start_below(frame):
            # A step ran out of a thread's own code into threading's start-up frames: the thread ends
            # there. No stop in them (the user never called them); the thread runs on to its end.
            if _get_ident() in self.stepping and threading.current_thread() is not threading.main_thread():
                self._set_stopinfo(self.botframe, None, -1)
                with self.engine_code():
                    self.listener.ran_on()
            return False
        return super().stop_here(frame)

    def dispatch_call(self, frame: FrameType, arg: Any) -> Any:
        # The first call after reset() names the bottom frame: the call that run(),
        # runeval() or runcall() makes, not one the engine makes while it starts tracing.
        if self.botframe is None and (frame.f_back is None or frame.f_back.f_code not in _RUN_CODES):
            return None
        result = super().dispatch_call(frame, arg)
        if self.exceptions.active and self.tracer.name == "settrace":
            # settrace delivers a frame's exceptions only if it is traced: the frames bdb
            # leaves alone get their exception events, without line events.
            if result is not None:
                frame.f_trace_lines = True  # (a generator watched earlier, stepped now)
            elif self.exceptions.watches(frame):
                frame.f_trace_lines = False
                return self.trace_dispatch
        return result

    # -- breakpoints ---------------------------------------------------------------

    def set_break(self, filename: str, lineno: int, temporary: bool = False, cond: str | None = None,
                  funcname: str | None = None, log_message: str | None = None,
                  hit_condition: str | None = None) -> str | None:
        """bdb's set_break; with a log message, a logpoint (it logs, never stops); a DAP hit condition."""
        filename = self.canonic(filename)
        if not linecache.getline(filename, lineno):
            return "Line %s:%d does not exist" % (filename, lineno)
        self._add_to_breaks(filename, lineno)
        breakpoints.Breakpoint(filename, lineno, temporary, cond, funcname, log_message, hit_condition)
        self._tracing_changed()
        return None

    def log_point(self, bp: bdb.Breakpoint, text: str, frame: FrameType) -> None:
        """A logpoint's message, to the interface's console (on the thread that hit it, in its frame)."""
        self.listener.log(text, bp.file, bp.line, frame)

    def clear_break(self, filename: str, lineno: int) -> str | None:
        error = super().clear_break(filename, lineno)
        self._tracing_changed()
        return error

    def clear_bpbynumber(self, arg: Any) -> str | None:
        error = super().clear_bpbynumber(arg)
        self._tracing_changed()
        return error

    def clear_all_file_breaks(self, filename: str) -> str | None:
        error = super().clear_all_file_breaks(filename)
        self._tracing_changed()
        return error

    def clear_all_breaks(self) -> str | None:
        error = super().clear_all_breaks()
        self._tracing_changed()
        return error

    def do_clear(self, arg: str) -> None:
        self.clear_bpbynumber(arg)  # a temporary breakpoint that was hit

    def break_here(self, frame: FrameType, filename: str | None = None, lineno: int | None = None) -> bool:
        """bdb's break_here, with conditions compiled once and their errors kept for the stop.

        The tracer passes the frame's canonical filename and line, which it knows.
        """
        code = frame.f_code
        if filename is None:
            filename = self.canonic(code.co_filename)
        lines = self.breaks.get(filename)
        if not lines:
            return False
        if lineno is None:
            lineno = frame.f_lineno
        line = lineno
        if lineno not in lines:
            # Not a line breakpoint's line: maybe the first line of a function breakpoint.
            lineno = code.co_firstlineno
            if lineno not in lines:
                return False
            learning = [bp for bp in bdb.Breakpoint.bplist.get((filename, lineno), ())
                        if bp.funcname and not bp.func_first_executable_line]
            hit = breakpoints.effective(filename, lineno, frame, line, self.log_point)
            if any(bp.func_first_executable_line for bp in learning):
                self.tracer.forget(code)  # its other lines need not be watched any more
        else:
            hit = breakpoints.effective(filename, lineno, frame, line, self.log_point)
        if hit is None:
            return False
        self.breakpoint_hit(hit)
        return True

    def breakpoint_hit(self, hit: breakpoints.Hit) -> None:
        """A breakpoint is in effect: the stop that follows is its."""
        self.currentbp = hit.breakpoint.number
        self._hits[_get_ident()] = hit
        if hit.delete_temporary and hit.breakpoint.temporary:
            self.do_clear(str(hit.breakpoint.number))
            self.listener.breakpoint_removed(hit.breakpoint)

    def breakpoint_lines(self, code: CodeType) -> frozenset[int] | None:
        """The lines of a code object where break_here() may be true; None if none."""
        filename = self.canonic(code.co_filename)
        file_lines = self.breaks.get(filename)
        if not file_lines:
            return None
        own = breakpoints.lines_of_code(code)
        found = {line for line in file_lines if line in own}
        if code.co_firstlineno in file_lines:
            for bp in bdb.Breakpoint.bplist.get((filename, code.co_firstlineno), ()):
                if bp.funcname == code.co_name:
                    first = bp.func_first_executable_line
                    found |= own if first is None else {first}
        return frozenset(found) or None

    def breakpoint_signature(self) -> frozenset:
        """What the tracer arms for: every breakpoint (its place, its number)."""
        return frozenset(
            (bp.file, bp.line, bp.funcname, bp.number) for bp in bdb.Breakpoint.bpbynumber if bp is not None
        )

    # -- bdb hooks ---------------------------------------------------------

    def user_call(self, frame: FrameType, argument_list: Any) -> None:
        if self._wait_for_mainpyfile:
            return
        if not getattr(self.listener, "pdb_meanings", True):
            return  # DAP's meanings: stepIn ends at the function's first line (its next event), not at --Call--
        if self.stop_here(frame):
            self.interaction(frame, None, "step", "call")

    def user_line(self, frame: FrameType) -> None:
        if self._wait_for_mainpyfile:
            if self.canonic(frame.f_code.co_filename) != self.mainpyfile or frame.f_lineno <= 0:
                return
            self._wait_for_mainpyfile = False
            if self._stop_on_entry:
                self.interaction(frame, None, "entry", "")
                return
            # DAP's stopOnEntry false: run to the first breakpoint (one on the first line stops there, as any
            # other: bdb, stepping to this line, did not ask).
            if _get_ident() not in self._hits and not self.break_here(frame):
                self.set_continue()
                return
        hit = self._hits.pop(_get_ident(), None)
        if hit is not None and not self.run_to.owns(hit.breakpoint):  # (run to a line: no breakpoint to the user)
            self.interaction(frame, None, "breakpoint", hit.describe(), breakpoint_ids=(hit.breakpoint.number,))
        else:
            self.interaction(frame, None, self.pause_reason or "step", "")

    def user_return(self, frame: FrameType, return_value: Any) -> None:
        if self._wait_for_mainpyfile:
            return
        if not getattr(self.listener, "pdb_meanings", True) and _returns(frame):
            # DAP's meanings: a step that ends at a return (stepOut, or next/stepIn at the last line) ends
            # in the caller, at the line of the call, as debugpy's does; pdb's stops at the --Return--.
            caller = frame.f_back
            if caller is None or caller.f_code in _RUN_CODES:
                self._set_stopinfo(self.botframe, None, -1)  # the program's end: it runs on to it
            elif caller.f_code in _THREAD_END_CODES or is_engine_frame(caller):
                self.set_step()  # (a thread's end, an import's): the step ends at the program's next event
            else:
                self.interaction(caller, None, self.pause_reason or "step", "")
            return
        self.interaction(frame, None, "step", "return", return_value=(return_value,))

    def user_exception(self, frame: FrameType, exc_info: tuple) -> None:
        if self._wait_for_mainpyfile:
            return
        exc_type, exc_value, exc_tb = exc_info
        self.exceptions.stepped_into(frame)  # the raised filter is told next: one stop for the event
        self.interaction(frame, None, "exception", one_line(exc_value), exception=exc_value)

    # settrace's stepping thread: bdb's events (a stepped frame stops at an exception, as in pdb),
    # then the exception filters'. (The monitoring backend gives them their own events.)

    def dispatch_exception(self, frame: FrameType, arg: Any) -> Any:
        stopframe = self.stopframe
        if (stopframe is not None and frame is not stopframe and arg[0] in (StopIteration, GeneratorExit)
                and stopframe.f_code.co_flags & _COROUTINE_FLAGS and not self.stop_here(frame)):
            # An await that ends (asyncio.sleep(0), a Future) ends with StopIteration: the loop's
            # machinery, not the user's exception (bdb stops there for a generator's step).
            result = self.trace_dispatch
        else:
            result = super().dispatch_exception(frame, arg)
        if self.exceptions.active and self.tracer.name == "settrace":
            self.exceptions.trace_event(frame, "exception", arg)
        return result

    def dispatch_return(self, frame: FrameType, arg: Any) -> Any:
        if self.exceptions.active and self.tracer.name == "settrace":
            self.exceptions.trace_event(frame, "return", arg)
        if self.stopframe is frame and self.stoplineno != -1 and _returns(frame):
            awaiter = _awaiter(frame)
            if awaiter is not None:
                # n at a coroutine's last line: bdb passes over a coroutine's returns (each await is one)
                # and would run on to the end; the step ends in the awaiter, as a function's in its caller.
                self._step_in(awaiter)
                return self.trace_dispatch
        return super().dispatch_return(frame, arg)

    def _step_in(self, frame: FrameType) -> None:
        """Stop at the next line `frame` runs (a coroutine's awaiter: over its own awaits)."""
        if frame.f_trace is None:
            frame.f_trace = self.trace_dispatch
        self._set_stopinfo(frame, None)

    # -- stopping ------------------------------------------------------------

    def interaction(
        self,
        frame: FrameType | None,
        tb: TracebackType | None,
        reason: str,
        description: str,
        *,
        exception: BaseException | None = None,
        return_value: tuple[Any] | None = None,
        post_mortem: bool = False,
        breakpoint_ids: tuple[int, ...] = (),
    ) -> None:
        """Stop: tell the interface, then serve it until it resumes the program."""
        if not self.listener.connected:
            self.detach()
            return
        if frame is not None and called_by_tdb(frame, self.botframe, _RUN_CODES):
            # The engine's own code called into the program's modules (json, say) without
            # going quiet: stopping there could wait on a lock that code holds. Never stop
            # there; a step stops at the program's next event after it.
            return
        ident = _get_ident()
        with self._deferred_refresh():
            if self.quitting and getattr(self.listener, "quit_requested", False):
                return  # the user quit (q): no thread stops again, they run on untraced
            self._interacting.add(ident)
            try:
                with self.engine_code(), switching.quick():
                    if ident in self.stepping:
                        self.tracer.stopping()
                        self._refresh_pending = True  # and re-arms when the stop ends
                    stop = self._stop_and_serve(frame, tb, reason, description, exception, return_value,
                                                post_mortem, breakpoint_ids)
            finally:
                self._interacting.discard(ident)
        # Requests that came after the resume was answered: they see a running program.
        for request in stop.late_requests():
            self.listener.dispatch(request)
        if self._pause_after_stop and frame is not None:  # tdb -p's Ctrl-C came as the stop ended
            self._pause_after_stop = False
            self.pause_here(frame)
        self._left(ident)

    def _left(self, ident: int) -> None:
        """A stop ended: tell whoever asked (set_trace's on_leave) if it was left with c or q, not a step.

        Called outside engine_code, as pdb's do_continue/do_quit run in its
        command loop: pytest's do_quit raises Exit into the program, as with pdb."""
        on_leave = self._on_leave.get(ident)
        if on_leave is not None and (self.quitting or ident not in self.stepping):
            del self._on_leave[ident]
            on_leave(self.quitting)

    def _stop_and_serve(self, frame: FrameType | None, tb: TracebackType | None, reason: str,
                        description: str, exception: BaseException | None, return_value: tuple[Any] | None,
                        post_mortem: bool, breakpoint_ids: tuple[int, ...] = ()) -> Stop:
        self._restore_sigint()
        self.run_to.clear()  # whatever stopped the program, the line it ran to is forgotten
        stack, _ = self.get_stack(frame, tb)
        stop = Stop(
            reason=reason,
            description=description,
            ident=_get_ident(),
            thread_id=threading.get_native_id(),
            frames=program_frames(stack),
            exception=exception,
            post_mortem=post_mortem,
            breakpoint_ids=list(breakpoint_ids),
        )
        if return_value is not None:
            stop.return_value = return_value[0]
            stop.has_return_value = True
        self._hits.pop(_get_ident(), None)
        self.pause_reason = None
        self._pause_after_stop = False  # whatever stops the program answers a pending Ctrl-C
        if self.botframe is None:  # a thread that never stepped: bdb steps down to its outermost frame
            self.botframe = stop.frames[0][0] if stop.frames else frame
        self.stops.add(stop)
        try:
            if not self.listener.connected:  # lost before we served: nobody will send the None
                stop.submit(None)
            self.listener.stopped(stop)
            if self.all_stop:
                self.pause_threads(None)
            self._serve(stop)
        finally:
            stop.stop_serving()
            _write_back_locals(stop)
            self.stops.remove(stop)
            stop.forget()
        return stop

    def _serve(self, stop: Stop) -> None:
        while True:
            request = stop.next_request()
            if request is None:  # the interface went away
                self.detach()
                return
            if request is RESUME:  # another thread's continue resumed every stopped thread
                stop.stop_serving()
                self.resume("continue", None, stop)
                self.listener.resumed(stop)  # (after its own `stopped`, whenever the client saw that)
                return
            stop.answering = request.get("seq")
            try:
                self.listener.answer(request, stop)
            except Resume:
                return
            finally:
                stop.answering = None

    @property
    def stop(self) -> Stop | None:
        """The first of the stops now, if any."""
        return self.stops.current

    def resume_others(self, stop: Stop) -> list[Stop]:
        """`continue` for every thread: the other stops leave too (each on its own thread), and threads
        still to pause run on; the stops that left."""
        with self._stepping_lock:
            pausing = [ident for ident in self.stepping if self.pausing(ident) and ident not in self._interacting]
        for ident in pausing:
            state = self.thread_states.of(ident)
            state.stopframe, state.returnframe, state.stoplineno = state.botframe, None, -1
            state.pause_reason = None
            self._set_stepping(ident, False)
        if pausing:
            self._tracing_changed()
        return [other for other in self.stops if other is not stop and other.submit(RESUME)]

    def pause_threads(self, thread_ident: int | None) -> list[int]:
        """Stop a running thread at its next line (None: every running thread); the threads that will.

        As set_trace() would on that thread: its frames traced, its state a step. A thread blocked
        in a call (a sleep, a lock) stops once the call returns.
        """
        from .threads import program_threads

        running = [ident for ident, _, _ in program_threads() if ident not in self._interacting
                   and ident not in tracer.engine_threads and (thread_ident is None or ident == thread_ident)]
        frames = sys._current_frames()
        frame = None
        paused = []
        with self.engine_code():
            for ident in running:
                frame = frames.get(ident)
                if frame is None or ident in self.quiet:
                    continue
                state = self.thread_states.of(ident)
                bottom = None
                while frame is not None:
                    if not is_engine_frame(frame):
                        frame.f_trace = self.trace_dispatch
                        bottom = frame
                    frame = frame.f_back
                if bottom is None:
                    continue
                if state.botframe is None:
                    state.botframe = bottom
                state.stopframe, state.returnframe, state.stoplineno = None, None, 0
                state.pause_reason = "pause"
                self._set_stepping(ident, True)
                paused.append(ident)
            del frames, frame
            if paused:
                self.tracing = True
                if not self.tracer.active:
                    self.start_trace()
                self.tracer.refresh()  # now: a stop defers its own refreshes to its end
        if paused and self.tracer.name == "settrace":
            self.wake_main_thread()  # (3.11: the main thread may have dropped its trace function)
        return paused

    def pausing(self, ident: int) -> bool:
        """Whether a running thread is to stop at its next line (pause_threads())."""
        return ident in self.stepping and self.thread_states.of(ident).pause_reason == "pause"

    def interface_gone(self) -> None:
        """The interface went away: a stopped thread detaches; if none is stopped, the program is detached now."""
        if not [stop for stop in self.stops if stop.submit(None)]:
            self.detach()

    # -- resuming ------------------------------------------------------------

    def resume(self, command: str, frame: FrameType | None, stop: Stop) -> None:
        """Apply a step command to the stop's thread (the stop then ends).

        Done before the response goes out: a client may send pause (Ctrl-C)
        as soon as it sees that the program runs.
        """
        if stop.post_mortem:
            return
        if frame is None or not stop.owns(frame):  # a frame of another thread cannot be stepped here
            frame = stop.innermost
        if command in ("next", "stepOut") and frame.f_trace is None:
            # As bdb would have it: the frame it stops in is traced. A caller's trace may have
            # been dropped while the program ran to a breakpoint that is gone now.
            frame.f_trace = self.trace_dispatch
        caller = frame.f_back
        if command in ("next", "stepOut") and caller is not None and caller.f_trace is None:
            # From a return (or to one), the step ends in the caller: it must be traced too, or
            # r/n at a --Return-- reached from a breakpoint run on past it (the settrace tracer).
            caller.f_trace = self.trace_dispatch
        if command == "continue":
            self.set_continue()
            self._install_sigint()
        elif command == "next":
            self.set_next(frame)
        elif command == "stepIn":
            self.set_step()
        elif command == "stepOut":
            awaiter = _awaiter(frame)
            if awaiter is not None:
                self._step_in(awaiter)  # r in a coroutine: to its awaiter, over the coroutine's own awaits
            else:
                self.set_return(frame)
        if command != "continue" and self.pause_in_place:
            self._install_sigint()  # tdb -p: Ctrl-C (pause) is the only way to break into a long step

    def detach(self) -> None:
        """No breakpoints, no stepping, no events: the tracer lets go of the program, which runs on."""
        with self._deferred_refresh():
            self.clear_all_breaks()
            self.set_continue()
        self.stop_trace()
        self._restore_sigint()
        self._give_back_sigint()
        _clear_frame_traces(self.trace_dispatch)

    # bdb's own versions of the methods below turn sys.settrace on and off
    # directly (and differently from 3.11 to 3.14): these go through the tracer.

    def set_trace(self, frame: FrameType | None = None, on_leave: Callable[[bool], None] | None = None) -> None:
        """Stop at the next event in `frame` (the caller by default), as bdb's set_trace does.

        on_leave(quit) is called when that stop, or a later one stepped to, is left with continue or quit."""
        # A stop asked for by breakpoint()/set_trace() is a breakpoint to the user, not a step.
        self.pause_reason = "breakpoint"
        frame = frame or sys._getframe(1)
        ident = _get_ident()
        if ident in self._interacting:
            return  # breakpoint() evaluated while stopped: we are stopped already
        if on_leave is not None:
            self._on_leave[ident] = on_leave
        with self.engine_code():  # the next event of this thread that counts is the caller's
            linecache.checkcache()
            bottom = frame
            while frame is not None:
                frame.f_trace = self.trace_dispatch
                bottom = frame
                frame = frame.f_back
            self.botframe = bottom
            self.set_step()
            self.start_trace()

    def set_continue(self) -> None:
        """Stop only at breakpoints; with none, no event at all reaches the debugger."""
        if not self.breaks:
            self.tracing = False
        self._set_stopinfo(self.botframe, None, -1)
        if not self.breaks:
            frame = sys._getframe().f_back
            while frame is not None and frame is not self.botframe:
                if frame.f_trace is not None:
                    del frame.f_trace
                frame = frame.f_back

    def set_quit(self) -> None:
        """BdbQuit from the next stop (pdb's `q`); the program runs untraced until then."""
        self.stopframe = self.botframe
        self.returnframe = None
        self.quitting = True
        self.stepping = frozenset()
        self.stop_trace()

    def run(self, cmd: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
        if globals is None:
            import __main__

            globals = __main__.__dict__
        if locals is None:
            locals = globals
        self._start_running()
        if isinstance(cmd, str):
            cmd = compile(cmd, "<string>", "exec")
        try:
            exec(cmd, globals, locals)
        except bdb.BdbQuit:
            pass
        finally:
            self.quitting = True
            self.stop_trace()

    def _start_running(self) -> None:
        """reset() and start_trace() for run*(): the next call this thread makes is the first event."""
        with self.engine_code():
            self.reset()
            self.start_trace()

    def runeval(self, expr: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> Any:
        if globals is None:
            import __main__

            globals = __main__.__dict__
        if locals is None:
            locals = globals
        self._start_running()
        try:
            return eval(expr, globals, locals)
        except bdb.BdbQuit:
            pass
        finally:
            self.quitting = True
            self.stop_trace()

    def runcall(self, func: Any, /, *args: Any, **kwds: Any) -> Any:
        self._start_running()
        res = None
        try:
            res = func(*args, **kwds)
        except bdb.BdbQuit:
            pass
        finally:
            self.quitting = True
            self.stop_trace()
        return res

    def pause(self) -> None:
        """Break in at the next line the main thread runs (Ctrl-C)."""
        frame = sys._getframe(1)
        while frame is not None and is_engine_frame(frame):
            frame = frame.f_back
        if frame is not None:
            self.set_trace(frame)
            self.pause_reason = "pause"  # after set_trace(), which names its stop "breakpoint"

    @property
    def can_break_in(self) -> bool:
        """Whether a pause request can break in: tdb's SIGINT handler is in place (after a continue)."""
        return self._previous_sigint is not None

    def _install_sigint(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            self._previous_sigint = signal.signal(signal.SIGINT, self._on_sigint)
        except (ValueError, OSError):
            self._previous_sigint = None

    def _restore_sigint(self) -> None:
        if self._previous_sigint is None or threading.current_thread() is not threading.main_thread():
            return
        self._rearm_main = False
        try:
            signal.signal(signal.SIGINT, self._previous_sigint)
        except (ValueError, OSError):
            pass
        self._previous_sigint = None

    def wake_main_thread(self) -> bool:
        """Have the main thread call tracer.rearm_thread() soon (3.11's settrace is per thread).

        Done through tdb's own SIGINT handler, run by _thread.interrupt_main()
        (no signal is sent, no system call is interrupted); only while that
        handler is in place (after a continue on the main thread).
        """
        if threading.current_thread() is threading.main_thread() or self._previous_sigint is None:
            return False
        try:
            if signal.getsignal(signal.SIGINT) != self._on_sigint:
                return False
            self._rearm_main = True
            import _thread

            _thread.interrupt_main(signal.SIGINT)
        except (ValueError, OSError, RuntimeError):
            self._rearm_main = False
            return False
        return True

    def pause_here(self, frame: FrameType, description: str = "") -> None:
        """Stop now, in `frame` as it is (mid-line), armed to step from it as set_trace() would.

        The debugger's own calls until the stop, and back to the program after it, are
        not the program's events: this thread is quiet meanwhile.
        """
        with self.engine_code():
            self.set_trace(frame)  # `n` then finishes the line
            self.interaction(frame, None, "pause", description)
            while self._pause_after_stop:  # Ctrl-C again as the stop ended: here again
                self._pause_after_stop = False
                self.interaction(frame, None, "pause", "")

    def watch_live(self) -> None:
        """tdb -p --live: the tracer armed for breakpoints (and logpoints) only; no thread steps or stops."""
        self.quitting = False  # (bdb's reset() sets it, and would make this thread step)
        self.start_trace()
        self.tracing = False
        self._install_sigint()  # (on the main thread: Ctrl-C, DAP pause, breaks in; detach gives it back)

    def program_frame(self, frame: FrameType) -> FrameType:
        """The program's frame on `frame`'s stack, past any of tdb's code (the frame a stop may be in)."""
        return outside_tdb(frame, _RUN_CODES)

    def _pause_remote(self, frame: FrameType | None) -> None:
        """tdb -p's Ctrl-C: stop at once, in the frame the program is in.

        The program may be asleep in a call (sleep, accept) for long: a stop at its next
        line would wait for the call to return. But the debugger's own code may be running
        on this thread (leaving a stop, holding its locks): then the stop is at the next
        line the program runs.
        """
        ident = _get_ident()
        if frame is not None and not (ident in self._interacting or ident in self.quiet or engine_on_stack(frame)):
            self.pause_here(frame)
            return
        # interaction() or pause_here() sees to it as they return to the program; failing that,
        # the next line (a stop clears the flag).
        self._pause_after_stop = True
        if ident in self._interacting:
            return
        program = frame
        while program is not None and is_engine_frame(program):
            program = program.f_back
        if program is not None:
            self.set_trace(program)
            self.pause_reason = "pause"

    def _give_back_sigint(self) -> None:
        """Detached on another thread: have the main thread put the program's SIGINT handler back.

        Through interrupt_main(), as wake_main_thread() does; until then, a real Ctrl-C goes to
        the program's handler anyway (see _on_sigint).
        """
        if self._previous_sigint is None or threading.current_thread() is threading.main_thread():
            return
        try:
            if signal.getsignal(signal.SIGINT) != self._on_sigint:
                return
            self._release_main = True
            import _thread

            _thread.interrupt_main(signal.SIGINT)
        except (ValueError, OSError, RuntimeError):
            self._release_main = False

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        if self._rearm_main:  # not Ctrl-C: wake_main_thread()
            self._rearm_main = False
            self.tracer.rearm_thread(frame)
            return
        previous = self._previous_sigint
        self._restore_sigint()
        if self._release_main:  # not Ctrl-C: _give_back_sigint()
            self._release_main = False
            return
        if not self.listener.connected:  # the debugger is gone: the Ctrl-C is the program's
            if callable(previous):
                previous(signum, frame)
            return
        if self.pause_in_place:
            self._pause_remote(frame)
            return
        if frame is not None:
            self.set_trace(frame)
            self.pause_reason = "pause"  # after set_trace(), which names its stop "breakpoint"

    # -- running a program (launch mode) ---------------------------------------

    def run_main(self, code: Any, globals_: dict[str, Any], mainpyfile: str, stop_on_entry: bool = True) -> None:
        """Run the program's code, stopping at its first line as pdb does (or, not stop_on_entry, running
        to its first breakpoint)."""
        self.mainpyfile = self.canonic(mainpyfile)
        self._wait_for_mainpyfile = True
        self._stop_on_entry = stop_on_entry
        self.run(code, globals_, globals_)

    def source_lines(self, path: str) -> list[str]:
        return linecache.getlines(path)


_COROUTINE_FLAGS = inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE
_RETURNS = frozenset(dis.opmap[name] for name in ("RETURN_VALUE", "RETURN_CONST") if name in dis.opmap)


# threading's frames under a thread's own code: a step that leaves the thread's code ends the thread.
_THREAD_END_CODES = frozenset(getattr(threading.Thread, name).__code__
                              for name in ("run", "_bootstrap_inner", "_bootstrap"))


def _only_thread_start_below(frame: FrameType) -> bool:
    """Whether `frame` and every frame under it are threading's start-up (the thread's code has returned)."""
    while frame is not None:
        if frame.f_code not in _THREAD_END_CODES:
            return False
        frame = frame.f_back
    return True


def _awaiter(frame: FrameType) -> FrameType | None:
    """The coroutine that awaits `frame`'s coroutine, if it is one (not a task's own, not the loop)."""
    back = frame.f_back
    if frame.f_code.co_flags & _COROUTINE_FLAGS and back is not None and back.f_code.co_flags & _COROUTINE_FLAGS:
        return back
    return None


def _returns(frame: FrameType) -> bool:
    """Whether a return event is the frame's return, not a yield (an await) of a coroutine."""
    try:
        return frame.f_code.co_code[frame.f_lasti] in _RETURNS
    except IndexError:
        return False


def _clear_frame_traces(trace: Any) -> None:
    """Take the debugger's trace function off every thread's frames (detaching from another thread)."""
    for frame in sys._current_frames().values():
        while frame is not None:
            if frame.f_trace is trace:
                frame.f_trace = None
            frame = frame.f_back


def _write_back_locals(stop: Stop) -> None:
    """Before 3.13, f_locals is a copy: what the console assigned must be copied back.

    sys.settrace does it for the frame of the event (after the trace function
    returns); sys.monitoring does not, and neither does anything for the other
    frames of the stack: PyFrame_LocalsToFast, as debugpy does.
    """
    if sys.version_info >= (3, 13) or not stop.evaluated_in:
        return
    try:
        import ctypes

        locals_to_fast = ctypes.pythonapi.PyFrame_LocalsToFast
    except (ImportError, AttributeError):
        return
    for frame in stop.evaluated_in.values():
        # (Not frame.f_locals again: that would copy the fast locals over the dict first.)
        try:
            locals_to_fast(ctypes.py_object(frame), ctypes.c_int(0))
        except Exception:
            pass


class _Quiet:
    """Debugger.engine_code(): nests (only the outermost one makes the thread count again).

    A class, not @contextmanager: leaving a generator raises StopIteration in contextlib once the
    thread counts again, and a `catch raised StopIteration` would stop the program there.
    """

    __slots__ = ("_threads", "_ident", "_outermost")

    def __init__(self, threads: set[int]) -> None:
        self._threads = threads

    def __enter__(self) -> None:
        self._ident = _get_ident()
        self._outermost = self._ident not in self._threads
        self._threads.add(self._ident)

    def __exit__(self, *exc_info: Any) -> None:
        if self._outermost:
            self._threads.discard(self._ident)


# Put in a stop's inbox by resume_others(): leave the stop as for `continue`.
RESUME: dict[str, Any] = {"command": "continue"}

_RUN_CODES = frozenset({Debugger.run.__code__, Debugger.runeval.__code__, Debugger.runcall.__code__})
