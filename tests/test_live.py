"""tdb -p PID --live: attached to a running 3.14 program without stopping it, over DAP as the interface does."""

from __future__ import annotations

import time

import pytest

from tdb.dap import extensions
from tests.test_attach import Attached, Program, programs  # noqa: F401  (the fixture)

WORKERS = """
    import threading, time

    def crunch(n):
        total = 0
        for i in range(n):
            total += i * i
        return total

    def worker(name):
        n = 0
        while True:
            n += 1
            crunch(500)
            if n % 200 == 0:
                time.sleep(0.001)

    def sleeper():
        while True:
            time.sleep(0.5)

    def ping():
        time.sleep(0.03)

    def pong():
        time.sleep(0.03)

    def alternator():
        while True:
            ping()
            pong()

    for i in range(3):
        threading.Thread(target=worker, args=(f"w{i}",), name=f"worker-{i}", daemon=True).start()
    threading.Thread(target=sleeper, name="sleeper", daemon=True).start()
    threading.Thread(target=alternator, name="alternator", daemon=True).start()
    print("started", flush=True)
    while True:
        time.sleep(0.05)
"""
LOGPOINT_LINE = 14  # `if n % 20 == 0:` in worker()
CONDITION_LINE = 13  # `crunch(500)`


class LiveAttached(Attached):
    def __init__(self, program: Program) -> None:
        from tdb import attach

        self._live = True
        original = attach.connect
        attach.connect = lambda pid, say: original(pid, say, live=True)  # type: ignore[assignment]
        try:
            super().__init__(program)
        finally:
            attach.connect = original  # type: ignore[assignment]

    def start(self, breakpoints: dict[str, list[int]] | None = None) -> None:
        self.capabilities = self.request("initialize", clientID="tests", adapterID="tdb",
                                         **{extensions.PDB_MEANINGS: True})
        self.request("attach")
        self.request("configurationDone")


def path_of(program: Program) -> str:
    return str(program.process.args[-1])


def stacks(client: LiveAttached) -> dict[str, list[dict]]:
    threads = client.request(extensions.LIVE_STACKS)["threads"]
    return {thread["name"]: thread[extensions.THREAD_FRAMES] for thread in threads}


def test_live_attach_does_not_stop_and_shows_every_threads_stack(programs) -> None:
    program = programs(WORKERS)
    client = LiveAttached(program)
    client.start()
    assert client.capabilities[extensions.LIVE] is True
    seen = stacks(client)
    assert set(seen) == {"MainThread", "worker-0", "worker-1", "worker-2", "sleeper", "alternator"}
    assert seen["sleeper"][0]["name"] == "sleeper"  # (time.sleep is C: no frame of its own)
    assert seen["worker-1"][0]["name"] in ("worker", "crunch") and "worker" in [f["name"] for f in seen["worker-1"]]
    # Asked again, the busy threads have moved: the view is live, and nothing stopped.
    names = set()
    for _ in range(20):
        names.add(stacks(client)["alternator"][0]["name"])
        time.sleep(0.02)
    assert names == {"ping", "pong"}
    assert not [event for event in client.events if event["event"] == "stopped"]
    client.detach()


def test_a_logpoint_streams_with_time_thread_and_sampled_watches(programs) -> None:
    program = programs(WORKERS)
    client = LiveAttached(program)
    client.start()
    client.request(extensions.LIVE_WATCHES, expressions=["n % 7", "name.upper()", "1 +"])
    before = time.time()
    client.request("setBreakpoints", source={"path": path_of(program)},
                   breakpoints=[{"line": LOGPOINT_LINE, "logMessage": "n={n} in {name}"}])
    event = client.event_where(lambda e: e["event"] == "output" and "n=" in e["body"]["output"], "a logpoint")
    body = event["body"]
    assert body["output"].startswith("n=") and " in w" in body["output"]
    assert body[extensions.LOG_THREAD].startswith("worker-")
    assert before - 1 <= body[extensions.LOG_TIME] <= time.time() + 1
    watches = {expression: (value, ok) for expression, value, ok in body[extensions.LOG_WATCHES]}
    assert watches["name.upper()"][0] in ("'W0'", "'W1'", "'W2'") and watches["name.upper()"][1]
    assert watches["n % 7"][1] and int(watches["n % 7"][0]) in range(7)
    assert watches["1 +"] == ("SyntaxError: invalid syntax", False)
    assert not [event for event in client.events if event["event"] == "stopped"]  # a logpoint never stops
    client.request("setBreakpoints", source={"path": path_of(program)}, breakpoints=[])
    client.detach()


def test_a_conditional_breakpoint_stops_only_the_thread_it_holds(programs) -> None:
    program = programs(WORKERS)
    client = LiveAttached(program)
    client.start()
    client.request("setBreakpoints", source={"path": path_of(program)},
                   breakpoints=[{"line": CONDITION_LINE, "condition": "name == 'w2' and n > 300"}])
    stop = client.stopped()
    assert stop["reason"] == "breakpoint" and stop["frames"][0]["line"] == CONDITION_LINE
    value = client.request("evaluate", expression="(name, n > 300)", frameId=stop["frames"][0]["id"],
                           context="repl")["result"]
    assert value == "('w2', True)"
    client.request("setBreakpoints", source={"path": path_of(program)}, breakpoints=[])
    client.request("continue", threadId=stop["threadId"])
    client.detach()
    program.wait_for_line  # (the program runs on: its threads are checked by the next attach)
    again = LiveAttached(program)
    again.start()
    assert set(stacks(again)) >= {"worker-0", "worker-1", "worker-2"}
    again.detach()


TASKS = """
    import asyncio, threading, time

    async def fetch(n):
        while True:
            await asyncio.sleep(0.01 * (n + 1))

    async def main():
        await asyncio.gather(*(asyncio.create_task(fetch(n), name=f"fetch-{n}") for n in range(3)))

    threading.Thread(target=lambda: asyncio.run(main()), name="loop", daemon=True).start()
    print("started", flush=True)
    while True:
        time.sleep(0.05)
"""


def test_live_stacks_bring_the_tasks_of_a_loop_on_another_thread(programs) -> None:
    program = programs(TASKS)
    client = LiveAttached(program)
    client.start()
    deadline = time.monotonic() + 10
    while True:
        body = client.request(extensions.LIVE_STACKS)
        names = {task["name"]: task for task in body["tasks"]}
        if len(names) >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert {"fetch-0", "fetch-1", "fetch-2"} <= set(names)
    main = next(task for task in body["tasks"] if task["coroutine"] == "main")
    assert {names[f"fetch-{n}"]["id"] for n in range(3)} == set(main["awaits"])
    assert names["fetch-1"]["frame"]["name"] == "fetch" and names["fetch-1"]["state"] == "pending"
    loop_thread = next(thread for thread in body["threads"] if thread["name"] == "loop")
    assert any(frame["name"].endswith("run_forever") for frame in loop_thread[extensions.THREAD_FRAMES])
    client.detach()
