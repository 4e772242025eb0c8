"""Screens worth a picture: used by the snapshot tests and by `make screenshots`."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tdb.ui.screens.help import HelpScreen

ROOT = Path(__file__).resolve().parents[1]
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


# Nested values for the variables pane: objects holding dicts holding lists holding objects.
ORDERS = '''\
from dataclasses import dataclass, field


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Order:
    number: int
    customer: dict
    lines: list = field(default_factory=list)


def ship(order, depot):
    route = [depot, order.customer["address"]["at"]]
    distance = sum(abs(a.x - b.x) + abs(a.y - b.y) for a, b in zip(route, route[1:]))
    return distance


customer = {"name": "Ada", "tags": ["vip", "beta"], "address": {"city": "London", "at": Point(3.0, 4.0)}}
order = Order(1042, customer, [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1, "gift": True}])
print(ship(order, Point(0.0, 0.0)))
'''
ORDERS_STOP = 20  # `return distance`
# The tree opened three levels deep, each path from a scope down (names as the engine gives them).
ORDERS_EXPANDED = (
    ("Locals", "order"),
    ("Locals", "order", "customer"),
    ("Locals", "order", "customer", "'address'"),
    ("Locals", "order", "customer", "'address'", "'at'"),
    ("Locals", "order", "lines"),
    ("Locals", "order", "lines", "[1]"),
)


# An event loop of five tasks beside three worker threads: the Tasks and Threads panes.
SERVICE = '''\
import asyncio
import threading
import time


def crunch(job):
    total = sum(range(job * 1000))
    time.sleep(30)
    return total


async def fetch(session_id, delay):
    await asyncio.sleep(delay)
    payload = {"id": session_id, "items": list(range(session_id))}
    await asyncio.sleep(30)
    return payload


async def main():
    workers = [threading.Thread(target=crunch, args=(n,), name=f"crunch-{n}", daemon=True) for n in range(3)]
    for worker in workers:
        worker.start()
    tasks = [asyncio.create_task(fetch(n, 0.01 * n), name=f"fetch-{n}") for n in range(5)]
    return await asyncio.gather(*tasks)


asyncio.run(main())
'''
SERVICE_STOP = 14  # `payload = ...`


def fixed_place() -> Path:
    """A directory with the same absolute path everywhere, holding crash.py, orders.py and service.py."""
    place = Path("/tmp/tdb-scenarios")
    place.mkdir(exist_ok=True)
    (place / "crash.py").write_text(CRASH)
    (place / "orders.py").write_text(ORDERS)
    (place / "service.py").write_text(SERVICE)
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


async def deep_variables(session, pilot) -> None:
    """Nested dicts, lists and objects in the variables pane, expanded three levels, the pane focused and wider."""
    from tdb.ui.widgets.variables import VariableData

    still(session.app)
    await session.next_screen(pilot)
    await pilot.press(":", *f"b {ORDERS_STOP}", "enter")
    await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
    await session.press(pilot, "escape", "c")
    tree = session.app.query_one("#variables")

    def child(node, name):
        return next((c for c in node.children if isinstance(c.data, VariableData) and c.data.name == name), None)

    def loaded(node) -> bool:
        return any(isinstance(c.data, VariableData) for c in node.children)

    for path in ORDERS_EXPANDED:
        node = tree.root
        for name in path:
            await session.until(lambda parent=node, name=name: child(parent, name) is not None, pilot, "/".join(path))
            node = child(node, name)
        node.expand()
        await session.until(lambda node=node: loaded(node), pilot, f"the children of {'/'.join(path)}")
    await pilot.press("V", "right_square_bracket", "right_square_bracket")
    await session.until(lambda: session.app.focused is tree, pilot, "the focus on the variables")
    tree.move_cursor(tree.root)  # the tree from its top
    tree.scroll_home(animate=False)
    await pilot.pause()


async def tasks_and_threads(session, pilot) -> None:
    """A stop in one task of an event loop (a breakpoint for that task only), three worker threads beside it."""
    still(session.app)
    await session.next_screen(pilot)
    await pilot.press(":", *f"b {SERVICE_STOP}, in task fetch-3", "enter")
    await session.until(lambda: "Breakpoint 1" in session.console(), pilot, "the breakpoint")
    await session.press(pilot, "escape", "c")
    threads = session.app.query_one("#threads")
    await session.until(lambda: threads.row_count == 4, pilot, "the worker threads")
    await session.until(lambda: "time.sleep(30)" in str(threads.row(3)), pilot, "the workers asleep")
