"""The program's code that showing a value runs (__repr__, __len__, a property), on a helper thread, in time.

A __repr__ may block in C (time.sleep, a lock, a socket read), where nothing
reaches it until the call returns. Run on the stopped thread, it would hold the
stop, and the screen, for as long. So the stopped thread hands each such call to
a helper thread and waits at most the budget (TDB_REPR_SECONDS, 1 s): past it,
the value is shown as one that did not answer, the helper is left to its call
(the watchdog interrupts its Python code; a C call ends on its own or never),
and a new helper takes the next value. No exception of tdb's is ever raised on a
program's thread. The helper runs in a copy of the stopped thread's context, so
context variables read the same.

A stop's values share one allowance (`sharing`): however many of them block,
the stop reaches the screen within about one budget.
"""

from __future__ import annotations

import contextvars
import os
import queue
import sys
import threading
import time

from . import tracer
from .deadline import TimedOut, time_limit

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable

# Past its share of the allowance, a value still gets this long: a cheap repr takes microseconds.
_LAST_CHANCE_SECONDS = 0.05
# How long the waiting side grants the watchdog to stop a Python loop, past the budget.
_GRACE_SECONDS = 0.05
# A helper with nothing to do this long ends (the next value starts another): a program detached
# from keeps no thread of tdb's.
_IDLE_SECONDS = 1.0


def _repr_seconds() -> float:
    try:
        seconds = float(os.environ.get("TDB_REPR_SECONDS", ""))
    except ValueError:
        return 1.0
    return seconds if seconds > 0 else 1.0


SECONDS = _repr_seconds()


class OutOfTime(Exception):
    """Raised on the waiting thread: the call did not finish within its budget (it may still be running).

    `thread` is the ident of the helper that ran it: what it was doing is its own business (values.py).
    """

    def __init__(self, seconds: float, thread: int) -> None:
        super().__init__(f"did not finish in {seconds:g} s")
        self.seconds, self.thread = seconds, thread


class _Helper:
    """One helper thread and its inbox of calls; once it overruns, it is left alone with its call."""

    def __init__(self) -> None:
        self.inbox: "queue.SimpleQueue[_Call | None]" = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._serve, name="tdb-values", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        sys.settrace(None)
        tracer.engine_threads.add(threading.get_ident())
        try:
            while True:
                try:
                    call = self.inbox.get(timeout=_IDLE_SECONDS)
                except queue.Empty:
                    if self._retire():
                        return
                    continue
                if call is None:
                    return
                call.run()
                del call  # (the value it looked at is the program's, to let go of)
        except BaseException:  # a late TimedOut between calls, or interpreter shutdown: this thread only
            pass
        finally:
            tracer.engine_threads.discard(threading.get_ident())
            _helper_idents.discard(threading.get_ident())


    def _retire(self) -> bool:
        """Idle: stop being the helper, unless a call came meanwhile (calls are put under the same lock)."""
        global _helper
        with _lock:
            if not self.inbox.empty():
                return False
            if _helper is self:
                _helper = None
            return True


class _Call:
    __slots__ = ("function", "args", "seconds", "context", "done", "result", "error")

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> None:
        self.function, self.args, self.seconds = function, args, seconds
        self.context = contextvars.copy_context()
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with time_limit(self.seconds):
                self.result = self.context.run(self.function, *self.args)
        except BaseException as error:  # TimedOut included: it belongs to this thread, not the program's
            self.error = error
        self.args = ()
        self.done.set()


_lock = threading.Lock()
_helper: _Helper | None = None
_helper_idents: set[int] = set()  # helpers, working or left: a call made on one runs there, directly
_allowance = threading.local()  # .deadline: the end of the stop's shared allowance, on the stopped thread


def run_bounded(function: Callable[..., Any], *args: Any) -> Any:
    """function(*args) on the helper thread; its result, or its exception; OutOfTime past the budget."""
    if threading.get_ident() in _helper_idents:
        return function(*args)  # already bounded: a value's repr that shows its items
    budget = SECONDS
    deadline = getattr(_allowance, "deadline", None)
    if deadline is not None:
        budget = max(min(budget, deadline - time.monotonic()), _LAST_CHANCE_SECONDS)
    call = _Call(function, args, budget)
    helper = _submit(call)
    if not call.done.wait(budget + _GRACE_SECONDS):
        _leave(helper)
        if not call.done.is_set():
            raise OutOfTime(budget, helper.thread.ident or 0)
    if isinstance(call.error, TimedOut):
        raise OutOfTime(budget, helper.thread.ident or 0)
    if call.error is not None:
        error, call.error = call.error, None
        raise error
    return call.result


class sharing:
    """`with sharing():` the calls made in the block, on this thread, share one budget between them."""

    def __enter__(self) -> None:
        self._outer = getattr(_allowance, "deadline", None)
        if self._outer is None:
            _allowance.deadline = time.monotonic() + SECONDS

    def __exit__(self, *exc_info: Any) -> None:
        if self._outer is None:
            _allowance.deadline = None


def _submit(call: _Call) -> _Helper:
    """The call, in the current helper's inbox (a new helper if there is none); that helper."""
    global _helper
    with _lock:
        if _helper is None:
            _helper = _Helper()
            _helper_idents.add(_helper.thread.ident or 0)
        _helper.inbox.put(call)
        return _helper


def _leave(helper: _Helper) -> None:
    """The helper overran: the next call gets a new one, started now (this one ends when its call does)."""
    global _helper
    with _lock:
        if _helper is helper:
            _helper = _Helper()
            _helper_idents.add(_helper.thread.ident or 0)
    helper.inbox.put(None)
