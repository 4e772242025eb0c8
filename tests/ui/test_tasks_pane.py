"""asyncio through the real interface: the Tasks pane, a task's frames read-only, a breakpoint for one task,
and `await` at the command line."""

from __future__ import annotations

import pytest

from tdb.ui.widgets.stack import StackList
from tdb.ui.widgets.tasks import TaskList

from .test_breakpoints_pane import command, cont, type_line

SIZE = (120, 40)
PROGRAM = """\
import asyncio


async def inner(i):
    await asyncio.sleep(0)
    return i + 100


async def fetch(i):
    await asyncio.sleep(0.05 * (2 - i))
    value = i * 2
    got = await inner(value)
    return got


async def main():
    tasks = [asyncio.create_task(fetch(i), name=f"fetch-{i}") for i in range(3)]
    print("results", await asyncio.gather(*tasks))


asyncio.run(main())
"""
VALUE_LINE = 11


@pytest.fixture
def tasks_program(ui_program, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "tasks.py"
    script.write_text(PROGRAM)
    return lambda: ui_program(str(script))


def rows(widget) -> list[str]:
    if hasattr(widget, "row_count"):
        return [str(widget.row(i)) for i in range(widget.row_count)]
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


async def test_the_tasks_pane_a_task_breakpoint_and_await(tasks_program):
    session = tasks_program()
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        app = session.app
        assert app.query_one(TaskList).has_class("-empty")  # no event loop at the program's first line
        await command(session, pilot, f"b {VALUE_LINE}, in task fetch-2", "Breakpoint 1")
        await command(session, pilot, "b", "stop only in task fetch-2")
        await cont(session, pilot)
        # Only fetch-2 stops there, though all three tasks run the line.
        await command(session, pilot, "p i", "2")
        pane = app.query_one(TaskList)
        assert not pane.has_class("-empty")
        listed = rows(pane)
        assert len(listed) == 4 and "fetch-2" in listed[0] and "running" in listed[0], listed
        assert any("Task-1" in row and "main" in row and "awaits fetch-0, fetch-1, fetch-2" in row for row in listed)
        assert any("fetch-0" in row and "pending" in row and "fetch  tasks.py:10" in row for row in listed), listed
        # Choosing the main task shows its suspended frames, read-only; choosing the running one goes back.
        main_row = next(i for i, row in enumerate(listed) if "Task-1" in row)
        pane.focus()
        pane.highlighted = main_row
        await pilot.press("enter")
        await session.until(lambda: "task Task-1, read-only" in session.status(), pilot, "the main task's frames")
        assert [str(row) for row in rows(app.query_one(StackList))][0].lstrip("▸ ").startswith("main")
        pane.highlighted = 0
        await pilot.press("enter")
        await session.until(lambda: "at a breakpoint" in session.status(), pilot, "the stop's own stack again")
        # await at the command line: the loop turns until the awaitable is done.
        await command(session, pilot, "p await inner(5)", "105")
        await command(session, pilot, "await asyncio.sleep(0, 'slept')", "'slept'")
        await command(session, pilot, "tasks", "fetch-2  running")
        await type_line(session, pilot, "c")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
        assert "results [100, 102, 104]" in session.program.stdout.readline()

