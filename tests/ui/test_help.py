"""The help screen (? or h): every key from the bindings and every command from the help table."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Static

from tdb.ui.commands.registry import commands
from tdb.ui.screens.help import HelpScreen
from tdb.ui.widgets.source import SourceView

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def help_lines(app) -> list[str]:
    """The help screen's text as painted, each row stripped and its blanks squeezed."""
    lines = []
    for static in app.screen.query(Static):
        for strip in static.render_lines(Region(0, 0, *static.size)):
            lines.append(" ".join(strip.text.split()))
    return lines


async def open_help(session, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await session.until(lambda: isinstance(session.app.screen, HelpScreen), pilot, "the help screen")
    await pilot.pause()


async def test_question_mark_lists_keys_and_commands_and_escape_closes(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await open_help(session, pilot, "question_mark")
        lines = help_lines(app)
        assert "n Next Step over: to the next line" in lines
        assert "b Break Toggle breakpoint at cursor" in lines
        assert ": ! Command Type pdb commands or Python" in lines
        assert any(line.startswith("tab Complete") for line in lines)  # the command line's own keys
        assert any(line.startswith("↑ Cursor up") for line in lines)  # and the source view's
        for group in ("Stepping", "Stack", "Breakpoints", "Views", "Command line", "Other"):
            assert group in lines
        assert "b [file:]line[, condition] set a breakpoint" in lines
        # Every command of the help table is there.
        for entry in [usage for command in commands() for usage in command.usage]:
            assert any(line.startswith(f"{entry.usage} {entry.summary.split()[0]}") for line in lines), entry
        # Keys of the debugger do nothing under the help screen.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.query_one(SourceView).current_line == 1
        await pilot.press("escape")
        await session.until(lambda: not isinstance(app.screen, HelpScreen), pilot, "the help screen to close")
        assert app.focused is app.query_one(SourceView)
        await session.press(pilot, "n")  # the debugger's keys work again
        assert app.query_one(SourceView).current_line == 3


async def test_question_mark_and_q_close_it_too(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for close in ("question_mark", "q"):
            await open_help(session, pilot, "question_mark")
            await pilot.press(close)
            await session.until(lambda: not isinstance(app.screen, HelpScreen), pilot, f"{close} to close it")
        assert app.core.state == "stopped"  # q closed the help; it did not quit


async def test_h_alone_opens_it_and_h_command_prints_its_help(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await open_help(session, pilot, ":", "h", "enter")
        await pilot.press("escape")
        await session.until(lambda: not isinstance(app.screen, HelpScreen), pilot, "the help screen to close")
        assert app.focused is app.query_one("#command")  # back where the user typed
        await pilot.press(*"h b", "enter")
        await session.until(lambda: "b function[, condition]" in session.console(), pilot, "the help of b")
        console = session.console()
        assert "b [file:]line[, condition]" in console and "set a breakpoint" in console
        assert "print a value" not in console  # only b's lines
        await pilot.press(*"help nosuch", "enter")
        await session.until(lambda: "no command named 'nosuch'" in session.console(), pilot, "the error")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_narrow_help_screen_stacks_its_columns_and_scrolls(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=(80, 24)) as pilot:
        await session.next_screen(pilot)
        await open_help(session, pilot, "question_mark")
        assert app.screen.has_class("-narrow")
        keys, commands = app.screen.query_one("#help-keys"), app.screen.query_one("#help-commands")
        assert commands.region.y > keys.region.y and commands.region.x == keys.region.x
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 0
        await pilot.press("end")
        await session.until(lambda: body.scroll_y == body.max_scroll_y, pilot, "the end of the help")
