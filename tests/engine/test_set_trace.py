"""breakpoint() with PYTHONBREAKPOINT=tdb.set_trace, and tdb.set_trace() itself."""

from __future__ import annotations

import time

import pytest

# Breakpoints and stops must work the same on every tracing backend.
pytestmark = pytest.mark.usefixtures("tracer_backend")

BREAKPOINT_ENV = {"PYTHONBREAKPOINT": "tdb.set_trace"}

PROGRAM = """
    import sys


    def work(values):
        breakpoint()
        total = sum(values)
        return total


    first = work([1, 2])
    second = work([3, 4])
    print("totals", first, second)
    sys.exit(7)
"""


def test_breakpoint_stops_at_the_next_line(run_python, write):
    script = write("prog.py", PROGRAM)
    debuggee = run_python(str(script), env=BREAKPOINT_ENV)
    debuggee.start()
    stop = debuggee.stopped()
    assert [(f["name"], f["line"]) for f in stop["frames"]] == [("work", 6), ("<module>", 10)]
    # No frame of tdb's own (set_trace, the session) shows.
    assert all(f["source"]["path"] == str(script) for f in stop["frames"])
    assert debuggee.evaluate("values", stop["frames"][0]["id"])["result"] == "[1, 2]"
    debuggee.request("next", threadId=stop["threadId"])
    assert debuggee.where() == ("work", 7)


def test_a_second_breakpoint_reuses_the_session_and_keeps_breakpoints(run_python, write):
    script = write("prog.py", PROGRAM)
    debuggee = run_python(str(script), env=BREAKPOINT_ENV)
    debuggee.start()
    stop = debuggee.stopped()
    placed = debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[{"line": 12}])
    assert placed["breakpoints"][0]["verified"]
    debuggee.request("continue", threadId=stop["threadId"])

    stop = debuggee.stopped()  # the second breakpoint(), same connection
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 6)
    assert debuggee.evaluate("values", stop["frames"][0]["id"])["result"] == "[3, 4]"
    debuggee.request("continue", threadId=stop["threadId"])

    stop = debuggee.stopped()  # the line breakpoint set during the first stop
    assert stop["reason"] == "breakpoint"
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("<module>", 12)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.wait_event("terminated")
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 7
    assert "totals 3 7" in stdout
    assert stderr.count("waiting for the debugger interface") == 1


def test_program_exit_ends_the_session_with_the_programs_exit_code(run_python, write):
    script = write("prog.py", """
        import tdb

        values = [1, 2, 3]
        tdb.set_trace()
        print("sum", sum(values))
        raise SystemExit(5)
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("<module>", 5)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.wait_event("terminated")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 5
    assert stdout == "sum 6\n"


def test_output_while_stopped_reaches_the_client_and_the_terminal_in_order(run_python, write):
    script = write("prog.py", """
        import tdb

        print("before")
        tdb.set_trace()
        print("after")
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    result = debuggee.evaluate("print('from the console')", stop["frames"][0]["id"])
    assert result["result"].startswith("from the console")
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0
    assert stdout == "before\nafter\n"


def test_set_trace_in_a_thread(run_python, write):
    script = write("prog.py", """
        import threading
        import tdb

        def worker(results):
            local = "in the thread"
            tdb.set_trace()
            results.append(local)

        results = []
        thread = threading.Thread(target=worker, args=(results,), name="worker-1")
        thread.start()
        thread.join()
        print("results", results)
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    assert [f["name"] for f in stop["frames"]][0] == "worker"
    threads = {t["id"]: t["name"] for t in debuggee.request("threads")["threads"]}
    assert threads[stop["threadId"]] == "worker-1"
    assert debuggee.evaluate("local", stop["frames"][0]["id"])["result"] == "'in the thread'"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "results ['in the thread']" in stdout


def test_runcall_and_run_stop_at_their_first_line(run_python, write):
    script = write("prog.py", """
        import tdb

        def add(a, b):
            total = a + b
            return total

        print("runcall", tdb.runcall(add, 1, 2))
        tdb.run("y = add(3, 4)")
        print("run", y)
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    # As in pdb, the stack starts at the call runcall() made.
    assert [(f["name"], f["line"]) for f in stop["frames"]] == [("add", 4)]
    assert debuggee.evaluate("(a, b)", stop["frames"][0]["id"])["result"] == "(1, 2)"
    debuggee.request("continue", threadId=stop["threadId"])

    stop = debuggee.stopped()  # the statement given to run(), compiled as <string>
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("<module>", 1)
    assert stop["frames"][0]["source"]["path"].endswith("<string>")
    debuggee.request("stepIn", threadId=stop["threadId"])
    assert debuggee.where() == ("add", 3)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and stdout == "runcall 3\nrun 7\n"


def test_a_busy_program_stops_and_its_threads_run_on_as_before(run_python, write):
    # tdb loads with the spinning threads held (engine/switching.py); at the stop they run again (non-stop),
    # and once the program runs on, nothing of the hold is left.
    script = write("prog.py", """
        import sys
        import threading

        counts = [0, 0, 0]
        running = True

        def spin(k):
            while running:
                counts[k] += 1

        threads = [threading.Thread(target=spin, args=(k,)) for k in range(3)]
        for thread in threads:
            thread.start()
        breakpoint()
        running = False
        for thread in threads:
            thread.join()
        tools = [sys.monitoring.get_tool(t) for t in (3, 4)] if hasattr(sys, "monitoring") else [None, None]
        print("after", sys.getswitchinterval(), tools)
    """)
    debuggee = run_python(str(script), env=BREAKPOINT_ENV)
    debuggee.start()
    stop = debuggee.stopped()
    frame = stop["frames"][0]["id"]
    first = debuggee.evaluate("list(counts)", frame)["result"]
    time.sleep(0.3)
    later = debuggee.evaluate("list(counts)", frame)["result"]
    assert all(b > a for a, b in zip(eval(first), eval(later))), (first, later)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "after 0.005 [None, None]" in stdout
