"""The command line: history with Up/Down, completion with Tab (names from the engine, commands from ours)."""

from __future__ import annotations

from pathlib import Path

from tdb.ui.widgets.command_line import CommandLine, History

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def test_history_walks_back_and_forth_and_returns_to_the_typed_line():
    history = History()
    assert history.back("typed") is None  # nothing entered yet
    for line in ("p 1", "p 2", "p 2", "   ", "p 3"):
        history.add(line)
    assert history.lines == ["p 1", "p 2", "p 3"]
    assert history.forward() is None  # not walking: Down does nothing
    assert [history.back("half typed"), history.back("x"), history.back("x"), history.back("x")] == \
        ["p 3", "p 2", "p 1", None]
    assert [history.forward(), history.forward(), history.forward(), history.forward()] == \
        ["p 2", "p 3", "half typed", None]


async def _stopped_in_primes_up_to(session, pilot) -> CommandLine:
    """At line 18 (`if is_prime(candidate)`) with the command line focused."""
    await session.next_screen(pilot)
    await pilot.press(":", *"b 18", "enter")
    await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
    await session.press(pilot, *"c", "enter")
    assert "in primes_up_to" in session.status()
    command = session.app.query_one("#command", CommandLine)
    assert session.app.focused is command
    return command


async def _complete(session, pilot, command: CommandLine, line: str, expected: str) -> None:
    command.value = ""
    await pilot.press(*line, "tab")
    await session.until(lambda: command.value == expected, pilot, f"{line!r} to complete to {expected!r}")
    assert command.cursor_position == len(expected)
    assert session.app.focused is command


async def test_up_and_down_recall_lines_across_stops_and_restarts(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        command = app.query_one("#command", CommandLine)
        await pilot.press(":", *"p 6 * 7", "enter")
        await session.press(pilot, "n", "enter")  # a stop in between
        await pilot.press(*"p 6 * 7", "enter", *"p 6 * 7", "enter")  # stored once
        await session.until(lambda: session.console().count("42") == 3, pilot, "the three prints")
        await pilot.press(*"half")
        await pilot.press("up")
        assert command.value == "p 6 * 7" and command.cursor_position == len("p 6 * 7")
        await pilot.press("up")
        assert command.value == "n"
        await pilot.press("up")
        assert command.value == "p 6 * 7"
        await pilot.press("up")  # the oldest stays
        assert command.value == "p 6 * 7"
        await pilot.press("down", "down")
        assert command.value == "p 6 * 7"
        await pilot.press("down")
        assert command.value == "half"  # what was being typed
        await pilot.press("down")
        assert command.value == "half"
        # The program ends and starts again: the history stays.
        command.value = ""
        await pilot.press(*"c", "enter")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
        await session.press(pilot, "escape", "R")
        await pilot.press(":", "up")
        assert command.value == "c"
        await pilot.press("up")
        assert command.value == "p 6 * 7"


async def test_tab_completes_local_and_global_names_and_attributes(ui_program):
    session = ui_program(PRIMES, "20")
    async with session.app.run_test(size=SIZE) as pilot:
        command = await _stopped_in_primes_up_to(session, pilot)
        await _complete(session, pilot, command, "p fou", "p found")
        await _complete(session, pilot, command, "p cand", "p candidate")
        await _complete(session, pilot, command, "p is_pr", "p is_prime")
        await _complete(session, pilot, command, "p sys.arg", "p sys.argv")
        # In the middle of a line: the name before the cursor, the rest kept.
        command.value = ""
        await pilot.press(*"p len(fou) + 1", *["left"] * 5, "tab")
        await session.until(lambda: command.value == "p len(found) + 1", pilot, "the completion in the middle")
        assert command.cursor_position == len("p len(found")


async def test_tab_with_several_candidates_inserts_their_common_part_and_lists_them(ui_program):
    session = ui_program(PRIMES, "20")
    async with session.app.run_test(size=SIZE) as pilot:
        command = await _stopped_in_primes_up_to(session, pilot)
        await _complete(session, pilot, command, "p prim", "p primes_up_to")
        await _complete(session, pilot, command, "p sys.std", "p sys.std")
        await session.until(lambda: "stderr  stdin  stdlib_module_names  stdout" in session.console(), pilot, "the candidates")
        await _complete(session, pilot, command, "p li", "p li")
        await session.until(lambda: "license  limit  list" in session.console(), pilot, "the names")


async def test_tab_completes_command_names(ui_program):
    session = ui_program(PRIMES, "20")
    async with session.app.run_test(size=SIZE) as pilot:
        command = await _stopped_in_primes_up_to(session, pilot)
        await _complete(session, pilot, command, "undis", "undisplay")
        await _complete(session, pilot, command, "conti", "continue")  # a command and a keyword: one word
        await _complete(session, pilot, command, "cont", "cont")
        await session.until(lambda: session.console().endswith("cont  continue"), pilot, "both commands")
        # Only the first word can be a command.
        await _complete(session, pilot, command, "p undis", "p undis")


async def test_tab_without_a_match_changes_nothing_and_keeps_the_focus(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        command = await _stopped_in_primes_up_to(session, pilot)
        console_before = session.console()
        # Keys are handled in order: `x` is typed once Tab's completion has answered.
        await pilot.press(*"p zzq", "tab", "x")
        await session.until(lambda: command.value == "p zzqx", pilot, "x after the unchanged text")
        assert app.focused is command
        await pilot.press("tab")  # nothing before the cursor to complete either
        command.value = ""
        await pilot.press("tab", "y")
        await session.until(lambda: command.value == "y", pilot, "y in the command line")
        assert app.focused is command
        assert session.console() == console_before


async def test_ctrl_c_interrupts_what_the_command_line_runs_and_the_stop_goes_on(ui_program):
    """An expression that never ends (a Python loop, a sleep in C): Ctrl-C cancels it, the next command runs."""
    session = ui_program(PRIMES, "20")
    async with session.app.run_test(size=SIZE) as pilot:
        await _stopped_in_primes_up_to(session, pilot)
        for endless in ("while True: pass", "__import__('time').sleep(60)"):
            shown = session.console().count("*** interrupted")
            await pilot.press(*endless, "enter")
            await pilot.pause(0.3)
            await pilot.press("ctrl+c")
            await session.until(lambda: session.console().count("*** interrupted") == shown + 1, pilot,
                                f"{endless!r} to be interrupted")
        await pilot.press(*"p 6 * 7", "enter")
        await session.until(lambda: session.console().endswith("> p 6 * 7\n42"), pilot, "the next command's answer")
        assert "stopped already" not in session.console()
