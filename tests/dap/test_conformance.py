"""tdb as an editor meets it: `python -m tdb.adapter` on standard input and output, driven by a client written
from the Debug Adapter Protocol's specification (its own framing and checks; none of tdb's client code).

Every message the adapter sends is checked as it arrives: a response answers one request once, with its
request_seq and command, a boolean success and a message when it failed; an event has a name; seq rises
strictly. The tests walk a session as an editor does (initialize, launch, initialized, breakpoints,
configurationDone, stops, the end) and exercise every capability the adapter advertises: a capability
advertised without a test here fails test_every_advertised_capability_is_exercised.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 15.0

# -- a client, from the specification ---------------------------------------------------------


def frame(message: dict[str, Any]) -> bytes:
    """The base protocol: a header (Content-Length, in bytes) and a blank line, then the JSON body."""
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: " + str(len(body)).encode("ascii") + b"\r\n\r\n" + body


class SpecClient:
    def __init__(self, cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, "-m", "tdb.adapter"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.seq = 0
        self.sent: dict[int, str] = {}  # seq -> command, of requests not answered yet
        self.answered: set[int] = set()
        self.received: list[dict[str, Any]] = []  # every message, in order
        self.problems: list[str] = []  # what broke the specification
        self._last_seq = 0
        self._inbox: "queue.Queue[dict[str, Any] | None]" = queue.Queue()
        self._lock = threading.Lock()
        self._taken: set[int] = set()  # ids of events a test has waited for
        threading.Thread(target=self._read, daemon=True).start()

    # The adapter's side, read and checked.

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:  # header lines, up to the blank one
                line = stream.readline()
                if not line:
                    self._inbox.put(None)
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                self._problem("a header without Content-Length")
                continue
            message = json.loads(stream.read(length).decode("utf-8"))
            self._check(message)
            self._inbox.put(message)

    def _problem(self, text: str) -> None:
        self.problems.append(text)

    def _check(self, message: dict[str, Any]) -> None:
        with self._lock:
            self.received.append(message)
            seq = message.get("seq")
            if not isinstance(seq, int) or seq <= self._last_seq:
                self._problem(f"seq {seq!r} after {self._last_seq}: {message}")
            else:
                self._last_seq = seq
            kind = message.get("type")
            if kind == "response":
                request_seq = message.get("request_seq")
                if request_seq in self.answered:
                    self._problem(f"a second response to request {request_seq}: {message}")
                elif request_seq not in self.sent:
                    self._problem(f"a response to no request of ours: {message}")
                elif message.get("command") != self.sent[request_seq]:
                    self._problem(f"response command {message.get('command')!r} to a "
                                  f"{self.sent[request_seq]!r} request: {message}")
                self.answered.add(request_seq)  # type: ignore[arg-type]
                if not isinstance(message.get("success"), bool):
                    self._problem(f"success is not a boolean: {message}")
                if message.get("success") is False and not isinstance(message.get("message"), str):
                    self._problem(f"a failed response without a message: {message}")
                if "body" in message and not isinstance(message["body"], dict):
                    self._problem(f"a body that is not an object: {message}")
            elif kind == "event":
                if not isinstance(message.get("event"), str):
                    self._problem(f"an event without a name: {message}")
                if "body" in message and not isinstance(message["body"], dict):
                    self._problem(f"an event body that is not an object: {message}")
            elif kind != "request":  # (reverse requests are allowed; the adapter sends none)
                self._problem(f"a message of no known type: {message}")

    # The client's side.

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, command: str, **arguments: Any) -> int:
        with self._lock:
            self.seq += 1
            seq = self.seq
            self.sent[seq] = command
        message: dict[str, Any] = {"seq": seq, "type": "request", "command": command}
        if arguments:
            message["arguments"] = arguments
        self.write(frame(message))
        return seq

    def _wait(self, accepts: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The first message received (now or later) that accepts() and no earlier wait took."""
        deadline = time.monotonic() + TIMEOUT
        index = 0
        while True:
            with self._lock:
                messages = list(self.received)
            for message in messages[index:]:
                if id(message) not in self._taken and accepts(message):
                    self._taken.add(id(message))
                    return message
            index = len(messages)
            try:
                if self._inbox.get(timeout=max(0.01, min(0.1, deadline - time.monotonic()))) is None \
                        and not self._inbox.qsize() and len(self.received) == index:
                    raise AssertionError(f"the adapter closed its output while we waited for {what}")
            except queue.Empty:
                if time.monotonic() > deadline:
                    raise AssertionError(f"timed out waiting for {what}") from None

    def response(self, seq: int) -> dict[str, Any]:
        return self._wait(lambda m: m.get("type") == "response" and m.get("request_seq") == seq,
                          f"the response to request {seq}")

    def request(self, command: str, **arguments: Any) -> dict[str, Any]:
        response = self.response(self.send(command, **arguments))
        assert response["success"] is True, response
        return response.get("body") or {}

    def error(self, command: str, **arguments: Any) -> str:
        response = self.response(self.send(command, **arguments))
        assert response["success"] is False, response
        return response["message"]

    def event(self, name: str, accepts: Callable[[dict[str, Any]], bool] = lambda body: True) -> dict[str, Any]:
        message = self._wait(lambda m: m.get("type") == "event" and m.get("event") == name
                             and accepts(m.get("body") or {}), f"a {name!r} event")
        return message.get("body") or {}

    def printed(self, text: str, category: str = "stdout") -> None:
        """Wait until the program's output (in as many events as it took) holds `text`."""
        while text not in self.output(category):
            self.event("output")

    def events(self) -> list[str]:
        return [m["event"] for m in self.received if m.get("type") == "event"]

    def output(self, category: str) -> str:
        return "".join(m["body"]["output"] for m in self.received
                       if m.get("event") == "output" and m["body"].get("category") == category)

    def stopped(self) -> dict[str, Any]:
        body = self.event("stopped")
        body["frames"] = self.request("stackTrace", threadId=body["threadId"])["stackFrames"]
        return body

    def hang_up(self) -> None:
        """The client goes away: the adapter's standard input ends."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.stdin = None

    def finish(self) -> tuple[int, str]:
        """The adapter leaves: its exit code and what it wrote on stderr."""
        try:
            _, stderr = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("the adapter did not leave") from None
        return self.process.returncode, stderr.decode()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


@pytest.fixture
def client(tmp_path: Path):
    started: list[SpecClient] = []

    def start() -> SpecClient:
        started.append(SpecClient(tmp_path))
        return started[-1]

    yield start
    for one in started:
        one.close()
    for one in started:
        assert one.problems == []


# -- the programs ----------------------------------------------------------------------------

PROGRAM = """\
import os
import sys


