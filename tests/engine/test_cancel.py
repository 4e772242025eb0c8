"""What the user typed never ends: DAP cancel interrupts it, and the session goes on at the same stop."""

from __future__ import annotations

import signal
import time

import pytest

from .conftest import run_to_marker


pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import threading
    import time

    held = threading.Lock()


    def slow():
        with held:  # the program holds it: this waits in C for good
            return 1


    def work():
        number = 7
        return number  # stop


    held.acquire()
    print("result", work())
    held.release()
"""

NEVER_ENDING = [
    ("a Python loop", "while True: pass"),
    ("a lock the program holds", "slow()"),
    ("a sleep", "time.sleep(60)"),
    ("a Python loop that swallows the first interruption",
     "exec('try:\\n while True: pass\\nexcept BaseException:\\n pass\\nwhile True: pass')"),
]


@pytest.fixture
def stopped(launch, write):
    return run_to_marker(launch, write("prog.py", PROGRAM))


def _started(debuggee, frame, expression):
    """Send the evaluation and give it time to be under way on the stopped thread."""
    seq = debuggee.send("evaluate", expression=expression, frameId=frame, context="repl")
    time.sleep(0.3)
    return seq




def test_cancel_is_advertised(launch, write):
    script = write("prog.py", "print('x')\n")
    debuggee = launch(str(script))
    capabilities = debuggee.request("initialize", clientID="tests", adapterID="tdb")
    assert capabilities["supportsCancelRequest"] is True


@pytest.mark.parametrize("expression", [code for _, code in NEVER_ENDING], ids=[name for name, _ in NEVER_ENDING])
def test_an_endless_evaluation_is_cancelled_and_the_stop_goes_on(stopped, expression):
    debuggee, stop = stopped
    frame = stop["frames"][0]["id"]
    seq = _started(debuggee, frame, expression)
    if expression == NEVER_ENDING[-1][1]:
        debuggee.request("cancel", requestId=seq)  # swallowed by the program's except
        time.sleep(0.2)
    debuggee.request("cancel", requestId=seq)
    response = debuggee.response_to(seq)
    assert not response["success"] and response["message"] == "cancelled", response
    assert debuggee.evaluate("number * 6", frame)["result"] == "42"
    debuggee.request("next", threadId=stop["threadId"])
    debuggee.stopped()
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    code, stdout, stderr = debuggee.finish()
    assert (code, stdout) == (0, "result 7\n")
    assert "Cancelled" not in stderr and "Traceback" not in stderr


def test_a_request_queued_behind_an_evaluation_is_cancelled_unrun(stopped):
    debuggee, stop = stopped
    frame = stop["frames"][0]["id"]
    first = _started(debuggee, frame, "while True: pass")
    queued = debuggee.send("evaluate", expression="number", frameId=frame, context="repl")
    debuggee.request("cancel", requestId=queued)
    response = debuggee.response_to(queued)
    assert not response["success"] and response["message"] == "cancelled"
    debuggee.request("cancel", requestId=first)
    assert debuggee.response_to(first)["message"] == "cancelled"
    assert debuggee.evaluate("number", frame)["result"] == "7"


def test_sigint_during_an_evaluation_is_its_error_not_the_sessions_end(stopped):
    """As pdb: a KeyboardInterrupt in what the user typed is that expression's error."""
    debuggee, stop = stopped
    frame = stop["frames"][0]["id"]
    seq = _started(debuggee, frame, "time.sleep(60)")
    debuggee.process.send_signal(signal.SIGINT)
    response = debuggee.response_to(seq)
    assert not response["success"] and response["message"].startswith("KeyboardInterrupt")
    assert debuggee.evaluate("number", frame)["result"] == "7"


def test_a_disconnect_interrupts_the_evaluation_and_the_program_runs_on(stopped):
    debuggee, stop = stopped
    frame = stop["frames"][0]["id"]
    _started(debuggee, frame, "while True: pass")
    debuggee.connection.close()
    code, stdout, _ = debuggee.finish()
    assert (code, stdout) == (0, "result 7\n")


def test_an_endless_evaluation_on_another_thread_is_cancelled(launch, write):
    """Not the main thread: no signal can reach it, an asynchronous exception does (Python code)."""
    script = write("threaded.py", """
        import threading


        def work():
            number = 7
            return number  # stop


        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        print("joined")
    """)
    debuggee, stop = run_to_marker(launch, script)
    frame = stop["frames"][0]["id"]
    seq = _started(debuggee, frame, "while True: pass")
    debuggee.request("cancel", requestId=seq)
    assert debuggee.response_to(seq)["message"] == "cancelled"
    assert debuggee.evaluate("number", frame)["result"] == "7"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    code, stdout, _ = debuggee.finish()
    assert (code, stdout) == (0, "joined\n")
