"""Line breakpoints (placement, conditions, replacement) and function breakpoints."""

from __future__ import annotations

import pytest

# Breakpoints and stops must work the same on every tracing backend.
pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    def work(n):
        total = 0

        for i in range(n):
            total += i
        return total


    results = [work(k) for k in range(4)]
    print("results", results)
"""


def configure(debuggee, *, lines=None, functions=None, condition=None):
    """initialize/attach, set the breakpoints, configurationDone; the setBreakpoints responses."""
    debuggee.request("initialize", clientID="tests", adapterID="tdb")
    debuggee.request("attach")
    placed = []
    if lines is not None:
        specs = [{"line": n, **({"condition": condition} if condition else {})} for n in lines]
        placed = debuggee.request("setBreakpoints", source={"path": debuggee.script}, breakpoints=specs)
        placed = placed["breakpoints"]
    if functions is not None:
        placed = debuggee.request("setFunctionBreakpoints", breakpoints=[{"name": f} for f in functions])
        placed = placed["breakpoints"]
    debuggee.request("configurationDone")
    return placed


@pytest.fixture
def program(launch, write):
    def start(source: str = PROGRAM):
        script = write("prog.py", source)
        debuggee = launch(str(script))
        debuggee.script = str(script)
        return debuggee

    return start


def cont(debuggee, stop):
    debuggee.request("continue", threadId=stop["threadId"])


def test_line_breakpoint_stops_there(program):
    debuggee = program()
    [placed] = configure(debuggee, lines=[5])
    assert placed["verified"] and placed["line"] == 5 and "message" not in placed
    first = debuggee.stopped()
    assert first["reason"] == "entry"
    cont(debuggee, first)
    stop = debuggee.stopped()
    assert stop["reason"] == "breakpoint"
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 5)
    assert debuggee.evaluate("(n, i, total)", stop["frames"][0]["id"])["result"] == "(1, 0, 0)"


def test_breakpoint_on_a_blank_line_moves_to_the_next_line_with_code(program):
    debuggee = program()
    [placed] = configure(debuggee, lines=[3])
    assert placed["verified"] is True
    assert placed["line"] == 4
    assert "moved to line 4" in placed["message"]
    cont(debuggee, debuggee.stopped())
    assert debuggee.where() == ("work", 4)


def test_breakpoint_beyond_the_end_of_the_file_is_not_verified(program):
    debuggee = program()
    placed = configure(debuggee, lines=[5, 99])
    assert placed[0]["verified"] is True
    assert placed[1]["verified"] is False
    assert "beyond the end" in placed[1]["message"] and "99" in placed[1]["message"]


def test_conditional_breakpoint_stops_only_when_true(program):
    debuggee = program()
    [placed] = configure(debuggee, lines=[5], condition="i == 2")
    assert placed["verified"]
    cont(debuggee, debuggee.stopped())
    stop = debuggee.stopped()
    frame = stop["frames"][0]["id"]
    assert debuggee.evaluate("(n, i)", frame)["result"] == "(3, 2)"
    cont(debuggee, stop)
    # i == 2 happens once: the next event is the end of the program.
    assert debuggee.stopped_or_exited() is None
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "results [0, 0, 1, 3]" in stdout


def test_condition_with_a_syntax_error_is_refused_and_the_session_goes_on(program):
    debuggee = program()
    placed = configure(debuggee, lines=[5], condition="i ==")
    assert placed == [{"verified": False, "line": 5, "message": placed[0]["message"]}]
    assert "syntax error" in placed[0]["message"] and "i ==" in placed[0]["message"]
    cont(debuggee, debuggee.stopped())
    assert debuggee.stopped_or_exited() is None  # no breakpoint was left behind
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 0


def test_replacing_a_files_breakpoints_clears_the_old_ones(program):
    debuggee = program()
    configure(debuggee, lines=[5])
    cont(debuggee, debuggee.stopped())
    stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == 5
    placed = debuggee.request("setBreakpoints", source={"path": debuggee.script}, breakpoints=[{"line": 6}])
    assert [bp["line"] for bp in placed["breakpoints"]] == [6]
    cont(debuggee, stop)
    # Line 5 runs again (i=1 is not reached for n=1, but n=2 has i=0) before line 6: no stop there.
    assert debuggee.where() == ("work", 6)
    debuggee.request("setBreakpoints", source={"path": debuggee.script}, breakpoints=[])
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.stopped_or_exited() is None


def test_function_breakpoint_set_before_the_function_exists(program):
    debuggee = program()
    [placed] = configure(debuggee, functions=["work"])
    assert placed["verified"] is True
    cont(debuggee, debuggee.stopped())
    stop = debuggee.stopped()
    assert stop["reason"] == "breakpoint"
    # The function's first line that runs, as pdb's `b work` does.
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 2)
    assert debuggee.evaluate("n", stop["frames"][0]["id"])["result"] == "0"
    cont(debuggee, stop)
    stop = debuggee.stopped()
    assert debuggee.evaluate("n", stop["frames"][0]["id"])["result"] == "1"


def test_function_breakpoint_set_while_stopped(program):
    debuggee = program("""
        class Box:
            def fill(self, value):
                self.value = value
                return self

        def make():
            return Box().fill(7)

        box = make()
        again = make()
    """)
    configure(debuggee, lines=[9])
    cont(debuggee, debuggee.stopped())
    stop = debuggee.stopped()
    placed = debuggee.request("setFunctionBreakpoints", breakpoints=[{"name": "Box.fill"}])["breakpoints"]
    assert placed[0]["verified"] is True
    cont(debuggee, stop)
    stop = debuggee.stopped()
    assert stop["reason"] == "breakpoint"
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("Box.fill", 3)
    assert [f["name"] for f in stop["frames"]] == ["Box.fill", "make", "<module>"]


def test_function_breakpoint_names_that_are_not_functions(program):
    debuggee = program()
    configure(debuggee, lines=[10])
    cont(debuggee, debuggee.stopped())
    stop = debuggee.stopped()
    placed = debuggee.request(
        "setFunctionBreakpoints", breakpoints=[{"name": "results"}, {"name": "nosuch"}, {"name": "work"}]
    )["breakpoints"]
    assert placed[0] == {"verified": False, "message": "'results' is not a function"}
    assert placed[1]["verified"] is False and "no function named 'nosuch'" in placed[1]["message"]
    assert placed[2]["verified"] is True


def test_line_and_function_breakpoints_are_replaced_independently(program):
    debuggee = program()
    configure(debuggee, functions=["work"])
    stop = debuggee.stopped()
    # The interface sends a file's line breakpoints whenever one changes: the
    # function breakpoint (in the same file) must survive that, and vice versa.
    debuggee.request("setBreakpoints", source={"path": debuggee.script}, breakpoints=[{"line": 10}])
    cont(debuggee, stop)
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 2)
    debuggee.request("setFunctionBreakpoints", breakpoints=[])
    cont(debuggee, stop)
    assert debuggee.where() == ("<module>", 10)
