"""The command palette (Ctrl-P): the debugger's actions by name, each doing what its key does."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette

from tdb.ui.actions import palette_entries
from tdb.ui.widgets.source import SourceView

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def palette_hits(app) -> list[tuple[str, str]]:
    """(name, help) of each entry the open palette lists, in order."""
    commands = app.screen.query_one(CommandList)
    hits = [commands.get_option_at_index(index).hit for index in range(commands.option_count)]
    return [(str(hit.text), str(hit.help or "")) for hit in hits]


async def open_palette(session, pilot) -> None:
    await pilot.press("ctrl+p")
    await session.until(lambda: isinstance(session.app.screen, CommandPalette), pilot, "the palette")


async def test_the_palette_lists_every_debugger_action_then_textuals(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await open_palette(session, pilot)
        await session.until(lambda: len(palette_hits(app)) > len(palette_entries()), pilot, "the palette's entries")
        hits = palette_hits(app)
        names = [name for name, _ in hits]
        expected = [entry.title for entry in palette_entries()]  # every debugger action, in its order, before Textual's
        assert names[: len(expected)] == expected
        assert expected[:8] == ["Next", "Step", "Return", "Continue", "Pause (break in)", "Up", "Down",
                                "Toggle breakpoint"]  # the ones used most come first
        assert "Theme" in names[len(expected):]  # Textual's own follow
        assert names.count("Quit") == 1  # Textual's Quit (close the window only) is left out
        help_of = dict(hits)
        assert help_of["Next"] == "Step over: to the next line  (key n)"
        assert help_of["Command line"] == "Type pdb commands or Python  (key : !)"
        assert help_of["Quit"] == "End the program, leave tdb  (key q)"
        await pilot.press("escape")
        await session.until(lambda: not isinstance(app.screen, CommandPalette), pilot, "the palette to close")


async def test_choosing_next_steps(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        assert "primes.py:1 " in session.status()
        await open_palette(session, pilot)
        await pilot.press(*"Next")
        await session.until(lambda: palette_hits(app)[:1] == [("Next", "Step over: to the next line  (key n)")],
                            pilot, "Next to be the best match")
        shown = app.screens_shown
        await pilot.press("enter")  # the best match is highlighted: choose it
        await session.next_screen(pilot, shown)
        assert "primes.py:3 " in session.status()
        assert app.query_one(SourceView).current_line == 3


async def test_choosing_help_opens_the_help_screen(ui_program):
    from tdb.ui.screens.help import HelpScreen

    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await open_palette(session, pilot)
        await pilot.press(*"Help")
        await session.until(lambda: palette_hits(app)[:1] and palette_hits(app)[0][0] == "Help", pilot, "Help")
        await pilot.press("down", "enter")
        await session.until(lambda: isinstance(app.screen, HelpScreen), pilot, "the help screen")
