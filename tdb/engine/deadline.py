"""A time limit for the program's code that the debugger runs at a stop: a __repr__ that never ends.

The stopped thread runs user code to show values (__repr__, __str__, a
property). One that loops forever would freeze every later request, so a
watchdog thread interrupts it: past the limit it raises TimedOut in the
stopped thread (PyThreadState_SetAsyncExc, the mechanism behind
KeyboardInterrupt in threads), again every half second in case the code
swallows it. Code stuck in C, not running bytecode, cannot be interrupted.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

_RETRY_SECONDS = 0.5


class TimedOut(BaseException):
    """Raised in a thread whose bounded code outlasted its limit (a BaseException: user code's
    `except Exception` does not swallow it)."""


class _Watchdog:
    """One slot: the thread running bounded code now, and when its time is up."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._current: tuple[int, float] | None = None  # (thread ident, deadline)
        self._thread: threading.Thread | None = None
        self.fired = False  # since the last arm()
        self._idle = False  # the watchdog waits with no deadline: arm() must wake it

    def arm(self, ident: int, seconds: float) -> None:
        with self._cond:
            self._current = (ident, time.monotonic() + seconds)
            self.fired = False
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="tdb-watchdog", daemon=True)
                self._thread.start()
            elif self._idle:
                self._cond.notify()  # (a watchdog timing an earlier deadline sees the new one when it wakes)

    def disarm(self) -> None:
        with self._cond:  # the watchdog fires only while holding it: none is on its way after this
            self._current = None

    def _watch(self) -> None:
        sys.settrace(None)
        with self._cond:
            while True:
                if self._current is None:
                    self._idle = True
                    self._cond.wait()
                    self._idle = False
                    continue
                ident, deadline = self._current
                remaining = deadline - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                _raise_in(ident, TimedOut)
                self.fired = True
                self._current = (ident, time.monotonic() + _RETRY_SECONDS)


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
            _watchdog.disarm()
            _bounded.discard(self._ident)
            if _watchdog.fired:
                _raise_in(self._ident, None)  # one fired as the block ended, not yet raised: drop it


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Make `ident` raise `exception` at its next bytecode (None: cancel one that is pending)."""
    import ctypes  # only at a stop: the program never pays for it otherwise

    exc = ctypes.py_object(exception) if exception is not None else ctypes.py_object()
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), exc)
