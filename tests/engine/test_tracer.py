"""The tracing backends: what they cost the program, and what they leave behind.

Stepping itself is compared with pdb in test_stepping.py. Here: no OverflowError
and no restart_events() per call however long the run, breakpoints in any
thread, condition errors reported, nothing left armed after `continue` with no
breakpoint, and nothing at all after the interface detaches. The monitoring
backend must also deliver exactly what sys.settrace would, event for event.
"""

from __future__ import annotations

import inspect
import json
import sys
import textwrap
import time
from pathlib import Path

import pytest

from harness.debuggee import TIMEOUT

pytestmark = pytest.mark.usefixtures("tracer_backend")



# What the program reports about the tracing machinery still in place.
TRACING_STATE = """
import json, sys

def tracing_state(*codes):
    mon = getattr(sys, "monitoring", None)
    state = {"trace": sys.gettrace() is not None, "tools": [], "events": 0, "local": 0}
    if mon is not None:
        state["tools"] = [mon.get_tool(i) for i in range(6)]
        if "tdb" in state["tools"]:
            tool = state["tools"].index("tdb")
            state["events"] = mon.get_events(tool)
            state["local"] = sum(mon.get_local_events(tool, code) for code in codes)
    return state
"""


def line_of(script: Path, text: str) -> int:
    return next(n for n, line in enumerate(script.read_text().splitlines(), 1) if text in line)


def program_state(stdout: str) -> dict:
    line = next(line for line in stdout.splitlines() if line.startswith("STATE "))
    return json.loads(line[len("STATE "):])


# -- never an OverflowError, never a restart per call ---------------------------------------

HOT_LOOP = """
    import sys

    def hot(i):
        if i < 0:
            print("never")
        return i

    restarts = 0
    mon = getattr(sys, "monitoring", None)
    if mon is not None:
        original = mon.restart_events

        def counting():
            global restarts
            restarts += 1
            original()

        mon.restart_events = counting
    for i in range(int(sys.argv[1])):
        hot(i)
    print("restarts", restarts)
"""


def run_hot_loop(launch, write, iterations: int, line: int, condition: str | None = None,
                 python: str = sys.executable) -> str:
    script = write("hot.py", HOT_LOOP)
    debuggee = launch(str(script), str(iterations), python=python)
    debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("attach")
    spec = {"line": line, **({"condition": condition} if condition else {})}
    placed = debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[spec])
    assert placed["breakpoints"][0]["verified"]
    debuggee.request("configurationDone")
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, stderr = debuggee.finish(timeout=120)
    assert returncode == 0 and "OverflowError" not in stderr, stderr
    return stdout






# -- conditions ----------------------------------------------------------------------------------


def test_a_condition_that_raises_stops_and_says_why(launch, write):
    script = write("prog.py", """
        def check(values):
            for value in values:
                total = value * 2
            return total

        check([1, 2])
    """)
    debuggee = launch(str(script))
    debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("attach")
    debuggee.request("setBreakpoints", source={"path": str(script)},
                     breakpoints=[{"line": 3, "condition": "value > limit"}])
    debuggee.request("configurationDone")
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    assert (stop["reason"], stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("breakpoint", "check", 3)
    assert "value > limit" in stop["description"] and "NameError" in stop["description"]
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.stopped()["description"] == stop["description"]  # again at the next hit
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[])
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.stopped_or_exited() is None


# -- threads ----------------------------------------------------------------------------------------




# -- what stays behind -------------------------------------------------------------------------------


def test_continue_without_breakpoints_leaves_no_event_armed(launch, write):
    script = write("prog.py", TRACING_STATE + textwrap.dedent("""
        def hot(i):
            return i

        for i in range(1000):
            hot(i)
        print("STATE", json.dumps(tracing_state(hot.__code__, sys._getframe().f_code)))
    """))
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    debuggee.request("next", threadId=stop["threadId"])  # some stepping first
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    state = program_state(stdout)
    assert returncode == 0
    assert state["trace"] is False and state["events"] == 0 and state["local"] == 0


DETACHING = TRACING_STATE + """
import os, time

def hot(i):
    if i < 0:
        print("never")
    return i

deadline = time.monotonic() + 20
open("running", "w").close()
i = 0
while not os.path.exists("detached") and time.monotonic() < deadline:
    hot(i)
    i += 1
while time.monotonic() < deadline:  # the engine lets go on its own thread: give it a moment
    state = tracing_state()
    if not state["trace"] and "tdb" not in state["tools"]:
        break
    hot(i)
    time.sleep(0.01)
print("STATE", json.dumps(tracing_state()))
"""


@pytest.mark.parametrize("how", ["disconnect", "interface dies"])
def test_detaching_frees_the_tool_id_and_every_event(launch, write, tmp_path, how):
    script = tmp_path / "prog.py"
    script.write_text(DETACHING)
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [line_of(script, 'print("never")')]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    deadline = time.monotonic() + TIMEOUT
    while not (tmp_path / "running").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    if how == "disconnect":
        debuggee.request("disconnect", terminateDebuggee=False)
    else:
        debuggee.connection.close()
    (tmp_path / "detached").write_text("")
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 0, stderr
    state = program_state(stdout)
    assert state["trace"] is False and "tdb" not in state["tools"]






# -- the monitoring backend delivers what settrace would ---------------------------------------------

