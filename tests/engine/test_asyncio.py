"""asyncio: the tasks of the stopped loop, n over await in one task, r to the awaiter, task-limited breakpoints."""

from __future__ import annotations

import textwrap
import time

import pytest

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import asyncio


    async def inner(i):
        x = i + 100  # inner line
        await asyncio.sleep(0)
        return x


    async def fetch(i):
        await asyncio.sleep(0.01 * i)
        value = i * 2  # fetch line
        await asyncio.sleep(0)
        after = value + 1  # after line
        got = await inner(i)
        done = got + after  # done line
        return done


    async def main():
        forgotten = inner(0)  # made, never awaited
        tasks = [asyncio.create_task(fetch(i), name=f"fetch-{i}") for i in range(3)]
        results = await asyncio.gather(*tasks)
        forgotten.close()
        print("results", results)


    asyncio.run(main())
"""


def line_of(marker: str) -> int:
    lines = textwrap.dedent(PROGRAM).lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.endswith(marker))


FETCH, AFTER, DONE, INNER = line_of("# fetch line"), line_of("# after line"), line_of("# done line"), line_of("# inner line")


def task_name(debuggee, stop) -> str:
    return debuggee.evaluate("asyncio.current_task().get_name()", stop["frames"][0]["id"])["result"]


def run_to(launch, script, spec: dict):
    """The program started with one breakpoint (`spec`), continued from its first line: (debuggee, the stop)."""
    debuggee = launch(str(script))
    debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("attach")
    placed = debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[spec])["breakpoints"]
    assert placed[0]["verified"]
    debuggee.request("configurationDone")
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == spec["line"]
    return debuggee, stop


def to_the_end(debuggee, stop) -> str:
    """Continue from the stop to the program's end; what it printed."""
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    return debuggee.finish()[1]


@pytest.fixture
def at_fetch(launch, write):
    """Stopped at FETCH in the first task that gets there; the breakpoint is temporary (one stop)."""
    script = write("tasks.py", PROGRAM)
    debuggee, stop = run_to(launch, script, {"line": FETCH, "tdb/temporary": True})
    return debuggee, stop, script


def test_the_tasks_of_the_loop_with_their_state_place_and_awaiters(at_fetch):
    debuggee, stop, script = at_fetch
    tasks = {task["name"]: task for task in debuggee.request("tdb/tasks", threadId=stop["threadId"])["tasks"]}
    assert set(tasks) == {"Task-1", "fetch-0", "fetch-1", "fetch-2"}
    assert tasks["fetch-0"]["state"] == "running" and tasks["fetch-0"]["coroutine"] == "fetch"
    assert tasks["fetch-1"]["state"] == "pending" and tasks["fetch-1"]["frame"]["name"] == "fetch"
    assert tasks["fetch-1"]["frame"]["line"] == FETCH - 1  # waiting in its first await
    assert tasks["Task-1"]["frame"]["name"] == "main"
    assert sorted(tasks["Task-1"]["awaits"]) == sorted(tasks[f"fetch-{i}"]["id"] for i in range(3))  # gather
    assert tasks["fetch-2"]["awaitedBy"] == [tasks["Task-1"]["id"]]
    # A task's suspended frames, read-only, with their variables.
    frames = debuggee.request("tdb/taskStack", threadId=stop["threadId"], taskId=tasks["fetch-2"]["id"])["stackFrames"]
    assert [frame["name"] for frame in frames] == ["sleep", "fetch"]  # innermost first: asyncio.sleep awaits
    assert frames[0].get("presentationHint") == "subtle"  # (the library's)
    assert debuggee.evaluate("i", frames[1]["id"])["result"] == "2"
    main = debuggee.request("tdb/taskStack", threadId=stop["threadId"], taskId=tasks["Task-1"]["id"])["stackFrames"]
    assert debuggee.locals(main[0]["id"])["forgotten"].endswith("(never awaited)")


def into_inner(debuggee, stop):
    """From FETCH: n over the await (the other tasks run meanwhile), then s into inner(); its first line."""
    first = task_name(debuggee, stop)
    debuggee.request("next", threadId=stop["threadId"])
    assert debuggee.where() == ("fetch", FETCH + 1)
    debuggee.request("next", threadId=stop["threadId"])  # over the await
    stepped = debuggee.stopped()
    assert (stepped["frames"][0]["name"], stepped["frames"][0]["line"]) == ("fetch", AFTER)
    assert task_name(debuggee, stepped) == first  # the same task, not another one's fetch
    debuggee.request("next", threadId=stop["threadId"])
    debuggee.request("stepIn", threadId=debuggee.stopped()["threadId"])  # into inner()
    entered = debuggee.stopped()
    while entered["frames"][0]["line"] != INNER:
        debuggee.request("next", threadId=entered["threadId"])
        entered = debuggee.stopped()
    assert entered["frames"][0]["name"] == "inner"
    return first, entered


