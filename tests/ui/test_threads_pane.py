"""Several threads stopped at once, through the real interface: Ctrl-T goes round them all, `c` moves on to
the next one, `c all` resumes every one."""

from __future__ import annotations

import pytest

from tdb.ui.widgets.source import SourceView

from .test_breakpoints_pane import command, type_line

SIZE = (120, 40)
PROGRAM = """\
import threading

go = threading.Barrier(4)


def work(n):
    go.wait()
    total = n * 2
    return total


threads = [threading.Thread(target=work, args=(n,), name=f"w{n}") for n in range(3)]
for thread in threads:
    thread.start()
go.wait()
done = 1
for thread in threads:
    thread.join()
print("done", done)
"""
WORK_LINE, DONE_LINE = 8, 16


@pytest.fixture
def threads_program(ui_program, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prog.py").write_text(PROGRAM)
    return lambda: ui_program(str(tmp_path / "prog.py"))


def current(session) -> str:
    """The current thread's name, from the status line."""
    status = session.status()
    return status.split("thread ", 1)[1].split(",", 1)[0]


async def all_four_stopped(session, pilot) -> None:
    """From the first line: breakpoints in the workers and after the barrier, c; all four threads stop."""
    await session.next_screen(pilot)
    await command(session, pilot, f"b {WORK_LINE}", "Breakpoint 1")
    await command(session, pilot, f"b {DONE_LINE}", "Breakpoint 2")
    await type_line(session, pilot, "c")
    await session.until(lambda: len(session.app.core.stops) == 4, pilot, "the main thread and three workers stopped")
    await pilot.press("escape")


async def to_a_worker(session, pilot) -> str:
    """Ctrl-T until a worker is the current thread; its name."""
    while current(session) == "MainThread":
        await pilot.press("ctrl+t")
        await pilot.pause()
    return current(session)


async def test_ctrl_t_goes_round_every_stopped_thread(threads_program):
    session = threads_program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await all_four_stopped(session, pilot)
        seen = [current(session)]
        for _ in range(4):
            await pilot.press("ctrl+t")
            await session.until(lambda: current(session) != seen[-1], pilot, "the next stopped thread")
            seen.append(current(session))
        assert sorted(set(seen)) == ["MainThread", "w0", "w1", "w2"], seen
        assert seen[4] == seen[0]  # round to where it began
        # c on a worker: it runs on, and the screen goes to another stopped thread (the terminal stays).
        worker = await to_a_worker(session, pilot)
        await pilot.press("c")
        await session.until(lambda: current(session) != worker and app.core.stop is not None, pilot, "another stop")
        assert len(app.core.stops) == 3 and "runs on" in session.console()
        await command(session, pilot, "c all", "")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
        assert "done 1" in session.program.stdout.readline()
        assert app.query_one(SourceView).path.endswith("prog.py")


async def test_stepping_off_the_end_of_a_thread_shows_the_next_stopped_one(threads_program):
    session = threads_program()
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await all_four_stopped(session, pilot)
        worker = await to_a_worker(session, pilot)
        for _ in range(6):  # total = ..., return total, the return: then the thread's code is done
            if "runs to its end" in session.console():
                break
            await pilot.press("n")
            await session.until(lambda: app.core.stop is not None or "runs to its end" in session.console(), pilot,
                                "the step to end")
        assert f"Thread {worker} runs to its end" in session.console()
        await session.until(lambda: app.core.stop is not None and current(session) != worker, pilot, "the next stop")
        assert "threading.py" not in session.status()  # never a stop in threading's own frames
        await command(session, pilot, "c all", "")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
