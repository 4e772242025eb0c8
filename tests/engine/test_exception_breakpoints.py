"""Exception breakpoints (raised, uncaught, by type) and browsing a stop's exception (chains, groups), over DAP."""

from __future__ import annotations

import sys

import pytest

from harness.debuggee import DapError

pytestmark = pytest.mark.usefixtures("tracer_backend")

RAISES = """
    import json


    class Countdown:
        def __init__(self):
            self.left = 2

        def __iter__(self):
            return self

        def __next__(self):
            if not self.left:
                raise StopIteration
            self.left -= 1
            return self.left


    def numbers():
        yield 1
        yield 2


    def parse(text):
        return int(text)


    def main():
        total = sum(numbers()) + sum(Countdown())
        try:
            parse("x")
        except ValueError:
            pass
        try:
            json.loads("{")
        except ValueError:
            pass
        try:
            {}["missing"]
        except LookupError:
            pass
        print("done", total)


    main()
"""


def _start(launch, script, *filters, options=None):
    debuggee = launch(str(script))
    debuggee.start()
    first = debuggee.stopped()
    body = debuggee.request("setExceptionBreakpoints", filters=list(filters), filterOptions=options or [])
    debuggee.request("continue", threadId=first["threadId"])
    return debuggee, body


def _stops(debuggee):
    """Every stop until the program ends, continuing each: (description, innermost function, line)."""
    seen = []
    while (stop := debuggee.stopped_or_exited()) is not None:
        top = stop["frames"][0]
        seen.append((stop["reason"], stop.get("description"), top["name"], top["line"]))
        debuggee.request("continue", threadId=stop["threadId"])
    debuggee.request("disconnect")
    return seen


def test_the_filters_are_offered(launch, write):
    debuggee = launch(str(write("p.py", "x = 1\n")))
    capabilities = debuggee.request("initialize", clientID="tests", adapterID="tdb")
    assert [f["filter"] for f in capabilities["exceptionBreakpointFilters"]] == ["raised", "uncaught"]
    assert capabilities["supportsExceptionFilterOptions"] is True


def test_raised_stops_where_each_exception_is_raised_once_in_user_and_library_code(launch, write):
    debuggee, body = _start(launch, write("raises.py", RAISES), "raised")
    assert body["breakpoints"] == [{"verified": True}]
    stops = _stops(debuggee)
    # Not the StopIterations that end the generator and the iterator; json's own StopIteration
    # (its scanner's) neither, but its JSONDecodeError where json raises it; each exception once.
    assert [(reason, description.split(":")[0], name) for reason, description, name, _ in stops] == [
        ("exception", "ValueError", "parse"),
        ("exception", "JSONDecodeError", "JSONDecoder.raw_decode"),
        ("exception", "KeyError", "main"),
    ]
    assert stops[0][1] == "ValueError: invalid literal for int() with base 10: 'x'"
    assert stops[0][3] == 24
    assert stops[2][1] == "KeyError: 'missing'"
    assert debuggee.finish()[1].strip() == "done 4"


def test_raised_limited_to_types_by_name_or_base(launch, write):
    debuggee, body = _start(launch, write("raises.py", RAISES),
                            options=[{"filterId": "raised", "condition": "LookupError, StopIteration"}])
    assert body["breakpoints"] == [{"verified": True}]
    # StopIteration named: the iterator's raise stops (the generator's end is no raise).
    assert [(d.split(":")[0], name) for _, d, name, _ in _stops(debuggee)] == [
        ("StopIteration", "Countdown.__next__"),
        ("KeyError", "main"),
    ]


def test_bad_filters_and_type_names_are_refused_one_by_one(launch, write):
    debuggee = launch(str(write("p.py", "x = 1\n")))
    debuggee.start()
    debuggee.stopped()
    body = debuggee.request("setExceptionBreakpoints", filters=["caught"],
                            filterOptions=[{"filterId": "raised", "condition": "Value Error2, 3x"},
                                           {"filterId": "uncaught", "condition": "KeyError"}])
    assert body["breakpoints"] == [
        {"verified": False, "message": "unknown exception filter 'caught'"},
        {"verified": False, "message": "'3x' is not an exception type name"},
        {"verified": True},
    ]


UNCAUGHT = """
    import threading


    def inner(n):
        raise RuntimeError(f"leaving with {n}")


    def outer():
        secret = "still here"
        inner(3)


    def worker():
        raise KeyError("in a thread")


    try:
        inner(1)
    except RuntimeError:
        pass
    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    outer()
"""


