"""Several threads stopped at once: each steps on its own, continue for one or all, all-stop, pause, detach."""

from __future__ import annotations

import textwrap
import time

import pytest

from harness.debuggee import TIMEOUT

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import threading
    import time

    go = threading.Event()
    hits = []


    def worker(n):
        go.wait()
        value = n * 10  # worker stop
        hits.append(value)
        value += 1
        return value


    def spin(done):
        while not done.is_set():
            time.sleep(0.002)


    done = threading.Event()
    spinner = threading.Thread(target=spin, args=(done,), name="spinner")
    spinner.start()
    workers = [threading.Thread(target=worker, args=(n,), name=f"worker-{n}") for n in range(3)]
    for thread in workers:
        thread.start()
    marker = 1  # main stop
    go.set()
    after = 2
    for thread in workers:
        thread.join()
    done.set()
    spinner.join()
    print("hits", sorted(hits))
"""


def line_of(marker: str) -> int:
    lines = textwrap.dedent(PROGRAM).lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.endswith(marker))


MAIN = line_of("# main stop")
WORKER = line_of("# worker stop")


def output_at_end(debuggee) -> str:
    """The program's stdout once it has ended (tdb then offers a restart: say no)."""
    if not any(event["event"] == "exited" for event in debuggee.events):
        debuggee.wait_event("exited")  # (a disconnect before it would end the program where it is)
    debuggee.request("disconnect")
    return debuggee.finish()[1]


def continue_to_the_end(debuggee) -> str:
    """Continue every thread that is stopped, as often as threads stop, until the program ends; its stdout."""
    deadline = time.monotonic() + TIMEOUT
    while not any(event["event"] == "exited" for event in debuggee.events):
        assert time.monotonic() < deadline, "the program did not end"
        for thread in debuggee.request("threads")["threads"]:
            if thread.get("tdb/state") == "stopped":
                debuggee.response_to(debuggee.send("continue", threadId=thread["id"], singleThread=True))
        time.sleep(0.01)
    return output_at_end(debuggee)


def threads(debuggee) -> dict[str, dict]:
    return {thread["name"]: thread for thread in debuggee.request("threads")["threads"]}


def until(debuggee, predicate, what: str) -> dict[str, dict]:
    deadline = time.monotonic() + TIMEOUT
    while True:
        listed = threads(debuggee)
        if predicate(listed):
            return listed
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {listed}")
        time.sleep(0.01)


