"""A misbehaving client costs a request or the connection, never a hang or the program."""

from __future__ import annotations

import json

import pytest

from harness.debuggee import DapError

# One set_trace(): once the client is gone, a second one would (rightly) wait for a new client.
PROGRAM = """
    import tdb

    def work(stop):
        value = 21
        if stop:
            tdb.set_trace()
        value *= 2
        return value

    print("first", work(True))
    print("second", work(False))
"""


@pytest.fixture
def stopped(run_python, write):
    """A set_trace program stopped in work(): (debuggee, stop)."""
    script = write("prog.py", PROGRAM)
    debuggee = run_python(str(script))
    debuggee.start()
    return debuggee, debuggee.stopped()


def raw(debuggee, data: bytes) -> None:
    debuggee.connection._sock.sendall(data)


def frame(body: dict) -> bytes:
    payload = json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(payload) + payload


def wait_closed(debuggee) -> None:
    """The engine closes its end: the client sees the end of the stream, not a hang."""
    with pytest.raises(DapError, match="closed the connection"):
        debuggee.wait_event("no such event")


def assert_program_finished_alone(debuggee) -> None:
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 0, stderr
    assert stdout == "first 42\nsecond 42\n"


def test_unknown_command_is_an_error_response(stopped):
    debuggee, stop = stopped
    response = debuggee.response_to(debuggee.send("frobnicate", x=1))
    assert response["success"] is False and "unsupported request: 'frobnicate'" in response["message"]
    assert debuggee.evaluate("value", stop["frames"][0]["id"])["result"] == "21"


@pytest.mark.parametrize("message", ids=lambda m: str(m["seq"]), argvalues=[
    {"type": "request", "seq": 50},  # no command
    {"type": "request", "seq": 51, "command": ["evaluate"]},
    {"type": "request", "seq": 52, "command": "evaluate", "arguments": "value"},
    {"type": "request", "seq": 53, "command": "next", "arguments": [1, 2]},
    {"type": "request", "seq": 54, "command": "variables", "arguments": {"variablesReference": "many"}},
    {"type": "request", "seq": 55, "command": "stackTrace", "arguments": {"startFrame": None, "levels": "x"}},
    {"type": "request", "seq": 56, "command": "scopes", "arguments": {"frameId": 12345}},
    {"type": "request", "seq": 57, "command": "setBreakpoints", "arguments": {"source": {"path": 3}}},
    {"type": "request", "seq": 58, "command": "setBreakpoints",
     "arguments": {"source": {"path": "prog.py"}, "breakpoints": [{"line": "ten"}]}},
    {"type": "request", "seq": 59, "command": "setFunctionBreakpoints", "arguments": {"breakpoints": [7]}},
])
def test_malformed_requests_while_stopped_get_error_responses(stopped, message):
    debuggee, stop = stopped
    raw(debuggee, frame(message))
    response = debuggee.response_to(message["seq"])
    assert response["success"] is False and response["message"]
    # The stop is intact and the program goes on as usual.
    assert debuggee.evaluate("value", stop["frames"][0]["id"])["result"] == "21"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    assert_program_finished_alone(debuggee)


def test_a_response_or_event_from_the_client_is_ignored(stopped):
    debuggee, stop = stopped
    raw(debuggee, frame({"type": "response", "seq": 60, "request_seq": 1, "success": True}))
    raw(debuggee, frame({"type": "event", "seq": 61, "event": "stopped"}))
    assert debuggee.evaluate("value", stop["frames"][0]["id"])["result"] == "21"


@pytest.mark.parametrize("garbage", ids=["header", "body", "length", "array", "endless"], argvalues=[
    b"hello, engine\r\n\r\n",
    b"Content-Length: 5\r\n\r\nhello",
    b"Content-Length: many\r\n\r\n{}",
    b"Content-Length: 2\r\n\r\n[]",
    b"X" * 10_000,
])
def test_garbage_closes_the_connection_and_the_program_runs_on(stopped, garbage):
    debuggee, stop = stopped
    raw(debuggee, garbage)
    wait_closed(debuggee)
    # No client: the rest of the program runs, later breakpoints included, on its own.
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 0, stderr
    assert stdout == "first 42\nsecond 42\n"
    assert "malformed message" in stderr