def test_uncaught_stops_before_leaving_the_program_and_in_threads(launch, write):
    debuggee, _ = _start(launch, write("uncaught.py", UNCAUGHT), "uncaught")
    in_thread = debuggee.stopped()
    assert in_thread["reason"] == "exception" and in_thread["description"] == "KeyError: 'in a thread'"
    assert in_thread["frames"][0]["name"] == "worker"
    assert debuggee.request("exceptionInfo", threadId=in_thread["threadId"])["breakMode"] == "unhandled"
    debuggee.request("continue", threadId=in_thread["threadId"])

    leaving = debuggee.stopped()
    assert leaving["description"] == "RuntimeError: leaving with 3"
    assert [(f["name"], f["line"]) for f in leaving["frames"]] == [("inner", 5), ("outer", 10), ("<module>", 24)]
    assert debuggee.evaluate("secret", leaving["frames"][1]["id"])["result"] == "'still here'"
    assert "Traceback" not in debuggee.output()  # not printed yet: the program has not ended
    debuggee.request("continue", threadId=leaving["threadId"])

    # No second stop for the same crash (the post-mortem it would get without the filter): the program ends.
    assert debuggee.wait_event("exited")["exitCode"] == 1
    assert "Traceback" in debuggee.output()
    debuggee.request("disconnect")
    _, _, stderr = debuggee.finish()
    assert "KeyError: 'in a thread'" in stderr  # the thread's own excepthook still ran


def test_uncaught_limited_to_a_type(launch, write):
    debuggee, _ = _start(launch, write("uncaught.py", UNCAUGHT),
                         options=[{"filterId": "uncaught", "condition": "RuntimeError"}])
    stop = debuggee.stopped()  # not the thread's KeyError
    assert stop["description"] == "RuntimeError: leaving with 3"
    assert debuggee.request("exceptionInfo", threadId=stop["threadId"])["breakMode"] == "unhandled"


def test_raised_during_a_step_stops_once(launch, write):
    script = write("step.py", """
        def fail():
            raise ValueError("inside")


        def main():
            try:
                fail()
            except ValueError:
                pass
            return 1


        main()
    """)
    debuggee = launch(str(script))
    debuggee.start({str(script): [7]})
    first = debuggee.stopped()
    debuggee.request("continue", threadId=first["threadId"])
    at_call = debuggee.stopped()
    debuggee.request("setExceptionBreakpoints", filters=["raised"])
    debuggee.request("next", threadId=at_call["threadId"])
    raised = debuggee.stopped()
    assert (raised["description"], raised["frames"][0]["name"], raised["frames"][0]["line"]) == \
        ("ValueError: inside", "fail", 2)
    debuggee.request("next", threadId=raised["threadId"])
    # What follows is pdb's (--Return-- of fail): the exception is not reported again where it was raised.
    following = debuggee.stopped()
    assert (following["reason"], following["description"], following["frames"][0]["name"]) == \
        ("step", "return", "fail")


OFF = """
    import sys
    import threading


    def state():
        events = [sys.monitoring.get_events(i) for i in range(6)] if hasattr(sys, "monitoring") else []
        return sys.gettrace(), sum(events), threading.excepthook is threading.__excepthook__


    x = 1
    print(state())
"""


def test_filters_turned_off_leave_no_tracing_behind(launch, write):
    script = write("off.py", OFF)
    debuggee = launch(str(script))
    debuggee.start({str(script): [11]})
    first = debuggee.stopped()
    debuggee.request("setExceptionBreakpoints", filters=["raised", "uncaught"])
    debuggee.request("setExceptionBreakpoints", filters=[])
    debuggee.request("setBreakpoints", source={"path": str(script)}, breakpoints=[])
    debuggee.request("continue", threadId=first["threadId"])
    assert debuggee.stopped_or_exited() is None
    debuggee.request("disconnect")
    assert debuggee.finish()[1].strip() == "(None, 0, True)"


CHAIN = """
    def load():
        settings = {}
        try:
            return settings["port"]
        except KeyError as error:
            raise ValueError("bad config") from error


    def main():
        try:
            load()
        except ValueError:
            raise RuntimeError("startup failed")


    main()
"""


def _post_mortem(launch, write, source):
    debuggee = launch(str(write("chain.py", source)))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    return debuggee, debuggee.stopped()


def test_the_chain_is_listed_oldest_first_with_the_traceback(launch, write):
    debuggee, stop = _post_mortem(launch, write, CHAIN)
    body = debuggee.request("tdb/exceptions")
    assert [(e["id"], e["description"], e["relation"], e["depth"]) for e in body["exceptions"]] == [
        (0, "KeyError: 'port'", "", 0),
        (1, "ValueError: bad config", "cause", 0),
        (2, "RuntimeError: startup failed", "context", 0),
    ]
    assert body["selected"] == body["current"] == 2
    assert [e["repr"] for e in body["exceptions"]] == [
        "KeyError('port')", "ValueError('bad config')", "RuntimeError('startup failed')"]
    text = body["formatted"]
    assert "The above exception was the direct cause of the following exception:" in text
    assert "During handling of the above exception, another exception occurred:" in text
    lines = text.splitlines()
    # Each exception's part of the text ends with its summary line, in order.
    assert [lines[e["summaryLine"]] for e in body["exceptions"]] == \
        ["KeyError: 'port'", "ValueError: bad config", "RuntimeError: startup failed"]
    if sys.version_info >= (3, 11):
        assert "~~~~~~~~^^^^^^^^" in text  # PEP 657: settings["port"]


