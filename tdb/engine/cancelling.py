"""Interrupting what the user typed: an expression that never ends, or waits on a lock, at a stop.

What the user types runs on the stopped thread, as pdb runs it (its thread
locals, its running event loop), for as long as it takes. DAP `cancel` (Ctrl-C
at the command line) interrupts it:

- on the main thread, while the user's code runs, SIGURG raises Cancelled, and
  the interrupt sends one to that thread: Python runs the handler at its next
  bytecode, and a call blocked in C (a sleep, a lock, a socket read) returns
  EINTR first. SIGURG, because one that arrived too late would meet its default
  action: nothing (SIGINT would be the program's KeyboardInterrupt).
- on another thread: an asynchronous Cancelled at its next bytecode
  (deadline.interrupt). Code blocked in C there cannot be woken: the
  expression ends when the call returns.

One way per thread, so that exactly one Cancelled is raised, and the block's
end takes any that has not been raised yet: none reaches the program.
"""

from __future__ import annotations

import signal
import threading
from types import TracebackType

from .deadline import interrupt, run_pending, take_own

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

_WAKE = getattr(signal, "SIGURG", None)


class Cancelled(BaseException):
    """Raised in the stopped thread when the interface cancels the evaluation it runs."""


def _cancelled(signum: int, frame: Any) -> None:
    raise Cancelled()


class Interruptible:
    """`with stop.interruptible:` the user's code in the block can be cancelled from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ident: int | None = None  # the thread inside the block now
        self._previous: Any = None  # the program's SIGURG handler, while ours stands in
        self._interrupted = False
        # Set while the block turns an event loop (awaiting.py): interrupt() calls it and sets
        # `asked` rather than raising in code that may be another task's.
        self._wake: Any = None
        self.asked = False

    def __enter__(self) -> None:
        self._interrupted = self.asked = False
        if _WAKE is not None and threading.current_thread() is threading.main_thread():
            try:
                self._previous = signal.signal(_WAKE, _cancelled)
            except (ValueError, OSError):  # (an embedded interpreter without signal handling)
                self._previous = None
        with self._lock:
            self._ident = threading.get_ident()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        with self._lock:
            self._ident = None
            interrupted = self._interrupted
        if interrupted:
            # A Cancelled on its way as the block ended is taken here, not in the program.
            if self._previous is not None:
                run_pending(Cancelled)  # the signal's handler runs here, while ours still stands in
            else:
                take_own(Cancelled)
        if self._previous is not None:
            signal.signal(_WAKE, self._previous)
            self._previous = None

    def interrupt(self) -> bool:
        """From another thread: interrupt the block's code; False if no code is in one."""
        with self._lock:
            ident = self._ident
            if ident is None:
                return False
            if self._wake is not None:
                self.asked = True
                self._wake()
                return True
            self._interrupted = True
            if self._previous is not None and _WAKE is not None:
                signal.pthread_kill(ident, _WAKE)
            else:
                interrupt(ident, Cancelled)
            return True

    def waking(self, wake: Any) -> "_Waking":
        """`with stop.interruptible.waking(wake):` a cancel sets `asked` and calls wake() instead of raising."""
        return _Waking(self, wake)


class _Waking:
    def __init__(self, interruptible: Interruptible, wake: Any) -> None:
        self._interruptible, self._wake = interruptible, wake

    def __enter__(self) -> None:
        with self._interruptible._lock:
            self._interruptible._wake = self._wake

    def __exit__(self, *exc_info: Any) -> None:
        with self._interruptible._lock:
            self._interruptible._wake = None
