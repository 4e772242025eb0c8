"""The engine's debugger: a bdb.Bdb that stops by serving DAP requests.

When the program stops, the stopped thread sends a `stopped` event and then
serves the requests that need frames or objects (stack, variables, evaluate)
until one of them resumes it. The server's reader thread only queues them:
evaluation and repr always run on the stopped thread.
"""

from __future__ import annotations

import bdb
import io
import linecache
import os
import queue
import signal
import sys
import threading
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from . import breakpoints
from .values import References, safe_repr

if TYPE_CHECKING:
    from .server import Server

# Modules whose frames are the debugger's own: never stopped in, never shown.
ENGINE_MODULES = ("tdb", "tdb.*", "bdb", "runpy", "importlib.*")

# Requests answered by the stopped thread itself.
STOPPED_THREAD_REQUESTS = frozenset(
    {"stackTrace", "scopes", "variables", "evaluate", "continue", "next", "stepIn",
     "stepOut", "setFunctionBreakpoints", "exceptionInfo", "source", "disconnect", "terminate"}
)
RESUMING = frozenset({"continue", "next", "stepIn", "stepOut"})


class _Resume(Exception):
    """Raised by a handler to leave the stop (the program runs again)."""


@dataclass
class Stop:
    """What the interface may ask about one stop."""

    reason: str
    description: str
    thread_id: int
    frames: list[tuple[FrameType, int]]  # outermost first, as bdb orders them
    exception: BaseException | None = None
    return_value: Any = None
    has_return_value: bool = False
    post_mortem: bool = False
    frame_ids: dict[int, FrameType] = field(default_factory=dict)
    refs: References = field(default_factory=References)
    _locals: dict[int, Any] = field(default_factory=dict)

    def locals_of(self, frame: FrameType) -> Any:
        # Read f_locals once per stop: on 3.11/3.12 a second read copies the fast
        # locals over it and would undo an assignment made from the console.
        key = id(frame)
        if key not in self._locals:
            self._locals[key] = frame.f_locals
        return self._locals[key]


def _is_engine_frame(frame: FrameType) -> bool:
    name = frame.f_globals.get("__name__") or ""
    return name in ("tdb", "bdb", "runpy") or name.startswith(("tdb.", "importlib."))


