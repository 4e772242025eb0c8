"""The threads pane: every thread, which are stopped and why, which run and where (and in what call).

Choosing a stopped thread makes it the current one: the source, stack,
variables and watches follow it, and n s r c act on it. Choosing a running
thread shows its stack read-only. The pane steps aside (class -empty) while
the program has one thread.
"""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message

from ...dap import extensions
from .row_list import RowList

STATES = {"stopped": ("■ stopped", "bold"), "pausing": ("◆ pausing", "yellow"), "running": ("▶ running", "dim")}


def thread_label(thread: dict[str, Any], viewed: bool) -> Text:
    state, style = STATES.get(str(thread.get(extensions.THREAD_STATE)), ("", "dim"))
    reason = thread.get(extensions.THREAD_REASON)
    if reason:
        state += f" ({reason})"
    label = Text.assemble(("▸ " if viewed else "  "), (str(thread.get("name", "?")), "bold"),
                          (f" {thread.get('id')}", "dim"), "  ", (state, style))
    frame = thread.get(extensions.THREAD_FRAME)
    if frame:
        source = frame.get("source") or {}
        where = source.get("name") or os.path.basename(source.get("path") or "?")
        label.append_text(Text.assemble("  ", str(frame.get("name", "?")), (f"  {where}:{frame.get('line')}", "dim")))
    call = thread.get(extensions.THREAD_IN_CALL)
    if call:
        label.append_text(Text(f"  in {call}", "dim italic"))
    return label


class ThreadList(RowList):

    class Selected(Message):
        """The user chose a thread whose stack to show."""

        def __init__(self, thread_id: int) -> None:
            super().__init__()
            self.thread_id = thread_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.threads: list[dict[str, Any]] = []

    def show_threads(self, threads: list[dict[str, Any]], viewed: int) -> None:
        """The program's threads; `viewed` is the one whose stack the stack pane shows."""
        kept = self.highlighted if self.has_focus else None  # the row the user is on stays highlighted
        self.threads = list(threads)
        self.set_rows([thread_label(thread, thread.get("id") == viewed) for thread in threads])
        index = next((i for i, thread in enumerate(threads) if thread.get("id") == viewed), None)
        if kept is not None and kept < len(threads):
            index = kept
        if index is not None:
            self.move_cursor_to(index)
        self.set_class(len(threads) < 2, "-empty")

    class Refresh(Message):
        """The pane got the focus: the threads may have moved since the stop (the app asks again)."""

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.post_message(self.Refresh())

    def _on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        if event.index < len(self.threads):
            self.post_message(self.Selected(int(self.threads[event.index]["id"])))