def no_exception_stops(debuggee) -> bool:
    return not [event for event in debuggee.events if event["event"] == "stopped"
                and event["body"]["reason"] == "exception"]  # (no StopIteration of the loop's on the way)


def test_next_over_await_stays_in_the_task_and_next_at_the_end_goes_to_the_awaiter(at_fetch):
    debuggee, stop, script = at_fetch
    first, entered = into_inner(debuggee, stop)
    for expected in (INNER + 1, INNER + 2):  # the await, the return
        debuggee.request("next", threadId=entered["threadId"])
        entered = debuggee.stopped()
        assert (entered["frames"][0]["name"], entered["frames"][0]["line"]) == ("inner", expected)
    debuggee.request("next", threadId=entered["threadId"])  # n at the coroutine's last line: to its awaiter
    out = debuggee.stopped()
    assert (out["frames"][0]["name"], out["frames"][0]["line"]) == ("fetch", DONE), out["reason"]
    assert task_name(debuggee, out) == first and no_exception_stops(debuggee)
    assert "results [101, 104, 107]" in to_the_end(debuggee, out)


def test_return_from_a_coroutine_stops_in_its_awaiter(at_fetch):
    debuggee, stop, script = at_fetch
    first, entered = into_inner(debuggee, stop)
    debuggee.request("stepOut", threadId=entered["threadId"])  # r: over inner's own await, to fetch
    out = debuggee.stopped()
    assert (out["frames"][0]["name"], out["frames"][0]["line"]) == ("fetch", DONE), out["reason"]
    assert out["reason"] == "step" and task_name(debuggee, out) == first and no_exception_stops(debuggee)
    assert "results [101, 104, 107]" in to_the_end(debuggee, out)


def test_a_breakpoint_limited_to_one_task(launch, write):
    debuggee, stop = run_to(launch, write("tasks.py", PROGRAM), {"line": FETCH, "tdb/task": "fetch-2"})
    assert task_name(debuggee, stop) == "'fetch-2'"
    assert debuggee.evaluate("i", stop["frames"][0]["id"])["result"] == "2"
    assert "results [101, 104, 107]" in to_the_end(debuggee, stop)


# -- await at the console ------------------------------------------------------------------------------

def test_await_at_a_stop_inside_a_coroutine_runs_on_the_same_loop(at_fetch):
    debuggee, stop, script = at_fetch
    frame = stop["frames"][0]["id"]
    assert debuggee.evaluate("await inner(5)", frame)["result"] == "105"
    assert debuggee.evaluate("await asyncio.sleep(0.01, 'slept')", frame)["result"] == "'slept'"
    # Another task of the program makes progress meanwhile: the loop turns (fetch-2 sleeps 20 ms).
    other = "[t for t in asyncio.all_tasks() if t.get_name() == 'fetch-2'][0]"
    assert debuggee.evaluate(f"await {other}", frame)["result"] == "107"
    debuggee.evaluate("got = await inner(1)", frame)
    assert debuggee.evaluate("got", frame)["result"] == "101"
    with pytest.raises(Exception, match="ZeroDivisionError"):
        debuggee.evaluate("await asyncio.sleep(0, 1 / 0)", frame)
    # Not in a watch: a watch must not let the program's loop run.
    with pytest.raises(Exception, match="await runs at the console only"):
        debuggee.evaluate("await inner(1)", frame, context="watch")
    # The stop is still the same task's, and the program ends as without tdb.
    assert task_name(debuggee, stop) == "'fetch-0'"
    assert "results [101, 104, 107]" in to_the_end(debuggee, stop)


def test_an_await_that_never_ends_is_cancelled_and_the_program_runs_on(at_fetch):
    debuggee, stop, script = at_fetch
    frame = stop["frames"][0]["id"]
    seq = debuggee.send("evaluate", expression="await asyncio.sleep(3600)", context="repl", frameId=frame)
    time.sleep(0.3)
    debuggee.request("cancel", requestId=seq)
    response = debuggee.response_to(seq)
    assert not response["success"] and response["message"] == "cancelled", response
    assert debuggee.evaluate("await inner(2)", frame)["result"] == "102"
    assert "results [101, 104, 107]" in to_the_end(debuggee, stop)


def test_await_at_a_stop_outside_any_loop_runs_on_a_loop_of_its_own(launch, write):
    script = write("plain.py", """
        import asyncio

        async def double(x):
            await asyncio.sleep(0)
            return 2 * x

        value = 21
        print("value", value)
    """)
    debuggee, stop = run_to(launch, script, {"line": 8})
    assert debuggee.evaluate("await double(value)", stop["frames"][0]["id"])["result"] == "42"
    assert "value 21" in to_the_end(debuggee, stop)
