"""Screens worth a picture: used by the snapshot tests and by `make screenshots`."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tdb.ui.screens.help import HelpScreen

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)
# The console shows the traceback's last lines, and its scrollbar their number: both read
# the same on 3.11 to 3.14. A `raise` line has no carets; 3.11 draws them under
# `return f(x)` and 3.14 under a whole-line call, so the program has one of each.
CRASH = '''\
import json


def check(settings):
    problems = [f"{key}: must be positive, got {value}" for key, value in settings.items() if value <= 0]
    if problems:
        raise ValueError("invalid settings:\\n  " + "\\n  ".join(problems))
    return settings


def main():
    config = '{"retries": 0, "delay": 0, "timeout": -1}'
    return check(json.loads(config))


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


async def help_screen(session, pilot) -> None:
    """The help screen (?) over a stop: every key and every command."""
    still(session.app)
    await session.next_screen(pilot)
    await pilot.press("question_mark")
    await session.until(lambda: isinstance(session.app.screen, HelpScreen), pilot, "the help screen")
    await pilot.pause()
