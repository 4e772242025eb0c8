"""A stop: one stopped thread, what the interface may ask about it, and the requests it serves.

The stopped thread serves its own requests (evaluation and repr run there):
the reader thread puts them in the stop's inbox, the stopped thread takes them
out until one resumes it. Frame ids and variable references are unique across
stops, so that a request names the stop it is for. Stops are kept per thread
(`Stops`): any number of threads may be stopped at once.
"""

from __future__ import annotations

import itertools
import queue
import threading
from types import FrameType

from .cancelling import Interruptible
from .values import References

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

# Ids of frames and variable references: never reused, whatever stop they belong to.
_frame_ids = itertools.count(1)
_references = itertools.count(1)


class Resume(Exception):
    """Raised on the stopped thread to leave the stop: the program runs again."""


class Stop:
    """What the interface may ask about one stop, and its inbox of requests.

    (A plain class, as every class of the engine: dataclasses would cost each debugged program 0.25 MB.)
    """

    def __init__(self, reason: str, description: str, ident: int, thread_id: int,
                 frames: list[tuple[FrameType, int]], exception: BaseException | None = None,
                 post_mortem: bool = False, breakpoint_ids: list[int] | None = None) -> None:
        self.reason = reason
        self.description = description
        self.ident = ident  # the stopped thread's threading ident
        self.thread_id = thread_id  # its DAP id (native id)
        self.frames = frames  # outermost first, as bdb orders them
        self.exception = exception
        self.return_value: Any = None
        self.has_return_value = False
        self.post_mortem = post_mortem
        self.breakpoint_ids = breakpoint_ids or []  # the breakpoints this stop is for
        self.exception_view: Any = None  # exception_view.ExceptionView, made when the interface browses the exception
        self.refs = References(_references)
        self.frame_ids: dict[int, FrameType] = {}
        # Frames whose locals the console may have assigned to (3.11/3.12 write them back).
        self.evaluated_in: dict[int, FrameType] = {}
        self.consoles: dict[int, Any] = {}  # frame id -> console.InteractiveNamespace
        self.interruptible = Interruptible()  # the user's code now running
        self.answering: int | None = None  # the seq of the request the stopped thread answers now
        self.tasks: dict[int, Any] = {}  # the asyncio tasks listed at this stop, by their id
        self._locals: dict[int, Any] = {}
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        # Whether the stopped thread takes requests from the inbox; guarded by _lock so that
        # no request is queued just as the stopped thread leaves.
        self._lock = threading.Lock()
        self._serving = True
        self._late: list[dict[str, Any]] = []

    # -- frames --------------------------------------------------------------------

    @property
    def innermost(self) -> FrameType:
        return self.frames[-1][0]

    def locals_of(self, frame: FrameType) -> Any:
        # Read f_locals once per stop: on 3.11/3.12 a second read copies the fast
        # locals over it and would undo an assignment made from the console.
        key = id(frame)
        if key not in self._locals:
            self._locals[key] = frame.f_locals
        return self._locals[key]

    def frame_id(self, frame: FrameType) -> int:
        for known, candidate in self.frame_ids.items():
            if candidate is frame:
                return known
        ident = next(_frame_ids)
        self.frame_ids[ident] = frame
        return ident

    def frame_for(self, frame_id: int | None) -> FrameType:
        """The frame a request names; the innermost one when it names none."""
        if frame_id is None:
            return self.innermost
        try:
            return self.frame_ids[frame_id]
        except KeyError:
            raise LookupError(f"unknown frame id {frame_id}") from None

    def owns(self, frame: FrameType) -> bool:
        """Whether a frame is on the stopped thread's stack (not one of another thread, shown read-only)."""
        return any(frame is own for own, _ in self.frames)

    # -- the inbox -------------------------------------------------------------------

    def submit(self, request: dict[str, Any] | None) -> bool:
        """Queue a request (None: the interface went away) for the stopped thread; False once it has left."""
        with self._lock:
            if self._serving:
                self._inbox.put(request)
                return True
        return False

    def next_request(self) -> dict[str, Any] | None:
        return self._inbox.get()

    def withdraw(self, seq: int) -> dict[str, Any] | None:
        """Take a request out of the inbox before the stopped thread reaches it (DAP cancel)."""
        with self._inbox.mutex:
            for request in self._inbox.queue:
                if request is not None and request.get("seq") == seq:
                    self._inbox.queue.remove(request)
                    return request
        return None

    def stop_serving(self) -> None:
        """Leave the stop (before answering a resume): later requests go to the reader thread."""
        with self._lock:
            self._serving = False
            while not self._inbox.empty():
                request = self._inbox.get_nowait()
                if request is not None:
                    self._late.append(request)

    def forget(self) -> None:
        """The program runs again: let go of its frames and values (a reference's closure holds the
        stop, the stop holds the closure: kept, they would wait for the garbage collector, and so
        would the program's finalizers)."""
        self.refs.clear()
        self.refs = References(_references)
        self.frame_ids.clear()
        self.evaluated_in.clear()
        self.consoles.clear()
        self.tasks.clear()
        self._locals.clear()
        self.frames = []
        self.exception = self.return_value = self.exception_view = None

    def late_requests(self) -> list[dict[str, Any]]:
        """The requests that came after the resume was answered: they see a running program."""
        late, self._late = self._late, []
        return late


class Stops:
    """The stops of the program's threads now, by thread."""

    def __init__(self) -> None:
        self._by_thread: dict[int, Stop] = {}

    def add(self, stop: Stop) -> None:
        self._by_thread[stop.ident] = stop

    def remove(self, stop: Stop) -> None:
        if self._by_thread.get(stop.ident) is stop:
            del self._by_thread[stop.ident]

    def __iter__(self) -> Any:
        return iter(list(self._by_thread.values()))

    def __bool__(self) -> bool:
        return bool(self._by_thread)

    def of_thread(self, ident: int) -> Stop | None:
        return self._by_thread.get(ident)

    @property
    def current(self) -> Stop | None:
        """The oldest stop now (a request that names no thread is for it)."""
        for stop in self._by_thread.values():
            return stop
        return None

    def for_request(self, arguments: dict[str, Any]) -> Stop | None:
        """The stop a request's threadId, frameId or variablesReference names; else the current one."""
        frame_id = arguments.get("frameId")
        thread_id = arguments.get("threadId")
        reference = arguments.get("variablesReference")
        for stop in self._by_thread.values():
            if ((isinstance(frame_id, int) and frame_id in stop.frame_ids) or thread_id == stop.thread_id
                    or (isinstance(reference, int) and stop.refs.knows(reference))):
                return stop
        return self.current
