"""The Tasks pane: at a stop inside a running event loop, every task of that loop, where each waits, who awaits whom.

Choosing a task shows its suspended coroutine frames in the stack pane,
read-only; choosing the running one goes back to the stopped thread's own
stack. The pane steps aside (class -empty) when no event loop runs there.
A loop may hold thousands of tasks: a RowList renders only the rows in view.
"""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text
from textual.message import Message

from .row_list import RowList

STATES = {"running": ("▶ running", "bold"), "pending": ("◆ pending", "yellow"), "done": ("✓ done", "dim"),
          "cancelled": ("✗ cancelled", "red")}


def task_label(task: dict[str, Any], names: dict[int, str], viewed: bool) -> Text:
    """`Task-1  ◆ pending  awaits fetch-0, fetch-1  main  app.py:23`: the tasks it awaits come before where
    it waits (they are what the pane is for, and a narrow pane cuts the row's end)."""
    state, style = STATES.get(str(task.get("state")), (str(task.get("state", "")), "dim"))
    label = Text.assemble(("▸ " if viewed else "  "), (str(task.get("name", "?")), "bold"), "  ", (state, style))
    awaits = [names.get(number, str(number)) for number in task.get("awaits") or []]
    if awaits:
        label.append_text(Text(f"  awaits {_few(awaits)}", "italic"))
    frame = task.get("frame")
    if frame:
        source = frame.get("source") or {}
        where = source.get("name") or os.path.basename(source.get("path") or "?")
        label.append_text(Text.assemble("  ", str(frame.get("name", "?")), (f"  {where}:{frame.get('line')}", "dim")))
    if not awaits and task.get("waitsOn"):
        label.append_text(Text(f"  awaits {task['waitsOn']}", "dim italic"))
    return label


def _few(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


class TaskList(RowList):

    class Selected(Message):
        """The user chose a task whose coroutine frames to show."""

        def __init__(self, task_id: int) -> None:
            super().__init__()
            self.task_id = task_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tasks: list[dict[str, Any]] = []

    def show_tasks(self, tasks: list[dict[str, Any]], viewed: int | None) -> None:
        """The loop's tasks; `viewed`: the task whose frames the stack pane shows (None: the running one)."""
        kept = self.highlighted if self.has_focus else None
        self.tasks = list(tasks)
        names = {int(task["id"]): str(task.get("name")) for task in tasks}
        running = next((task["id"] for task in tasks if task.get("state") == "running"), None)
        shown = viewed if viewed is not None else running
        self.set_rows([task_label(task, names, task.get("id") == shown) for task in tasks])
        index = next((i for i, task in enumerate(tasks) if task.get("id") == shown), None)
        if kept is not None and kept < len(tasks):
            index = kept
        if index is not None:
            self.move_cursor_to(index)
        self.set_class(not tasks, "-empty")

    def _on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        if event.index < len(self.tasks):
            self.post_message(self.Selected(int(self.tasks[event.index]["id"])))
