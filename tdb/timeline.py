"""Where a step's milliseconds go: with TDB_TIMELINE=FILE set, both processes (the engine in the
program, the interface in its own) append a line per moment of a step to FILE: the time
(`time.monotonic()`, one clock for every process of the machine), the pid, what happened.
`python -m benchmarks.step_timeline` lines these up with the bytes the terminal receives.

Without TDB_TIMELINE, `mark` costs a look into the environment: its parts are joined into a line only
with it (a key, a write, a message: the marks on a step's way must not cost it). Standard library only:
the engine imports it.
"""

from __future__ import annotations

import os
import time

_fd: int | None = None


def mark(*what: object) -> None:
    """`what`'s parts, joined by spaces, as the moment's line."""
    global _fd
    path = os.environ.get("TDB_TIMELINE")  # (read each time: a pre-started interface gets it after import)
    if not path:
        return
    try:
        if _fd is None:
            _fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(_fd, f"{time.monotonic():.6f} {os.getpid()} {' '.join(map(str, what))}\n".encode())
    except OSError:
        pass
