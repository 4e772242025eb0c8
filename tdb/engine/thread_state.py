"""bdb's stepping state, kept per thread: each thread steps on its own.

bdb keeps where to stop next (stopframe, returnframe, stoplineno, botframe...)
on the Bdb instance, one for the whole program: `n` on one thread would be
undone by `n` on another. The Debugger declares these attributes as
`PerThread`: read and written on a thread, they are that thread's. Another
thread's state is read with `ThreadStates.of(ident)` (the tracer arms each
stepping thread's frames; `pause` sets a running thread's state to step).
"""

from __future__ import annotations

import threading
from typing import Any

_get_ident = threading.get_ident

# bdb's attributes that say where a thread stops next (3.11 to 3.14), and their values before any step.
# (Not frame_trace_lines_opcodes: a dictionary of frames, each frame is one thread's anyway.)
DEFAULTS: dict[str, Any] = {
    "botframe": None,
    "stopframe": None,
    "returnframe": None,
    "stoplineno": 0,
    "frame_returning": None,
    "currentbp": None,
    "enterframe": None,
    "trace_opcodes": False,
    "cmdframe": None,
    "cmdlineno": None,
}


class ThreadState:
    """One thread's copy of bdb's stepping attributes, and tdb's own per-thread ones."""

    __slots__ = (*DEFAULTS, "pause_reason")

    def __init__(self) -> None:
        for name, value in DEFAULTS.items():
            setattr(self, name, value)
        self.pause_reason: str | None = None  # what the next stop of this thread is called (pause, breakpoint)


class ThreadStates:
    """Every thread's ThreadState, made at its first use."""

    def __init__(self) -> None:
        self._by_thread: dict[int, ThreadState] = {}

    def own(self) -> ThreadState:
        return self.of(_get_ident())

    def of(self, ident: int) -> ThreadState:
        state = self._by_thread.get(ident)
        if state is None:
            state = self._by_thread.setdefault(ident, ThreadState())
        return state

    def forget(self, ident: int) -> None:
        """A thread that ended (or that will never step again): drop its frames."""
        self._by_thread.pop(ident, None)

    def idents(self) -> list[int]:
        return list(self._by_thread)


class PerThread:
    """A Debugger attribute whose value is the calling thread's (its ThreadState's)."""

    __slots__ = ("name",)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, debugger: Any, owner: type | None = None) -> Any:
        if debugger is None:
            return self
        states = debugger.thread_states
        state = states._by_thread.get(_get_ident()) or states.own()  # (read on every event a stepping thread makes)
        return getattr(state, self.name)

    def __set__(self, debugger: Any, value: Any) -> None:
        setattr(debugger.thread_states.own(), self.name, value)
