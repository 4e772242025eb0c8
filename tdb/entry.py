"""The ways into tdb from a program: set_trace, post_mortem, pm, run, runcall (`tdb` re-exports them).

Cheap to import: the engine and its session are loaded when one is first called.
"""

from __future__ import annotations

import sys
from types import FrameType, TracebackType
from typing import Any, Callable


def _debugger(wait: bool | float | None = None) -> Any:
    """The engine's debugger, linked to a live interface (started, or waited for, on first use); None without one."""
    from .launch import current_session

    try:
        session = current_session(wait)
    except OSError as error:
        print(f"tdb: cannot start the debugger interface ({error}); continuing without stopping", file=sys.stderr)
        return None
    return None if session is None else session.debugger


def set_trace(frame: FrameType | None = None, *, header: str | None = None,
              wait: bool | float | None = None) -> None:
    """Stop in the caller (or `frame`) with the full-screen debugger, like pdb.set_trace().

    With no terminal (a service, a container) it waits for `tdb --connect` only when told to, by
    TDB_WAIT or `wait`: True waits TDB_WAIT's seconds, else 60; a number, that many; False, not at all."""
    debugger = _debugger(wait)
    if debugger is not None:
        debugger.set_trace(frame or sys._getframe(1))


def post_mortem(t: TracebackType | BaseException | None = None) -> None:
    """Inspect a traceback (or an exception, or the one being handled) after the fact."""
    if isinstance(t, BaseException):
        exception, tb = t, t.__traceback__
    else:
        exception = sys.exc_info()[1]
        tb = t if t is not None else sys.exc_info()[2]
    if tb is None:
        raise ValueError("A valid traceback must be passed if no exception is being handled")
    debugger = _debugger()
    if debugger is None:
        return
    from .engine.frames import one_line

    debugger.reset()
    debugger.interaction(None, tb, "exception", one_line(exception), exception=exception, post_mortem=True)


def pm() -> None:
    """Post-mortem of the last uncaught exception (sys.last_exc / sys.last_traceback)."""
    exception = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    if exception is None:
        raise ValueError("no last exception to inspect (sys.last_exc is not set)")
    post_mortem(exception)


def run(statement: str, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
    """Run a statement under the debugger, stopping before its first line."""
    debugger = _debugger()
    if debugger is not None:
        debugger.run(statement, globals, locals)


def runcall(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call a function under the debugger, stopping at its first line."""
    debugger = _debugger()
    if debugger is None:
        return func(*args, **kwargs)
    return debugger.runcall(func, *args, **kwargs)
