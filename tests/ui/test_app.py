"""The interface against a real engine: keys and commands change what the panes show."""

from __future__ import annotations

from pathlib import Path

from tdb.ui.widgets.source import SourceView

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def _variables_text(app) -> str:
    tree = app.query_one("#variables")
    lines = []

    def walk(node, depth=0):
        for child in node.children:
            lines.append("  " * depth + str(child.label))
            if child.is_expanded:
                walk(child, depth + 1)

    walk(tree.root)
    return "\n".join(lines)


async def test_first_stop_shows_source_stack_and_status(ui_program):
    session = ui_program(PRIMES, "20")
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        source = session.app.query_one(SourceView)
        assert source.current_line == 1
        assert source.path.endswith("primes.py")
        assert "primes.py:1" in session.status()
        assert "first line" in session.status()
        stack = session.app.query_one("#stack")
        assert "<module>" in str(stack.row(0))


async def test_next_step_and_locals(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for expected in (3, 6, 15, 23, 31, 32):
            await session.press(pilot, "n")
            assert app.query_one(SourceView).current_line == expected
        await session.press(pilot, "s")  # --Call-- of main
        await session.press(pilot, "s")
        await session.press(pilot, "n")
        assert "in main" in session.status()
        assert "limit: int = 20" in _variables_text(app)


async def test_up_and_down_follow_the_selected_frame(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(":")
        await pilot.press(*"b is_prime", "enter")
        await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint message")
        await session.press(pilot, "escape", "c")
        assert "in is_prime" in session.status()
        assert "n: int = 0" in _variables_text(app)
        await session.press(pilot, "u")
        assert "in primes_up_to" in session.status()
        assert app.query_one(SourceView).current_line == 18
        assert "limit: int = 20" in _variables_text(app)
        await session.press(pilot, "d")
        assert "in is_prime" in session.status()
        await pilot.press("d")
        await pilot.pause()
        assert "Newest frame" in session.console()


async def test_print_assign_and_errors_in_the_console(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(":")
        for command in ("p 6 * 7", "!answer = 41 + 1", "p answer", "p nosuch", "b 9999", "b 2", "b )(",
                        "b 18, candidate ==", "!x = (", "cl 77"):
            await pilot.press(*command, "enter")
            await pilot.pause()
        await session.until(lambda: "no breakpoint number 77" in session.console(), pilot, "all commands")
        console = session.console()
        assert "42" in console
        assert "NameError: name 'nosuch' is not defined" in console
        assert "beyond the end" in console
        assert "line 2 has no code; breakpoint moved to line 3" in console
        assert "neither a line number nor a function name" in console
        assert "syntax error in condition 'candidate ==': invalid syntax" in console
        assert "SyntaxError: '(' was never closed" in console
        # the session goes on after the errors
        await session.press(pilot, "escape", "n")
        assert app.query_one(SourceView).current_line == 3


async def test_display_adds_a_watch(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(":", *"display sys.argv[1]", "enter")
        await session.until(lambda: app.query_one("#watches").option_count == 1, pilot, "the watch")
        watch = app.query_one("#watches")
        # sys is not imported yet on line 1: the error shows inline, and the watch stays
        assert "NameError: name 'sys' is not defined" in str(watch.get_option_at_index(0).prompt)
        for _ in range(2):
            await session.press(pilot, "escape", "n")
        assert "sys.argv[1] = '20'" in str(watch.get_option_at_index(0).prompt)


async def test_toggle_breakpoint_with_b_marks_the_gutter(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        source = app.query_one(SourceView)
        source.cursor_line = 16
        await pilot.press("b")
        await session.until(lambda: app.core.book.marks(source.path) == {16: "enabled"}, pilot, "the breakpoint")
        await session.press(pilot, "c")
        assert source.current_line == 16
        await pilot.press("b")  # the cursor followed the stop: b removes it again
        await session.until(lambda: app.core.book.marks(source.path) == {}, pilot, "the breakpoint to go")


async def test_program_end_offers_restart(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("c")
        await session.until(lambda: app.core.state == "ended", pilot, "the program to end")
        assert "exited with code 0" in session.status()
        assert "8 primes up to 20" in session.program.stdout.readline()
        await session.press(pilot, "R")
        assert app.query_one(SourceView).current_line == 1
        await pilot.press("q")
        await session.until(lambda: session.program.poll() is not None, pilot, "the program to quit")
        assert session.program.returncode == 0


async def test_post_mortem_shows_the_exception(ui_program, tmp_path):
    crash = tmp_path / "crash.py"
    crash.write_text("def divide(a, b):\n    return a / b\n\nprint(divide(1, 0))\n")
    session = ui_program(str(crash))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await session.press(pilot, "c")
        assert "ZeroDivisionError" in session.status()
        assert "in divide" in session.status()
        assert "ZeroDivisionError: division by zero" in session.console()
        await session.press(pilot, "u")
        assert "in <module>" in session.status()


def _node(app, name):
    """The variables tree node showing `name` (searching the expanded tree)."""
    tree = app.query_one("#variables")
    stack = list(tree.root.children)
    while stack:
        node = stack.pop()
        if getattr(node.data, "name", None) == name:
            return node
        stack.extend(node.children)
    raise AssertionError(f"no variable {name!r} in {_variables_text(app)}")


async def test_expanded_values_stay_expanded_and_changes_are_marked(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(":", *"b 19", "enter", "escape")
        await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
        await session.press(pilot, "c")  # candidate 2: found == []
        await session.press(pilot, "c")  # candidate 3: found == [2]
        found = _node(app, "found")
        found.expand()
        await session.until(lambda: len(found.children) == 1, pilot, "found's one item")
        await session.press(pilot, "c")  # candidate 5: found == [2, 3]
        found = _node(app, "found")
        await session.until(lambda: len(found.children) == 2, pilot, "found's items refreshed in place")
        assert found.is_expanded
        assert [str(child.label) for child in found.children] == ["[0]: int = 2", "[1]: int = 3"]
        # candidate went 3 -> 5 and found grew: both marked; limit did not change.
        changed = {span.style for span in _node(app, "candidate").label.spans}
        assert "bold yellow" in changed
        assert "bold yellow" in {span.style for span in found.label.spans}
        assert "bold yellow" not in {span.style for span in _node(app, "limit").label.spans}


def test_library_frames_are_dimmed_in_the_stack():
    from tdb.ui.widgets.stack import frame_label

    user = frame_label({"name": "main", "line": 3, "source": {"path": "/home/me/app.py"}})
    library = frame_label({"name": "loads", "line": 346, "source": {"path": "/usr/lib/python3.11/json/__init__.py"},
                           "presentationHint": "subtle"})
    assert not any(span.style == "dim" and span.start == 0 for span in user.spans)
    assert any(span.style == "dim" and span.start == 0 and span.end == len(library) for span in library.spans)


async def test_l_whatis_and_retval(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(":", *"b 12", "enter")
        await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
        # l: 11 lines around the current one, the arrow on it, B on a breakpoint's line; again: the next 11.
        await pilot.press(*"l", "enter")
        await session.until(lambda: "  11 " in session.console(), pilot, "the listing")
        console = session.console()
        assert '   1 -> """A small program' in console and "  12" not in console
        await pilot.press(*"l", "enter")
        await session.until(lambda: "  22 " in session.console(), pilot, "the next listing")
        assert "  12B       return True" in session.console()
        assert "  15    def primes_up_to(limit: int) -> list[int]:" in session.console()
        await pilot.press(*"l 24, 25", "enter")
        await session.until(lambda: "  25 " in session.console(), pilot, "the listed range")
        await pilot.press(*"l 99", "enter", *"whatis 3 / 2", "enter", *"retval", "enter")
        await session.until(lambda: "not yet returned" in session.console(), pilot, "retval's answer")
        console = session.console()
        assert "*** line 99 is past the end of the file (32 lines)" in console
        assert "<class 'float'>" in console
        # At a return stop retval shows the value being returned.
        await pilot.press("escape")
        await session.press(pilot, "c")  # the breakpoint on `return True` (is_prime(2))
        await session.press(pilot, "n")  # --Return--
        await pilot.press(":", *"rv", "enter")
        await session.until(lambda: session.console().rstrip().endswith("True"), pilot, "the return value")
