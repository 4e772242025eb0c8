"""sys.monitoring matters, tested on a Python that has it: this one (3.12+), or the 3.14 CI always has.

Never skipped on 3.11: there the programs run under 3.14 (tests/conftest.py's python314).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from harness.debuggee import ROOT, TIMEOUT
from tests.engine.test_tracer import EVENT_STREAM, TRACING_STATE, line_of, program_state, run_hot_loop


@pytest.fixture
def modern_python(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """An interpreter with sys.monitoring, the monitoring backend chosen."""
    monkeypatch.setenv("TDB_TRACER", "monitoring")
    return sys.executable if hasattr(sys, "monitoring") else request.getfixturevalue("python314")


def test_a_breakpoint_never_reached_in_the_hot_function_costs_no_restart(launch, write, modern_python):
    # bdb's monitoring backend re-arms (restart_events) at every call of a function
    # that holds a breakpoint: OverflowError after about 8.4 million calls.
    assert "restarts 0" in run_hot_loop(launch, write, 9_000_000, 5, python=modern_python)


def test_a_false_condition_in_the_hot_function_costs_no_restart(launch, write, modern_python):
    assert "restarts 0" in run_hot_loop(launch, write, 2_000_000, 6, condition="i < 0", python=modern_python)


def test_the_next_free_tool_id_when_the_debugger_id_is_taken(run_python, write, modern_python):
    script = write("prog.py", TRACING_STATE + textwrap.dedent("""
        import tdb

        sys.monitoring.use_tool_id(sys.monitoring.DEBUGGER_ID, "another debugger")

        def work(n):
            return n + 1

        tdb.set_trace()
        print("STATE", json.dumps(tracing_state()))
        work(1)
        print("STATE", json.dumps(tracing_state()))
    """))
    debuggee = run_python(str(script), python=modern_python)
    debuggee.start()
    stop = debuggee.stopped()
    line = line_of(script, "return n + 1")
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[{"line": line}])
    debuggee.request("continue", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", line)
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    state = program_state(stdout)
    assert returncode == 0 and state["tools"][0] == "another debugger" and "tdb" in state["tools"][1:]


def test_other_monitoring_tools_keep_their_line_events(run_python, write, modern_python):
    # CPython 3.13/3.14 wipe a one-line function's LINE instrumentation, for every
    # tool, when PY_START is disabled there: tdb must not do that to a coverage tool.
    script = write("prog.py", TRACING_STATE + textwrap.dedent("""
        import tdb

        TOOL = 3
        mon = sys.monitoring
        mon.use_tool_id(TOOL, "coverage-like")
        lines = []
        mon.register_callback(TOOL, mon.events.LINE, lambda code, line: lines.append(line))
        one_liner = lambda v: -v

        def two(v): return -v

        mon.set_local_events(TOOL, one_liner.__code__, mon.events.LINE)
        mon.set_local_events(TOOL, two.__code__, mon.events.LINE)
        tdb.set_trace()
        for i in range(3):
            one_liner(i)
            two(i)
        mon.set_local_events(TOOL, one_liner.__code__, 0)
        mon.set_local_events(TOOL, two.__code__, 0)
        print("LINES", len(lines))
    """))
    debuggee = run_python(str(script), python=modern_python)
    debuggee.start()
    stop = debuggee.stopped()
    # A breakpoint somewhere else: tdb now watches every new code object, once.
    line = line_of(script, 'state = {"trace"')
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[{"line": line}])
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "LINES 6" in stdout


def test_monitoring_delivers_the_events_settrace_delivers(tmp_path, modern_python):
    """Calls, lines (with backward jumps on one line), returns, yields, exceptions, throws, resumed
    frames: the same events to the same trace functions, replaced as settrace replaces them."""
    script = tmp_path / "events.py"
    script.write_text(EVENT_STREAM.replace("sys.path.insert(0, ROOT)", f"sys.path.insert(0, {str(ROOT)!r})"))
    result = subprocess.run([modern_python, str(script)], capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "SAME" in result.stdout, result.stdout
    assert int(result.stdout.split()[0]) > 100


def test_settrace_when_every_monitoring_tool_id_is_taken(run_python, write, modern_python):
    script = write("prog.py", """
        import sys
        import tdb

        for tool in range(6):
            sys.monitoring.use_tool_id(tool, f"tool {tool}")

        def work(n):
            return n + 1

        tdb.set_trace()
        work(1)
    """)
    debuggee = run_python(str(script), python=modern_python)
    debuggee.start()
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("<module>", 11)
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[{"line": 8}])
    debuggee.request("continue", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 8)
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 0


# 3.11's settrace cannot reach a thread already running (no threading.settrace_all_threads):
# on 3.12+ both backends must.
@pytest.mark.parametrize("backend", ["monitoring", "settrace"])
def test_a_breakpoint_hits_in_a_thread_that_ran_before_the_debugger(run_python, write, modern_python, backend,
                                                                     monkeypatch):
    monkeypatch.setenv("TDB_TRACER", backend)
    script = write("prog.py", """
        import threading, time
        import tdb

        def work(i):
            return i * 2

        def background(stop):
            i = 0
            while not stop.is_set():
                work(i)
                i += 1
                time.sleep(0.001)

        stop = threading.Event()
        thread = threading.Thread(target=background, args=(stop,), name="worker-1")
        thread.start()
        time.sleep(0.05)
        tdb.set_trace()
        thread.join()
        print("joined")
    """)
    debuggee = run_python(str(script), python=modern_python)
    debuggee.start()
    stop = debuggee.stopped()
    main_thread = stop["threadId"]
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[{"line": 5}])
    debuggee.request("continue", threadId=main_thread, singleThread=True)  # (the worker may be stopped already)
    stop = debuggee.stopped()
    assert stop["threadId"] != main_thread and (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 5)
    threads = {t["id"]: t["name"] for t in debuggee.request("threads")["threads"]}
    assert threads[stop["threadId"]] == "worker-1"
    debuggee.evaluate("stop.set()", stop["frames"][1]["id"])
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[])
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "joined" in stdout
