"""The key bar: the keys that work here, in the first paint, and a click on one presses it."""

from __future__ import annotations

from pathlib import Path

from tdb.ui.widgets.key_bar import KeyBar
from tdb.ui.widgets.source import SourceView

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def bar_text(app) -> str:
    return str(app.query_one(KeyBar).render())


async def click_hint(pilot, app, description: str) -> None:
    bar = app.query_one(KeyBar)
    bar.render()
    start = next(start for start, _end, hint in bar._spans if hint.description == description)
    await pilot.click(KeyBar, offset=(start + 1, 0))


async def test_the_keys_are_in_the_first_screen_with_the_palette_at_the_right(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        line = bar_text(app)
        assert line.startswith(" n Next  s Step  r Return  c Continue ")
        assert line.rstrip().endswith("▏ ^p palette")
        assert len(line) == SIZE[0]


async def test_a_click_on_a_key_presses_it(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        shown = app.screens_shown
        await click_hint(pilot, app, "Next")
        await session.next_screen(pilot, after=shown)
        assert app.query_one(SourceView).current_line == 3
        await click_hint(pilot, app, "Help")
        await session.until(lambda: app.screen.__class__.__name__ == "HelpScreen", pilot, "the help screen")


async def test_narrow_screens_get_compact_hints(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=(80, 24)) as pilot:
        await session.next_screen(pilot)
        assert app.query_one(KeyBar).compact
        line = bar_text(app)
        assert line.startswith("n Next s Step r Return c Continue ")
        # The palette keeps its place at the right end; the hints that do not fit give way.
        assert line.endswith("▏^p palette ") and len(line) == 80


async def test_the_hints_follow_the_focus(ui_program):
    # The source pane's own `.`/`,` (next/previous match) show only once a search is on; the
    # command line's keys replace the stepping keys while it has the focus.
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        assert "Next match" not in bar_text(app)
        await pilot.press("colon")
        await pilot.pause()
        assert " Next " not in bar_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert " n Next " in bar_text(app)
