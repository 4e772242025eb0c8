"""The variables, watches and threads panes, the value view, `a` and `interact`, against a real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdb.ui.screens.expression import ExpressionScreen
from tdb.ui.screens.value_view import ValueViewScreen
from tdb.ui.widgets.variables import CHANGED_STYLE, VariableData
from harness import scenarios

SIZE = (120, 40)
PROGRAM = '''\
class Point:
    __slots__ = ("x", "y", "_secret")

    def __init__(self):
        self.x, self.y, self._secret = 1, 2, 3

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Box:
    def __init__(self):
        self.items = {"a": [1, 2, {"deep": (3, 4)}], "b": "bee"}
        self._hidden = "private"
        self.__dict__["__meta__"] = "dunder"

    def __repr__(self):
        return "Box(...)"


class Loud:
    def __repr__(self):
        raise RuntimeError("repr exploded")

    def __str__(self):
        raise ValueError("str exploded")


def main(count, *rest, label="x"):
    box = Box()
    point = Point()
    loud = Loud()
    members = {1, 2}
    _private_local = 5
    total = count + 1
    total += 1
    return total


main(3, 4, label="y")
'''
STOP_LINE = PROGRAM.splitlines().index("    total += 1") + 1

THREADED = '''\
import threading
import time


def spin(done):
    while not done.is_set():
        time.sleep(0.005)


done = threading.Event()
worker = threading.Thread(target=spin, args=(done,), name="worker")
worker.start()
x = 1
done.set()
worker.join()
'''


def place() -> Path:
    """A fixed directory (the snapshots show the file's path) holding the programs."""
    directory = scenarios.fixed_place()
    (directory / "shapes.py").write_text(PROGRAM)
    (directory / "threaded.py").write_text(THREADED)
    return directory


@pytest.fixture
def at_stop(ui_program, monkeypatch):
    """The app, stopped in main() at STOP_LINE: (session, starting coroutine taking the pilot)."""
    directory = place()
    monkeypatch.chdir(directory)
    session = ui_program("shapes.py", cwd=directory)

    async def start(pilot) -> None:
        scenarios.still(session.app)
        await session.next_screen(pilot)
        await pilot.press(":", *f"b {STOP_LINE}", "enter")
        await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
        await session.press(pilot, "escape", "c")

    return session, start


def node(app, *path):
    """The variables node at a path of names from a scope (expanding nothing)."""
    current = app.query_one("#variables").root
    for name in path:
        matches = [child for child in current.children if isinstance(child.data, VariableData) and child.data.name == name]
        assert matches, f"no {name!r} under {current.label}: {[str(c.label) for c in current.children]}"
        current = matches[0]
    return current


def names(tree_node) -> list[str]:
    return [child.data.name for child in tree_node.children if isinstance(child.data, VariableData)]


def labels(tree_node) -> list[str]:
    return [str(child.label) for child in tree_node.children]


async def expand(session, pilot, tree_node) -> None:
    tree_node.expand()
    await session.until(lambda: tree_node.children and tree_node.data.loaded != 0, pilot, f"{tree_node.label} expanded")
    await pilot.pause()


async def select(session, pilot, tree_node) -> None:
    tree = session.app.query_one("#variables")
    tree.focus()
    tree.move_cursor(tree_node)
    await pilot.pause()


def value_text(app) -> str:
    return str(app.screen.query_one("#value-text").render())


# -- the variables pane ----------------------------------------------------------------------


async def test_every_item_shows_its_type_and_containers_their_length(at_stop):
    session, start = at_stop
    async with session.app.run_test(size=SIZE) as pilot:
        await start(pilot)
        local = labels(node(session.app, "Locals"))
        assert "count: int = 3" in local and "rest: tuple[1] = (4,)" in local
        assert "members: set[2] = {1, 2}" in local and "box: Box = Box(...)" in local
        box = node(session.app, "Locals", "box")
        await expand(session, pilot, box)
        items = node(session.app, "Locals", "box", "items")
        assert str(items.label).startswith("items: dict[2] = {'a':")
        await expand(session, pilot, items)
        a = node(session.app, "Locals", "box", "items", "'a'")
        await expand(session, pilot, a)
        assert labels(a)[:2] == ["[0]: int = 1", "[1]: int = 2"]
        point = node(session.app, "Locals", "point")
        await expand(session, pilot, point)  # __slots__, a private one too
        assert labels(point) == ["x: int = 1", "y: int = 2", "_secret: int = 3"]


async def test_p_and_d_hide_and_show_private_and_dunder_names(at_stop):
    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        tree = app.query_one("#variables")
        box = node(app, "Locals", "box")
        await expand(session, pilot, box)
        # By default: _private shown, __dunder__ hidden, and the border says so.
        assert names(box) == ["items", "_hidden"]
        assert "_private_local" in names(node(app, "Locals"))
        assert tree.border_subtitle == "1 __dunder__ hidden (D)"
        tree.focus()
        await pilot.press("p")
        await session.until(lambda: "_private_local" not in names(node(app, "Locals")), pilot, "_private hidden")
        assert names(node(app, "Locals", "box")) == ["items"]
        assert tree.border_subtitle == "2 _private hidden (p) · 1 __dunder__ hidden (D)"
        await pilot.press("D")
        await session.until(lambda: "__meta__" in names(node(app, "Locals", "box")), pilot, "__meta__ shown")
        assert tree.border_subtitle == "2 _private hidden (p)"
        await pilot.press("p")
        await session.until(lambda: "_hidden" in names(node(app, "Locals", "box")), pilot, "_hidden shown again")
        assert names(node(app, "Locals", "box")) == ["items", "_hidden", "__meta__"]
        assert tree.border_subtitle == ""
        # The toggles last across stops, and the footer names them while the pane has the focus.
        await pilot.press("D")
        await session.press(pilot, "n")
        assert names(node(app, "Locals", "box")) == ["items", "_hidden"]
        tree.focus()
        await pilot.pause()
        footer = {binding.action for _, binding, _, _ in app.screen.active_bindings.values() if binding.show}
        assert {"view_value", "toggle_private", "toggle_dunder"} <= footer


async def test_v_opens_the_value_view_with_repr_str_and_type(at_stop):
    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        box = node(app, "Locals", "box")
        await expand(session, pilot, box)
        await select(session, pilot, node(app, "Locals", "box", "items"))
        await pilot.press("v")
        await session.until(lambda: isinstance(app.screen, ValueViewScreen), pilot, "the value view")
        await session.until(lambda: "MRO" in value_text(app), pilot, "the value")
        text = value_text(app)
        assert app.screen.query_one("#value-dialog").border_title == "box.items"
        assert "builtins.dict" in text and "MRO: builtins.dict → builtins.object" in text and "length 2" in text
        assert "{'a': [1, 2, {'deep': (3, 4)}], 'b': 'bee'}" in text
        await pilot.press("escape")
        await session.until(lambda: not isinstance(app.screen, ValueViewScreen), pilot, "the view to close")
        # A raising repr and str: messages in the view, and the session goes on.
        await select(session, pilot, node(app, "Locals", "loud"))
        await pilot.press("v")
        await session.until(lambda: isinstance(app.screen, ValueViewScreen) and "MRO" in value_text(app), pilot,
                            "the loud value")
        text = value_text(app)
        assert "<repr raised RuntimeError: repr exploded>" in text
        assert "<str raised ValueError: str exploded>" in text
        assert "__main__.Loud" in text
        await pilot.press("v")  # v closes it too
        await session.until(lambda: not isinstance(app.screen, ValueViewScreen), pilot, "the view to close")
        # A set member: no expression reaches it; the view says so and shows what the pane knew.
        members = node(app, "Locals", "members")
        await expand(session, pilot, members)
        await select(session, pilot, members.children[0])
        await pilot.press("v")
        await session.until(lambda: isinstance(app.screen, ValueViewScreen) and "No expression" in value_text(app),
                            pilot, "the set member's view")
        assert "int" in value_text(app)
        await pilot.press("q")
        await session.until(lambda: not isinstance(app.screen, ValueViewScreen), pilot, "the view to close")
        # On a scope row, v does nothing.
        await select(session, pilot, node(app, "Locals"))
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(app.screen, ValueViewScreen)
        await session.press(pilot, "n")  # the session goes on
        assert app.query_one("#source").current_line == STOP_LINE + 1


async def test_the_value_view_of_a_name_gone_says_why(at_stop):
    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(":", *"display no_such_name", "enter", "escape")
        watches = app.query_one("#watches")
        await session.until(lambda: watches.option_count == 1 and not watches.has_class("-empty"), pilot, "the watch")
        assert "NameError" in str(watches.get_option_at_index(0).prompt)
        assert any(span.style == "red italic" for span in watches.get_option_at_index(0).prompt.spans)
        watches.focus()
        watches.highlighted = 0
        await pilot.press("v")
        await session.until(lambda: isinstance(app.screen, ValueViewScreen) and "***" in value_text(app), pilot,
                            "the error in the view")
        assert "NameError: name 'no_such_name' is not defined" in value_text(app)


# -- the watches pane ---------------------------------------------------------------------------


def watch_rows(app) -> list[str]:
    watches = app.query_one("#watches")
    return [str(watches.get_option_at_index(i).prompt) for i in range(watches.option_count)]


async def type_in_dialog(session, pilot, *keys: str) -> None:
    await session.until(lambda: isinstance(session.app.screen, ExpressionScreen), pilot, "the expression dialog")
    await pilot.press(*keys)
    await session.until(lambda: not isinstance(session.app.screen, ExpressionScreen), pilot, "the dialog to close")


async def test_watches_are_added_edited_and_removed_in_their_pane(at_stop):
    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        watches = app.query_one("#watches")
        await pilot.press("W")  # the empty pane shows when asked for, with a hint
        await session.until(lambda: watches.has_focus, pilot, "the watches pane")
        assert watch_rows(app) == ["(no watches: a adds one)"]
        await pilot.press("x")  # nothing to remove: nothing breaks
        await pilot.press("a")
        await type_in_dialog(session, pilot, *"total * 2", "enter")
        await session.until(lambda: watch_rows(app) == ["total * 2 = 8"], pilot, "the new watch")
        await pilot.press("insert")
        await type_in_dialog(session, pilot, *"nosuch +", "enter")
        await session.until(lambda: len(watch_rows(app)) == 2, pilot, "the second watch")
        assert watch_rows(app)[1].startswith("nosuch + = SyntaxError")
        await pilot.press("a")
        await type_in_dialog(session, pilot, *"ignored", "escape")  # Escape cancels
        assert app.core.watches == ["total * 2", "nosuch +"]
        # Enter edits the selected one, prefilled; `display` lists the same watches.
        watches.highlighted = 1
        await pilot.press("enter")
        await session.until(lambda: isinstance(app.screen, ExpressionScreen), pilot, "the edit dialog")
        assert app.screen.query_one("#expression-input").value == "nosuch +"
        await pilot.press("ctrl+u", *"label", "enter")
        await session.until(lambda: watch_rows(app)[1:] == ["label = 'y'"], pilot, "the edited watch")
        await pilot.press(":", *"display", "enter")
        await session.until(lambda: "display label" in session.console(), pilot, "display's list")
        assert "display total * 2" in session.console()
        await pilot.press(*"undisplay total * 2", "enter", *"undisplay not_a_watch", "enter", "escape")
        await session.until(lambda: "not a display expression: not_a_watch" in session.console(), pilot, "the error")
        assert app.core.watches == ["label"]
        await pilot.press(":", *"display total", "enter", "escape")
        await session.until(lambda: watch_rows(app) == ["label = 'y'", "total = 4"], pilot, "display's watch")
        # A step: the value that changed is marked, the other not.
        await session.press(pilot, "n")
        await session.until(lambda: watch_rows(app) == ["label = 'y'", "total = 5"], pilot, "the new values")
        styles = [{span.style for span in watches.get_option_at_index(i).prompt.spans} for i in range(2)]
        assert CHANGED_STYLE not in styles[0] and CHANGED_STYLE in styles[1]
        await pilot.press("escape")  # (to the source)
        watches.highlighted = None
        await pilot.press("W")  # focused with none highlighted: the first is, so Enter edits rather than adds
        await session.until(lambda: watches.has_focus, pilot, "the watches pane")
        assert watches.highlighted == 0
        await pilot.press("delete")
        await session.until(lambda: app.core.watches == ["total"], pilot, "delete to remove")
        await pilot.press("x")
        await session.until(lambda: app.core.watches == [], pilot, "x to remove")
        assert watches.has_class("-empty")


# -- pdb's a and interact -------------------------------------------------------------------------


async def test_a_lists_the_frames_arguments(at_stop):
    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(":", *"a", "enter")
        await session.until(lambda: "label = 'y'" in session.console(), pilot, "the arguments")
        assert "count = 3\nlabel = 'y'\nrest = (4,)" in session.console()
        await pilot.press(*"args x", "enter")  # an argument: not the command, Python (as pdb: a syntax error)
        await session.until(lambda: "SyntaxError" in session.console(), pilot, "the Python error")
        await pilot.press("escape")
        await session.press(pilot, "u")
        await pilot.press(":", *"args", "enter", *"p 'after'", "enter")
        await session.until(lambda: "'after'" in session.console(), pilot, "args at module level")
        assert session.console().split("> args")[-1].split("\n")[1] == "> p 'after'"  # nothing listed


async def test_interact_runs_python_in_its_own_namespace(at_stop):
    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        command = app.query_one("#command")
        await pilot.press(":", *"interact", "enter")
        await session.until(lambda: app.main_screen.interact is not None, pilot, "the console")
        assert command.placeholder.startswith(">>> ") and command.has_class("-interact")
        await pilot.press(*"total + 100", "enter")
        await session.until(lambda: "104" in session.console(), pilot, "the value")
        assert ">>> total + 100" in session.console()
        # n is Python here, not a step.
        await pilot.press(*"n = 7", "enter", *"for i in range(2):", "enter")
        await session.until(lambda: command.placeholder.startswith("... "), pilot, "the block to continue")
        await pilot.press(*"    print(i * n)", "enter", "enter")
        await session.until(lambda: "\n7" in session.console(), pilot, "the block's output")
        assert "... " in session.console() and command.placeholder.startswith(">>> ")
        await pilot.press(*"total = 0", "enter", *"1 / 0", "enter")
        await session.until(lambda: "ZeroDivisionError" in session.console(), pilot, "the traceback")
        # Ctrl-D with text deletes as usual; on an empty line it leaves.
        await pilot.press(*"ab", "home", "ctrl+d")
        assert command.value == "b" and app.main_screen.interact is not None
        await pilot.press("ctrl+d")
        assert command.value == "" and app.main_screen.interact is not None
        await pilot.press("ctrl+d")
        await session.until(lambda: app.main_screen.interact is None, pilot, "Ctrl-D to leave")
        assert command.placeholder == app.main_screen.command_line.usual_placeholder and not command.has_class("-interact")
        # pdb's semantics: the assignment stayed in the console.
        await pilot.press(*"p total", "enter")
        await session.until(lambda: session.console().rstrip().endswith("4"), pilot, "total unchanged")
        # exit() and Escape leave too.
        await pilot.press(*"interact", "enter", *"exit()", "enter")
        await session.until(lambda: app.main_screen.interact is None and command.has_focus, pilot, "exit() to leave")
        await pilot.press(*"interact", "enter")
        await session.until(lambda: app.main_screen.interact is not None, pilot, "the console again")
        await pilot.press("escape")
        await session.until(lambda: app.main_screen.interact is None, pilot, "Escape to leave")
        await pilot.press("escape")
        await session.press(pilot, "n")  # the session goes on
        assert app.query_one("#source").current_line == STOP_LINE + 1


# -- the threads pane ------------------------------------------------------------------------------


def thread_rows(app) -> list[str]:
    threads = app.query_one("#threads")
    return [str(threads.row(i)) for i in range(threads.row_count)]


async def test_the_threads_pane_shows_threads_and_another_threads_stack(ui_program, monkeypatch):
    directory = place()
    monkeypatch.chdir(directory)
    session = ui_program("threaded.py", cwd=directory)
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        threads = app.query_one("#threads")
        assert threads.has_class("-empty") and not threads.display  # one thread: no pane
        await pilot.press(":", *"b 13", "enter")
        await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
        await session.press(pilot, "escape", "c")
        assert not threads.has_class("-empty") and threads.display
        threads.focus()  # asks again: the worker is in spin by now
        await session.until(lambda: len(thread_rows(app)) == 2 and "spin" in thread_rows(app)[1], pilot, "the worker")
        main, worker = thread_rows(app)
        assert main.startswith("▸ MainThread") and "■ stopped" in main and "<module>  threaded.py:13" in main
        assert worker.startswith("  worker") and "▶ running" in worker and "threaded.py:7" in worker
        threads.highlighted = 1
        await session.press(pilot, "enter")
        stack = app.query_one("#stack")
        assert str(stack.row(0)).startswith("spin")
        assert "thread worker, read-only" in session.status()
        assert app.query_one("#source").current_line == 7
        assert "done: threading.Event = " in "\n".join(str(n.label) for n in node(app, "Locals").children)
        await pilot.press(":", *"p done.is_set()", "enter", "escape")
        await session.until(lambda: session.console().rstrip().endswith("False"), pilot, "evaluating in the worker")
        threads.focus()
        threads.highlighted = 0
        await session.press(pilot, "enter")  # back to the stopped thread
        assert str(stack.row(0)).startswith("<module>")
        assert "at a breakpoint" in session.status()
        await session.press(pilot, "n")
        assert app.query_one("#source").current_line == 14


# -- pictures -------------------------------------------------------------------------------------


async def _deep_tree(session, start, pilot) -> None:
    await start(pilot)
    app = session.app
    for path in (("Locals", "box"), ("Locals", "box", "items"), ("Locals", "box", "items", "'a'"),
                 ("Locals", "box", "items", "'a'", "[2]"), ("Locals", "point")):
        await expand(session, pilot, node(app, *path))
    await select(session, pilot, node(app, "Locals", "box", "items", "'a'", "[2]", "'deep'"))


def test_snapshot_of_a_deep_variables_tree(snap_compare, at_stop):
    session, start = at_stop
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _deep_tree(session, start, pilot))