def inner(x):
    y = x * 2
    return y


def outer(n):
    total = inner(n)
    return total + 1


print("argv", sys.argv[1:], "greeting", os.environ.get("GREETING"), "cwd", os.getcwd())
result = outer(2)
print("result", result)
"""
INNER_FIRST, CALL_IN_OUTER, OUTER_RETURN, CALL_IN_MODULE = 6, 11, 12, 16

LOOPS = """\
import time


def work(i):
    value = i * 10
    return value


total = 0
for i in range(5):
    total += work(i)
try:
    {}["missing"]
except KeyError:
    pass
try:
    raise ValueError("not this one")
except ValueError:
    pass
print("total", total)
"""
WORK_FIRST, LOOP_BODY, KEY_ERROR = 5, 11, 13


def initialize(client: SpecClient) -> dict[str, Any]:
    """initialize: its response comes first, and no `initialized` event before it."""
    seq = client.send("initialize", clientID="spec-client", adapterID="tdb", linesStartAt1=True,
                      columnsStartAt1=True, pathFormat="path")
    response = client.response(seq)
    assert response["success"] is True and client.received[0] is response
    return response["body"]


def launch(client: SpecClient, program: Path, breakpoints: list[dict[str, Any]] = (), **arguments: Any
           ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """initialize, launch, then (after `initialized`) breakpoints and configurationDone: (capabilities, the
    breakpoints as the adapter verified them)."""
    capabilities = initialize(client)
    seq = client.send("launch", program=str(program), cwd=str(program.parent), **arguments)
    client.event("initialized")
    verified = []
    if breakpoints:
        verified = client.request("setBreakpoints", source={"path": str(program)},
                                  breakpoints=list(breakpoints))["breakpoints"]
    client.request("configurationDone")
    launched = client.response(seq)
    assert launched["success"] is True, launched
    return capabilities, verified


def run_to_end(client: SpecClient, exit_code: int = 0) -> None:
    """exited (its code), and terminated at once after it; then disconnect, and the adapter leaves."""
    assert client.event("exited") == {"exitCode": exit_code}
    client.event("terminated")
    events = [name for name in client.events() if name != "output"]
    assert events[events.index("exited") + 1] == "terminated"
    client.request("disconnect")
    assert client.finish()[0] == 0


def top(stop: dict[str, Any]) -> tuple[str, int]:
    return stop["frames"][0]["name"].rpartition(".")[2], stop["frames"][0]["line"]


# -- the session ------------------------------------------------------------------------------


def test_a_session_from_launch_to_the_end(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    capabilities, verified = launch(dap, program, [{"line": INNER_FIRST}], args=["one", "two words"],
                                    env={"GREETING": "hello"})
    assert capabilities["supportsConfigurationDoneRequest"] is True
    assert [(b["verified"], b["line"]) for b in verified] == [(True, INNER_FIRST)]

    # No stopOnEntry: the first stop is the breakpoint.
    stop = dap.stopped()
    assert dap.events().index("initialized") < dap.events().index("stopped")
    assert stop["reason"] == "breakpoint" and top(stop) == ("inner", INNER_FIRST)
    assert stop["threadId"] in [thread["id"] for thread in dap.request("threads")["threads"]]
    scopes = dap.request("scopes", frameId=stop["frames"][0]["id"])["scopes"]
    assert scopes and all(isinstance(scope["variablesReference"], int) for scope in scopes)
    variables = dap.request("variables", variablesReference=scopes[0]["variablesReference"])["variables"]
    assert {v["name"]: v["value"] for v in variables}["x"] == "2"
    assert dap.request("evaluate", expression="x * 10", frameId=stop["frames"][0]["id"],
                       context="repl")["result"] == "20"
    assert dap.request("evaluate", expression="x", frameId=stop["frames"][0]["id"],
                       context="hover")["result"] == "2"  # supportsEvaluateForHovers
    assert "argv ['one', 'two words'] greeting hello cwd " + str(tmp_path) in dap.output("stdout")

    # stepOut ends in the caller, at the line of the call; next goes on there; stepIn enters a call.
    dap.request("stepOut", threadId=stop["threadId"])
    stop = dap.stopped()
    assert stop["reason"] == "step" and top(stop) == ("outer", CALL_IN_OUTER)
    dap.request("next", threadId=stop["threadId"])
    assert top(dap.stopped()) == ("outer", OUTER_RETURN)
    dap.request("next", threadId=stop["threadId"])
    assert top(dap.stopped()) == ("<module>", CALL_IN_MODULE)
    dap.request("next", threadId=stop["threadId"])
    assert top(dap.stopped()) == ("<module>", CALL_IN_MODULE + 1)
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)
    assert "result 5\n" in dap.output("stdout")
    assert "waiting for the debugger interface" not in dap.output("stderr")


def test_step_in_enters_the_function_at_its_first_line(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    launch(dap, program, [{"line": CALL_IN_OUTER}])
    stop = dap.stopped()
    dap.request("stepIn", threadId=stop["threadId"])
    assert top(dap.stopped()) == ("inner", INNER_FIRST)
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)


def test_stop_on_entry_stops_at_the_first_line(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    launch(dap, program, stopOnEntry=True)
    stop = dap.stopped()
    assert stop["reason"] == "entry" and top(stop) == ("<module>", 1)
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)


def test_without_breakpoints_or_stop_on_entry_the_program_runs_to_its_end(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    launch(dap, program)
    run_to_end(dap)
    assert "stopped" not in dap.events()


def test_a_crash_ends_with_its_exit_code_and_its_traceback_on_stderr(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text("x = 1\nraise ValueError('boom')\n")
    dap = client()
    launch(dap, program)
    run_to_end(dap, exit_code=1)
    assert "ValueError: boom" in dap.output("stderr")


# -- each advertised capability ---------------------------------------------------------------


def test_conditional_hit_conditional_and_log_points(client, tmp_path):
    program = tmp_path / "loops.py"
    program.write_text(LOOPS)
    dap = client()
    _, verified = launch(dap, program, [{"line": LOOP_BODY, "condition": "i == 3"},
                                        {"line": WORK_FIRST, "hitCondition": "2"},
                                        {"line": WORK_FIRST + 1, "logMessage": "value is {value}"}])
    assert all(b["verified"] for b in verified)
    stop = dap.stopped()  # the hit condition: work's second call
    assert stop["reason"] == "breakpoint" and top(stop) == ("work", WORK_FIRST)
    assert dap.request("evaluate", expression="i", frameId=stop["frames"][0]["id"], context="watch")["result"] == "1"
    dap.request("continue", threadId=stop["threadId"])
    stop = dap.stopped()  # the condition
    assert top(stop) == ("<module>", LOOP_BODY)
    assert dap.request("evaluate", expression="i", frameId=stop["frames"][0]["id"], context="watch")["result"] == "3"
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)
    assert dap.output("console") == "".join(f"value is {i * 10}\n" for i in range(5))


def test_function_breakpoints(client, tmp_path):
    program = tmp_path / "loops.py"
    program.write_text(LOOPS)
    dap = client()
    initialize(dap)
    seq = dap.send("launch", program=str(program), cwd=str(tmp_path))
    dap.event("initialized")
    breakpoints = dap.request("setFunctionBreakpoints", breakpoints=[{"name": "work"}])["breakpoints"]
    assert len(breakpoints) == 1
    dap.request("configurationDone")
    assert dap.response(seq)["success"]
    stop = dap.stopped()
    assert stop["reason"] in ("breakpoint", "function breakpoint") and top(stop)[0] == "work"
    dap.request("setFunctionBreakpoints", breakpoints=[])
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)


def test_exception_filters_and_their_options_and_exception_info(client, tmp_path):
    program = tmp_path / "loops.py"
    program.write_text(LOOPS)
    dap = client()
    capabilities = initialize(dap)
    filters = {f["filter"] for f in capabilities["exceptionBreakpointFilters"]}
    assert {"raised", "uncaught"} <= filters
    seq = dap.send("launch", program=str(program), cwd=str(tmp_path))
    dap.event("initialized")
    # supportsExceptionFilterOptions: the raised filter, for KeyError only (the ValueError is passed by).
    dap.request("setExceptionBreakpoints", filters=[],
                filterOptions=[{"filterId": "raised", "condition": "KeyError"}])
    dap.request("configurationDone")
    assert dap.response(seq)["success"]
    stop = dap.stopped()
    assert stop["reason"] == "exception" and top(stop) == ("<module>", KEY_ERROR)
    info = dap.request("exceptionInfo", threadId=stop["threadId"])
    assert "KeyError" in info["exceptionId"] and info["breakMode"] in ("always", "unhandled", "userUnhandled")
    dap.request("setExceptionBreakpoints", filters=[])
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)


def test_completions_loaded_sources_goto_and_a_stack_in_pages(client, tmp_path):
    program = tmp_path / "loops.py"
    program.write_text(LOOPS)
    dap = client()
    launch(dap, program, [{"line": WORK_FIRST + 1}])
    stop = dap.stopped()
    thread, frame_id = stop["threadId"], stop["frames"][0]["id"]
    # supportsDelayedStackTraceLoading: the stack a page at a time.
    whole = dap.request("stackTrace", threadId=thread)
    assert len(whole["stackFrames"]) == 2
    page = dap.request("stackTrace", threadId=thread, startFrame=1, levels=1)
    assert [f["name"] for f in page["stackFrames"]] == ["<module>"]
    assert page.get("totalFrames", 2) == 2
    # supportsCompletionsRequest
    targets = dap.request("completions", text="val", column=4, frameId=frame_id)["targets"]
    assert "value" in [target["label"] for target in targets]
    # supportsLoadedSourcesRequest
    sources = dap.request("loadedSources")["sources"]
    assert str(program) in [source.get("path") for source in sources]
    # supportsGotoTargetsRequest: back to the function's first line, which runs again.
    targets = dap.request("gotoTargets", source={"path": str(program)}, line=WORK_FIRST)["targets"]
    assert [target["line"] for target in targets] == [WORK_FIRST]
    dap.request("goto", threadId=thread, targetId=targets[0]["id"])
    stop = dap.stopped()
    assert stop["reason"] == "goto" and top(stop) == ("work", WORK_FIRST)
    dap.request("setBreakpoints", source={"path": str(program)}, breakpoints=[])
    dap.request("continue", threadId=thread)
    run_to_end(dap)


def test_single_thread_continue(client, tmp_path):
    program = tmp_path / "threads.py"
    program.write_text("""\
