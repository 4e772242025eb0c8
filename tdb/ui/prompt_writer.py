"""Textual's writer thread, with a write that reaches the terminal at once.

Textual writes to the terminal from a thread of its own, so that a slow terminal never holds up
the app. A write queued there waits for that thread to get the GIL, which the app's thread keeps
until it next blocks: a step's update waited 0.3-1.5 ms for it after it was ready. `write_now`
writes on the caller's thread when nothing is queued or being written (else it queues, keeping
the order); tdb uses it for a stop's paint (paint.py), a few kilobytes at most.
"""

from __future__ import annotations

import threading
from typing import IO

from textual.drivers._writer_thread import WriterThread


class PromptWriter(WriterThread):
    def __init__(self, file: IO[str]) -> None:
        super().__init__(file)
        self._lock = threading.Lock()  # held while a text is written, here or on the thread
        self._queued = 0  # texts in the queue or being written by the thread

    def write(self, text: str) -> None:
        with self._lock:
            self._queued += 1
        self._queue.put(text)

    def write_now(self, text: str) -> None:
        # (Not waiting for the lock: if the thread holds it, it is writing, and the text goes after.)
        if self._lock.acquire(blocking=False):
            try:
                if not self._queued:
                    try:
                        self._file.write(text)
                        self._file.flush()
                    except OSError:  # the terminal is gone: the input thread hears of it and ends the app
                        pass
                    return
            finally:
                self._lock.release()
        self.write(text)

    def run(self) -> None:
        file = self._file
        while (text := self._queue.get()) is not None:
            with self._lock:
                file.write(text)
                self._queued -= 1
                if not self._queued:
                    file.flush()
        file.flush()
