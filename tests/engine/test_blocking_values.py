"""Values whose __repr__ blocks in C (a sleep, a lock): the stop still comes in time, and the program never notices.

The budget is TDB_REPR_SECONDS; these programs block for much longer than every
timeout of the test, so a stop that waited for them would fail the test.
"""

from __future__ import annotations

import pytest

from .conftest import run_to_marker

pytestmark = pytest.mark.usefixtures("tracer_backend")

BLOCKERS = """
    import threading
    import time

    held = threading.Lock()


    class Sleeper:
        def __repr__(self):
            time.sleep(60)  # C: no bytecode runs until it returns
            return "Sleeper()"


    class Waiter:
        def __repr__(self):
            with held:  # a lock the program holds until it is done
                return "Waiter()"


    class Late:
        def __repr__(self):
            time.sleep(1.5)  # longer than the budget, then it returns
            return "Late()"
"""


def _run_to_the_end(debuggee, stop):
    """Continue, and once the program has ended let tdb go: (exit code, stdout, stderr)."""
    debuggee.request("continue", threadId=stop["threadId"])
    exit_code = debuggee.wait_event("exited")["exitCode"]
    debuggee.request("disconnect")
    _, stdout, stderr = debuggee.finish()
    said = "".join(line for line in stderr.splitlines(keepends=True)
                   if not line.startswith("tdb: waiting for the debugger interface"))
    return exit_code, stdout, said


def _scope(debuggee, stop, name="Locals"):
    frame = stop["frames"][0]["id"]
    scopes = debuggee.request("scopes", frameId=frame)["scopes"]
    scope = next(s for s in scopes if s["name"] == name)
    listed = debuggee.request("variables", variablesReference=scope["variablesReference"])["variables"]
    return {v["name"]: v["value"] for v in listed}


def test_values_blocked_in_c_are_shown_as_such_and_the_stop_comes(launch, write, monkeypatch):
    monkeypatch.setenv("TDB_REPR_SECONDS", "0.5")
    script = write("blocked.py", BLOCKERS + """

    def work():
        sleeper = Sleeper()
        waiter = Waiter()
        pair = [Sleeper(), 2]
        number = 7
        return number  # stop

    held.acquire()
    print("result", work())
    held.release()
    print("done")
    """)
    debuggee, stop = run_to_marker(launch, script)
    shown = _scope(debuggee, stop)
    assert shown["sleeper"] == "<repr of Sleeper did not finish in 0.5 s: not tried again>"
    assert shown["waiter"] == "<repr of Waiter did not finish in 0.5 s: not tried again>"
    assert shown["pair"] == "[<repr of Sleeper did not finish in 0.5 s: not tried again>, 2]"
    assert shown["number"] == "7"
    # The stopped thread is free: evaluation, stepping and the program's end are as without tdb.
    frame = stop["frames"][0]["id"]
    assert debuggee.evaluate("number * 6", frame)["result"] == "42"
    debuggee.request("next", threadId=stop["threadId"])
    assert debuggee.stopped()["frames"][0]["line"] == stop["frames"][0]["line"]  # the return, as pdb's --Return--
    assert _run_to_the_end(debuggee, stop) == (0, "result 7\ndone\n", "")


def test_a_value_that_answers_late_leaves_no_trace_in_the_program(launch, write, monkeypatch):
    """Its repr returns after the budget, while the program runs on: no exception of tdb's surfaces, at a
    later step, at exit or in atexit (the program was once killed by TimedOut from the stop's loop)."""
    monkeypatch.setenv("TDB_REPR_SECONDS", "0.3")
    script = write("late.py", BLOCKERS + """
    import atexit

    atexit.register(lambda: print("atexit ran"))


    def work():
        late = Late()
        total = 0  # stop
        for i in range(3):
            total += i
            time.sleep(0.6)  # the late repr returns meanwhile
        return total

    print("result", work())
    """)
    debuggee, stop = run_to_marker(launch, script)
    assert _scope(debuggee, stop)["late"] == "<repr of Late did not finish in 0.3 s: not tried again>"
    for _ in range(6):
        debuggee.request("next", threadId=stop["threadId"])
        stop = debuggee.stopped()
    assert _run_to_the_end(debuggee, stop) == (0, "result 3\natexit ran\n", "")


def test_a_watch_has_the_budget_of_a_repr(launch, write, monkeypatch):
    monkeypatch.setenv("TDB_REPR_SECONDS", "0.5")
    script = write("watched.py", BLOCKERS + """

    def slow():
        time.sleep(60)
        return 1

    number = 7
    print(number)  # stop
    """)
    debuggee, stop = run_to_marker(launch, script)
    frame = stop["frames"][0]["id"]
    response = debuggee.response_to(debuggee.send("evaluate", expression="slow()", frameId=frame, context="watch"))
    assert not response["success"] and "did not finish in 0.5 s" in response["message"]
    assert debuggee.evaluate("number", frame, context="watch")["result"] == "7"
    assert _run_to_the_end(debuggee, stop) == (0, "7\n", "")
