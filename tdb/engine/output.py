"""Holds the program's Python-level output while the interface owns the screen.

Between a stop and the moment the interface hands the terminal back, text the
program prints would land on the interface's screen and be lost. The gate
swaps sys.stdout/sys.stderr for proxies that keep the text (and forward it
to the interface's console), then writes it to the real streams, in order,
once the terminal is the program's again.
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

Forward = Callable[[str, str], None]


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


class OutputGate:
    def __init__(self, forward: Forward) -> None:
        self._forward = forward
        self._lock = threading.RLock()
        self._held: list[tuple[str, str]] = []
        self._proxies: dict[str, _HeldStream] = {}

    @property
    def holding(self) -> bool:
        return bool(self._proxies)

    def hold(self) -> None:
        with self._lock:
            if self._proxies:
                return
            for name, category in (("stdout", "stdout"), ("stderr", "stderr")):
                real = getattr(sys, name)
                if real is None:
                    continue
                proxy = _HeldStream(real, category, self)
                self._proxies[name] = proxy
                setattr(sys, name, proxy)

    def release(self) -> None:
        with self._lock:
            for name, proxy in self._proxies.items():
                # The program may have replaced the stream itself; leave its choice alone.
                if getattr(sys, name) is proxy:
                    setattr(sys, name, proxy._real)
            streams = {proxy._category: proxy._real for proxy in self._proxies.values()}
            self._proxies.clear()
            held, self._held = self._held, []
        for category, text in held:
            stream = streams.get(category)
            try:
                stream.write(text)
                stream.flush()
            except Exception:  # a closed or broken stream must not break the program
                pass

    def _keep(self, category: str, text: str) -> bool:
        """Hold the text and forward it to the interface; False once the gate is released."""
        with self._lock:
            if not self._proxies:
                return False
            self._held.append((category, text))
        try:
            self._forward(category, text)
        except Exception:
            pass
        return True
