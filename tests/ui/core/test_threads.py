"""The core with several threads stopped: the current one, the ones that wait, switching, continue one or all."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from tdb.dap import extensions
from tdb.ui.core.session import RUNNING, STOPPED
from .test_session import Recorder, connected, listening_program

PROGRAM = """\
import threading

go = threading.Event()


def worker(n):
    go.wait()
    value = n * 10
    return value


workers = [threading.Thread(target=worker, args=(n,), name=f"worker-{n}") for n in range(2)]
for thread in workers:
    thread.start()
go.set()
after = 1
for thread in workers:
    thread.join()
print("done")
"""
WORKER_LINE = 8
GO_LINE = 15


class ThreadRecorder(Recorder):
    def other_stopped(self, stop) -> None:
        self._note("other_stopped", stop)

    def thread_ended(self, thread_id: int, stopped: bool) -> None:
        self._note("thread_ended", thread_id)

    def ran_on(self, thread_id: int) -> None:
        self._note("ran_on", thread_id)


@pytest.fixture
def program(tmp_path: Path):
    with listening_program(tmp_path, PROGRAM) as started:
        yield started


async def at_go(script: Path, address: str, process: subprocess.Popen):
    core, _ = await connected(address, process)
    recorder = ThreadRecorder()
    core.observer = recorder
    await core.add_breakpoint(str(script), GO_LINE, None)
    await core.add_breakpoint(str(script), WORKER_LINE, None)
    await core.resume()
    stop = await recorder.until("stopped")
    assert core.require_frame()["line"] == GO_LINE
    return core, recorder, stop


async def test_a_step_stays_on_its_thread_and_the_others_wait_to_be_chosen(program):
    core, recorder, main = await at_go(*program)
    await core.step("next")  # go.set(): both workers reach their breakpoint meanwhile
    own = await recorder.until("stopped", 2)
    assert own.thread_id == main.thread_id and core.require_frame()["line"] == GO_LINE + 1
    await recorder.until("other_stopped", 2)
    waiting = core.waiting_stops()
    assert [stop.reason for stop in waiting] == ["breakpoint", "breakpoint"]
    assert core.stop is own  # the screen's stop did not jump
    # Choosing a waiting thread makes it the current one: its frames, its steps.
    chosen = core.switch_to(waiting[0].thread_id)
    assert core.stop is chosen and core.require_frame()["name"] == "worker"
    assert (await core.evaluate("n * 10", "repl"))["result"] in ("0", "10")
    await core.step("next")
    stepped = await recorder.until("stopped", 3)
    assert stepped.thread_id == chosen.thread_id and core.require_frame()["line"] == WORKER_LINE + 1
    assert main.thread_id in core.stops and len(core.waiting_stops()) == 2
    # continue of this thread alone: the others stay stopped.
    await core.resume()
    assert core.state == RUNNING and main.thread_id in core.stops
    core.switch_to(main.thread_id)
    assert core.state == STOPPED
    await core.resume(every_thread=True)  # c all
    await recorder.until("ended")
    assert core.stops == {}


async def test_all_stop_from_the_core(program):
    script, _, _ = program
    core, recorder, main = await at_go(*program)
    await core.set_all_stop(True)
    assert core.all_stop
    await core.step("next")
    await recorder.until("stopped", 2)
    await recorder.until("other_stopped", 2)
    threads = (await core.client.request("threads"))["threads"]
    assert sum(thread[extensions.THREAD_STATE] == "stopped" for thread in threads) == 3
    assert {stop.reason for stop in core.waiting_stops()} == {"pause"}  # (in go.wait(), as it returned)
    await core.toggle_breakpoint(str(script), WORKER_LINE)  # (else each worker stops there, and stops all)
    await core.resume()  # all-stop: c resumes every thread
    await recorder.until("ended")
    assert core.stops == {}
