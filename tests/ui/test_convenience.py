"""pdb's `$name` convenience variables typed on the command line (the engine's tests cover each name)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


async def test_a_dollar_variable_set_at_one_stop_is_printed_at_the_next(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(":", *"$n = 6", "enter")
        await session.press(pilot, "n", "enter")  # another stop
        for line in ("p $n * 7", 'p "$n"', "p $_frame.f_lineno", "p $nosuch"):
            await pilot.press(*line, "enter")
            await pilot.pause()
        await session.until(lambda: "KeyError: 'nosuch'" in session.console(), pilot, "every line answered")
        said = session.console().splitlines()
        assert "42" in said
        assert "'$n'" in said
        assert "3" in said  # the stop's line, `import sys`
