"""The interface's core against a real engine, with no Textual and no Pilot: its state, verbs and notifications."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterator

import pytest

from tdb.ui.core.client import RequestFailed
from tdb.ui.core.handshake import handshake
from tdb.ui.core.session import ENDED, ENDING, STOPPED, DebugSession, NotStopped
from harness.debuggee import ROOT, connect_when_listening

PROGRAM = """\
def square(x):
    y = x * x
    return y

total = 0
for i in range(3):
    total += square(i)
print("total", total)
"""


class Recorder:
    """An observer that keeps what the core said, and lets a test wait for it."""

    def __init__(self) -> None:
        self.said: list[tuple[str, Any]] = []
        self.changed = asyncio.Event()

    def _note(self, kind: str, value: Any = None) -> None:
        self.said.append((kind, value))
        self.changed.set()

    def stopped(self, stop: Any) -> None:
        self._note("stopped", stop)

    def output(self, text: str, category: str) -> None:
        self._note("output", (category, text))

    def ended(self) -> None:
        self._note("ended")

    def terminated(self) -> None:
        self._note("terminated")

    def disconnected(self, reason: str | None) -> None:
        self._note("disconnected", reason)

    def notice(self, text: str, kind: str) -> None:
        self._note("notice", (kind, text))

    def breakpoints_changed(self) -> None:
        self._note("breakpoints")

    async def until(self, kind: str, count: int = 1) -> Any:
        async def reached() -> Any:
            while sum(1 for said, _ in self.said if said == kind) < count:
                self.changed.clear()
                await self.changed.wait()
            return [value for said, value in self.said if said == kind][count - 1]

        return await asyncio.wait_for(reached(), 15)


@contextmanager
def listening_program(tmp_path: Path, text: str) -> Iterator[tuple[Path, str, subprocess.Popen]]:
    """`tdb prog.py` with TDB_LISTEN, the program `text`: (script, socket address, process); killed after."""
    script = tmp_path / "prog.py"
    script.write_text(text)
    address = str(tmp_path / "engine.sock")
    process = subprocess.Popen([sys.executable, "-m", "tdb", str(script)], cwd=tmp_path,
                               env={**os.environ, "TDB_LISTEN": address, "PYTHONPATH": str(ROOT)},
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield script, address, process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


@pytest.fixture
def program(tmp_path: Path):
    with listening_program(tmp_path, PROGRAM) as started:
        yield started


async def connected(address: str, process: subprocess.Popen) -> tuple[DebugSession, Recorder]:
    sock = connect_when_listening(address, process)
    done = await asyncio.to_thread(handshake, sock, first_stop=True)
    recorder = Recorder()
    core = DebugSession(recorder)
    assert done.first_stop is not None
    core.first_stop(done.first_stop, done.sources)
    await core.connect(sock, done)
    return core, recorder


async def test_steps_evaluates_and_moves_along_the_stack(program):
    script, address, process = program
    core, recorder = await connected(address, process)
    assert core.state == STOPPED and core.can_restart and not core.quit_detaches
    assert core.require_frame()["line"] == 1
    await core.step("next")
    stop = await recorder.until("stopped")
    assert stop is core.stop and core.require_frame()["line"] == 5
    for count in (2, 3):
        await core.step("next")
        await recorder.until("stopped", count)
    await core.step("stepIn")
    await recorder.until("stopped", 4)
    assert core.require_frame()["name"] == "square"
    view = await core.frame_view()
    assert view is not None and view.path == str(script) and "def square" in view.text
    assert (await core.evaluate("x + 1", "repl"))["result"] == "1"
    core.move_frame(1)
    assert core.require_frame()["name"] == "<module>"
    with pytest.raises(RequestFailed, match="Oldest frame"):
        core.move_frame(1)
    core.watches.append("total")
    assert await core.watch_results() == [("total", "0", True)]


async def test_breakpoints_the_end_and_quit(program):
    script, address, process = program
    core, recorder = await connected(address, process)
    assert await core.toggle_breakpoint(str(script), 2) is None
    assert core.book.marks(str(script)) == {2: "enabled"}
    assert ("notice", ("info", "Breakpoint 1 at prog.py:2")) in recorder.said
    await core.resume()
    assert (await recorder.until("stopped")).reason == "breakpoint"
    assert core.book.get(1).hits == 1
    removed = await core.toggle_breakpoint(str(script), 2)
    assert removed is not None and core.book.all() == []
    await core.resume()
    await recorder.until("ended")
    assert core.state == ENDED and core.exit_code == 0 and core.stop is None
    with pytest.raises(NotStopped, match="The program has ended"):
        core.require_stop()
    await core.quit()
    await recorder.until("terminated")
    assert core.state == ENDING
    await recorder.until("disconnected")
    assert not core.engine_vanished
    assert process.wait(15) == 0


async def test_a_refused_move_leaves_the_stop_current(program):
    script, address, process = program
    core, recorder = await connected(address, process)
    stop = core.stop
    with pytest.raises(RequestFailed):
        await core.until(1)  # a line before the current one: pdb's refusal
    assert core.state == STOPPED and core.stop is stop
    with pytest.raises(RequestFailed, match="Jump failed"):
        await core.jump(1, "/elsewhere.py")
