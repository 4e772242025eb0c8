"""tdb's own errors, written once, whole, to a log: the screen gets one line that says where.

The log is TDB_LOG, else $XDG_STATE_HOME/tdb/tdb.log (~/.local/state/tdb/tdb.log).
Both sides write to it (the engine in the program, the interface in its own
process); each entry says which process and when. Standard library only: the
engine imports it. Writing never raises: a log that cannot be written is skipped.
"""

from __future__ import annotations

import os
import time


def log_path() -> str:
    chosen = os.environ.get("TDB_LOG")
    if chosen:
        return chosen
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "tdb", "tdb.log")


def log_error(summary: str, error: BaseException | None = None) -> str:
    """Append `summary` and `error`'s traceback to the log; the log's path (for the one line on screen)."""
    path = log_path()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    lines = [f"{stamp} pid {os.getpid()}: {summary}\n"]
    if error is not None:
        import traceback  # (here: the engine's modules load in every program, errors come rarely)

        lines += traceback.format_exception(type(error), error, error.__traceback__)
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write("".join(lines) + "\n")
    except OSError:
        pass
    return path
