"""Pictures of the panes and dialogs the other snapshot files leave out: threads, watches, the source dialogs,
the watch dialog, the palette, `interact` and `commands N` on the command line.

Compare with `pytest --snapshot-update` only after looking at the pictures.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from tdb.ui.screens.expression import ExpressionScreen
from tdb.ui.screens.goto_line import GoToLineScreen
from tdb.ui.screens.open_source import OpenSourceScreen
from tdb.ui.widgets import threads as threads_widget
from harness import scenarios

SIZE = scenarios.SIZE
SMALL = (80, 24)

# Three threads: the main one stops in main() at READY_LINE; `handler` is let through its gate from the stop
# (`!GATE.set()`) and stops at HANDLE_LINE too; `server` sleeps at SERVE_LINE the whole time. Nothing
# with an address in its repr is a local (the variables pane shows main()'s locals).
WORKERS = '''\
import threading
import time

GATE = threading.Event()


def serve():
    while True:
        time.sleep(3600)


def handle(order):
    GATE.wait()
    total = order * 2
    return total


def main(orders):
    threading.Thread(target=serve, name="server", daemon=True).start()
    threading.Thread(target=handle, args=(orders,), name="handler").start()
    ready = True
    return ready


main(21)
'''
SERVE_LINE = WORKERS.splitlines().index("        time.sleep(3600)") + 1
HANDLE_LINE = WORKERS.splitlines().index("    total = order * 2") + 1
READY_LINE = WORKERS.splitlines().index("    ready = True") + 1
# Thread ids are the system's (native) ids, new at every run: the picture shows fixed ones instead.
FIXED_THREAD_IDS = {"MainThread": 41001, "server": 41002, "handler": 41003}

# A loop whose locals change at each step: watches, `interact`, `commands N`.
LEDGER = '''\
def settle(balance, payments):
    fees = 0
    for amount in payments:
        balance -= amount
        fees += 1
    return balance - fees


print(settle(100, [30, 20, 5]))
'''
LOOP_LINE = 4  # `balance -= amount`

# A program importing a package of its own: the open dialog lists its modules.
STORE = '''\
from shop import cart, prices, tax


def checkout(items):
    basket = cart.Cart(items)
    subtotal = prices.total(basket)
    return subtotal + tax.on(subtotal)


print(checkout({"tea": 2, "bread": 1}))
'''
SHOP = {
    "__init__.py": '"""A tiny shop."""\n',
    "cart.py": "class Cart:\n    def __init__(self, items):\n        self.items = dict(items)\n\n"
               "    def __repr__(self):\n        return f\"Cart({self.items})\"\n",  # no address in the picture
    "prices.py": 'PRICES = {"tea": 3.5, "bread": 2.25}\n\n\ndef total(basket):\n'
                 "    return sum(PRICES[name] * count for name, count in basket.items.items())\n",
    "tax.py": "RATE = 0.2\n\n\ndef on(amount):\n    return round(amount * RATE, 2)\n",
}


def place() -> Path:
    """The fixed directory of the scenarios (paths on screen are the same everywhere), with these programs."""
    directory = scenarios.fixed_place()
    (directory / "workers.py").write_text(WORKERS)
    (directory / "ledger.py").write_text(LEDGER)
    (directory / "store.py").write_text(STORE)
    (directory / "shop").mkdir(exist_ok=True)
    for name, text in SHOP.items():
        (directory / "shop" / name).write_text(text)
    return directory


@pytest.fixture
def program(ui_program, monkeypatch):
    """Start one of the programs above from the fixed directory: program("ledger.py") -> session."""
    directory = place()
    monkeypatch.chdir(directory)
    return lambda name: ui_program(name, cwd=directory)


def still(app) -> None:
    """No blinking cursor in any input, the dialogs' included (scenarios.still sees the main screen's)."""
    for screen in app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False


async def type_line(session, pilot, line: str) -> None:
    """Enter a line on the command line (opening it if needed)."""
    if session.app.focused is not session.app.query_one("#command"):
        await pilot.press("colon")
    await pilot.press(*line, "enter")
    await pilot.pause()


async def stop_at(session, pilot, line: int) -> None:
    """From the program's first line to a breakpoint at `line`; the command line left."""
    still(session.app)
    await session.next_screen(pilot)
    await type_line(session, pilot, f"b {line}")
    await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
    await session.press(pilot, "escape", "c")


# -- the threads pane --------------------------------------------------------------------------------


