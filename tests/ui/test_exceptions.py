"""Exceptions in the interface: `catch`, `exceptions [n]`, the `e` screen and the palette's toggles, against a real engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from tdb.ui.screens.exceptions import ExceptionsScreen
from tdb.ui.widgets.source import SourceView
from harness import scenarios
from tests.ui.test_palette import open_palette, palette_hits

SIZE = (120, 40)

PROGRAM = '''\
def load(settings):
    try:
        return settings["port"]
    except KeyError as error:
        raise ValueError("bad config") from error


def check(value):
    return int(value)


def main():
    try:
        check("x")
    except ValueError:
        pass
    try:
        load({})
    except ValueError:
        raise RuntimeError("startup failed")


main()
'''


def program(tmp_path: Path) -> str:
    path = tmp_path / "startup.py"
    path.write_text(PROGRAM)
    return str(path)


async def type_command(session, pilot, line: str, expected: str) -> None:
    """Type a command on the command line (focused first if need be) and wait for `expected` in the console."""
    if session.app.focused is not session.app.query_one("#command"):
        await pilot.press(":")
    await pilot.press(*line, "enter")
    await session.until(lambda: expected in session.console(), pilot, repr(expected))


async def post_mortem(session, pilot) -> None:
    await session.next_screen(pilot)
    await session.press(pilot, "c")
    assert "RuntimeError: startup failed" in session.status()


async def test_catch_sets_lists_and_clears_the_filters(ui_program, tmp_path):
    session = ui_program(program(tmp_path))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await type_command(session, pilot, "catch", "Not breaking on exceptions.")
        await type_command(session, pilot, "catch raised ValueError, KeyError",
                           "Breaking on raised exceptions (ValueError, KeyError).")
        await type_command(session, pilot, "catch uncaught",
                           "Breaking on raised exceptions (ValueError, KeyError) and uncaught exceptions.")
        await type_command(session, pilot, "catch off raised", "Breaking on uncaught exceptions.")
        await type_command(session, pilot, "catch off", "Not breaking on exceptions.")
        await type_command(session, pilot, "catch raised", "Breaking on raised exceptions.")
        await session.press(pilot, "escape", "c")
        assert "check" in session.status() and "exception: ValueError: invalid literal" in session.status()
        assert app.query_one(SourceView).current_line == 9


@pytest.mark.parametrize(("line", "message"), [
    ("catch sometimes", "*** catch takes raised, uncaught or off, not 'sometimes' (h catch shows how)"),
    ("catch raised 3x", "*** '3x' is not an exception type name"),
    ("catch off everything", "*** catch off takes raised or uncaught, not 'everything'"),
    ("exceptions", "*** No exception at this stop"),
    ("exceptions two", "*** Argument must be an integer"),
])
async def test_bad_forms_say_why(ui_program, tmp_path, line, message):
    session = ui_program(program(tmp_path))
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await type_command(session, pilot, line, message)
        assert session.app.core.catching.raised is None  # nothing changed


async def test_exceptions_lists_the_chain_and_switches_to_one(ui_program, tmp_path):
    session = ui_program(program(tmp_path))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await post_mortem(session, pilot)
        await type_command(session, pilot, "exceptions", "RuntimeError('startup failed')")
        assert session.console().splitlines()[-3:] == [
            "    0 KeyError('port')",
            "    1 ValueError('bad config')",
            ">   2 RuntimeError('startup failed')",
        ]
        await type_command(session, pilot, "exceptions 0", "-> return settings[\"port\"]")
        assert "in load" in session.status() and "exception: KeyError: 'port'" in session.status()
        assert app.query_one(SourceView).current_line == 3
        assert [frame["name"] for frame in app.core.stop.frames] == ["load"]
        await type_command(session, pilot, "p settings", "{}")
        await type_command(session, pilot, "exceptions 7", "*** No exception with that number")
        await type_command(session, pilot, "exceptions", ">   0 KeyError('port')")
        await type_command(session, pilot, "exceptions 2", "-> raise RuntimeError(\"startup failed\")")
        assert [frame["name"] for frame in app.core.stop.frames] == ["main", "<module>"]


async def test_e_without_an_exception_says_so(ui_program, tmp_path):
    session = ui_program(program(tmp_path))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("e")
        await session.until(lambda: "No exception at this stop" in session.console(), pilot, "the message")
        assert not isinstance(app.screen, ExceptionsScreen)


async def test_e_shows_the_chain_and_choosing_one_moves_the_stack(ui_program, tmp_path):
    session = ui_program(program(tmp_path))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await post_mortem(session, pilot)
        await pilot.press("e")
        await session.until(lambda: isinstance(app.screen, ExceptionsScreen), pilot, "the exceptions screen")
        screen = app.screen
        options = screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts == [
            "    0  KeyError: 'port'",
            "      The above exception was the direct cause of the following exception:",
            "    1  ValueError: bad config",
            "      During handling of the above exception, another exception occurred:",
            ">   2  RuntimeError: startup failed",
        ]
        assert options.highlighted == 4
        text = str(screen.query_one("#exceptions-text").render())
        assert 'return settings["port"]' in text and "~~~~~~~~^^^^^^^^" in text  # PEP 657 carets
        await pilot.press("escape")
        await session.until(lambda: not isinstance(app.screen, ExceptionsScreen), pilot, "the screen to close")
        assert [frame["name"] for frame in app.core.stop.frames] == ["main", "<module>"]  # nothing chosen

        await pilot.press("e")
        await session.until(lambda: isinstance(app.screen, ExceptionsScreen), pilot, "the exceptions screen")
        shown = app.screens_shown
        await pilot.press("up", "enter")  # the separator is skipped: ValueError
        await session.next_screen(pilot, shown)
        assert not isinstance(app.screen, ExceptionsScreen)
        assert [frame["name"] for frame in app.core.stop.frames] == ["load", "main"]
        assert "exception: ValueError: bad config" in session.status()
        assert app.query_one(SourceView).current_line == 5


async def test_the_palette_toggles_the_filters(ui_program, tmp_path):
    session = ui_program(program(tmp_path))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for expected in ("Breaking on uncaught exceptions.", "Not breaking on exceptions."):
            await open_palette(session, pilot)
            await pilot.press(*"Break on uncaught")
            await session.until(lambda: palette_hits(app)[:1] and palette_hits(app)[0][0] ==
                                "Break on uncaught exceptions", pilot, "the entry")
            assert "catch uncaught" in palette_hits(app)[0][1]
            await pilot.press("enter")
            await session.until(lambda: not isinstance(app.screen, CommandPalette), pilot, "the palette to close")
            await session.until(lambda: session.console().endswith(expected), pilot, repr(expected))
        await open_palette(session, pilot)
        await pilot.press(*"Break on raised")
        await session.until(lambda: palette_hits(app)[:1] and palette_hits(app)[0][0] ==
                            "Break on raised exceptions", pilot, "the entry")
        await pilot.press("enter")
        await session.until(lambda: session.console().endswith("Breaking on raised exceptions."), pilot, "on")
        await session.press(pilot, "c")
        assert "exception: ValueError: invalid literal" in session.status()


# One frame per traceback, carets under a subscript and two operators: the text reads the same on 3.11 to 3.14.
GROUPS = '''\
settings = {"retries": "three", "timeout": 0}
problems = []
try:
    retries = settings["retries"] + 1
except TypeError as error:
    problems.append(error)
try:
    port = settings["port"]
except KeyError as error:
    problems.append(error)
try:
    rate = 100 / settings["timeout"]
except ZeroDivisionError as error:
    problems.append(error)
try:
    raise ExceptionGroup("invalid settings", [problems[0], ExceptionGroup("missing", problems[1:])])
except ExceptionGroup as group:
    raise RuntimeError("cannot start") from group
'''


async def exceptions_screen(session, pilot) -> None:
    scenarios.still(session.app)
    await session.next_screen(pilot)
    await session.press(pilot, "c")
    await pilot.press("e")
    await session.until(lambda: isinstance(session.app.screen, ExceptionsScreen), pilot, "the exceptions screen")
    await pilot.press("up", "up")  # the KeyError, a member of the nested group
    await pilot.pause()


def test_exceptions_screen(snap_compare, ui_program, monkeypatch):
    # The traceback names the file by its absolute path: the same on every machine.
    place = scenarios.fixed_place()
    (place / "groups.py").write_text(GROUPS)
    monkeypatch.chdir(place)
    session = ui_program("groups.py", cwd=place)
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: exceptions_screen(session, pilot))