class Debugger(bdb.Bdb):
    def __init__(self, server: "Server") -> None:
        super().__init__(skip=list(ENGINE_MODULES))
        self.server = server
        self.stop: Stop | None = None
        self._inbox: "queue.Queue[dict[str, Any] | None]" = queue.Queue()
        # Whether a stopped thread takes requests from the inbox; guarded by _inbox_lock
        # so that no request is queued just as the stopped thread leaves.
        self._inbox_lock = threading.Lock()
        self._serving = False
        self._late: list[dict[str, Any]] = []
        self._stop_lock = threading.Lock()
        self._next_frame_id = 1
        self._breakpoint_hit = False
        self._pause_reason: str | None = None
        self._previous_sigint: Any = None
        # Launch mode: skip the launcher's own lines until the program's first line.
        self.mainpyfile = ""
        self._wait_for_mainpyfile = False

    # -- bdb hooks ---------------------------------------------------------

    def break_here(self, frame: FrameType) -> bool:
        hit = super().break_here(frame)
        self._breakpoint_hit = self._breakpoint_hit or hit
        return hit

    def user_call(self, frame: FrameType, argument_list: Any) -> None:
        if self._wait_for_mainpyfile:
            return
        if self.stop_here(frame):
            self.interaction(frame, None, "step", "call")

    def user_line(self, frame: FrameType) -> None:
        if self._wait_for_mainpyfile:
            if self.canonic(frame.f_code.co_filename) != self.mainpyfile or frame.f_lineno <= 0:
                return
            self._wait_for_mainpyfile = False
            self.interaction(frame, None, "entry", "")
            return
        reason = "breakpoint" if self._breakpoint_hit else (self._pause_reason or "step")
        self.interaction(frame, None, reason, "")

    def user_return(self, frame: FrameType, return_value: Any) -> None:
        if self._wait_for_mainpyfile:
            return
        self.interaction(frame, None, "step", "return", return_value=(return_value,))

    def user_exception(self, frame: FrameType, exc_info: tuple) -> None:
        if self._wait_for_mainpyfile:
            return
        exc_type, exc_value, exc_tb = exc_info
        self.interaction(frame, None, "exception", one_line(exc_value), exception=exc_value)

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
    ) -> None:
        """Stop: tell the interface, then serve it until it resumes the program."""
        if not self.server.connected:
            self._detach_now()
            return
        with self._stop_lock:
            self._restore_sigint()
            stack, _ = self.get_stack(frame, tb)
            frames = [(f, line) for f, line in stack if not _is_engine_frame(f)] or stack[-1:]
            self.stop = Stop(
                reason=reason,
                description=description,
                thread_id=threading.get_native_id(),
                frames=frames,
                exception=exception,
                post_mortem=post_mortem,
            )
            if return_value is not None:
                self.stop.return_value = return_value[0]
                self.stop.has_return_value = True
            self._breakpoint_hit = False
            self._pause_reason = None
            self._start_serving()
            self.server.on_stop(self.stop)
            try:
                self._serve()
            finally:
                self.stop_serving()
                self.stop = None
                late, self._late = self._late, []
            # Requests that came after the resume was answered: they see a running program.
            for request in late:
                self.server.dispatch(request)

    def _serve(self) -> None:
        while True:
            request = self._inbox.get()
            if request is None:  # the interface went away
                self._detach_now()
                return
            try:
                self.server.handle_stopped(request, self)
            except _Resume:
                return
            except Exception as error:  # a bug must cost one request, not the program
                self.server.respond(request, error=f"internal error: {type(error).__name__}: {error}")

    def _start_serving(self) -> None:
        with self._inbox_lock:
            self._serving = True
            if not self.server.connected:  # lost before we served: nobody will send the None
                self._inbox.put(None)

    def stop_serving(self) -> None:
        """Leave the stop (before answering a resume): later requests go to the reader thread."""
        with self._inbox_lock:
            self._serving = False
            while not self._inbox.empty():
                request = self._inbox.get_nowait()
                if request is not None:
                    self._late.append(request)

    def submit(self, request: dict[str, Any] | None) -> bool:
        """Called by the reader thread: queue a request for the stopped thread; False if none is stopped."""
        with self._inbox_lock:
            if not self._serving:
                return False
            self._inbox.put(request)
            return True

    def frame_id(self, frame: FrameType) -> int:
        assert self.stop is not None
        for known, candidate in self.stop.frame_ids.items():
            if candidate is frame:
                return known
        ident = self._next_frame_id
        self._next_frame_id += 1
        self.stop.frame_ids[ident] = frame
        return ident

    def frame_for(self, frame_id: int | None) -> FrameType:
        """The frame a request names; the innermost one when it names none."""
        assert self.stop is not None
        if frame_id is None:
            return self.stop.frames[-1][0]
        try:
            return self.stop.frame_ids[frame_id]
        except KeyError:
            raise LookupError(f"unknown frame id {frame_id}") from None

    # -- resuming ------------------------------------------------------------

    def resume(self, command: str, frame: FrameType | None) -> None:
        """Apply a step command; leave() then ends the stop.

        Done before the response goes out: a client may send pause (Ctrl-C)
        as soon as it sees that the program runs.
        """
        stop = self.stop
        assert stop is not None
        if stop.post_mortem:
            return
        frame = frame or stop.frames[-1][0]
        if command == "continue":
            self.set_continue()
            self._install_sigint()
        elif command == "next":
            self.set_next(frame)
        elif command == "stepIn":
            self.set_step()
        elif command == "stepOut":
            self.set_return(frame)

    def leave(self) -> None:
        """Leave the stop: the program runs again."""
        raise _Resume()

    def quit(self) -> None:
        """Stop the program the way pdb's `q` does: BdbQuit from the next trace event."""
        self.set_quit()
        raise _Resume()

    def detach(self) -> None:
        """Let the program run on without a debugger."""
        self._detach_now()
        raise _Resume()

    def _detach_now(self) -> None:
        self.clear_all_breaks()
        self.set_continue()
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]
        self._restore_sigint()

    def set_trace(self, frame: FrameType | None = None) -> None:
        # A stop asked for by breakpoint()/set_trace() is a breakpoint to the user, not a step.
        self._pause_reason = "breakpoint"
        super().set_trace(frame or sys._getframe(1))

    def pause(self) -> None:
        """Break in at the next line the main thread runs (Ctrl-C)."""
        frame = sys._getframe(1)
        while frame is not None and _is_engine_frame(frame):
            frame = frame.f_back
        if frame is not None:
            self.set_trace(frame)
            self._pause_reason = "pause"  # after set_trace(), which names its stop "breakpoint"

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
        try:
            signal.signal(signal.SIGINT, self._previous_sigint)
        except (ValueError, OSError):
            pass
        self._previous_sigint = None

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        self._restore_sigint()
        if frame is not None:
            self.set_trace(frame)
            self._pause_reason = "pause"  # after set_trace(), which names its stop "breakpoint"

    # -- inspecting ------------------------------------------------------------

    def evaluate(self, expression: str, frame: FrameType, context: str) -> tuple[str, Any, bool]:
        """Evaluate or execute in a frame: (text, value, has_value).

        An expression gives its value. Anything else runs as statements; what it
        prints is the result. Errors propagate as the program's own exceptions.
        """
        assert self.stop is not None
        frame_locals = self.stop.locals_of(frame)
        try:
            code = compile(expression, "<tdb>", "eval")
        except SyntaxError:
            if context != "repl":
                raise
            code = compile(expression + "\n", "<tdb>", "exec")
            captured = io.StringIO()
            with redirect_stdout(captured), redirect_stderr(captured):
                exec(code, frame.f_globals, frame_locals)
            return captured.getvalue().rstrip("\n"), None, False
        captured = io.StringIO()
        with redirect_stdout(captured), redirect_stderr(captured):
            value = eval(code, frame.f_globals, frame_locals)
        printed = captured.getvalue()
        text = safe_repr(value)
        return (printed + text if printed else text), value, True

    # -- running a program (launch mode) ---------------------------------------

    def run_main(self, code: Any, globals_: dict[str, Any], mainpyfile: str) -> None:
        """Run the program's code, stopping at its first line as pdb does."""
        self.mainpyfile = self.canonic(mainpyfile)
        self._wait_for_mainpyfile = True
        self.run(code, globals_, globals_)

    def source_lines(self, path: str) -> list[str]:
        return linecache.getlines(path)


def one_line(exception: BaseException | None) -> str:
    """`Type: first line of the message`, for a status line."""
    if exception is None:
        return ""
    if isinstance(exception, SyntaxError):  # its own lines show the code; the last one is the summary
        text = "".join(traceback.format_exception_only(type(exception), exception)).strip()
        return text.splitlines()[-1]
    try:
        message = str(exception).strip().splitlines()
    except Exception:  # a user's __str__ may raise
        message = []
    name = type(exception).__qualname__
    return f"{name}: {message[0]}" if message else name


def format_exception(exception: BaseException, tb: TracebackType | None = None) -> str:
    return "".join(traceback.format_exception(type(exception), exception, tb or exception.__traceback__))


def canonical_path(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
