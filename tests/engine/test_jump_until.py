"""Moving elsewhere than a step goes, over DAP: goto/gotoTargets (pdb's jump), tdb/until (pdb's until),
tdb/runToLine (pudb's run to the cursor), PEP 657 positions in stack frames, loadedSources, tdb/sourceLines.

Each runs on every tracing backend the Python has: on 3.14 setting f_lineno happens inside the
sys.monitoring LINE callback the program stopped in (monitoring) or inside the trace function (settrace).
"""

from __future__ import annotations

import pytest

from harness.debuggee import DapError

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """\
import json


def total(values):
    result = 0
    for value in values:
        result += value
    result = result * 10
    return result


def main():
    values = [1, 2, 3]
    first = total(values)
    second = len(json.dumps(values))
    # report
    print("done", first, second)


main()
"""
# Lines of PROGRAM, by what they hold.
RESULT_ZERO, FOR, ADD, TIMES_TEN, RETURN = 5, 6, 7, 8, 9
VALUES, CALL_TOTAL, SECOND, COMMENT, PRINT = 13, 14, 15, 16, 17


@pytest.fixture
def program(launch, write):
    """The program stopped at a breakpoint on `line`: (debuggee, stop)."""

    def start(line: int):
        script = write("prog.py", PROGRAM)
        debuggee = launch(str(script))
        debuggee.script = str(script)
        debuggee.start({str(script): [line]})
        entry = debuggee.stopped()
        assert entry["reason"] == "entry"
        debuggee.request("continue", threadId=entry["threadId"])
        stop = debuggee.stopped()
        assert stop["frames"][0]["line"] == line
        return debuggee, stop

    return start


def locals_of(debuggee, stop) -> dict[str, str]:
    return debuggee.locals(stop["frames"][0]["id"])


def clear_breakpoints(debuggee) -> None:
    debuggee.request("setBreakpoints", source={"path": debuggee.script}, breakpoints=[])


def jump(debuggee, stop, line: int) -> dict:
    """gotoTargets then goto, as a client does; the stop that follows."""
    targets = debuggee.request("gotoTargets", source={"path": debuggee.script}, line=line)["targets"]
    assert [target["line"] for target in targets] == [line]
    debuggee.request("goto", threadId=stop["threadId"], targetId=targets[0]["id"])
    return debuggee.stopped()


