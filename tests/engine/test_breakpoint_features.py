"""Hit conditions, logpoints and tdb's breakpoint extension keys (enabled, temporary, ignore) over DAP."""

from __future__ import annotations

import pytest

# Breakpoints must work the same on every tracing backend.
pytestmark = pytest.mark.usefixtures("tracer_backend")

# Line 3 runs ten times, with i = 0 .. 9: its Nth hit has i == N - 1.
LOOP = """
    total = 0
    for i in range(10):
        total += i
    print("total", total)
"""


@pytest.fixture
def loop(launch, write):
    """The loop program under the engine, configured with `specs` on line 3 (or as given); its first stop."""

    def start(*specs, source: str = LOOP):
        script = write("loop.py", source)
        debuggee = launch(str(script))
        debuggee.script = str(script)
        debuggee.capabilities = debuggee.request("initialize", clientID="tests", adapterID="tdb")
        debuggee.request("attach")
        debuggee.placed = set_breakpoints(debuggee, *specs) if specs else []
        debuggee.request("configurationDone")
        debuggee.entry = debuggee.stopped()
        return debuggee

    return start


def set_breakpoints(debuggee, *specs):
    specs = [{"line": 3, **spec} for spec in specs]
    return debuggee.request("setBreakpoints", source={"path": debuggee.script}, breakpoints=specs)["breakpoints"]


def values_of_i_at_each_stop(debuggee, stop):
    """Continue to the end; the value of i at every stop on the way."""
    seen = []
    while True:
        debuggee.request("continue", threadId=stop["threadId"])
        stop = debuggee.stopped_or_exited()
        if stop is None:
            return seen
        seen.append(int(debuggee.evaluate("i", stop["frames"][0]["id"])["result"]))


def counts(stop):
    """The tdb/stop snapshot's breakpoint counts: id -> (hits, ignore)."""
    return {bp["id"]: (bp["hits"], bp["ignore"]) for bp in stop["tdb/stop"]["breakpoints"]}


def test_capabilities_announce_hit_conditions_and_logpoints(loop):
    debuggee = loop()
    assert debuggee.capabilities["supportsHitConditionalBreakpoints"] is True
    assert debuggee.capabilities["supportsLogPoints"] is True


@pytest.mark.parametrize("hit_condition, stops_at_i", [
    ("5", [4]),
    ("== 2", [1]),
    (">= 8", [7, 8, 9]),
    ("> 8", [8, 9]),
    ("< 3", [0, 1]),
    ("<=2", [0, 1]),
    ("% 4", [3, 7]),
])
def test_hit_condition_stops_at_the_hits_it_names(loop, hit_condition, stops_at_i):
    debuggee = loop({"hitCondition": hit_condition})
    assert debuggee.placed[0]["verified"] is True
    assert values_of_i_at_each_stop(debuggee, debuggee.entry) == stops_at_i


@pytest.mark.parametrize("hit_condition", ["abc", ">= x", "!= 3", "% 0", "3 or more"])
def test_a_hit_condition_tdb_does_not_read_is_refused_with_the_forms_it_does(loop, hit_condition):
    debuggee = loop({"hitCondition": hit_condition})
    [placed] = debuggee.placed
    assert placed["verified"] is False
    assert f"hit condition {hit_condition!r}" in placed["message"]
    assert values_of_i_at_each_stop(debuggee, debuggee.entry) == []  # nothing was left behind


def test_hits_count_every_run_of_the_line_and_a_condition_still_applies(loop):
    # pdb's count: every time the line runs while enabled, the condition aside.
    debuggee = loop({"condition": "i % 2 == 0", "hitCondition": ">= 5"})
    assert values_of_i_at_each_stop(debuggee, debuggee.entry) == [4, 6, 8]


def test_logpoint_logs_each_hit_never_stops_and_shows_a_failing_field_in_place(loop):
    debuggee = loop({"logMessage": "i={i} square={i * i} {{braces}} bad={nope}", "hitCondition": "< 3"})
    assert debuggee.placed[0]["verified"] is True
    assert values_of_i_at_each_stop(debuggee, debuggee.entry) == []
    logged = [e["body"] for e in debuggee.events if e["event"] == "output" and e["body"]["category"] == "console"]
    assert [body["output"] for body in logged] == [
        f"i={i} square={i * i} {{braces}} bad=<NameError: name 'nope' is not defined>\n" for i in range(2)
    ]
    assert logged[0]["line"] == 3 and logged[0]["source"]["path"] == debuggee.script