@pytest.fixture
def at_main(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee = launch(str(script))
    debuggee.start({str(script): [MAIN, WORKER]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == MAIN
    return debuggee, stop


def test_next_on_one_thread_stops_on_its_next_line_while_others_hit_breakpoints(at_main):
    debuggee, main = at_main
    debuggee.request("next", threadId=main["threadId"])  # over go.set(): three workers hit their breakpoint
    debuggee.request("next", threadId=debuggee.stopped_on(main["threadId"])["threadId"])
    own = debuggee.stopped_on(main["threadId"])
    assert (own["frames"][0]["name"], own["frames"][0]["line"]) == ("<module>", MAIN + 2)
    assert own["reason"] == "step"
    listed = until(debuggee, lambda t: all(t.get(f"worker-{n}", {}).get("tdb/state") == "stopped" for n in range(3)),
                   "the three workers to stop")
    assert {listed[f"worker-{n}"]["tdb/frame"]["line"] for n in range(3)} == {WORKER}
    assert listed["spinner"]["tdb/state"] == "running"  # non-stop: the others run on
    # Each worker steps on its own: its own next line, its own values.
    for n in range(3):
        worker = debuggee.stopped_on(listed[f"worker-{n}"]["id"])
        assert worker["reason"] == "breakpoint"
        debuggee.request("next", threadId=worker["threadId"])
        stepped = debuggee.stopped_on(worker["threadId"])
        assert stepped["frames"][0]["line"] == WORKER + 1
        assert debuggee.evaluate("value", stepped["frames"][0]["id"])["result"] == str(n * 10)
    # continue without singleThread: every stopped thread goes on (DAP's default), and each says so itself,
    # after its own `stopped` (a client that let go of every stop when it sent this keeps no stale one).
    response = debuggee.request("continue", threadId=main["threadId"])
    assert response["allThreadsContinued"] is True
    assert debuggee.wait_event("exited")["exitCode"] == 0
    continued = [event["body"] for event in debuggee.events if event["event"] == "continued"]
    assert {body["threadId"] for body in continued if not body["allThreadsContinued"]} == \
        {listed[f"worker-{n}"]["id"] for n in range(3)}
    assert "hits [0, 10, 20]" in output_at_end(debuggee)


def test_continue_of_one_thread_leaves_the_others_stopped(at_main):
    debuggee, main = at_main
    debuggee.evaluate("go.set()", main["frames"][0]["id"])
    listed = until(debuggee, lambda t: all(t.get(f"worker-{n}", {}).get("tdb/state") == "stopped" for n in range(3)),
                   "the three workers to stop")
    first = listed["worker-0"]["id"]
    response = debuggee.request("continue", threadId=first, singleThread=True)
    assert response["allThreadsContinued"] is False
    listed = until(debuggee, lambda t: "worker-0" not in t, "worker-0 to end")
    assert [listed[f"worker-{n}"]["tdb/state"] for n in (1, 2)] == ["stopped", "stopped"]
    assert listed["MainThread"]["tdb/state"] == "stopped"
    debuggee.request("continue", threadId=main["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    assert "hits [0, 10, 20]" in output_at_end(debuggee)


def test_all_stop_pauses_every_thread_and_continue_resumes_them_all(at_main):
    debuggee, main = at_main
    assert debuggee.request("tdb/threadPolicy", allStop=True) == {"allStop": True}
    listed = until(debuggee, lambda t: t.get("spinner", {}).get("tdb/state") == "stopped", "the spinner to pause")
    assert listed["spinner"]["tdb/reason"] == "pause"
    spinner = debuggee.stopped_on(listed["spinner"]["id"])
    assert spinner["frames"][0]["name"] == "spin"
    # The workers wait in go.wait(), in C: they are to stop when it returns.
    assert {listed[f"worker-{n}"]["tdb/state"] for n in range(3)} <= {"pausing", "stopped"}
    debuggee.request("continue", threadId=main["threadId"])
    debuggee.forget_events()
    # After the continue, the breakpoints still stop the workers, and all-stop pauses the others again.
    worker = debuggee.wait_event("stopped")
    assert worker["allThreadsStopped"] is True
    debuggee.request("tdb/threadPolicy", allStop=False)
    assert "hits [0, 10, 20]" in continue_to_the_end(debuggee)


def test_pause_one_running_thread(at_main):
    debuggee, main = at_main
    spinner = until(debuggee, lambda t: "spinner" in t, "the spinner")["spinner"]
    debuggee.request("pause", threadId=spinner["id"])
    stop = debuggee.stopped_on(spinner["id"])
    assert stop["reason"] == "pause" and stop["frames"][0]["name"] == "spin"
    assert debuggee.evaluate("done.is_set()", stop["frames"][0]["id"])["result"] == "False"
    # A stopped thread cannot be paused again; a gone one is named.
    refused = debuggee.response_to(debuggee.send("pause", threadId=spinner["id"]))
    assert not refused["success"] and "stopped already" in refused["message"]
    refused = debuggee.response_to(debuggee.send("pause", threadId=987654321))
    assert not refused["success"] and "no thread 987654321" in refused["message"]
    assert "hits [0, 10, 20]" in continue_to_the_end(debuggee)


def test_detach_with_many_threads_stopped_releases_them_all(at_main):
    debuggee, main = at_main
    debuggee.evaluate("go.set()", main["frames"][0]["id"])
    until(debuggee, lambda t: all(t.get(f"worker-{n}", {}).get("tdb/state") == "stopped" for n in range(3)),
          "the three workers to stop")
    debuggee.request("disconnect", terminateDebuggee=False)
    code, stdout, _ = debuggee.finish()
    assert code == 0 and "hits [0, 10, 20]" in stdout


def test_a_thread_that_ends_while_another_is_stopped_is_reported(at_main):
    debuggee, main = at_main
    debuggee.request("setBreakpoints", source={"path": main["frames"][0]["source"]["path"]},
                     breakpoints=[{"line": MAIN}])  # the workers' breakpoint goes
    workers = {thread["id"] for thread in debuggee.request("threads")["threads"] if thread["name"].startswith("worker")}
    debuggee.evaluate("go.set()", main["frames"][0]["id"])
    assert len(workers) == 3
    ended: set[int] = set()
    while ended != workers:
        event = debuggee.wait_event("thread")
        if event["reason"] == "exited":
            ended.add(event["threadId"])
    assert not {thread["id"] for thread in debuggee.request("threads")["threads"]} & ended
    debuggee.request("continue", threadId=main["threadId"])
    assert "hits [0, 10, 20]" in output_at_end(debuggee)


POOL = """
    from concurrent.futures import ThreadPoolExecutor
    import threading

    barrier = threading.Barrier(4)


    def job(n):
        barrier.wait()  # the four workers reach their breakpoint together
        square = n * n  # job stop
        return square


    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="pool") as pool:
        print("squares", list(pool.map(job, range(4))))
"""


def test_threads_of_a_pool_stop_together_and_each_steps_alone(launch, write):
    script = write("pool.py", POOL)
    job_line = textwrap.dedent(POOL).lstrip("\n").splitlines().index("    square = n * n  # job stop") + 1
    debuggee = launch(str(script))
    debuggee.start({str(script): [job_line]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    listed = until(debuggee, lambda t: sum(thread.get("tdb/state") == "stopped" for thread in t.values()) == 4,
                   "four pool threads to stop at once")
    pool = sorted(thread["id"] for thread in listed.values() if thread["name"].startswith("pool"))
    assert len(pool) == 4
    values = set()
    for thread_id in pool:
        stop = debuggee.stopped_on(thread_id)
        assert stop["frames"][0]["line"] == job_line
        debuggee.request("next", threadId=thread_id)
        stepped = debuggee.stopped_on(thread_id)
        assert stepped["frames"][0]["line"] == job_line + 1
        values.add(debuggee.evaluate("square", stepped["frames"][0]["id"])["result"])
    assert values == {"0", "1", "4", "9"}
    debuggee.request("continue", threadId=pool[0])  # every stopped thread
    assert debuggee.wait_event("exited")["exitCode"] == 0
    assert "squares [0, 1, 4, 9]" in output_at_end(debuggee)


def test_a_step_out_of_a_threads_code_lets_the_thread_end(at_main):
    """n past a thread's last line: no stop in threading's start-up frames; the thread runs to its end and
    says so (DAP continued), while the other threads' stops stay."""
    debuggee, main = at_main
    debuggee.evaluate("go.set()", main["frames"][0]["id"])
    listed = until(debuggee, lambda t: all(t.get(f"worker-{n}", {}).get("tdb/state") == "stopped" for n in range(3)),
                   "the three workers to stop")
    worker = listed["worker-0"]["id"]
    stop = debuggee.stopped_on(worker)
    for _ in range(10):
        debuggee.request("next", threadId=worker)
        event = debuggee.event_where(lambda e: e["event"] in ("stopped", "continued")
                                     and e["body"].get("threadId") == worker, "the worker's step to end")
        if event["event"] == "continued":
            break
        stop = debuggee.request("stackTrace", threadId=worker)["stackFrames"]
        assert stop[0]["name"] == "worker", stop[0]  # never a stop in threading.py
    else:
        raise AssertionError("the worker's steps never left its code")
    listed = until(debuggee, lambda t: "worker-0" not in t, "worker-0 to end")
    assert [listed[f"worker-{n}"]["tdb/state"] for n in (1, 2)] == ["stopped", "stopped"]
    debuggee.request("continue", threadId=main["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    assert "hits [0, 10, 20]" in output_at_end(debuggee)