def test_selecting_an_exception_moves_the_stack_to_its_traceback(launch, write):
    debuggee, stop = _post_mortem(launch, write, CHAIN)
    old_frame = stop["frames"][0]["id"]
    body = debuggee.request("tdb/selectException", id=0)
    assert body["selected"] == 0 and body["description"] == "KeyError: 'port'"
    frames = body["stackFrames"]
    assert [(f["name"], f["line"]) for f in frames] == [("load", 4)]  # as in pdb: its traceback, no more
    assert debuggee.evaluate("settings", frames[0]["id"])["result"] == "{}"
    assert debuggee.evaluate("1 + 1", old_frame)["result"] == "2"  # the earlier frame ids still answer
    scopes = debuggee.request("scopes", frameId=frames[0]["id"])["scopes"]
    exception_scope = next(s for s in scopes if s["name"] == "Exception")
    shown = debuggee.request("variables", variablesReference=exception_scope["variablesReference"])["variables"]
    assert shown[0]["value"] == "KeyError('port')"
    assert debuggee.request("stackTrace", threadId=stop["threadId"])["stackFrames"][0]["name"] == "load"
    assert debuggee.request("tdb/exceptions")["selected"] == 0
    back = debuggee.request("tdb/selectException", id=2)
    assert [f["name"] for f in back["stackFrames"]] == ["main", "<module>"]


def test_bad_exception_numbers_get_pdbs_messages(launch, write):
    debuggee, _ = _post_mortem(launch, write, """
        try:
            raise KeyError("first")
        except KeyError:
            raise ValueError("second") from TypeError("never raised")
    """)
    for number, message in ((7, "No exception with that number"), (-1, "No exception with that number"),
                            ("x", "Argument must be an integer"),
                            (0, "This exception does not have a traceback, cannot jump to it")):
        with pytest.raises(DapError, match=message):
            debuggee.request("tdb/selectException", id=number)
    assert [e["hasTraceback"] for e in debuggee.request("tdb/exceptions")["exceptions"]] == [False, True]


def test_a_stop_without_an_exception_says_so(launch, write):
    debuggee = launch(str(write("p.py", "x = 1\n")))
    debuggee.start()
    debuggee.stopped()
    with pytest.raises(DapError, match="No exception at this stop"):
        debuggee.request("tdb/exceptions")
    with pytest.raises(DapError, match="No exception at this stop"):
        debuggee.request("tdb/selectException", id=0)


GROUPS = """
    def a():
        raise ValueError("a failed")


    def b():
        raise TypeError("b failed")


    def run():
        errors = []
        for job in (a, b):
            try:
                job()
            except Exception as error:
                errors.append(error)
        raise ExceptionGroup("jobs failed", [errors[0], ExceptionGroup("nested", [errors[1]])])


    run()
"""


def test_groups_list_their_members_nested_and_each_can_be_selected(launch, write):
    debuggee, _ = _post_mortem(launch, write, GROUPS)
    body = debuggee.request("tdb/exceptions")
    assert [(e["id"], e["description"], e["relation"], e["depth"], e["index"]) for e in body["exceptions"]] == [
        (0, "ExceptionGroup: jobs failed (2 sub-exceptions)", "", 0, 0),
        (1, "ValueError: a failed", "member", 1, 1),
        (2, "ExceptionGroup: nested (1 sub-exception)", "member", 1, 2),
        (3, "TypeError: b failed", "member", 2, 1),
    ]
    lines = body["formatted"].splitlines()
    assert [lines[e["summaryLine"]].lstrip(" |") for e in body["exceptions"]] == [
        "ExceptionGroup: jobs failed (2 sub-exceptions)", "ValueError: a failed",
        "ExceptionGroup: nested (1 sub-exception)", "TypeError: b failed"]
    member = debuggee.request("tdb/selectException", id=3)
    assert [(f["name"], f["line"]) for f in member["stackFrames"]] == [("b", 6), ("run", 13)]
    assert member["description"] == "TypeError: b failed"


def test_a_raised_stop_browses_its_chain(launch, write):
    debuggee, _ = _start(launch, write("chain.py", CHAIN),
                         options=[{"filterId": "raised", "condition": "RuntimeError"}])
    stop = debuggee.stopped()
    assert stop["description"] == "RuntimeError: startup failed"
    body = debuggee.request("tdb/exceptions")
    assert [e["typeName"] for e in body["exceptions"]] == ["KeyError", "ValueError", "RuntimeError"]
    cause = debuggee.request("tdb/selectException", id=1)
    assert cause["stackFrames"][0]["name"] == "load"
    # The stop's own exception: its live stack again.
    again = debuggee.request("tdb/selectException", id=2)
    assert [f["id"] for f in again["stackFrames"]] == [f["id"] for f in stop["frames"]]
