"""Holds the program's Python-level output, and its reads of the terminal, while the interface owns the screen.

Between a stop and the moment the interface hands the terminal back, text the
program prints would land on the interface's screen and be lost. The gate
swaps sys.stdout/sys.stderr for proxies that keep the text (and forward it
to the interface's console), then writes it to the real streams, in order,
once the terminal is the program's again.

A read would take the user's keys from under the interface, raw, and its
prompt would be lost too: `input()` and sys.stdin's reads, while the gate
holds and stdin is a terminal, first ask for the terminal (a step into
`input()` gets it at once, not after the step's grace) and wait until it is
the program's.
"""

from __future__ import annotations

import builtins
import sys
import threading

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable

    Forward = Callable[[str, str], None]
    AskTerminal = Callable[[], None]

WAIT_SLICE_SECONDS = 0.05


class _HeldStream:
    def __init__(self, real: Any, category: str, gate: "OutputGate") -> None:
        self._real = real
        self._category = category
        self._gate = gate

    def write(self, text: str) -> int:
        if not self._gate._keep(self._category, text):
            # Released: the terminal is the program's again, but an object that kept this
            # stream while it was held (a logging handler made then) still writes here.
            return self._real.write(text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self._gate.holding:
            self._real.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _WaitingInput:
    """sys.stdin while the gate holds: a read waits until the terminal is the program's."""

    def __init__(self, real: Any, gate: "OutputGate") -> None:
        self._real = real
        self._gate = gate

    def read(self, *args: Any) -> Any:
        self._gate.wait_for_terminal()
        return self._real.read(*args)

    def readline(self, *args: Any) -> Any:
        self._gate.wait_for_terminal()
        return self._real.readline(*args)

    def readlines(self, *args: Any) -> Any:
        self._gate.wait_for_terminal()
        return self._real.readlines(*args)

    def __iter__(self) -> "_WaitingInput":
        return self

    def __next__(self) -> Any:
        self._gate.wait_for_terminal()
        return next(self._real)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class OutputGate:
    def __init__(self, forward: Forward, ask_terminal: AskTerminal = lambda: None) -> None:
        self._forward = forward
        self._ask_terminal = ask_terminal  # tells the interface that the program wants to read the terminal
        self._lock = threading.RLock()
        self._held: list[tuple[str, str]] = []
        self._proxies: dict[str, Any] = {}
        self._input: tuple[Any, Any] | None = None  # (builtins.input, ours in its place) while held
        self._holding = False
        # One per hold, set once its held text is out, not before: a read's prompt comes after what was
        # printed (a hold that follows at once has its own).
        self._released = threading.Event()
        self._released.set()

    @property
    def holding(self) -> bool:
        return self._holding

    def hold(self) -> None:
        with self._lock:
            if self._holding:
                return
            self._holding = True
            self._released = threading.Event()
            for name, category in (("stdout", "stdout"), ("stderr", "stderr")):
                real = getattr(sys, name)
                if real is None:
                    continue
                proxy = _HeldStream(real, category, self)
                self._proxies[name] = proxy
                setattr(sys, name, proxy)
            if _is_a_terminal(sys.stdin):  # (a pipe or a file is read as ever: it takes no keys)
                self._proxies["stdin"] = proxy = _WaitingInput(sys.stdin, self)
                sys.stdin = proxy
                replaced = builtins.input
                self._input = (replaced, _waiting_for(self, replaced))
                builtins.input = self._input[1]

    def release(self) -> None:
        with self._lock:
            for name, proxy in self._proxies.items():
                # The program may have replaced the stream itself; leave its choice alone.
                if getattr(sys, name) is proxy:
                    setattr(sys, name, proxy._real)
            if self._input is not None and builtins.input is self._input[1]:
                builtins.input = self._input[0]
            self._input = None
            streams = {proxy._category: proxy._real for proxy in self._proxies.values()
                       if isinstance(proxy, _HeldStream)}
            self._proxies.clear()
            self._holding = False
            held, self._held = self._held, []
            released = self._released
        for category, text in held:
            stream = streams.get(category)
            try:
                stream.write(text)
                stream.flush()
            except Exception:  # a closed or broken stream must not break the program
                pass
        released.set()

    def wait_for_terminal(self) -> None:
        """Before the program reads the terminal: while the gate holds, ask for it, and wait until it is
        the program's (release(): the interface handed it over, the program runs on, or the interface is
        gone)."""
        released = self._released
        if released.is_set():
            return
        try:
            self._ask_terminal()
        except Exception:
            pass
        # In slices: a cancel of a line typed at a stop reaches a thread other than the main one as an
        # asynchronous exception, which only a return to Python code lets in (a wait in C would keep it out).
        while not released.wait(WAIT_SLICE_SECONDS):
            pass

    def _keep(self, category: str, text: str) -> bool:
        """Hold the text and forward it to the interface; False once the gate is released."""
        with self._lock:
            if not self.holding:
                return False
            self._held.append((category, text))
        try:
            self._forward(category, text)
        except Exception:
            pass
        return True


def _is_a_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except Exception:  # (a closed stream, or one of the program's without isatty)
        return False


def _waiting_for(gate: OutputGate, read: Callable[..., Any]) -> Callable[..., Any]:
    def input(*args: Any) -> Any:  # noqa: A001 (builtins.input while the gate holds; kept, it works as the one it replaced)
        gate.wait_for_terminal()
        return read(*args)

    return input