def test_capabilities_announce_goto_and_loaded_sources(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee = launch(str(script))
    capabilities = debuggee.request("initialize", clientID="tests", adapterID="tdb")
    assert capabilities["supportsGotoTargetsRequest"] is True
    assert capabilities["supportsLoadedSourcesRequest"] is True


def test_goto_skips_a_line_and_the_program_goes_on_from_there(program):
    debuggee, stop = program(TIMES_TEN)
    after = jump(debuggee, stop, RETURN)  # `result * 10` never runs
    assert after["reason"] == "goto"
    assert after["frames"][0]["line"] == RETURN
    assert after["tdb/stop"]["stackFrames"][0]["line"] == RETURN  # the snapshot agrees
    assert locals_of(debuggee, after)["result"] == "6"
    clear_breakpoints(debuggee)
    debuggee.request("continue", threadId=after["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    _, stdout, _ = debuggee.finish()
    assert "done 6 9" in stdout


def test_goto_backwards_runs_lines_again(program):
    debuggee, stop = program(TIMES_TEN)
    assert locals_of(debuggee, stop)["result"] == "6"
    after = jump(debuggee, stop, FOR)
    debuggee.request("next", threadId=after["threadId"])  # the for line: a new iteration from the start
    stepped = debuggee.stopped()
    assert stepped["frames"][0]["line"] == ADD
    for _ in range(6):  # the loop three times more
        debuggee.request("next", threadId=stepped["threadId"])
        stepped = debuggee.stopped()
    assert stepped["frames"][0]["line"] == TIMES_TEN
    assert locals_of(debuggee, stepped)["result"] == "12"


def test_goto_into_a_block_fails_in_pythons_words(program):
    debuggee, stop = program(RESULT_ZERO)
    targets = debuggee.request("gotoTargets", source={"path": debuggee.script}, line=ADD)["targets"]
    with pytest.raises(DapError, match=r"^Jump failed: can't jump into the (body of a for loop|middle of a block)"):
        debuggee.request("goto", threadId=stop["threadId"], targetId=targets[0]["id"])
    # Still stopped where it was, and still served.
    frames = debuggee.request("stackTrace", threadId=stop["threadId"])["stackFrames"]
    assert frames[0]["line"] == RESULT_ZERO


def test_goto_out_of_the_function_fails(program):
    debuggee, stop = program(RESULT_ZERO)
    targets = debuggee.request("gotoTargets", source={"path": debuggee.script}, line=VALUES)["targets"]
    with pytest.raises(DapError, match=r"^Jump failed: line 13 comes after the current code block"):
        debuggee.request("goto", threadId=stop["threadId"], targetId=targets[0]["id"])


def test_goto_targets_only_in_the_innermost_frames_file(program, write):
    debuggee, stop = program(RESULT_ZERO)
    other = write("other.py", "x = 1\n")
    assert debuggee.request("gotoTargets", source={"path": str(other)}, line=1)["targets"] == []


def test_until_runs_past_the_loop(program):
    debuggee, stop = program(FOR)
    clear_breakpoints(debuggee)  # pdb too would stop at it again
    debuggee.request("tdb/until", threadId=stop["threadId"], line=TIMES_TEN)
    after = debuggee.stopped()
    assert after["frames"][0]["line"] == TIMES_TEN
    assert locals_of(debuggee, after)["result"] == "6"


def test_until_without_a_line_leaves_the_loop_at_its_end(program):
    debuggee, stop = program(ADD)  # the loop's last line
    clear_breakpoints(debuggee)
    debuggee.request("tdb/until", threadId=stop["threadId"])  # pdb: to a line greater than this one
    after = debuggee.stopped()
    assert after["frames"][0]["line"] == TIMES_TEN
    assert locals_of(debuggee, after)["result"] == "6"


def test_until_backwards_is_refused_with_pdbs_message(program):
    debuggee, stop = program(TIMES_TEN)
    with pytest.raises(DapError, match='^"until" line number is smaller than current line number$'):
        debuggee.request("tdb/until", threadId=stop["threadId"], line=FOR)
    # Still stopped: served as before.
    assert debuggee.request("stackTrace", threadId=stop["threadId"])["stackFrames"][0]["line"] == TIMES_TEN


def test_until_in_a_selected_caller(program):
    debuggee, stop = program(ADD)
    caller = stop["frames"][1]
    assert caller["name"] == "main"
    clear_breakpoints(debuggee)
    debuggee.request("tdb/until", threadId=stop["threadId"], frameId=caller["id"], line=SECOND)
    after = debuggee.stopped()
    assert (after["frames"][0]["name"], after["frames"][0]["line"]) == ("main", SECOND)


def test_run_to_line_stops_there_as_a_step_and_leaves_no_breakpoint(program):
    debuggee, stop = program(RESULT_ZERO)
    debuggee.request("tdb/runToLine", threadId=stop["threadId"], source={"path": debuggee.script}, line=PRINT)
    after = debuggee.stopped()
    assert after["frames"][0]["line"] == PRINT
    assert after["reason"] == "step"  # not a breakpoint of the user's
    # Gone: a setBreakpoints of the file replaces only the user's, and nothing stops at PRINT again.
    debuggee.request("continue", threadId=after["threadId"])
    assert debuggee.stopped_or_exited() is None


def test_run_to_line_is_forgotten_when_something_else_stops_first(program):
    debuggee, stop = program(ADD)  # the breakpoint inside the loop stops before PRINT is reached
    debuggee.request("tdb/runToLine", threadId=stop["threadId"], source={"path": debuggee.script}, line=PRINT)
    again = debuggee.stopped()
    assert again["frames"][0]["line"] == ADD and again["reason"] == "breakpoint"
    clear_breakpoints(debuggee)
    debuggee.request("continue", threadId=again["threadId"])
    assert debuggee.stopped_or_exited() is None  # PRINT does not stop: the internal breakpoint went


def test_run_to_a_line_without_code_moves_forward(program):
    debuggee, stop = program(RESULT_ZERO)
    debuggee.request("tdb/runToLine", threadId=stop["threadId"], source={"path": debuggee.script}, line=COMMENT)
    after = debuggee.stopped()
    assert after["frames"][0]["line"] == PRINT


def test_run_to_a_bad_line_is_refused_and_stays_stopped(program):
    debuggee, stop = program(RESULT_ZERO)
    with pytest.raises(DapError, match=r"^cannot run to line 500: line 500 is beyond the end of prog.py \(20 lines\)"):
        debuggee.request("tdb/runToLine", threadId=stop["threadId"], source={"path": debuggee.script}, line=500)
    assert debuggee.request("stackTrace", threadId=stop["threadId"])["stackFrames"][0]["line"] == RESULT_ZERO


def test_frames_carry_the_pep657_range_of_what_they_run(program):
    debuggee, stop = program(RESULT_ZERO)
    innermost, caller = stop["frames"][0], stop["frames"][1]
    lines = PROGRAM.splitlines()
    # The caller is in the call `total(values)`; columns are 1-based, the end exclusive.
    assert caller["line"] == CALL_TOTAL and caller["endLine"] == CALL_TOTAL
    assert lines[CALL_TOTAL - 1][caller["column"] - 1 : caller["endColumn"] - 1] == "total(values)"
    # The innermost frame is at its line's first instruction: the constant of `result = 0`.
    assert lines[RESULT_ZERO - 1][innermost["column"] - 1 : innermost["endColumn"] - 1] == "0"


def test_positions_count_characters_not_bytes(launch, write):
    script = write("prog.py", 'def f(x):\n    return x\n\n\nlabel = "héllo wörld"; f(label)\n')
    debuggee = launch(str(script))
    debuggee.start({str(script): [2]})
    entry = debuggee.stopped()
    debuggee.request("continue", threadId=entry["threadId"])
    caller = debuggee.stopped()["frames"][1]
    line = 'label = "héllo wörld"; f(label)'
    assert line[caller["column"] - 1 : caller["endColumn"] - 1] == "f(label)"


def test_loaded_sources_list_the_stack_and_the_modules(program):
    debuggee, stop = program(RESULT_ZERO)
    found = debuggee.request("loadedSources")["sources"]
    paths = [source["path"] for source in found]
    assert paths[0].endswith("prog.py")  # the stack's files first
    names = {source["name"] for source in found}
    assert "json" in names and "json.encoder" in names
    assert not any(name == "tdb" or name.startswith("tdb.") for name in names)


def test_source_lines_of_the_frame_and_of_an_object(program):
    debuggee, stop = program(RESULT_ZERO)
    frame_id = stop["frames"][0]["id"]
    own = debuggee.request("tdb/sourceLines", frameId=frame_id)
    assert own["startLine"] == 4 and own["lines"][0] == "def total(values):" and len(own["lines"]) == 6
    of_main = debuggee.request("tdb/sourceLines", frameId=frame_id, expression="main")
    assert of_main["startLine"] == 12 and of_main["lines"][-1] == '    print("done", first, second)'
    with pytest.raises(DapError, match="was expected, got builtin_function_or_method"):
        debuggee.request("tdb/sourceLines", frameId=frame_id, expression="len")
    with pytest.raises(DapError, match="^NameError: name 'nothing' is not defined"):
        debuggee.request("tdb/sourceLines", frameId=frame_id, expression="nothing")
