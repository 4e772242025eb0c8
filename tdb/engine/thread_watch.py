"""While a thread is stopped, the others come and go: DAP `thread` events say so.

A watcher thread (the engine's own) compares the program's threads a few times
a second while some stop lasts, and ends with the last stop: a program that
runs costs nothing.
"""

from __future__ import annotations

import sys
import threading

from . import tracer
from .threads import ENGINE_THREAD_PREFIX, program_threads

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Callable

INTERVAL = 0.1  # seconds between looks


class ThreadWatch:
    def __init__(self, stopped: Callable[[], bool], send: Callable[[str, int], None]) -> None:
        self._stopped = stopped  # whether some thread is stopped now
        self._send = send  # (reason, DAP thread id)
        self._lock = threading.Lock()
        self._watching = False
        self._known: set[int] = set()
        self._wake = threading.Event()

    def stop_began(self) -> None:
        """A thread stopped: watch the others until no thread is stopped any more."""
        with self._lock:
            if self._watching:
                self._look()  # (the threads started since the watcher's last look are known from now)
                return
            self._watching = True
            self._known = {dap_id for _, dap_id, _ in program_threads()}
        threading.Thread(target=self._run, name=ENGINE_THREAD_PREFIX + "thread-watch", daemon=True).start()

    def close(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        sys.settrace(None)
        tracer.engine_threads.add(threading.get_ident())
        try:
            while not self._wake.wait(INTERVAL):
                with self._lock:
                    self._look()
                    if not self._stopped():
                        self._watching = False
                        return
        finally:
            tracer.engine_threads.discard(threading.get_ident())

    def _look(self) -> None:
        now = {dap_id for _, dap_id, _ in program_threads()}
        for dap_id in sorted(self._known - now):
            self._send("exited", dap_id)
        for dap_id in sorted(now - self._known):
            self._send("started", dap_id)
        self._known = now
