"""What a request handler is given and may give back (handlers/ answer requests; router.py calls them)."""

from __future__ import annotations

from types import FrameType

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable
    from .debugger import Debugger
    from .session import Session
    from .stops import Stop


class RequestError(Exception):
    """A request that fails with a message for the user."""


class Reply:
    """A handler's response body, and what to do once the response is sent.

    Choosing restart or quit wakes the main thread, which may close the
    connection at once; leaving a stop lets the program run: both must follow
    the response, not race it.
    """

    __slots__ = ("body", "then")  # (not a dataclass: see stops.Stop)

    def __init__(self, body: dict[str, Any] | None, then: Callable[[], Any]) -> None:
        self.body, self.then = body, then


class Call:
    """One request being answered: by the reader thread (stop None) or by the stopped thread of `stop`."""

    __slots__ = ("session", "request", "args", "stop")

    def __init__(self, session: Session, request: dict[str, Any], args: dict[str, Any], stop: Stop | None) -> None:
        self.session, self.request, self.args, self.stop = session, request, args, stop

    @property
    def command(self) -> str:
        return str(self.request.get("command"))

    @property
    def debugger(self) -> "Debugger":
        return self.session.debugger

    @property
    def stopped(self) -> "Stop":
        """The stop this request is answered in (router.py routes only stopped-thread requests here)."""
        assert self.stop is not None
        return self.stop

    def frame(self) -> FrameType:
        """The frame the request names (the innermost without a frameId); a frame of an earlier stop is an error."""
        try:
            return self.stopped.frame_for(self.args.get("frameId"))
        except LookupError as error:
            raise RequestError(str(error)) from None

    def optional_frame(self) -> FrameType | None:
        """The frame a frameId names, or None (none given, or not one of this stop's)."""
        frame_id = self.args.get("frameId")
        if frame_id is None:
            return None
        try:
            return self.stopped.frame_for(int(frame_id))
        except (LookupError, ValueError, TypeError):
            return None
