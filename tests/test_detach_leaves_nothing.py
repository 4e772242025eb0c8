"""After `tdb -p` detaches, nothing of tdb's stays in the program: no thread, signal handler, tracing or module.

The program reports its own state when asked on its standard input, before the
attach and after the detach; the two must be the same, but for the standard
library's modules the engine imported (inert: importing one changes nothing of
the program's, and the program may share them, so they stay).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.test_attach import Attached, programs  # noqa: F401  (the fixture)
from tests.test_live import LiveAttached

REPORTER = """
    import json, signal, sys, threading, time

    def state():
        handlers = {}
        for number in sorted(signal.valid_signals()):
            try:
                handler = signal.getsignal(number)
            except (ValueError, OSError):
                continue
            handlers[str(number)] = repr(handler)
        return {
            "threads": sorted(thread.name for thread in threading.enumerate()),
            "handlers": handlers,
            "trace": repr(sys.gettrace()),
            "threading_trace": repr(threading.gettrace()),
            "tools": [sys.monitoring.get_tool(tool) for tool in range(6)],
            "modules": sorted(sys.modules),
            "stdlib": sorted(sys.stdlib_module_names),
        }

    def answer():
        for line in sys.stdin:
            print("STATE " + json.dumps(state()), flush=True)

    threading.Thread(target=answer, name="answerer", daemon=True).start()
    print("started", flush=True)
    def work():
        total = 0
        for i in range(1000):
            total += i
        return total
    while True:
        work()
        time.sleep(0.001)
"""


def state_of(program) -> dict:
    program.drain()
    program.process.stdin.write("?\n")
    program.process.stdin.flush()
    return json.loads(program.wait_for_line("STATE ").removeprefix("STATE "))


def settled(program, before: dict, timeout: float = 5.0) -> dict:
    """The program's state once tdb's last threads have had the time to end (their idle second), and the
    main thread the time to put its SIGINT handler back (detached on another thread, it is asked to)."""
    deadline = time.monotonic() + timeout
    while True:
        after = state_of(program)
        settled = after["threads"] == before["threads"] and after["handlers"] == before["handlers"]
        if settled or time.monotonic() > deadline:
            return after
        time.sleep(0.2)


@pytest.mark.parametrize("live", [False, True], ids=["stopped", "live"])
def test_detach_leaves_nothing_behind(programs, live: bool) -> None:
    program = programs(REPORTER)
    before = state_of(program)
    client = (LiveAttached if live else Attached)(program)
    client.start()
    if not live:
        stop = client.stopped()
        # Show a value: its repr runs under the watchdog (tdb's thread that must end too).
        client.request("scopes", frameId=stop["frames"][0]["id"])
        client.request("evaluate", expression="work()", frameId=stop["frames"][0]["id"], context="watch")
    during = state_of(program) if live else None
    client.detach()
    after = settled(program, before)

    if during is not None:
        assert any(name.startswith("tdb-") for name in during["threads"])  # (the check can fail)
    assert after["threads"] == before["threads"]
    assert after["handlers"] == before["handlers"]
    assert after["trace"] == before["trace"] == "None"
    assert after["threading_trace"] == before["threading_trace"]
    assert after["tools"] == before["tools"]
    added = set(after["modules"]) - set(before["modules"])
    assert not [name for name in added if name == "tdb" or name.startswith("tdb.")]
    stdlib = set(after["stdlib"])  # (the program's Python's: private modules such as _colorize included)
    assert {name for name in added if name.partition(".")[0].lstrip("_") not in stdlib
            and name.partition(".")[0] not in stdlib and not name.startswith("_sysconfigdata")} == set(), added
