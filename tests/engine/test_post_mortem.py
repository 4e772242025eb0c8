"""Post-mortem: an uncaught exception under `tdb script.py`, tdb.post_mortem() and tdb.pm()."""

from __future__ import annotations

import pytest

from harness.debuggee import DapError

CRASH = """
    def fail(key):
        table = {"present": 1}
        return table[key]


    def main():
        print("starting")
        fail("missing")


    main()
"""


def test_uncaught_exception_stops_post_mortem_then_exits_1(launch, write):
    script = write("crash.py", CRASH)
    debuggee = launch(str(script))
    debuggee.start()
    first = debuggee.stopped()
    debuggee.request("continue", threadId=first["threadId"])

    stop = debuggee.stopped()
    assert stop["reason"] == "exception"
    assert stop["description"] == "KeyError: 'missing'"
    # Only the program's frames, innermost first, ending at the raising line.
    assert [(f["name"], f["line"]) for f in stop["frames"]] == [("fail", 3), ("main", 8), ("<module>", 11)]
    assert all(f["source"]["path"] == str(script) for f in stop["frames"])
    assert "Traceback" in debuggee.output() and "KeyError: 'missing'" in debuggee.output()

    frame = stop["frames"][0]["id"]
    assert debuggee.evaluate("key", frame)["result"] == "'missing'"
    assert debuggee.evaluate("sorted(table)", frame)["result"] == "['present']"
    scopes = [s["name"] for s in debuggee.request("scopes", frameId=frame)["scopes"]]
    assert scopes[0] == "Exception"
    info = debuggee.request("exceptionInfo", threadId=stop["threadId"])
    assert info["exceptionId"] == "KeyError" and info["breakMode"] == "unhandled"
    assert "fail" in info["details"]["stackTrace"]

    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 1
    debuggee.request("disconnect")
    debuggee.wait_event("terminated")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 1
    assert stdout.count("starting") == 1


def test_system_exit_is_an_exit_not_a_crash(launch, write):
    script = write("quits.py", """
        import sys
        sys.exit(4)
    """)
    debuggee = launch(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.stopped_or_exited() is None
    assert debuggee.events[-1]["body"]["exitCode"] == 4
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 4


def test_post_mortem_in_an_except_block(run_python, write):
    script = write("pm.py", """
        import tdb


        def boom():
            x = 41
            raise ValueError("boom %d" % x)


        try:
            boom()
        except ValueError:
            tdb.post_mortem()
        print("after post mortem")
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    assert stop["reason"] == "exception"
    assert stop["description"] == "ValueError: boom 41"
    assert [(f["name"], f["line"]) for f in stop["frames"]] == [("boom", 6), ("<module>", 10)]
    assert debuggee.evaluate("x + 1", stop["frames"][0]["id"])["result"] == "42"
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.wait_event("terminated")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "after post mortem" in stdout


def test_post_mortem_of_an_exception_object_and_pm_after_set_trace(run_python, write):
    script = write("pm.py", """
        import sys
        import tdb


        def divide(a, b):
            return a / b


        tdb.set_trace()
        step = "traced"
        try:
            divide(1, 0)
        except ZeroDivisionError as error:
            # What the interactive interpreter records for an uncaught exception.
            sys.last_exc = sys.last_value = error
            sys.last_type, sys.last_traceback = type(error), error.__traceback__
        tdb.pm()
        print("done", step)
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("<module>", 10)
    debuggee.request("continue", threadId=stop["threadId"])

    # pm() reuses the session that set_trace opened.
    stop = debuggee.stopped()
    assert stop["reason"] == "exception"
    assert stop["description"] == "ZeroDivisionError: division by zero"
    assert [(f["name"], f["line"]) for f in stop["frames"]] == [("divide", 6), ("<module>", 12)]
    assert debuggee.evaluate("(a, b)", stop["frames"][0]["id"])["result"] == "(1, 0)"
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "done traced" in stdout


def test_post_mortem_without_an_exception_is_an_error(run_python, write):
    script = write("nope.py", """
        import tdb

        try:
            tdb.post_mortem()
        except ValueError as error:
            print("refused:", error)
        try:
            tdb.pm()
        except ValueError as error:
            print("refused:", error)
        tdb.set_trace()
        done = True
    """)
    debuggee = run_python(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0
    assert stdout.count("refused:") == 2


def test_stepping_requests_in_post_mortem_end_the_inspection(launch, write):
    script = write("crash.py", CRASH)
    debuggee = launch(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    assert stop["reason"] == "exception"
    # There is nothing left to run: a step ends the post-mortem like continue.
    debuggee.request("next", threadId=stop["threadId"])
    assert debuggee.stopped_or_exited() is None
    with pytest.raises(DapError):
        debuggee.request("evaluate", expression="1")
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 1
