"""The engine's own code, run on a program's thread, neither steps nor stops, whatever it calls.

The engine forwards the program's output while it steps, and sends its messages with json:
a stop inside that code would wait on the connection's lock the send holds (a hang for good).
The stepping side is held by tests/engine/test_stepping.py (`s` through print, logging and json).
"""

from __future__ import annotations

import inspect
import json
import json.encoder

import pytest

pytestmark = pytest.mark.usefixtures("tracer_backend")

PRINT_THEN_JSON = """
    import json
    print("hello")
    value = json.dumps([1])
    print("value", value)
"""


def _line_of_every_encode() -> int:
    """A line of json's JSONEncoder.encode that every dumps of a list runs once, the engine's included."""
    lines, first = inspect.getsourcelines(json.JSONEncoder.encode)
    return first + next(i for i, line in enumerate(lines) if "chunks = self.iterencode(o, _one_shot=True)" in line)


def test_a_breakpoint_in_json_stops_the_programs_call_not_the_engines(launch, write):
    script = write("prog.py", PRINT_THEN_JSON)
    debuggee = launch(str(script))
    debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("attach")
    [placed] = debuggee.request("setBreakpoints", source={"path": json.encoder.__file__},
                                breakpoints=[{"line": _line_of_every_encode()}])["breakpoints"]
    assert placed["verified"], placed
    debuggee.request("configurationDone")
    stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == 1
    # `n` over the print: the engine forwards "hello" (held while stepping) through json.dumps.
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["reason"], stop["frames"][0]["line"]) == ("step", 3)
    assert "hello" in debuggee.output()
    # The program's own json.dumps stops, and is the breakpoint's first hit.
    debuggee.request("continue", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert stop["reason"] == "breakpoint"
    assert [frame["name"] for frame in stop["frames"]][:3] == ["JSONEncoder.encode", "dumps", "<module>"]
    assert [bp["hits"] for bp in stop["tdb/stop"]["breakpoints"]] == [1]
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    code, stdout, _stderr = debuggee.finish()
    assert code == 0 and stdout == "hello\nvalue [1]\n"


LOGGING_SET_UP_WHILE_STEPPING = """
    import logging
    import sys
    logging.basicConfig(level=logging.INFO, format="log: %(message)s")
    print("before", file=sys.stderr)
    logging.info("after the continue")
    print("last", file=sys.stderr)
"""


def test_a_stream_kept_while_stepping_writes_through_once_the_program_runs(launch, write):
    # basicConfig, run while the output is held, keeps the held stderr: once the program runs
    # again its records go straight to the terminal, in order, not into a hold nobody empties.
    script = write("prog.py", LOGGING_SET_UP_WHILE_STEPPING)
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    for _ in range(3):
        debuggee.request("next", threadId=stop["threadId"])
        stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == 4
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    code, _stdout, stderr = debuggee.finish()
    assert code == 0 and stderr.splitlines()[-3:] == ["before", "log: after the continue", "last"]


ENGINE_CODE_CALLED_DIRECTLY = """
    import json
    from tdb.dap.framing import encode
    frame = encode({"a": 1})
    text = json.dumps([2])
    done = True
"""


def test_stepping_never_stops_in_what_the_engines_own_code_calls(launch, write):
    # Whatever path into the engine's code was not made quiet, `s` does not stop in the modules it
    # calls (json here): the step goes on to the program's next line. The program's own call is stepped into.
    script = write("prog.py", ENGINE_CODE_CALLED_DIRECTLY)
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    seen = []
    while stop is not None and len(seen) < 60:
        seen.append((stop["frames"][0]["name"], stop["frames"][0]["line"]))
        debuggee.request("stepIn", threadId=stop["threadId"])
        stop = debuggee.stopped_or_exited()
    assert stop is None, seen
    # Line 3 calls the engine's encode (json inside): one step from 3 to 4. Line 4 is the program's own dumps.
    assert seen[:5] == [("<module>", 1), ("<module>", 2), ("<module>", 3), ("<module>", 4), ("dumps", seen[4][1])]
    assert seen[-2:] == [("<module>", 5), ("<module>", 5)]


def test_the_program_frame_below_a_finalizer_that_tdbs_code_set_off():
    """`tdb -p` again: the main thread may take the script inside the last session's socket closing."""
    import sys

    from tdb.engine.frames import outside_tdb

    def close():  # the socket module's, run by a finalizer while tdb's code let go of the socket
        return outside_tdb(sys._getframe(), frozenset())

    engine = {"__name__": "tdb._attach_script", "close": close}
    exec("def let_go():\n    return close()\n", engine)

    def program():
        here = sys._getframe()
        return engine["let_go"]() is here and outside_tdb(here, frozenset()) is here  # no tdb below: the frame itself

    assert program()


def test_the_program_frame_of_a_program_that_tdbs_runner_started():
    """Under `tdb script.py` tdb's frames are at the bottom too: the program is above its runner, as for a stop."""
    import sys

    from tdb.engine.frames import outside_tdb

    def close():
        return outside_tdb(sys._getframe(), runners)

    engine = {"__name__": "tdb.launch", "close": close}
    exec("def let_go():\n    return close()\n"
         "def run(program):\n    return program()\n"
         "def main(program):\n    return run(program)\n", engine)
    runners = frozenset({engine["run"].__code__})

    def program():
        here = sys._getframe()
        return engine["let_go"]() is here and outside_tdb(here, runners) is here

    assert engine["main"](program)  # tdb.launch.main -> run (the runner) -> program -> let_go -> close
