"""The DAP session itself: initialize, threads, source, pause, and requests at the wrong time."""

from __future__ import annotations

import time

import pytest

from harness.debuggee import TIMEOUT, DapError


def messages_until(debuggee, done) -> list[dict]:
    """Raw messages in arrival order until done(seen) holds."""
    seen: list[dict] = []
    deadline = time.monotonic() + TIMEOUT
    while not done(seen):
        message = debuggee._next(deadline)
        seen.append(message)
        if message["type"] == "response":
            debuggee._responses[message["request_seq"]] = message
    return seen


def test_initialize_answers_before_the_initialized_event(launch, write):
    script = write("prog.py", "x = 1\n")
    debuggee = launch(str(script))
    seq = debuggee.send("initialize", clientID="tests", adapterID="tdb")
    seen = messages_until(debuggee, lambda s: any(m.get("event") == "initialized" for m in s))
    kinds = [m.get("event") or ("response" if m.get("request_seq") == seq else "?") for m in seen]
    assert kinds == ["response", "initialized"]
    capabilities = seen[0]["body"]
    assert capabilities["supportsConfigurationDoneRequest"] is True
    assert capabilities["supportsConditionalBreakpoints"] is True
    assert capabilities["supportsRestartRequest"] is True  # launch mode
    debuggee.request("attach")
    debuggee.request("configurationDone")
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    debuggee.wait_event("exited")


def test_set_trace_mode_offers_no_restart(run_python, write):
    script = write("prog.py", "import tdb\ntdb.set_trace()\nx = 1\n")
    debuggee = run_python(str(script))
    capabilities = debuggee.request("initialize", clientID="tests")
    assert capabilities["supportsRestartRequest"] is False
    debuggee.request("attach")
    debuggee.request("configurationDone")
    stop = debuggee.stopped()
    with pytest.raises(DapError, match="only for a program started by tdb"):
        debuggee.request("restart")
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")


def test_threads_and_source(launch, write):
    script = write("prog.py", """
        import threading
        ready = threading.Event()
        worker = threading.Thread(target=ready.wait, name="waiter")
        worker.start()
        x = 1
        ready.set()
    """)
    debuggee = launch(str(script))
    debuggee.start({str(script): [6]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    threads = debuggee.request("threads")["threads"]
    names = {t["name"] for t in threads}
    assert {"MainThread", "waiter"} <= names
    assert not any(name.startswith("tdb-") for name in names)  # the engine's own threads are hidden
    assert stop["threadId"] in {t["id"] for t in threads}

    source = debuggee.request("source", source={"path": str(script)}, sourceReference=0)
    assert source["content"] == script.read_text()
    with pytest.raises(DapError, match="source not available"):
        debuggee.request("source", source={"path": str(script.parent / "nope.py")}, sourceReference=0)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")


def test_stopped_thread_requests_while_running_are_refused(launch, write):
    script = write("prog.py", """
        import sys
        line = sys.stdin.readline()
        print("got", line.strip())
    """)
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    debuggee.request("continue", threadId=stop["threadId"])
    # The program now waits on stdin: it is running, not stopped.
    for command, arguments in [("stackTrace", {"threadId": stop["threadId"]}), ("evaluate", {"expression": "1"}),
                               ("next", {"threadId": stop["threadId"]}), ("variables", {"variablesReference": 1})]:
        with pytest.raises(DapError, match="running"):
            debuggee.request(command, **arguments)
    with pytest.raises(DapError, match="this stop has no exception|running"):
        debuggee.request("exceptionInfo", threadId=stop["threadId"])
    debuggee.process.stdin.write("hello\n")
    debuggee.process.stdin.flush()
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    assert debuggee.finish()[1] == "got hello\n"


def test_exception_info_at_a_stop_without_exception(launch, write):
    script = write("prog.py", "x = 1\n")
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    with pytest.raises(DapError, match="no exception"):
        debuggee.request("exceptionInfo", threadId=stop["threadId"])
    assert debuggee.request("setExceptionBreakpoints", filters=[]) == {"breakpoints": []}


def test_pause_breaks_into_a_running_loop(launch, write):
    script = write("spin.py", """
        done = False
        count = 0
        print("spinning", flush=True)
        while not done:
            count += 1
        print("stopped spinning")
    """)
    debuggee = launch(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.process.stdout.readline() == "spinning\n"  # in the loop now
    debuggee.request("pause", threadId=0)
    stop = debuggee.stopped()
    assert stop["reason"] == "pause"
    assert stop["frames"][0]["name"] == "<module>" and stop["frames"][0]["line"] in (4, 5)
    debuggee.evaluate("done = True", stop["frames"][0]["id"])
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and stdout == "stopped spinning\n"


def test_breakpoint_in_a_module_imported_later(launch, write):
    helper = write("helper.py", """
        def double(x):
            result = x * 2
            return result
    """)
    script = write("prog.py", """
        import helper
        print(helper.double(21))
    """)
    debuggee = launch(str(script))
    debuggee.start({str(helper): [2]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    assert [(f["name"], f["line"]) for f in stop["frames"]] == [("double", 2), ("<module>", 2)]
    assert stop["frames"][0]["source"]["path"] == str(helper)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    assert debuggee.finish()[1] == "42\n"
