"""Exceptions: stopping where they are raised or where they leave the program, and browsing a stop's exception.

Two DAP exception filters (setExceptionBreakpoints), each optionally limited to
exception types by name ("ValueError, KeyError": the class or any of its bases):

- "raised": stop where an exception is raised, in library code as in the
  program's own (never in the debugger's), once per exception: not again in
  each frame it passes through on its way out. StopIteration,
  StopAsyncIteration and GeneratorExit end generators and `for` loops, they
  are not errors: they stop only when named themselves (pydevd skips them as
  control flow; bdb skips the StopIteration of an exhausted generator).
- "uncaught": stop when an exception is about to leave the program's
  outermost frame (the module tdb runs, the script set_trace runs in, the
  function runcall calls), that frame still alive: before the post-mortem.
  A threading.Thread's, through threading.excepthook, on that thread.

Off, they cost nothing: the tracers ask `active` (or arm nothing) first.

A stop's exception is browsed as pdb's `exceptions` does (3.13): the chain
of __cause__/__context__, oldest first, numbered as pdb numbers it; members
of exception groups follow, numbered on. Choosing one makes the stop's frames
those of its traceback; the frame ids of the stop stay valid.
"""

from __future__ import annotations

import bdb
import re
import threading
from types import FrameType, TracebackType

from .frames import is_engine_frame, one_line


TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any
    from .debugger import Debugger

_get_ident = threading.get_ident

FILTERS = [
    {"filter": "raised", "label": "Raised exceptions", "description": "Stop wherever an exception is raised",
     "default": False, "supportsCondition": True,
     "conditionDescription": "Exception type names, e.g. ValueError, KeyError (a class or any base)"},
    {"filter": "uncaught", "label": "Uncaught exceptions",
     "description": "Stop when an exception is about to end the program (or a thread)",
     "default": False, "supportsCondition": True,
     "conditionDescription": "Exception type names, e.g. ValueError, KeyError (a class or any base)"},
]

# How generators and loops end: only when named themselves.
CONTROL_FLOW = (StopIteration, StopAsyncIteration, GeneratorExit)
# Leaving the program on purpose (sys.exit, the debugger's quit): not a crash.
NOT_A_CRASH = (SystemExit, bdb.BdbQuit)

_TYPE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def parse_types(text: str) -> tuple[str, ...]:
    """Exception type names separated by commas or spaces; ValueError for anything else."""
    names = [name for name in re.split(r"[\s,]+", text.strip()) if name]
    for name in names:
        if not _TYPE_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not an exception type name")
    return tuple(dict.fromkeys(names))


def _names_of(cls: type) -> tuple[str, str, str]:
    return cls.__name__, cls.__qualname__, f"{cls.__module__}.{cls.__qualname__}"


def wanted(exception: BaseException, types: tuple[str, ...], *, control_flow: bool) -> bool:
    """Whether a filter limited to `types` (none: every type) stops for `exception`."""
    cls = type(exception)
    if not control_flow and issubclass(cls, CONTROL_FLOW):
        return any(name in types for name in _names_of(cls))
    if not types:
        return True
    return any(name in types for base in cls.__mro__ for name in _names_of(base))


