"""tdb -p --live: while the program runs, the screen shows its threads as they go.

A few times a second the engine is asked for every thread and its frames
(tdb/liveStacks, read on its reader thread: the program neither stops nor
slows for it). The Threads pane lists them, the Stack pane and the source
follow the chosen one (Enter on a thread). Logpoints stream into the console,
the watches are sampled where they are hit, a breakpoint or Ctrl-C stops the
program as in any session, and the view resumes when it runs again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..dap import extensions
from .core.client import ConnectionLost, RequestFailed
from .core.session import RUNNING
from .widgets.stack import StackList
from .widgets.tasks import TaskList
from .widgets.threads import ThreadList

if TYPE_CHECKING:
    from .screens.main import DebuggerScreen

REFRESH_SECONDS = 0.25


class LiveView:
    def __init__(self, screen: "DebuggerScreen") -> None:
        self.screen = screen
        self.thread_id: int | None = None  # the thread whose stack shows (None: the main thread)
        self._asking = False

    def start(self) -> None:
        # A service looked into must not stop at breakpoints a past session of this project left.
        self.screen.core.restored = True
        self.screen.say("Live: the program runs on, and this screen follows its threads. Enter on a thread shows "
                        "its stack; `log LINE message` streams a logpoint here (`display EXPR` is sampled there); "
                        "a breakpoint or Ctrl-C stops it; q detaches and leaves it as it was.", "info")
        self.screen.set_interval(REFRESH_SECONDS, self.refresh)
        self.screen.call_later(self.refresh)

    async def choose(self, thread_id: int) -> None:
        self.thread_id = thread_id
        await self.refresh()

    async def refresh(self) -> None:
        core = self.screen.core
        if core.state != RUNNING or self._asking:
            return
        self._asking = True  # (a slow answer is not asked for again meanwhile)
        try:
            live = await core.live_stacks()
        except (RequestFailed, ConnectionLost):
            return
        finally:
            self._asking = False
        threads = list(live.get("threads") or [])
        if core.state == RUNNING and threads:  # (not if a stop came meanwhile: it has the screen)
            await self._show(threads, list(live.get("tasks") or []))

    async def _show(self, threads: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> None:
        screen = self.screen
        viewed = next((thread for thread in threads if thread.get("id") == self.thread_id), threads[0])
        frames = list(viewed.get(extensions.THREAD_FRAMES) or [])
        path = str(((frames[0].get("source") or {}).get("path") or "")) if frames else ""
        text = await screen.core.source_text(path) if path else ""
        if screen.core.state != RUNNING:
            return
        with screen.app.batch_update():
            screen.query_one(ThreadList).show_threads(threads, int(viewed["id"]))
            screen.query_one(StackList).show_frames(frames, 0)
            screen.query_one(TaskList).show_tasks(tasks, None)
            if path:
                screen.show_source(path, text, int(frames[0].get("line") or 1))
            screen.set_status(_status(viewed, frames, len(threads)), "running")


def _status(thread: dict[str, Any], frames: list[dict[str, Any]], count: int) -> str:
    where = ""
    if frames:
        frame = frames[0]
        where = f" in {frame.get('name')} ({os.path.basename(str((frame.get('source') or {}).get('path')))}" \
                f":{frame.get('line')})"
    return (f"live — {count} thread{'s' if count != 1 else ''}; {thread.get('name')}{where} · "
            "Ctrl-C pauses · q detaches")