def test_a_log_message_that_does_not_compile_is_refused(loop):
    debuggee = loop({"logMessage": "i={i"})
    [placed] = debuggee.placed
    assert placed["verified"] is False and "log message 'i={i' does not compile" in placed["message"]


def test_a_disabled_breakpoint_is_kept_counts_no_hits_and_never_stops(loop):
    debuggee = loop({"tdb/enabled": False})
    [placed] = debuggee.placed
    assert placed["verified"] is True
    end = debuggee.request("setBreakpoints", source={"path": debuggee.script},
                           breakpoints=[{"line": 3, "tdb/enabled": False}, {"line": 4}])["breakpoints"]
    debuggee.request("continue", threadId=debuggee.entry["threadId"])
    stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == 4
    assert counts(stop) == {end[0]["id"]: (0, 0), end[1]["id"]: (1, 0)}


def test_a_temporary_breakpoint_stops_once_and_the_client_is_told_it_is_gone(loop):
    debuggee = loop({"tdb/temporary": True})
    [placed] = debuggee.placed
    debuggee.request("continue", threadId=debuggee.entry["threadId"])
    stop = debuggee.stopped()
    removed = debuggee.wait_event("breakpoint")
    assert removed["reason"] == "removed" and removed["breakpoint"]["id"] == placed["id"]
    assert stop["hitBreakpointIds"] == [placed["id"]]
    assert counts(stop) == {}
    assert values_of_i_at_each_stop(debuggee, stop) == []


def test_ignore_count_skips_that_many_hits(loop):
    debuggee = loop({"tdb/ignore": 3})
    debuggee.request("continue", threadId=debuggee.entry["threadId"])
    stop = debuggee.stopped()
    assert debuggee.evaluate("i", stop["frames"][0]["id"])["result"] == "3"
    assert counts(stop) == {debuggee.placed[0]["id"]: (4, 0)}


@pytest.mark.parametrize("ignore", [-1, "2", 1.5, True])
def test_a_bad_ignore_count_is_refused(loop, ignore):
    debuggee = loop({"tdb/ignore": ignore})
    assert debuggee.placed[0]["verified"] is False and "tdb/ignore" in debuggee.placed[0]["message"]


def test_counts_survive_a_resend_of_the_files_breakpoints(loop):
    # DAP replaces a file's set whole: the breakpoint at the same place keeps its hits and ignore count.
    debuggee = loop({"tdb/ignore": 5})
    again = set_breakpoints(debuggee, {})  # no tdb/ignore: the count runs on
    debuggee.request("continue", threadId=debuggee.entry["threadId"])
    stop = debuggee.stopped()
    assert debuggee.evaluate("i", stop["frames"][0]["id"])["result"] == "5"
    assert stop["hitBreakpointIds"] == [again[0]["id"]]
    assert counts(stop) == {again[0]["id"]: (6, 0)}
    again = set_breakpoints(debuggee, {"condition": "i > 7"})  # another condition, the same place
    debuggee.request("continue", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert counts(stop) == {again[0]["id"]: (9, 0)}


def test_a_breakpoint_stop_names_its_breakpoint_and_others_do_not(loop):
    debuggee = loop({})
    assert "hitBreakpointIds" not in debuggee.entry
    debuggee.request("continue", threadId=debuggee.entry["threadId"])
    stop = debuggee.stopped()
    assert stop["hitBreakpointIds"] == [debuggee.placed[0]["id"]]
    assert counts(stop) == {debuggee.placed[0]["id"]: (1, 0)}
    debuggee.request("next", threadId=stop["threadId"])
    assert "hitBreakpointIds" not in debuggee.stopped()


def test_function_breakpoints_take_the_same_options(loop):
    source = """
        def work(n):
            return n * 2

        for k in range(6):
            work(k)
    """
    debuggee = loop(source=source)
    placed = debuggee.request("setFunctionBreakpoints", breakpoints=[
        {"name": "work", "hitCondition": "% 3", "logMessage": "work({n})"}])["breakpoints"]
    assert placed[0]["verified"] is True
    debuggee.request("continue", threadId=debuggee.entry["threadId"])
    assert debuggee.stopped_or_exited() is None
    assert "work(2)\nwork(5)\n" in debuggee.output()
