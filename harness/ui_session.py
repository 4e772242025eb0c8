"""A real program under the engine with the real interface connected to it, as `tdb --connect` does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from tdb.ui.app import TdbApp
from harness.debuggee import connect_when_listening

ROOT = Path(__file__).resolve().parents[1]


class UiSession:
    """A real program under the engine, and the real interface connected to it (no terminal handoff)."""

    def __init__(self, program: subprocess.Popen, app: TdbApp) -> None:
        self.program = program
        self.app = app

    async def until(self, predicate: Callable[[], bool], pilot, what: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; status: {self.status()!r}; "
                                     f"console tail: {self.console()[-600:]!r}")
            await pilot.pause(0.01)

    async def next_screen(self, pilot, after: int | None = None) -> None:
        """Wait until a stop's screen is complete (the next one after `after`)."""
        shown = self.app.screens_shown if after is None else after
        await self.until(lambda: self.app.screens_shown > shown, pilot, "a stop to be shown")
        await pilot.pause()

    async def press(self, pilot, *keys: str) -> None:
        """Press keys that end in a stop, and wait for that stop's screen."""
        shown = self.app.screens_shown
        await pilot.press(*keys)
        await self.next_screen(pilot, shown)

    def status(self) -> str:
        return str(self.app.query_one("#status").message)

    def console(self) -> str:
        return "\n".join(line.text for line in self.app.query_one("#console").lines)


def connect_to(address: str, program: subprocess.Popen) -> socket.socket:
    return connect_when_listening(address, program)


def start_program(args: tuple[str, ...], address: str, cwd: Path = ROOT) -> UiSession:
    """Run `python -m tdb ARGS` waiting on `address`, and make the app that connects to it."""
    env = {**os.environ, "TDB_LISTEN": address, "PYTHONPATH": str(ROOT)}
    program = subprocess.Popen([sys.executable, "-m", "tdb", *args], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return UiSession(program, TdbApp(connect_to(address, program), owns_program_terminal=False))


def stop_program(program: subprocess.Popen) -> None:
    if program.poll() is None:
        program.kill()
    program.communicate()