import threading

gate = threading.Event()


def worker():
    gate.wait()
    x = 1
    return x


thread = threading.Thread(target=worker, name="worker")
thread.start()
gate.set()
thread.join()
print("joined")
""")
    dap = client()
    launch(dap, program, [{"line": 8}, {"line": 15}])
    first = dap.stopped()
    second = dap.stopped()
    stops = {top(first)[1]: first, top(second)[1]: second}
    assert set(stops) == {8, 15}
    # supportsSingleThreadExecutionRequests: the worker alone goes on (to its end); the main thread stays.
    body = dap.request("continue", threadId=stops[8]["threadId"], singleThread=True)
    assert body.get("allThreadsContinued") is not True
    dap.event("thread", lambda body: body.get("reason") == "exited")
    frames = dap.request("stackTrace", threadId=stops[15]["threadId"])["stackFrames"]
    assert frames[0]["line"] == 15  # still stopped there
    dap.request("continue", threadId=stops[15]["threadId"])
    run_to_end(dap)
    assert "joined\n" in dap.output("stdout")


def test_cancel_an_evaluation(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    launch(dap, program, [{"line": INNER_FIRST}])
    stop = dap.stopped()
    seq = dap.send("evaluate", expression="__import__('time').sleep(60)", frameId=stop["frames"][0]["id"],
                   context="repl")
    time.sleep(0.3)
    dap.request("cancel", requestId=seq)
    response = dap.response(seq)
    assert response["success"] is False and response["message"] == "cancelled"
    assert dap.request("evaluate", expression="x", frameId=stop["frames"][0]["id"], context="repl")["result"] == "2"
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)


def test_terminate_at_a_stop(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    launch(dap, program, [{"line": INNER_FIRST}])
    dap.stopped()
    dap.request("terminate")
    dap.event("exited")
    dap.event("terminated")
    dap.request("disconnect")
    assert dap.finish()[0] == 0
    assert "result" not in dap.output("stdout")


def test_terminate_while_the_program_runs(client, tmp_path):
    program = tmp_path / "forever.py"
    program.write_text("import time\nprint('started', flush=True)\nwhile True:\n    time.sleep(0.05)\n")
    dap = client()
    launch(dap, program)
    dap.printed("started\n")
    dap.request("terminate")
    dap.event("exited")
    dap.event("terminated")
    dap.request("disconnect")
    assert dap.finish()[0] == 0


def test_restart_only_when_advertised(client, tmp_path):
    # The adapter does not offer DAP's restart (a client restarts by launching again): none is exercised.
    dap = client()
    assert not initialize(dap).get("supportsRestartRequest")
    dap.request("disconnect")
    assert dap.finish()[0] == 0


EXERCISED = {
    "supportsConfigurationDoneRequest": test_a_session_from_launch_to_the_end,
    "supportsEvaluateForHovers": test_a_session_from_launch_to_the_end,
    "supportsFunctionBreakpoints": test_function_breakpoints,
    "supportsConditionalBreakpoints": test_conditional_hit_conditional_and_log_points,
    "supportsHitConditionalBreakpoints": test_conditional_hit_conditional_and_log_points,
    "supportsLogPoints": test_conditional_hit_conditional_and_log_points,
    "supportsTerminateRequest": test_terminate_at_a_stop,
    "supportsExceptionInfoRequest": test_exception_filters_and_their_options_and_exception_info,
    "exceptionBreakpointFilters": test_exception_filters_and_their_options_and_exception_info,
    "supportsExceptionFilterOptions": test_exception_filters_and_their_options_and_exception_info,
    "supportsDelayedStackTraceLoading": test_completions_loaded_sources_goto_and_a_stack_in_pages,
    "supportsCompletionsRequest": test_completions_loaded_sources_goto_and_a_stack_in_pages,
    "supportsGotoTargetsRequest": test_completions_loaded_sources_goto_and_a_stack_in_pages,
    "supportsLoadedSourcesRequest": test_completions_loaded_sources_goto_and_a_stack_in_pages,
    "supportsCancelRequest": test_cancel_an_evaluation,
    "supportsSingleThreadExecutionRequests": test_single_thread_continue,
}


def test_every_advertised_capability_is_exercised(client):
    dap = client()
    capabilities = initialize(dap)
    advertised = {name for name, value in capabilities.items() if not name.startswith("tdb/") and value}
    assert advertised == set(EXERCISED)
    dap.request("disconnect")
    assert dap.finish()[0] == 0


# -- what goes wrong ---------------------------------------------------------------------------


def test_an_unknown_request_is_an_error_response(client, tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    dap = client()
    initialize(dap)
    assert "launch or attach first" in dap.error("threads")  # nothing to ask yet
    launch_seq = dap.send("launch", program=str(program), cwd=str(tmp_path), stopOnEntry=True)
    dap.event("initialized")
    dap.request("configurationDone")
    assert dap.response(launch_seq)["success"]
    stop = dap.stopped()
    assert "noSuchRequest" in dap.error("noSuchRequest", anything=1)
    dap.write(frame({"seq": 99, "type": "request", "arguments": {}}))  # no command
    answer = dap._wait(lambda m: m.get("request_seq") == 99, "the answer to 99")
    assert answer["success"] is False and "command" in answer["message"]
    dap.problems[:] = [p for p in dap.problems if "no request of ours" not in p]  # (99 was sent by hand)
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)


def test_launch_of_a_missing_program_is_an_error_response(client, tmp_path):
    dap = client()
    initialize(dap)
    message = dap.error("launch", program=str(tmp_path / "nope.py"), cwd=str(tmp_path))
    assert "nope.py" in message
    assert "program" in dap.error("launch")  # neither program nor module
    dap.request("disconnect")
    assert dap.finish()[0] == 0


@pytest.mark.parametrize("garbage", [b"Content-Length: many\r\n\r\n{}", b"Content-Length: 7\r\n\r\n{not js",
                                     b"no header at all" * 400], ids=["bad length", "not json", "no header"])
def test_a_malformed_frame_is_an_error_not_a_hang(client, tmp_path, garbage):
    program = tmp_path / "forever.py"
    program.write_text("import time\nprint('started', flush=True)\nwhile True:\n    time.sleep(0.05)\n")
    dap = client()
    launch(dap, program)
    dap.printed("started\n")
    dap.write(garbage)
    code, stderr = dap.finish()
    assert code != 0 and "malformed" in stderr, stderr
    # The program it launched is gone with it.
    deadline = time.monotonic() + TIMEOUT
    while running(program) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(program)


def running(program: Path) -> bool:
    """Whether a process runs `program` (its path is in its command line)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                command = file.read().split(b"\0")
        except OSError:
            continue
        if str(program).encode() in command:
            return True
    return False
