"""Quick thread switches while tdb serves a stop, so that a busy program does not make the debugger slow.

Under the GIL a thread that waits for it gets it after the running thread's
switch interval (5 ms by default). At a stop the engine's threads wait for it
at every request, every message read or written; with three threads of the
program spinning meanwhile each wait is about 15 ms, and attaching to a busy
program took over a second. While a stop is served (and while `tdb -p` sets
itself up), the interval is cut to QUICK; it goes back to what it was when the
program runs again. Only the timing of the switches changes, not what runs;
an interval the program sets meanwhile is its own and stays.
"""

from __future__ import annotations

import sys
import threading

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

QUICK = 0.0002  # seconds

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
