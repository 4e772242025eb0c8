"""Scenarios 8b-8f: tdb's interface on big things, timed inside the interface.

The real Textual app (TdbApp) runs under `App.run_test` (headless, 120x40)
in this process, connected over DAP to the real engine in a real program
(`PYTHONBREAKPOINT=tdb.set_trace python prog.py` with TDB_LISTEN, as
`tdb --connect` would be), as harness/ui_session.py does. The clock starts when
the program's socket accepts the connection (the program has reached
breakpoint() and waits), and stops when the first screen is complete:
`app.screens_shown` counted the stop and the first page of the locals is in
the Variables tree (polled every 2 ms from the app's own loop; the paint of
the next frame and what a terminal adds to draw it are not in it: row 6 has
those). Row "8b" is the same measure on a small stop, the base to read the
others against.

- 8b: a small stop (the base).
- 8c: a local list of 1,000,000 items: first screen, then expanding it in the
  Variables tree until its first page of children is there.
- 8d: a stop 900 frames deep in a recursion.
- 8e: a frame with 10,000 locals.
- 8f: a local string of 100 MB: first screen, then `p s` on the command line
  until the console shows its (cut) repr.
- 8g: the stop of 8a (the end of a 50,000-line module), measured as 8b: the
  stop itself, without the process start that 8a counts.
- 8h: a stop inside an event loop of 1,000 tasks: first complete screen with
  every task in the Tasks pane.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from typing import Any, Awaitable, Callable

from harness.debuggee import DapError, connect_when_listening

from .common import BenchError, Row, Workdir, clean_env

SIZE = (120, 40)
TIMEOUT = 60.0


def program(kind: str, scale: float) -> str:
    """The program for one scenario; `scale` shrinks the sizes (the smoke test runs them tiny)."""
    if kind == "small":
        return "def work(n):\n    total = n * 3\n    breakpoint()\n    return total\n\n\nwork(14)\n"
    if kind == "list":
        return (f"def work():\n    big = list(range({int(1_000_000 * scale)}))\n    breakpoint()\n"
                "    return len(big)\n\n\nwork()\n")
    if kind == "deep":
        return ("import sys\n\nsys.setrecursionlimit(5000)\n\n\ndef down(n):\n    if n == 0:\n"
                "        breakpoint()\n        return 0\n    return down(n - 1) + 1\n\n\n"
                f"down({max(1, int(900 * scale))})\n")
    if kind == "locals":
        # A class body is a frame whose locals are a real dict: 10,000 of them from a 4-line file,
        # so that the source pane (which 10,000 lines of assignments would make slow) is not measured.
        return (f"class Work:\n    locals().update({{f'v{{i}}': i for i in range({max(1, int(10_000 * scale))})}})\n"
                "    breakpoint()\n    done = True\n")
    if kind == "bigfile":  # the stop at the end of the 50,000-line module of scenario 8a
        from .terminal import BIG_LINES, big_module

        return big_module(max(60, int(BIG_LINES * scale))) + "\n\nwork(14)\n"
    if kind == "tasks":
        return ("import asyncio\n\n\nasync def wait(gate):\n    await gate.wait()\n\n\nasync def main():\n"
                "    gate = asyncio.Event()\n"
                f"    tasks = [asyncio.create_task(wait(gate), name=f'wait-{{i}}') for i in range({task_count(scale)})]\n"
                "    await asyncio.sleep(0)\n    breakpoint()\n    gate.set()\n    await asyncio.gather(*tasks)\n\n\n"
                "asyncio.run(main())\n")
    if kind == "string":
        return (f"def work():\n    s = 'x' * {int(100_000_000 * scale)}\n    breakpoint()\n"
                "    return len(s)\n\n\nwork()\n")
    raise ValueError(kind)


def task_count(scale: float) -> int:
    return max(2, int(1_000 * scale))


def _complete(kind: str, app: Any, scale: float) -> bool:
    """Whether the first screen is complete: the stop shown, the first page of locals (8h: every task) there."""
    if not (app.screens_shown > 0 and _first_scope_loaded(app)):
        return False
    return kind != "tasks" or app.query_one("#tasks").row_count > task_count(scale)  # (and the main task)


def _connect(address: str, process: subprocess.Popen) -> socket.socket:
    try:
        return connect_when_listening(address, process, timeout=TIMEOUT, poll=0.005)
    except DapError as error:
        raise BenchError(str(error)) from None


async def _until(predicate: Callable[[], bool], pilot: Any, what: str, started: float) -> None:
    while not predicate():
        if time.perf_counter() - started > TIMEOUT:
            raise BenchError(f"waited {TIMEOUT:g} s for {what}")
        await pilot.pause(0.002)


def _first_scope_loaded(app: Any) -> bool:
    from tdb.ui.widgets.variables import VariableData

    tree = app.query_one("#variables")
    nodes = list(tree.root.children)
    if not nodes:
        return False
    data = nodes[0].data
    return isinstance(data, VariableData) and data.loaded != 0


def _node_named(app: Any, name: str) -> Any:
    tree = app.query_one("#variables")
    for scope in tree.root.children:
        for node in scope.children:
            if str(node.label).startswith(f"{name}:") or str(node.label).startswith(f"{name} ="):
                return node
    raise BenchError(f"no variable {name!r} in the Variables tree")


Then = Callable[[Any, Any], Awaitable[float]]


async def _expand_big(app: Any, pilot: Any) -> float:
    from tdb.ui.widgets.variables import VariableData

    node = _node_named(app, "big")
    start = time.perf_counter()
    node.expand()
    await _until(lambda: isinstance(node.data, VariableData) and node.data.loaded > 0 and len(node.children) > 0,
                 pilot, "the list's first page", start)
    return time.perf_counter() - start


async def _print_string(app: Any, pilot: Any) -> float:
    console = app.query_one("#console")
    before = len(console.lines)
    start = time.perf_counter()
    await app.main_screen.run_command("p s")
    await _until(lambda: any("xxxx" in line.text for line in console.lines[before:]), pilot,
                 "the string's repr in the console", start)
    return time.perf_counter() - start


def measure(kind: str, work: Workdir, scale: float, then: Then | None = None) -> tuple[float, float | None]:
    """(seconds to the first complete screen, seconds of the follow-up action or None)."""
    from tdb.ui.app import TdbApp

    path = work.path / f"scale_{kind}.py"  # (not string.py: a program named after a module shadows it)
    path.write_text(program(kind, scale))
    address = str(work.path / f"{kind}.sock")
    env = clean_env(HOME=str(work.home), PYTHONBREAKPOINT="tdb.set_trace", TDB_LISTEN=address)
    process = subprocess.Popen([sys.executable, str(path)], cwd=work.path, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        sock = _connect(address, process)
        started = time.perf_counter()
        app = TdbApp(sock, owns_program_terminal=False)

        async def session() -> tuple[float, float | None]:
            async with app.run_test(size=SIZE) as pilot:
                await _until(lambda: _complete(kind, app, scale), pilot, "the first complete screen", started)
                first = time.perf_counter() - started
                # Not timed: Pilot.pause() waits for idle with timers of its own (it added 100-250 ms here).
                await pilot.pause()
                extra = await then(app, pilot) if then is not None else None
                return first, extra

        return asyncio.run(session())
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
        if os.path.exists(address):
            os.unlink(address)


SCENARIOS: list[tuple[str, str, str, Then | None, str]] = [
    ("small", "8b. a small stop → first complete screen (the base for 8c–8f)", "", None, ""),
    ("list", "8c. a list of 1,000,000 items in the locals → first complete screen", "list_expand", _expand_big,
     "8c'. … then expanding that list → its first page shown"),
    ("deep", "8d. a stop 900 frames deep → first complete screen", "", None, ""),
    ("locals", "8e. a frame with 10,000 locals → first complete screen", "", None, ""),
    ("string", "8f. a 100 MB string in the locals → first complete screen", "string_print", _print_string,
     "8f'. … then `p s` → its repr (cut short by the engine) in the console"),
    ("bigfile", "8g. a stop at the end of a 50,000-line module → first complete screen", "", None, ""),
    ("tasks", "8h. a stop in an event loop of 1,000 tasks → first complete screen, every task listed", "", None, ""),
]


def run(*, runs: int, log: Callable[[str], None], scale: float = 1.0, warmup: bool = True) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for kind, title, then_key, _, then_title in SCENARIOS:
        rows[kind] = Row("scale", title, "ms")
        if then_key:
            rows[then_key] = Row("scale", then_title, "ms")
    with Workdir() as work:
        for number in range(0 if warmup else 1, runs + 1):  # round 0 warms up (imports, byte code), not counted
            for kind, _, then_key, then, _ in SCENARIOS:
                try:
                    first, extra = measure(kind, work, scale, then)
                except BenchError as error:
                    rows[kind].cell("tdb").text = f"error: {error}"
                    log(f"  8 / {kind}: {error}")
                    continue
                if number == 0:
                    continue
                rows[kind].cell("tdb").samples.append(first)
                if then_key and extra is not None:
                    rows[then_key].cell("tdb").samples.append(extra)
                log(f"  8 / {kind} run {number}/{runs}: {first * 1000:.0f} ms"
                    + (f", then {extra * 1000:.0f} ms" if extra is not None else ""))
    for row in rows.values():
        for tool in ("plain", "pdb", "pudb"):
            row.cell(tool).text = "—"
    for key, limit in TARGETS.items():
        row = rows[key]
        row.target = f"tdb ≤ {limit * 1000:.0f} ms"
        tdb = row.value("tdb")
        if tdb is not None:
            row.verdict = "met" if tdb <= limit else f"MISSED by {(tdb - limit) * 1000:.0f} ms"
    return rows


# The targets for the interface at scale (seconds).
TARGETS = {"list_expand": 0.1, "deep": 0.2, "locals": 0.2, "bigfile": 0.3, "tasks": 0.2}

