"""Threads: which are stopped, where each runs; other threads' stacks, read-only."""

from __future__ import annotations

import textwrap
import time

import pytest

from harness.debuggee import TIMEOUT

# Breakpoints in threads must work the same on every tracing backend.
pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import threading
    import time


    def work(n):
        total = n * 2
        return total


    def spin(done):
        while not done.is_set():
            time.sleep(0.005)


    def helper_main(ready):
        ready.wait()
        return work(21)


    done = threading.Event()
    ready = threading.Event()
    spinner = threading.Thread(target=spin, args=(done,), name="spinner")
    spinner.start()
    helper = threading.Thread(target=helper_main, args=(ready,), name="helper")
    helper.start()
    x = 1
    helper.join()
    done.set()
    spinner.join()
    print("done")
"""


def line_of(text: str) -> int:
    lines = textwrap.dedent(PROGRAM).lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(text))


MAIN_LINE = line_of("x = 1")
WORK_LINE = line_of("return total")


@pytest.fixture
def stopped_in_main(launch, write):
    """Stopped in the main thread at MAIN_LINE, with a breakpoint in `work` that the helper will hit."""
    script = write("prog.py", PROGRAM)
    debuggee = launch(str(script))
    debuggee.start({str(script): [MAIN_LINE, WORK_LINE]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    return debuggee, debuggee.stopped()


def threads_until(debuggee, predicate, what):
    """Ask for the threads until they look as expected (other threads run meanwhile)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        threads = {thread["name"]: thread for thread in debuggee.request("threads")["threads"]}
        if predicate(threads):
            return threads
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {threads}")
        time.sleep(0.01)


def test_threads_name_the_stopped_one_and_where_the_others_run(stopped_in_main):
    debuggee, stop = stopped_in_main
    assert stop["frames"][0]["line"] == MAIN_LINE
    threads = threads_until(debuggee, lambda t: t.get("spinner", {}).get("tdb/frame", {}).get("name") == "spin",
                            "the spinner to spin")
    assert list(threads) == ["MainThread", "spinner", "helper"]  # the main thread first, no engine thread
    main = threads["MainThread"]
    assert main["id"] == stop["threadId"] and main["tdb/state"] == "stopped"
    assert main["tdb/frame"]["name"] == "<module>" and main["tdb/frame"]["line"] == MAIN_LINE
    assert threads["spinner"]["tdb/state"] == "running"
    assert threads["helper"]["tdb/state"] == "running"
    # The stop brings the same list, so that the interface needs no round trip.
    snapshot = [event for event in debuggee.events if event["event"] == "stopped"][-1]["body"]["tdb/stop"]["threads"]
    assert [thread["name"] for thread in snapshot] == ["MainThread", "spinner", "helper"]


def test_a_running_thread_shows_its_own_frame_and_the_call_it_is_in(stopped_in_main):
    debuggee, stop = stopped_in_main
    # The helper waits in ready.wait(): its own line, and the library's wait in words.
    threads = threads_until(debuggee, lambda t: t.get("helper", {}).get("tdb/inCall") == "Event/Condition.wait",
                            "the helper to wait")
    assert threads["helper"]["tdb/frame"]["name"] == "helper_main"
    assert threads["helper"]["tdb/frame"]["line"] == line_of("ready.wait()")
    # The spinner sleeps in C on its own line: the call as written.
    threads = threads_until(debuggee, lambda t: t.get("spinner", {}).get("tdb/inCall") == "time.sleep(0.005)",
                            "the spinner to sleep")
    assert threads["spinner"]["tdb/frame"]["name"] == "spin"
    assert "tdb/inCall" not in threads["MainThread"]  # (stopped: its stop says where)


def test_a_running_threads_stack_is_read_only_inspection(stopped_in_main):
    debuggee, stop = stopped_in_main
    threads = threads_until(debuggee, lambda t: t.get("spinner", {}).get("tdb/frame", {}).get("name") == "spin",
                            "the spinner to spin")
    frames = debuggee.request("stackTrace", threadId=threads["spinner"]["id"])["stackFrames"]
    assert [frame["name"] for frame in frames][:1] == ["spin"]
    assert not any(frame["source"]["path"].endswith(("debugger.py", "server.py")) for frame in frames)
    # Its frame's variables can be read and evaluated in (on the stopped thread).
    assert debuggee.evaluate("done.is_set()", frames[0]["id"])["result"] == "False"
    # Stepping with another thread's frame steps the stopped thread, in its own frame.
    debuggee.request("next", threadId=stop["threadId"], frameId=frames[0]["id"])
    name, line = debuggee.where()
    assert (name, line) == ("<module>", MAIN_LINE + 1)


def test_a_second_thread_at_a_breakpoint_stops_while_the_first_is_stopped(stopped_in_main):
    debuggee, stop = stopped_in_main
    debuggee.evaluate("ready.set()", stop["frames"][0]["id"])  # let the helper run into its breakpoint
    threads = threads_until(debuggee, lambda t: t.get("helper", {}).get("tdb/state") == "stopped",
                            "the helper to stop at its breakpoint")
    helper = threads["helper"]
    assert helper["tdb/reason"] == "breakpoint"
    assert helper["tdb/frame"]["name"] == "work" and helper["tdb/frame"]["line"] == WORK_LINE
    assert threads["MainThread"]["tdb/state"] == "stopped"  # both at once
    second = debuggee.stopped_on(helper["id"])
    frames = second["frames"]
    assert [(frame["name"], frame["line"]) for frame in frames][:2] == [("work", WORK_LINE), ("helper_main", line_of("return work(21)"))]
    # Its own variables, from its own stop.
    scopes = debuggee.request("scopes", frameId=frames[0]["id"])["scopes"]
    local = debuggee.request("variables", variablesReference=scopes[0]["variablesReference"])["variables"]
    assert {variable["name"]: variable["value"] for variable in local} == {"n": "21", "total": "42"}
    assert debuggee.evaluate("total + 1", frames[0]["id"])["result"] == "43"
    # The main thread's continue (only its own) leaves the helper stopped; then the helper's.
    debuggee.request("continue", threadId=stop["threadId"], singleThread=True)
    threads = threads_until(debuggee, lambda t: "MainThread" in t and t["MainThread"]["tdb/state"] == "running",
                            "the main thread to run")
    assert threads["helper"]["tdb/state"] == "stopped"
    debuggee.request("continue", threadId=second["threadId"], singleThread=True)
    assert debuggee.wait_event("exited")["exitCode"] == 0


def test_the_stack_of_a_thread_that_is_gone_is_an_error(stopped_in_main):
    debuggee, stop = stopped_in_main
    response = debuggee.response_to(debuggee.send("stackTrace", threadId=987654321))
    assert not response["success"] and "no thread 987654321" in response["message"]
