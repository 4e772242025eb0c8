"""A pre-started interface's rehearsal: one first screen drawn headless before the server forks.

What a process does once and keeps (imports made at first use, Rich's and Textual's caches of
parsed styles, colours and selectors, parsed stylesheets: css_memo.py) is then done for every
interface the server forks, each of which would otherwise do it again before its first paint.
"""

from __future__ import annotations

import asyncio
import threading

from ..log import log_error
from .app import TdbApp


def rehearse() -> None:
    """Draw an empty debugger screen headless (no program: no session); errors are logged, not raised."""
    try:
        asyncio.run(_draw())
    except Exception as error:  # (a rehearsal that fails costs the speed-up, nothing else)
        log_error("pre-start: rehearsal", error)
    if threading.active_count() > 1:  # (a fork copies one thread: what the others held would stay held)
        raise RuntimeError("the rehearsal left a thread running: this server cannot fork")


async def _draw() -> None:
    app = TdbApp(None, owns_program_terminal=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