def thread_rows(app) -> list[str]:
    pane = app.query_one("#threads")
    return [str(pane.row(i)) for i in range(pane.row_count)]


async def _threads(session, pilot) -> None:
    app = session.app
    still(app)
    await session.next_screen(pilot)
    await type_line(session, pilot, f"b {HANDLE_LINE}")
    await type_line(session, pilot, f"b {READY_LINE}")
    await session.until(lambda: "Breakpoint 2" in session.console(), pilot, "the breakpoints")
    await session.press(pilot, "escape", "c")
    await type_line(session, pilot, "!GATE.set()")  # the handler goes on, to its breakpoint: it stops there too
    await pilot.press("escape", "T")

    async def handler_stopped() -> bool:
        if await app.core.refresh_threads():  # what focusing the pane asks for, again
            app.main_screen.show_threads()
        rows = thread_rows(app)
        return len(rows) == 3 and f"▶ running  serve  workers.py:{SERVE_LINE}" in rows[1] \
            and f"■ stopped (breakpoint)  handle  workers.py:{HANDLE_LINE}" in rows[2]

    await session.until(lambda: app.query_one("#threads").has_focus, pilot, "the threads pane")
    deadline = time.monotonic() + 15
    while not await handler_stopped():  # the threads need a moment to come to their lines
        assert time.monotonic() < deadline, f"the handler never stopped: {thread_rows(app)}"
        await pilot.pause(0.01)
    rows = thread_rows(app)
    assert "■ stopped" in rows[0] and f"main  workers.py:{READY_LINE}" in rows[0], rows
    await pilot.pause()


