"""The ways into tdb from a program: set_trace, post_mortem, pm, run, runcall, install (`tdb` re-exports them).

Cheap to import: the engine and its session are loaded when one is first called.
"""

from __future__ import annotations

import os
import sys
from types import FrameType, TracebackType

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable


def _debugger(wait: bool | float | None = None) -> Any:
    """The engine's debugger, linked to a live interface (started, or waited for, on first use); None without one."""
    if "tdb.launch" not in sys.modules:
        _load_launch()
    from .launch import current_session

    try:
        session = current_session(wait)
    except OSError as error:
        print(f"tdb: cannot start the debugger interface ({error}); continuing without stopping", file=sys.stderr)
        return None
    return None if session is None else session.debugger


def _load_launch() -> None:
    """The first breakpoint(): tdb loads with the program's other threads held (engine/switching.py), which
    in a busy program makes it ten times faster; quick switches already for the import of switching itself."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0002))  # (switching.QUICK)
    try:
        from .engine import switching

        switching.hold(previous=interval)
    except BaseException:
        sys.setswitchinterval(interval)
        raise
    try:
        with switching.OtherThreadsHeld():
            from . import launch  # noqa: F401
    finally:
        switching.release()


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


def install(signal: int | str | None = None, file: str | os.PathLike[str] | None = None, *,
            locals: bool = False) -> Callable[[], None]:
    """On `signal`, write the stacks of every thread and asyncio task (`tdb dump`'s report), and run on.

    For programs `tdb dump PID` cannot reach (before Python 3.14, or remote debugging disabled).
    signal: a number or a name (USR1, SIGUSR1); None: TDB_DUMP_SIGNAL's, else SIGUSR1.
    file: a path each report is appended to; None: standard error. locals: each frame's locals too.
    The handler that was there before runs after the report if it was a Python function (not
    SIG_DFL: SIGUSR1's would end the program). Returns a function that puts it back.
    Call it on the main thread, as signal.signal().
    """
    import signal as signals
    import time

    from .engine import stack_report

    number = _signal_number((os.environ.get("TDB_DUMP_SIGNAL") or "USR1") if signal is None else signal)
    try:
        name = signals.Signals(number).name
    except ValueError:  # a real-time signal
        name = f"signal {number}"
    path = None if file is None else os.fspath(file)
    reporting = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal reporting
        if not reporting:  # (the signal again, while its report is being written: one is enough)
            reporting = True
            try:
                report = stack_report.build(frame or sys._getframe(), locals=locals)
                report["time"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
                text = f"--- tdb: {name} ---\n" + stack_report.format_text(report)
                _write(text, path)
            except Exception as error:  # never into the program
                _write(f"tdb: no stack report on {name}: {type(error).__name__}: {error}\n", None)
            finally:
                reporting = False
        if callable(previous):
            previous(signum, frame)

    previous = signals.signal(number, handler)

    def uninstall() -> None:
        """Put back the handler that was there before install() (if tdb's is still the one)."""
        if signals.getsignal(number) is handler:
            signals.signal(number, previous if previous is not None else signals.SIG_DFL)

    return uninstall


def _signal_number(value: int | str) -> int:
    """A signal's number from a number, or a name with or without SIG (TDB_DUMP_SIGNAL's)."""
    import signal as signals

    text = str(int(value) if isinstance(value, int) else value).strip()
    if text.isdigit():
        number = int(text)
    else:
        name = text.upper() if text.upper().startswith("SIG") else "SIG" + text.upper()
        try:
            number = signals.Signals[name].value
        except KeyError:
            raise ValueError(f"{value!r} is not a signal (a name such as USR1, or a number)") from None
    if number not in signals.valid_signals():
        raise ValueError(f"{value!r} is not a signal of this system")
    return number


def _write(text: str, path: str | None) -> None:
    """Append to the file, or write to the standard error's descriptor itself: sys.stderr's buffer may be in the
    middle of a write the signal interrupted (a second write into it would raise)."""
    data = text.encode("utf-8", "backslashreplace")
    if path is not None:
        with open(path, "ab") as out:
            out.write(data)
        return
    while data:
        try:
            written = os.write(2, data)
        except InterruptedError:
            continue
        except OSError:
            return
        data = data[written:]