class ExceptionCatcher:
    """The exception filters of one debugger, and the events that reach them."""

    def __init__(self, debugger: "Debugger") -> None:
        self.debugger = debugger
        self._is_engine_frame = is_engine_frame
        self._one_line = one_line
        self.raised = False
        self.uncaught = False
        self.raised_types: tuple[str, ...] = ()
        self.uncaught_types: tuple[str, ...] = ()
        self.active = False  # either filter on: the tracers deliver exception events
        self.shown_uncaught: BaseException | None = None  # the last exception the uncaught filter stopped for
        self._stepped: dict[int, FrameType] = {}  # per thread: where a step just stopped at an exception
        # settrace: the exception passing through each outermost frame (its `return` tells whether it leaves).
        self._pending: dict[int, tuple[BaseException, TracebackType | None]] = {}
        self._previous_thread_hook: Any = None

    # -- configuring -------------------------------------------------------------------

    def configure(self, arguments: dict[str, Any]) -> list[dict[str, Any]]:
        """DAP setExceptionBreakpoints: set the filters; one result per filter and filter option, in order."""
        chosen: dict[str, tuple[str, ...]] = {}
        results: list[dict[str, Any]] = []
        requests = [(str(name), "") for name in arguments.get("filters") or []]
        requests += [(str(option.get("filterId", "")), str(option.get("condition") or ""))
                     for option in arguments.get("filterOptions") or [] if isinstance(option, dict)]
        for name, condition in requests:
            if name not in ("raised", "uncaught"):
                results.append({"verified": False, "message": f"unknown exception filter {name!r}"})
                continue
            try:
                types = parse_types(condition)
            except ValueError as error:
                results.append({"verified": False, "message": str(error)})
                continue
            chosen[name] = types
            results.append({"verified": True})
        self.raised, self.raised_types = "raised" in chosen, chosen.get("raised", ())
        self.uncaught, self.uncaught_types = "uncaught" in chosen, chosen.get("uncaught", ())
        self.active = self.raised or self.uncaught
        self._stepped = {}
        self._pending = {}
        self._hook_threads(self.uncaught)
        self.debugger._tracing_changed()
        return results

    def _hook_threads(self, on: bool) -> None:
        """threading.excepthook: a thread's uncaught exception stops on that thread, then goes on as before."""
        if on and self._previous_thread_hook is None:
            self._previous_thread_hook = threading.excepthook
            threading.excepthook = self._thread_excepthook
        elif not on and self._previous_thread_hook is not None:
            if threading.excepthook == self._thread_excepthook:
                threading.excepthook = self._previous_thread_hook
            self._previous_thread_hook = None

    def _thread_excepthook(self, args: Any) -> None:
        exception = args.exc_value
        if self.uncaught and exception is not None and self._may_stop():
            if not isinstance(exception, NOT_A_CRASH) and wanted(exception, self.uncaught_types, control_flow=True):
                self.debugger.interaction(None, args.exc_traceback, "exception", self._one_line(exception),
                                          exception=exception, post_mortem=True)
        previous = self._previous_thread_hook or threading.__excepthook__
        previous(args)

    def _may_stop(self) -> bool:
        debugger = self.debugger
        return not (debugger.quitting or debugger._wait_for_mainpyfile or _get_ident() in debugger.quiet)

    # -- events --------------------------------------------------------------------------

    def stepped_into(self, frame: FrameType) -> None:
        """A step stops at an exception event in `frame` (pdb's behaviour): the raised filter must not stop there again."""
        if self.raised:
            self._stepped[_get_ident()] = frame

    def on_raise(self, frame: FrameType, exception: BaseException | None, tb: TracebackType | None) -> None:
        """An exception event in `frame`: raised there, or passing through from a callee.

        `tb`: the traceback so far, ending here (on 3.11 the exception holds it only once caught).
        """
        if not self.raised or exception is None:
            return
        if self._stepped and self._stepped.pop(_get_ident(), None) is frame:
            return  # the step stopped at this very event
        if not self._may_stop() or self._is_engine_frame(frame):
            return
        if _passing_through(frame, tb, self._is_engine_frame):
            return
        if wanted(exception, self.raised_types, control_flow=False):
            if frame.f_trace is None:  # as at a breakpoint: a frame stopped in is traced, and steps go on from it
                frame.f_trace = self.debugger.trace_dispatch
            self.debugger.interaction(frame, None, "exception", self._one_line(exception), exception=exception)

    def on_unwind(self, frame: FrameType, exception: BaseException, tb: TracebackType | None) -> None:
        """`frame` is left because of `exception` (traceback `tb`): stop if that ends the program (or a bare thread)."""
        if not self.uncaught:
            return
        back = frame.f_back
        if back is not None and not self._is_engine_frame(back):
            return  # a caller of the program's own may still catch it
        if self._is_engine_frame(frame) or not self._may_stop() or isinstance(exception, NOT_A_CRASH):
            return
        if wanted(exception, self.uncaught_types, control_flow=True):
            self.shown_uncaught = exception  # the launcher's post-mortem need not stop for it again
            self.debugger.interaction(None if tb is not None else frame, tb, "exception", self._one_line(exception),
                                      exception=exception, post_mortem=True)

    # -- the settrace backend: events only in the frames that need them ---------------------

    def watches(self, frame: FrameType) -> bool:
        """Whether a frame needs exception events: every frame for raised; the outermost for uncaught."""
        if self._is_engine_frame(frame):
            return False
        if self.raised:
            return True
        back = frame.f_back
        return self.uncaught and (back is None or self._is_engine_frame(back))

    def trace_event(self, frame: FrameType, event: str, arg: Any) -> None:
        """settrace's `exception` and `return` events of a watched frame."""
        if event == "exception":
            exception = arg[1]
            if self.uncaught and exception is not None and self.watches(frame) and (
                    frame.f_back is None or self._is_engine_frame(frame.f_back)):
                self._pending[id(frame)] = (exception, arg[2])
            self.on_raise(frame, exception, arg[2])
        elif event == "return" and arg is None and self._pending:
            pending = self._pending.pop(id(frame), None)
            if pending is not None and _leaving_by_exception(frame):
                self.on_unwind(frame, *pending)


def _passing_through(frame: FrameType, tb: TracebackType | None, is_engine_frame: Any) -> bool:
    """Whether an exception event in `frame` is the exception leaving a callee, not one raised here.

    Its traceback then goes on into another frame, and the instruction here is not
    a `raise` (`raise error` of an exception caught elsewhere raises it anew). From
    the debugger's frames (importlib's), it counts as raised in the first frame of the program's.
    """
    following = tb.tb_next if tb is not None else None
    if following is None or following.tb_frame is frame or is_engine_frame(following.tb_frame):
        return False
    code = frame.f_code.co_code
    lasti = tb.tb_lasti  # type: ignore[union-attr]
    return not (0 <= lasti < len(code) and code[lasti] == _opcodes()[0])


_OPCODES: tuple[int, frozenset[int]] | None = None


def _opcodes() -> tuple[int, frozenset[int]]:
    """(RAISE_VARARGS, the opcodes that return or yield) of this Python; dis only once a filter needs them."""
    global _OPCODES
    if _OPCODES is None:
        import dis

        returns = frozenset(dis.opmap[name] for name in ("RETURN_VALUE", "RETURN_CONST", "YIELD_VALUE")
                            if name in dis.opmap)
        _OPCODES = (dis.opmap["RAISE_VARARGS"], returns)
    return _OPCODES


def _leaving_by_exception(frame: FrameType) -> bool:
    """At settrace's `return` event (argument None): whether the frame ends by an exception, not a return."""
    code = frame.f_code.co_code
    lasti = frame.f_lasti
    return 0 <= lasti < len(code) and code[lasti] not in _opcodes()[1]
