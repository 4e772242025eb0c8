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

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
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
    """Every thread's ThreadState, made at its first use, dropped when its thread ends.

    A state names the thread's frames (botframe, stopframe): kept after the thread
    ended, it would keep their locals alive (finalizers late, memory held), and a new
    thread given the same ident would inherit it. So each thread that uses its state
    holds a token in a threading.local; when the thread ends, Python drops the token,
    and the token's finalizer drops the state.
    """

    def __init__(self) -> None:
        self._by_thread: dict[int, ThreadState] = {}
        self._tokens = threading.local()

    def own(self) -> ThreadState:
        ident = _get_ident()
        state = self._by_thread.get(ident)
        if getattr(self._tokens, "token", None) is None:
            # This thread's first use (its state may have been made by another thread: pause).
            self._tokens.token = _Token(self._by_thread, ident)
        if state is None:
            state = self._by_thread.setdefault(ident, ThreadState())
        return state

    def of(self, ident: int) -> ThreadState:
        if ident == _get_ident():
            return self.own()
        state = self._by_thread.get(ident)
        if state is None:
            state = self._by_thread.setdefault(ident, ThreadState())
        return state

    def idents(self) -> list[int]:
        return list(self._by_thread)


class _Token:
    """Held in a thread's threading.local: dropped when the thread ends, and its state with it."""

    __slots__ = ("_by_thread", "_ident")

    def __init__(self, by_thread: dict[int, ThreadState], ident: int) -> None:
        self._by_thread, self._ident = by_thread, ident

    def __del__(self) -> None:
        self._by_thread.pop(self._ident, None)


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