def test_snapshot_of_the_threads_pane(snap_compare, program, monkeypatch):
    """The main thread stopped at a breakpoint, `handler` stopped at another (it waits to be chosen), `server` running."""
    real_label = threads_widget.thread_label
    monkeypatch.setattr(threads_widget, "thread_label", lambda thread, viewed: real_label(
        {**thread, "id": FIXED_THREAD_IDS.get(str(thread.get("name")), 0)}, viewed))
    session = program("workers.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _threads(session, pilot))


# -- the watches pane and its dialog ------------------------------------------------------------------


def watch_rows(app) -> list[str]:
    pane = app.query_one("#watches")
    return [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]


async def _watches(session, pilot) -> None:
    """Four watches, one step on: `balance` changed (marked), `payments[7]` an error in red."""
    app = session.app
    await stop_at(session, pilot, LOOP_LINE)
    for expression in ("balance", "amount * 2", "payments[7]", "fees"):
        await type_line(session, pilot, f"display {expression}")
    await session.until(lambda: len(watch_rows(app)) == 4, pilot, "the watches")
    await pilot.press("escape")
    await session.press(pilot, "n")
    await session.until(lambda: watch_rows(app)[0] == "balance = 70", pilot, "the new values")
    assert watch_rows(app)[2].startswith("payments[7] = IndexError"), watch_rows(app)
    await pilot.press("W")
    await session.until(lambda: app.query_one("#watches").has_focus, pilot, "the watches pane")
    await pilot.pause()


async def _watch_dialog(session, pilot) -> None:
    await _watches(session, pilot)
    app = session.app
    app.query_one("#watches").highlighted = 1
    await pilot.press("enter")
    await session.until(lambda: isinstance(app.screen, ExpressionScreen), pilot, "the edit dialog")
    still(app)
    await pilot.press("end", *" + fees")
    await session.until(lambda: app.screen.query_one("#expression-input").value == "amount * 2 + fees", pilot,
                        "the edited text")
    await pilot.pause()


def test_snapshot_of_the_watches_pane(snap_compare, program):
    session = program("ledger.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _watches(session, pilot))


def test_snapshot_of_the_watch_dialog(snap_compare, program):
    session = program("ledger.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _watch_dialog(session, pilot))


def test_snapshot_of_the_watch_dialog_at_80x24(snap_compare, program):
    session = program("ledger.py")
    assert snap_compare(session.app, terminal_size=SMALL, run_before=lambda pilot: _watch_dialog(session, pilot))


# -- the source dialogs -----------------------------------------------------------------------------------


async def _open_dialog(session, pilot) -> None:
    """The open dialog over a stop in checkout(), filtered to the program's own package."""
    app = session.app
    await stop_at(session, pilot, 6)  # after `import shop`: its modules are loaded
    await pilot.press("m")
    await session.until(lambda: isinstance(app.screen, OpenSourceScreen), pilot, "the dialog")
    still(app)
    await pilot.press(*"shop", "down")
    options = app.screen.query_one("#open-list")
    await session.until(lambda: options.option_count == 4 and options.highlighted == 1, pilot, "the filtered list")
    await pilot.pause()


def test_snapshot_of_the_open_dialog(snap_compare, program):
    session = program("store.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _open_dialog(session, pilot))


def test_snapshot_of_the_open_dialog_at_80x24(snap_compare, program):
    session = program("store.py")
    assert snap_compare(session.app, terminal_size=SMALL, run_before=lambda pilot: _open_dialog(session, pilot))


async def _goto_dialog(session, pilot) -> None:
    """The go-to-line dialog after a number the file has not: it says why and stays."""
    app = session.app
    await stop_at(session, pilot, 6)
    await pilot.press("L")
    await session.until(lambda: isinstance(app.screen, GoToLineScreen), pilot, "the dialog")
    still(app)
    await pilot.press(*"99", "enter")
    error = app.screen.query_one("#goto-error")
    await session.until(lambda: str(error.render()) == "no line 99: the file has lines 1 to 10", pilot, "the error")
    await pilot.pause()


def test_snapshot_of_the_goto_dialog(snap_compare, program):
    session = program("store.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _goto_dialog(session, pilot))


def test_snapshot_of_the_goto_dialog_at_80x24(snap_compare, program):
    session = program("store.py")
    assert snap_compare(session.app, terminal_size=SMALL, run_before=lambda pilot: _goto_dialog(session, pilot))


# -- the palette ------------------------------------------------------------------------------------------


# The fuzzy matches of `break`, best first.
PALETTE_MATCHES = ["Pause (break in)", "Toggle breakpoint", "Break on raised exceptions", "Break on uncaught exceptions",
                   "Toggle Breakpoints pane", "Focus Breakpoints"]


async def _palette(session, pilot) -> None:
    """Ctrl-P with `break` typed: the debugger's breakpoint actions first."""
    app = session.app
    await stop_at(session, pilot, LOOP_LINE)
    await pilot.press("ctrl+p")
    await session.until(lambda: isinstance(app.screen, CommandPalette), pilot, "the palette")
    still(app)
    await pilot.press(*"break")

    def settled() -> bool:
        searching = [worker for worker in app.screen.workers if not worker.is_finished and worker.node is app.screen]
        hits = app.screen.query_one(CommandList)
        names = [str(hits.get_option_at_index(i).hit.text) for i in range(hits.option_count)]
        return not searching and not app.screen._show_busy and names == PALETTE_MATCHES

    await session.until(settled, pilot, "the palette's matches")
    await pilot.pause()


def test_snapshot_of_the_palette(snap_compare, program):
    session = program("ledger.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _palette(session, pilot))


# -- the command line's modes ----------------------------------------------------------------------------


async def _interact(session, pilot) -> None:
    """`interact`: an expression's value, then a block being typed (the `... ` prompt)."""
    app = session.app
    await stop_at(session, pilot, LOOP_LINE)
    await type_line(session, pilot, "interact")
    await session.until(lambda: app.main_screen.interact is not None, pilot, "the console")
    await pilot.press(*"balance + 1000", "enter")
    await session.until(lambda: "1100" in session.console(), pilot, "the value")
    await pilot.press(*"for left in payments:", "enter", *"    print(left * 2)", "enter")
    command = app.query_one("#command")
    await session.until(lambda: command.placeholder.startswith("... ") and "for left" in session.console(), pilot,
                        "the block to go on")
    await pilot.pause()


def test_snapshot_of_interact(snap_compare, program):
    session = program("ledger.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _interact(session, pilot))


async def _commands(session, pilot) -> None:
    """`commands 1`: two lines collected, the command line waiting for the next (or `end`)."""
    app = session.app
    await stop_at(session, pilot, LOOP_LINE)
    await type_line(session, pilot, "commands 1")
    await session.until(lambda: "one per line; end to finish" in session.console(), pilot, "the collection")
    await type_line(session, pilot, "silent")
    await type_line(session, pilot, "p balance, amount")
    await session.until(lambda: "(com) p balance, amount" in session.console(), pilot, "the lines")
    assert app.query_one("#command").has_class("-collecting")
    await pilot.pause()


def test_snapshot_of_commands_collection(snap_compare, program):
    session = program("ledger.py")
    assert snap_compare(session.app, terminal_size=SIZE, run_before=lambda pilot: _commands(session, pilot))