def test_garbage_before_the_program_starts_ends_tdb_cleanly(launch, write):
    script = write("prog.py", "print('never')\n")
    debuggee = launch(str(script))
    raw(debuggee, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 1
    assert "never" not in stdout
    assert "malformed message" in stderr and "went away before the program started" in stderr


def test_disconnect_without_terminating_lets_the_program_run_to_the_end(stopped):
    debuggee, stop = stopped
    debuggee.request("disconnect", terminateDebuggee=False)
    # The client need not even close its end: the program must not wait for it.
    assert_program_finished_alone(debuggee)


def test_disconnect_in_launch_mode_lets_the_program_run_to_the_end(launch, write):
    script = write("prog.py", """
        import sys
        print("line 1")
        print("line 2")
        sys.exit(3)
    """)
    debuggee = launch(str(script))
    debuggee.start({str(script): [3]})
    debuggee.stopped()
    debuggee.request("disconnect", terminateDebuggee=False)
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 3, stderr
    assert stdout == "line 1\nline 2\n"


def test_disconnect_while_running_lets_the_program_run_to_the_end(run_python, write):
    script = write("prog.py", """
        import sys, tdb
        tdb.set_trace()
        print("read", sys.stdin.readline().strip())
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    debuggee.request("disconnect", terminateDebuggee=False)  # the program waits on stdin meanwhile
    debuggee.process.stdin.write("input line\n")
    debuggee.process.stdin.flush()
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and stdout == "read input line\n"


def test_closing_the_socket_while_stopped_lets_the_program_finish(stopped):
    debuggee, stop = stopped
    debuggee.connection.close()
    assert_program_finished_alone(debuggee)


def test_closing_the_socket_in_launch_mode_lets_the_program_finish(launch, write):
    script = write("prog.py", """
        def work():
            return 6 * 7
        print("result", work())
        print("done")
    """)
    debuggee = launch(str(script))
    debuggee.start({str(script): [2]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.where() == ("work", 2)
    debuggee.connection.close()
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0
    assert stdout == "result 42\ndone\n"


def test_terminate_ends_a_launched_program(launch, write):
    script = write("prog.py", """
        print("started")
        x = 1
        print("not reached")
    """)
    debuggee = launch(str(script))
    debuggee.start({str(script): [2]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    debuggee.stopped()
    debuggee.request("terminate")
    debuggee.wait_event("terminated")
    returncode, stdout, _ = debuggee.finish()
    assert stdout == "started\n"
    assert returncode == 0


WAITS_FOR_INPUT = """
    import sys, tdb

    value = 21
    tdb.set_trace()
    # The program must outlive the test's requests: an engine whose program has
    # ended says so (exited, terminated) and answers no more.
    print("read", sys.stdin.readline().strip(), value)
"""


def finish_with_input(debuggee) -> None:
    debuggee.process.stdin.write("line\n")
    debuggee.process.stdin.flush()
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 0, stderr
    assert stdout == "read line 21\n"


def test_requests_pipelined_behind_a_resume_are_all_answered(run_python, write):
    debuggee = run_python(str(write("prog.py", WAITS_FOR_INPUT)))
    debuggee.start()
    stop = debuggee.stopped()
    # Sent together: the engine reads them all before the stopped thread resumes.
    sent = [
        debuggee.send("continue", threadId=stop["threadId"]),
        debuggee.send("stackTrace", threadId=stop["threadId"]),
        debuggee.send("evaluate", expression="value", context="repl"),
        debuggee.send("next", threadId=stop["threadId"]),
    ]
    responses = [debuggee.response_to(seq) for seq in sent]
    assert responses[0]["success"] is True
    for late in responses[1:]:
        assert late["success"] is False and "running" in late["message"]
    finish_with_input(debuggee)


def test_disconnect_pipelined_behind_continue_is_answered(run_python, write):
    debuggee = run_python(str(write("prog.py", WAITS_FOR_INPUT)))
    debuggee.start()
    stop = debuggee.stopped()
    cont = debuggee.send("continue", threadId=stop["threadId"])
    disconnect = debuggee.send("disconnect", terminateDebuggee=False)
    assert debuggee.response_to(cont)["success"] and debuggee.response_to(disconnect)["success"]
    wait_closed(debuggee)
    finish_with_input(debuggee)


def test_an_error_of_the_engines_own_is_one_line_and_its_traceback_goes_to_the_log(launch, write, tmp_path):
    script = write("prog.py", "x = 1\nprint(x)\n")
    log = tmp_path / "engine.log"
    debuggee = launch(str(script), env={"TDB_LOG": str(log)})
    debuggee.start()
    stop = debuggee.stopped()
    with pytest.raises(DapError) as failed:
        debuggee.request("variables", variablesReference="not a number")
    assert str(failed.value).startswith("internal error: ValueError") and str(failed.value).endswith(
        f"(details in {log})")
    written = log.read_text()
    assert "engine: the 'variables' request failed" in written and "Traceback (most recent call last)" in written
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    _, _, stderr = debuggee.finish()
    assert "Traceback" not in stderr
