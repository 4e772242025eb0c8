"""Whose meanings the engine follows: pdb's for tdb's interface (initialize's tdb/pdbMeanings), DAP's for any
other client.

pdb's: stepIn (s) stops at a call's --Call--, stepOut (r) at the function's return, the program stops at its
first line, and the session outlives the program (exited, then a restart or quit). DAP's (debugpy's): stepIn
stops at the function's first line, a step that ends at a return ends in the caller at the line of the call,
stopOnEntry decides the first stop, and `terminated` follows `exited` at once.
"""

from __future__ import annotations

import time

import pytest

from harness.debuggee import DapError

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    def inner(x):
        y = x * 2
        return y

    def outer(n):
        total = inner(n)
        return total + 1

    result = outer(2)
    print("result", result)
"""
CALL_IN_OUTER, INNER_FIRST, INNER_RETURN, OUTER_RETURN = 6, 2, 3, 7


def start(launch, script, *, pdb_meanings: bool, breakpoints=(), **attach):
    debuggee = launch(str(script), pdb_meanings=pdb_meanings)
    capabilities = debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("launch", **attach)
    if breakpoints:
        debuggee.request("setBreakpoints", source={"path": str(script)},
                         breakpoints=[{"line": line} for line in breakpoints])
    debuggee.request("configurationDone")
    return debuggee, capabilities


def top(stop):
    frame = stop["frames"][0]
    return frame["name"].rpartition(".")[2], frame["line"]


def events_after(debuggee, name):
    names = [event["event"] for event in debuggee.events]
    return names[names.index(name) + 1:]


def test_dap_step_out_stops_in_the_caller_at_the_line_of_the_call(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False, breakpoints=[INNER_FIRST])
    stop = debuggee.stopped()
    assert (stop["reason"], top(stop)) == ("breakpoint", ("inner", INNER_FIRST))
    debuggee.request("stepOut", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["reason"], stop["description"], top(stop)) == ("step", "", ("outer", CALL_IN_OUTER))
    # The call has returned: the next line of the caller comes next, not inner again.
    debuggee.request("next", threadId=stop["threadId"])
    assert top(debuggee.stopped()) == ("outer", OUTER_RETURN)
    # next at a function's last line ends in its caller too, at the call's line.
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["description"], top(stop)) == ("", ("<module>", 9))
    debuggee.request("stepOut", threadId=stop["threadId"])  # out of the program: it runs to its end
    debuggee.wait_event("exited")
    debuggee.wait_event("terminated")
    assert debuggee.finish()[0] == 0


def test_dap_step_in_stops_at_the_function_s_first_line_not_at_its_call(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False, breakpoints=[CALL_IN_OUTER])
    stop = debuggee.stopped()
    debuggee.request("stepIn", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["description"], top(stop)) == ("", ("inner", INNER_FIRST))
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("terminated")


def test_pdb_step_in_stops_at_the_call_as_s_does(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=True, breakpoints=[CALL_IN_OUTER])
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])  # from the first line
    stop = debuggee.stopped()
    debuggee.request("stepIn", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["description"], top(stop)) == ("call", ("inner", 1))
    debuggee.request("disconnect")
    debuggee.finish()


def test_pdb_step_out_stops_at_the_return_as_r_does(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=True, breakpoints=[INNER_FIRST])
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])  # from the first line
    stop = debuggee.stopped()
    assert top(stop) == ("inner", INNER_FIRST)
    debuggee.request("stepOut", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["description"], top(stop)) == ("return", ("inner", INNER_RETURN))
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 0


def test_dap_without_stop_on_entry_runs_to_the_first_breakpoint(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, capabilities = start(launch, script, pdb_meanings=False, breakpoints=[INNER_RETURN])
    assert capabilities["supportsRestartRequest"] is False  # DAP's restart comes at any time: not offered
    stop = debuggee.stopped()
    assert (stop["reason"], top(stop)) == ("breakpoint", ("inner", INNER_RETURN))
    assert "tdb/stop" not in stop  # the interface's first screen: another client asks for what it shows
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.wait_event("terminated")


def test_dap_without_stop_on_entry_or_breakpoints_runs_to_the_end_then_terminated(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False)
    assert debuggee.wait_event("exited") == {"exitCode": 0}
    debuggee.wait_event("terminated")
    assert [event["event"] for event in debuggee.events if event["event"] != "output"] == [
        "initialized", "exited", "terminated"]
    code, stdout, _ = debuggee.finish()  # the session ended with the program: nobody has to disconnect
    assert (code, stdout) == (0, "result 5\n")


def test_dap_breakpoint_on_the_first_line_stops_there_without_stop_on_entry(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False, breakpoints=[1])
    stop = debuggee.stopped()
    assert (stop["reason"], top(stop)) == ("breakpoint", ("<module>", 1))
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("terminated")


def test_dap_stop_on_entry_stops_at_the_first_line(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False, stopOnEntry=True)
    stop = debuggee.stopped()
    assert (stop["reason"], top(stop)) == ("entry", ("<module>", 1))
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.wait_event("terminated")


def test_pdb_meanings_stop_at_the_first_line_whatever_stop_on_entry_says(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, capabilities = start(launch, script, pdb_meanings=True, stopOnEntry=False)
    assert capabilities["supportsRestartRequest"] is True
    stop = debuggee.stopped()
    assert (stop["reason"], top(stop)) == ("entry", ("<module>", 1))
    assert "tdb/stop" in stop
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    # The session outlives the program: restart runs it again, from its first line.
    debuggee.request("restart")
    stop = debuggee.stopped()
    assert top(stop) == ("<module>", 1)
    assert "terminated" not in [event["event"] for event in debuggee.events]
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 0


def test_dap_a_crash_ends_the_session_without_a_post_mortem_stop(launch, write):
    script = write("prog.py", "x = 1\nraise ValueError('boom')\n")
    debuggee, _ = start(launch, script, pdb_meanings=False)
    assert debuggee.wait_event("exited") == {"exitCode": 1}
    debuggee.wait_event("terminated")
    assert "stopped" not in [event["event"] for event in debuggee.events]
    code, _, stderr = debuggee.finish()
    assert "ValueError: boom" in stderr  # on the program's own stderr, once
    assert "ValueError" not in debuggee.output()


def test_dap_a_crash_stops_for_the_uncaught_filter(launch, write):
    script = write("prog.py", "x = 1\nraise ValueError('boom')\n")
    debuggee = launch(str(script), pdb_meanings=False)
    debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("launch")
    debuggee.request("setExceptionBreakpoints", filters=["uncaught"])
    debuggee.request("configurationDone")
    stop = debuggee.stopped()
    assert stop["reason"] == "exception" and top(stop) == ("<module>", 2)
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited") == {"exitCode": 1}
    debuggee.wait_event("terminated")


def test_dap_step_out_of_a_thread_s_function_lets_the_thread_end(launch, write):
    script = write("prog.py", """
        import threading

        def work():
            x = 1
            return x

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        print("done")
    """)
    debuggee, _ = start(launch, script, pdb_meanings=False, breakpoints=[4])
    stop = debuggee.stopped()
    assert top(stop) == ("work", 4)
    debuggee.request("stepOut", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.wait_event("terminated")
    assert "stopped" not in [event["event"] for event in debuggee.events if not event.get("_taken")]
    assert debuggee.finish()[1] == "done\n"


def test_dap_step_in_at_a_return_ends_in_the_caller(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False, breakpoints=[INNER_RETURN])
    stop = debuggee.stopped()
    debuggee.request("stepIn", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["description"], top(stop)) == ("", ("outer", CALL_IN_OUTER))
    # The caller's frame shows what the call made once it is assigned: the line of the call is not done yet.
    debuggee.request("stepIn", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert top(stop) == ("outer", OUTER_RETURN)
    assert debuggee.locals(stop["frames"][0]["id"])["total"] == "4"
    debuggee.request("disconnect")
    debuggee.finish()


@pytest.mark.parametrize("pdb_meanings", [True, False])
def test_the_program_s_output_is_held_only_for_tdb_s_interface(launch, write, pdb_meanings):
    # pdb's meanings hold what the program prints while the interface owns the terminal, and send it as
    # output events; another client shares no terminal: the program's stdout is its own way there.
    script = write("prog.py", """
        import threading
        import time

        def chatter():
            time.sleep(0.2)
            print("from the thread", flush=True)

        worker = threading.Thread(target=chatter)
        worker.start()
        x = 1
        worker.join()
    """)
    debuggee, _ = start(launch, script, pdb_meanings=pdb_meanings, breakpoints=[11])
    if pdb_meanings:
        debuggee.request("continue", threadId=debuggee.stopped()["threadId"])  # from the first line
    stop = debuggee.stopped()
    assert top(stop) == ("<module>", 11)
    time.sleep(1.0)  # the thread prints meanwhile
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    if pdb_meanings:
        assert debuggee.output() == "from the thread\n"
        debuggee.request("disconnect")
    else:
        debuggee.wait_event("terminated")
        assert debuggee.output() == ""
    assert debuggee.finish()[1] == "from the thread\n"


def test_an_unknown_request_is_an_error_either_way(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, _ = start(launch, script, pdb_meanings=False, stopOnEntry=True)
    stop = debuggee.stopped()
    with pytest.raises(DapError, match="unsupported request"):
        debuggee.request("noSuchRequest")
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("terminated")