EVENT_STREAM = '''
import asyncio, sys, threading, textwrap
sys.path.insert(0, ROOT)
from tdb.engine.tracer import MonitoringTracer

PROGRAM = textwrap.dedent("""
    import asyncio

    def gen(n):
        for i in range(n):
            got = yield i
            if got: yield got
        return "done"

    def delegate():
        result = yield from gen(2)
        return result

    def fails(x):
        if x: raise ValueError(x)
        return x

    def catches():
        try:
            fails(1)
        except ValueError as e:
            msg = str(e)
        finally:
            done = True
        try:
            try:
                fails(2)
            finally:
                pass
        except ValueError:
            pass
        return msg

    async def child(x):
        await asyncio.sleep(0)
        return x + 1

    async def amain():
        a = await child(1)
        return [await child(i) for i in range(2)]

    def run():
        total = sum([i * i for i in range(3)])
        n = 3
        while n: n -= 1
        g = gen(3); next(g); g.send(5); list(g)
        list(delegate())
        g2 = gen(5); next(g2)
        try: g2.throw(KeyError("k"))
        except KeyError: pass
        g3 = gen(5); next(g3); g3.close()
        catches()
        key = sorted([3, 1, 2], key=lambda v: -v)
        f = lambda: [x for x in (1, 2) if x]
        f()
        class C:
            attr = 1
            def m(self): return self.attr
        C().m()
        asyncio.run(amain())
        return total
""")

namespace = {"__name__": "prog"}
exec(compile(PROGRAM, "<prog>", "exec"), namespace)


def summary(arg):
    if isinstance(arg, tuple) and len(arg) == 3:
        return (arg[0].__name__, arg[2] is None)
    return repr(arg)[:40]


def tracer_function(log):
    """Traces everything, except: no local trace for fails() and child(), another one for gen() and m()."""
    def other(frame, event, arg):
        log.append(("other", event, frame.f_code.co_name, frame.f_lineno, summary(arg)))
        return None if frame.f_lineno % 2 else other

    def trace(frame, event, arg):
        if frame.f_code.co_filename == "<prog>":
            log.append((event, frame.f_code.co_name, frame.f_lineno, summary(arg)))
            if event == "call" and frame.f_code.co_name in ("fails", "child"):
                return None
            if event == "call" and frame.f_code.co_name in ("gen", "m"):
                return other
        return trace
    return trace


with_settrace = []
sys.settrace(tracer_function(with_settrace))
namespace["run"]()
sys.settrace(None)


class State:
    stopframe = returnframe = botframe = None
    stoplineno = 0


class States:
    def of(self, ident): return State


class Stepping(State):
    """What the tracer asks a debugger, for a debugger that steps everywhere."""
    stepping = steppers = frozenset({threading.get_ident()})
    tracing, quitting, quiet = True, False, set()
    thread_states = States()
    breaks = {}

    def is_stopped(self, thread): return False
    def breakpoint_signature(self): return frozenset()
    def canonic(self, filename): return filename
    def tracing_failed(self): raise AssertionError("a trace function raised")


debugger = Stepping()
with_monitoring = []
debugger.trace_dispatch = tracer_function(with_monitoring)
tracer = MonitoringTracer(debugger)
tracer.start()
namespace["run"]()
tracer.stop()
print(len(with_settrace), "events")
print("SAME" if with_monitoring == with_settrace else "DIFFERENT")
if with_monitoring != with_settrace:
    import difflib
    diff = difflib.unified_diff([str(e) for e in with_settrace], [str(e) for e in with_monitoring], lineterm="")
    print("\\n".join(diff))
'''




def test_a_breakpoint_set_while_the_program_runs_after_a_bare_continue(launch, write, tmp_path):
    # After `continue` with no breakpoint nothing traces the program; a breakpoint
    # set then (the interface sends it while the program runs) must still hit.
    script = write("prog.py", """
        import time

        def work(i):
            return i + 1

        open("running", "w").close()
        deadline = time.monotonic() + 10
        i = 0
        while time.monotonic() < deadline:
            work(i)
            i += 1
            time.sleep(0.001)
        print("never stopped")
    """)
    debuggee = launch(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    deadline = time.monotonic() + TIMEOUT
    while not (tmp_path / "running").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[{"line": 4}])
    stop = debuggee.stopped()
    assert (stop["reason"], stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("breakpoint", "work", 4)
    debuggee.request("disconnect", terminateDebuggee=True)
    debuggee.finish()



def test_a_breakpoint_in_a_module_the_engine_uses_stops_the_program_not_the_engine(launch, write):
    """The engine itself runs json (DAP): a breakpoint there must not stop (or hang) the engine's own threads."""
    import json.encoder

    line = inspect.getsourcelines(json.encoder.JSONEncoder.encode)[1] + 1  # (its docstring: placed further on)
    script = write("prog.py", """
        import json

        x = 1
        text = json.dumps({"a": 1})
        print("done", text)
    """)
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [4]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[])
    placed = debuggee.request("setBreakpoints", source={"path": json.encoder.__file__}, breakpoints=[{"line": line}])
    assert placed["breakpoints"][0]["verified"]
    assert debuggee.evaluate("x + 1", stop["frames"][0]["id"])["result"] == "2"  # the engine still answers
    debuggee.request("continue", threadId=stop["threadId"])
    in_json = debuggee.stopped()  # the program's own json.dumps stops there
    assert in_json["frames"][0]["name"] == "JSONEncoder.encode"
    assert [f["line"] for f in in_json["frames"] if f["name"] == "<module>"] == [4]
    debuggee.request("setBreakpoints", source={"path": json.encoder.__file__}, breakpoints=[])
    debuggee.request("continue", threadId=in_json["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    assert 'done {"a": 1}' in debuggee.finish()[1]