async def _value_view(session, start, pilot) -> None:
    await start(pilot)
    app = session.app
    await expand(session, pilot, node(app, "Locals", "box"))
    await select(session, pilot, node(app, "Locals", "box", "items"))
    await pilot.press("v")
    await session.until(lambda: isinstance(app.screen, ValueViewScreen) and "MRO" in value_text(app), pilot,
                        "the value view")
    await pilot.pause()


def test_snapshot_of_the_value_view(snap_compare, at_stop):
    session, start = at_stop
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _value_view(session, start, pilot))


async def test_the_palette_runs_the_panes_actions_and_help_names_the_commands(at_stop):
    from textual.command import CommandList, CommandPalette

    session, start = at_stop
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await session.until(lambda: isinstance(app.screen, CommandPalette), pilot, "the palette")
        await pilot.press(*"hide _private")

        def best() -> str:
            hits = app.screen.query_one(CommandList)
            return str(hits.get_option_at_index(0).hit.text) if hits.option_count else ""

        await session.until(lambda: best() == "Show or hide _private variables", pilot, "the palette's match")
        assert "(key p in the variables pane)" in str(app.screen.query_one(CommandList).get_option_at_index(0).hit.help)
        await pilot.press("enter")
        await session.until(lambda: not app.query_one("#variables").show_private, pilot, "private names hidden")
        assert "_private_local" not in names(node(app, "Locals"))
        await pilot.press(":", *"h interact", "enter", *"h a", "enter")
        await session.until(lambda: "the selected frame's arguments" in session.console(), pilot, "the help lines")
        assert "a Python console in the selected frame" in session.console()
