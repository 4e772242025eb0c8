"""Screens worth a picture: used by the snapshot tests and by `make screenshots`."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)
CRASH = '''\
import json


def load(text):
    settings = json.loads(text)
    return settings["retries"] / settings["delay"]


def main():
    config = '{"retries": 3, "delay": 0}'
    return load(config)


main()
'''


def fixed_place() -> Path:
    """A directory with the same absolute path everywhere, holding crash.py."""
    place = Path("/tmp/tdb-scenarios")
    place.mkdir(exist_ok=True)
    (place / "crash.py").write_text(CRASH)
    return place


def still(app) -> None:
    """A blinking cursor would make every picture different."""
    for widget in app.query(Input):
        widget.cursor_blink = False


async def main_screen(session, pilot) -> None:
    """Stopped at a breakpoint inside a loop, two frames deep, with a watch."""
    still(session.app)
    await session.next_screen(pilot)
    await pilot.press(":", *"b 18, candidate == 7", "enter")
    await pilot.press(*"display found", "enter")
    await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
    await session.press(pilot, "escape", "c")


async def post_mortem(session, pilot) -> None:
    """After an uncaught exception: the traceback in the console, the crashing frame shown."""
    still(session.app)
    await session.next_screen(pilot)
    await session.press(pilot, "c")
