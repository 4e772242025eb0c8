"""A time limit for the program's code that the debugger runs: a __repr__ that never ends.

The engine runs user code to show values (__repr__, __str__, a property) on a
helper thread (budget.py). One that loops forever would keep that thread, and a
CPU, busy for good, so a watchdog thread interrupts it: past the limit it raises
TimedOut in the thread running it (PyThreadState_SetAsyncExc, the mechanism
behind KeyboardInterrupt in threads), again every half second in case the code
swallows it. Code stuck in C, not running bytecode, sees it when the call returns.

On 3.11 an asynchronous exception that its thread has not taken yet keeps the
interpreter's "something pending" flag up for every thread, and a traced thread
then spins in place until it is taken (a thread blocked in C may never take it).
So a raised exception is never left pending there: after a moment the watchdog
takes the flag down itself (the blocked thread still sees its exception when it
returns), and the end of a bounded block takes its own exception rather than
cancelling it (a cancel leaves the flag up).
"""

from __future__ import annotations

import sys
import threading
import time

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

_RETRY_SECONDS = 0.5
# With nothing to watch this long, the watchdog thread ends (the next bounded block starts another):
# a program detached from keeps no thread of tdb's.
_IDLE_SECONDS = 1.0
# How long a thread running bytecode needs to take an exception raised in it.
_TAKE_SECONDS = 0.005
_FLAG_STAYS_UP = sys.version_info < (3, 12)


class TimedOut(BaseException):
    """Raised in a thread whose bounded code outlasted its limit (a BaseException: user code's
    `except Exception` does not swallow it)."""


class _Watchdog:
    """The threads running bounded code now, and when each one's time is up."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[int, float] = {}  # thread ident -> deadline
        self._fired: set[int] = set()  # threads raised in since their arm()
        self._thread: threading.Thread | None = None

    def arm(self, ident: int, seconds: float) -> None:
        with self._cond:
            self._deadlines[ident] = time.monotonic() + seconds
            self._fired.discard(ident)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="tdb-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()

    def disarm(self, ident: int) -> bool:
        """Stop timing `ident`; whether it was raised in (the watchdog raises only holding the lock)."""
        with self._cond:
            self._deadlines.pop(ident, None)
            fired = ident in self._fired
            self._fired.discard(ident)
            return fired

    def _watch(self) -> None:
        sys.settrace(None)
        with self._cond:
            while True:
                if not self._deadlines:
                    self._cond.wait(_IDLE_SECONDS)
                    if not self._deadlines:
                        self._thread = None
                        return
                    continue
                now = time.monotonic()
                ident, deadline = min(self._deadlines.items(), key=lambda item: item[1])
                if deadline > now:
                    self._cond.wait(deadline - now)
                    continue
                interrupt(ident, TimedOut)
                self._fired.add(ident)
                self._deadlines[ident] = now + _RETRY_SECONDS


def interrupt(ident: int, exception: type[BaseException]) -> None:
    """Raise `exception` in thread `ident` at its next bytecode (from another thread)."""
    _raise_in(ident, exception)
    if _FLAG_STAYS_UP:
        time.sleep(_TAKE_SECONDS)  # a thread running bytecode takes it meanwhile; one blocked in C later
        take_own(_Lowered)


class _Lowered(Exception):
    """Raised by the watchdog in itself and taken at once: it takes the interpreter's flag down (3.11)."""


def take_own(exception: type[BaseException]) -> None:
    """Take the asynchronous exception pending in this thread now (or raise this one in it, and take it)."""
    try:
        _raise_in(threading.get_ident(), exception)  # (replaces one pending: a thread has one slot)
        run_pending(exception)
    except exception:
        pass


def run_pending(exception: type[BaseException]) -> None:
    """Run some bytecode, where what is pending for this thread (an asynchronous exception, a signal's
    handler) happens; `exception`, if that raises it, is taken here."""
    try:
        for _ in range(1000):  # the eval loop looks at what is pending at its jumps
            pass
    except exception:
        pass


_watchdog = _Watchdog()
_bounded: set[int] = set()  # threads inside time_limit(): an inner one adds nothing


class time_limit:
    """`with time_limit(seconds):` raises TimedOut in this thread if the block outlasts `seconds`."""

    __slots__ = ("_seconds", "_ident", "_outer")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    def __enter__(self) -> None:
        self._ident = threading.get_ident()
        self._outer = self._ident not in _bounded
        if self._outer:
            _bounded.add(self._ident)
            _watchdog.arm(self._ident, self._seconds)

    def __exit__(self, *exc_info: Any) -> None:
        if self._outer:
            _bounded.discard(self._ident)
            if _watchdog.disarm(self._ident):
                take_own(TimedOut)  # one fired as the block ended, perhaps not yet raised: take it here


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Make `ident` raise `exception` at its next bytecode (None: cancel one that is pending)."""
    import ctypes  # only at a stop: the program never pays for it otherwise

    exc = ctypes.py_object(exception) if exception is not None else ctypes.py_object()
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), exc)
