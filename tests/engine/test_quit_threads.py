"""`q` (terminate) with several threads at a breakpoint: the program ends at once, not one thread per press."""

from __future__ import annotations

import time

import pytest

from .conftest import run_to_marker

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import threading
    import time


    def work(n):
        for i in range(1000):
            total = n + i  # stop
            time.sleep(0.01)


    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("all done")
"""


def test_terminate_with_eight_threads_at_a_breakpoint_ends_the_program_at_once(launch, write):
    debuggee, _ = run_to_marker(launch, write("threads.py", PROGRAM))  # one thread stopped, others stopping too
    time.sleep(0.2)  # let the other seven stop as well
    debuggee.request("terminate")
    debuggee.wait_event("terminated")
    code, stdout, _ = debuggee.finish(timeout=10)
    assert code == 0 and "all done" not in stdout
    stops = [event["body"]["threadId"] for event in debuggee.events if event["event"] == "stopped"][1:]
    assert len(stops) == len(set(stops)) <= 8  # after the entry, each thread stopped once: none stops again


BLOCKED = """
    import threading
    import time

    forever = threading.Event()
    threading.Thread(target=forever.wait, name="waiter").start()  # not a daemon: it would keep the process
    print("running", flush=True)
    time.sleep(3600)
"""


def test_terminate_while_the_program_runs_blocked_ends_it_at_once(launch, write):
    debuggee = launch(str(write("blocked.py", BLOCKED)))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])  # from the entry stop
    deadline = time.monotonic() + 10
    while not any(thread["name"] == "waiter" for thread in debuggee.request("threads")["threads"]):
        assert time.monotonic() < deadline, "the waiter thread never started"
        time.sleep(0.01)
    time.sleep(0.1)  # (the main thread asleep by now)
    started = time.monotonic()
    debuggee.request("terminate")
    code, _, _ = debuggee.finish(timeout=10)
    assert code == 0 and time.monotonic() - started < 3
