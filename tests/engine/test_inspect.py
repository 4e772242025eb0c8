"""Inspecting a stop: stack, scopes, lazily expanded variables, paging, evaluate."""

from __future__ import annotations

import textwrap

import pytest

from harness.debuggee import DapError

from .conftest import run_to_marker

PROGRAM = """
    class Slotted:
        __slots__ = ("a", "b")

        def __init__(self):
            self.a = 1
            self.b = [1, 2]


    class Plain:
        def __init__(self):
            self.name = "plain"
            self.items = {"k": 1}


    class BadRepr:
        def __repr__(self):
            raise RuntimeError("no repr for you")


    class Counting(list):
        reads = 0

        def __getitem__(self, index):
            Counting.reads += 1
            return super().__getitem__(index)

        def __iter__(self):
            Counting.reads += len(self)
            return super().__iter__()


    def inner(depth):
        data = {"key": [1, 2, 3], "other": None}
        numbers = list(range(1_000_000))
        counting = Counting(range(1_000_000))
        slotted = Slotted()
        plain = Plain()
        bad = BadRepr()
        huge = "x" * 100_000
        marker = "inner"
        return depth


    def outer():
        marker = "outer"
        value = inner(1)
        return value


    x = 1
    result = outer()
    print("x is", x, "result is", result)
"""


def line_of(text: str) -> int:
    lines = textwrap.dedent(PROGRAM).lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(text))


INNER_RETURN = line_of("return depth")
MODULE_PRINT = line_of("print(")
OUTER_CALL = line_of("value = inner(1)")
MODULE_CALL = line_of("result = outer()")


@pytest.fixture
def stopped_in(launch, write):
    """Start the program with breakpoints and continue to the first one: (debuggee, stop)."""

    def start(*lines: int):
        script = write("prog.py", PROGRAM)
        debuggee = launch(str(script))
        debuggee.start({str(script): list(lines)})
        first = debuggee.stopped()
        debuggee.request("continue", threadId=first["threadId"])
        return debuggee, debuggee.stopped()

    return start


def scope_variables(debuggee, frame_id, name="Locals"):
    scopes = debuggee.request("scopes", frameId=frame_id)["scopes"]
    scope = next(s for s in scopes if s["name"] == name)
    variables = debuggee.request("variables", variablesReference=scope["variablesReference"])["variables"]
    return {v["name"]: v for v in variables}


def children(debuggee, variable, **paging):
    assert variable["variablesReference"] > 0, variable
    listed = debuggee.request("variables", variablesReference=variable["variablesReference"], **paging)
    return {v["name"]: v for v in listed["variables"]}


def test_stack_trace_is_innermost_first(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    frames = stop["frames"]
    assert [(f["name"], f["line"]) for f in frames] == [
        ("inner", INNER_RETURN), ("outer", OUTER_CALL), ("<module>", MODULE_CALL)]
    assert all(f["source"]["path"].endswith("prog.py") for f in frames)
    assert len({f["id"] for f in frames}) == 3
    paged = debuggee.request("stackTrace", threadId=stop["threadId"], startFrame=1, levels=1)
    assert paged["totalFrames"] == 3
    assert [f["name"] for f in paged["stackFrames"]] == ["outer"]


def test_scopes_in_a_function_and_at_module_level(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    scopes = debuggee.request("scopes", frameId=stop["frames"][0]["id"])["scopes"]
    assert [s["name"] for s in scopes] == ["Locals", "Globals"]
    module_scopes = debuggee.request("scopes", frameId=stop["frames"][2]["id"])["scopes"]
    assert [s["name"] for s in module_scopes] == ["Globals"]
    globals_ = scope_variables(debuggee, stop["frames"][2]["id"], "Globals")
    assert {"Slotted", "Plain", "inner", "outer", "x"} <= set(globals_)
    assert not any(name.startswith("__") for name in globals_)


def test_return_value_scope_at_a_return_stop(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert stop["description"] == "return"
    scopes = debuggee.request("scopes", frameId=stop["frames"][0]["id"])["scopes"]
    assert scopes[0]["name"] == "Return value"
    returned = debuggee.request("variables", variablesReference=scopes[0]["variablesReference"])["variables"]
    assert [(v["name"], v["value"]) for v in returned] == [("(return)", "1")]
    # Only the returning frame has one.
    outer_scopes = debuggee.request("scopes", frameId=stop["frames"][1]["id"])["scopes"]
    assert [s["name"] for s in outer_scopes] == ["Locals", "Globals"]


def test_children_are_fetched_lazily(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    local = scope_variables(debuggee, stop["frames"][0]["id"])
    assert local["depth"]["value"] == "1" and local["depth"]["variablesReference"] == 0

    data = local["data"]
    assert data["type"] == "dict" and data["namedVariables"] == 2
    entries = children(debuggee, data)
    assert list(entries) == ["'key'", "'other'"]
    assert entries["'key'"]["value"] == "[1, 2, 3]" and entries["'key'"]["indexedVariables"] == 3
    assert entries["'other'"]["variablesReference"] == 0
    assert {n: v["value"] for n, v in children(debuggee, entries["'key'"]).items()} == {
        "[0]": "1", "[1]": "2", "[2]": "3"}

    plain = children(debuggee, local["plain"])
    assert plain["name"]["value"] == "'plain'"
    assert children(debuggee, plain["items"])["'k'"]["value"] == "1"

    slotted = children(debuggee, local["slotted"])
    assert {n: v["value"] for n, v in slotted.items()} == {"a": "1", "b": "[1, 2]"}


def test_a_big_list_is_paged(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    local = scope_variables(debuggee, stop["frames"][0]["id"])
    numbers = local["numbers"]
    assert numbers["indexedVariables"] == 1_000_000
    assert len(numbers["value"]) < 500  # the repr is cut, not a million numbers
    page = children(debuggee, numbers, start=0, count=100)
    assert list(page) == [f"[{i}]" for i in range(100)]
    last = children(debuggee, numbers, start=999_950, count=100)
    assert list(last) == [f"[{i}]" for i in range(999_950, 1_000_000)]
    assert last["[999999]"]["value"] == "999999"

    # The page is read item by item, never by walking the whole list.
    frame = stop["frames"][0]["id"]
    before = int(debuggee.evaluate("Counting.reads", frame)["result"])
    page = children(debuggee, local["counting"], start=500_000, count=100)
    assert list(page)[0] == "[500000]" and len(page) == 100
    assert int(debuggee.evaluate("Counting.reads", frame)["result"]) - before == 100


def test_evaluate_in_a_selected_frame(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    inner, outer, module = (f["id"] for f in stop["frames"])
    assert debuggee.evaluate("marker", inner)["result"] == "'inner'"
    assert debuggee.evaluate("marker", outer)["result"] == "'outer'"
    assert debuggee.evaluate("marker")["result"] == "'inner'"  # no frameId: the innermost
    assert debuggee.evaluate("x + 1", module)["result"] == "2"
    result = debuggee.evaluate("data", inner, context="watch")
    assert result["result"] == "{'key': [1, 2, 3], 'other': None}" and result["variablesReference"] > 0
    assert debuggee.evaluate("plain", inner)["type"] == "Plain"


def test_repl_assignment_sticks_at_module_level(stopped_in):
    debuggee, stop = stopped_in(MODULE_PRINT)
    assert debuggee.evaluate("x = 3", stop["frames"][0]["id"], context="repl")["result"] == ""
    assert debuggee.evaluate("x", stop["frames"][0]["id"])["result"] == "3"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and "x is 3 result is 1" in stdout


def test_repl_assignment_sticks_in_a_function(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    debuggee.evaluate("depth = 42", stop["frames"][0]["id"], context="repl")
    # Reading locals again (variables, evaluate) must not undo the assignment.
    assert scope_variables(debuggee, stop["frames"][0]["id"])["depth"]["value"] == "42"
    assert debuggee.evaluate("depth", stop["frames"][0]["id"])["result"] == "42"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    assert "result is 42" in debuggee.finish()[1]


def test_repl_statement_output_is_the_result(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    result = debuggee.evaluate("for k in data: print(k)", stop["frames"][0]["id"], context="repl")
    assert result["result"] == "key\nother"


def test_evaluate_errors_are_reported_and_the_session_goes_on(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    frame = stop["frames"][0]["id"]
    with pytest.raises(DapError, match=r"^NameError: name 'nope' is not defined"):
        debuggee.evaluate("nope + 1", frame)
    with pytest.raises(DapError, match=r"^ZeroDivisionError"):
        debuggee.evaluate("1 / 0", frame)
    with pytest.raises(DapError, match=r"^SyntaxError"):
        debuggee.evaluate("depth = 2", frame, context="watch")  # only repl runs statements
    with pytest.raises(DapError, match=r"^SyntaxError"):
        debuggee.evaluate("def (", frame)
    with pytest.raises(DapError, match="unknown frame id"):
        debuggee.evaluate("1", 999_999)
    assert debuggee.evaluate("depth", frame)["result"] == "1"
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0


def test_a_raising_repr_is_shown_not_raised(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    local = scope_variables(debuggee, stop["frames"][0]["id"])
    assert local["bad"]["value"] == "<repr raised RuntimeError: no repr for you>"
    assert local["bad"]["type"] == "BadRepr"
    result = debuggee.evaluate("bad", stop["frames"][0]["id"])
    assert result["result"] == "<repr raised RuntimeError: no repr for you>"
    clipboard = debuggee.evaluate("bad", stop["frames"][0]["id"], context="clipboard")
    assert clipboard["result"] == "<repr raised RuntimeError: no repr for you>"


def test_a_huge_string_is_truncated(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN)
    local = scope_variables(debuggee, stop["frames"][0]["id"])
    shown = local["huge"]["value"]
    assert shown.startswith("'xxx") and "..." in shown and len(shown) < 1000
    assert len(debuggee.evaluate("huge", stop["frames"][0]["id"])["result"]) < 1000
    # Copying asks for the whole value.
    whole = debuggee.evaluate("huge", stop["frames"][0]["id"], context="clipboard")["result"]
    assert whole == "'" + "x" * 100_000 + "'"


def test_references_do_not_outlive_their_stop(stopped_in):
    debuggee, stop = stopped_in(INNER_RETURN, MODULE_PRINT)
    data = scope_variables(debuggee, stop["frames"][0]["id"])["data"]
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.stopped()
    with pytest.raises(DapError, match="unknown variables reference"):
        debuggee.request("variables", variablesReference=data["variablesReference"])
    with pytest.raises(DapError, match="^unknown frame id"):
        debuggee.request("scopes", frameId=stop["frames"][0]["id"])
    with pytest.raises(DapError, match="^unknown frame id"):
        debuggee.evaluate("1", stop["frames"][0]["id"])


def test_p_of_a_huge_string_is_cut_without_a_full_repr(launch, write):
    """`p` (evaluate, context clipboard) of a 100 MB string: the first FULL_REPR_LIMIT characters and a count."""
    from tdb.engine.values import FULL_REPR_LIMIT

    script = write("big.py", """
        text = "ab" * 50_000_000
        done = True
    """)
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [2]})
    debuggee.wait_event("stopped")
    debuggee.request("continue", threadId=0)
    stop = debuggee.stopped()
    result = debuggee.evaluate("text", stop["frames"][0]["id"], context="clipboard")["result"]
    assert result.startswith("'abab") and result.endswith(f"… ({100_000_000 - FULL_REPR_LIMIT} more characters)")
    assert len(result) < FULL_REPR_LIMIT + 100


def test_library_frames_are_marked_subtle(launch, write):
    """A stop inside a callback called by the standard library: json's frames are library frames."""
    script = write("prog.py", """
        import json

        def hook(pairs):
            return dict(pairs)

        json.loads('{"a": 1}', object_pairs_hook=hook)
    """)
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [4]})
    debuggee.wait_event("stopped")
    debuggee.request("continue", threadId=0)
    frames = debuggee.stopped()["frames"]
    hints = [(frame["name"], frame.get("presentationHint")) for frame in frames]
    assert hints[0] == ("hook", None) and hints[-1] == ("<module>", None)
    library = [name for name, hint in hints if hint == "subtle"]
    assert library and all(frame["source"]["path"].endswith(("decoder.py", "__init__.py"))
                           for frame in frames if frame.get("presentationHint") == "subtle")


def test_a_repr_that_never_ends_is_interrupted_and_the_session_goes_on(launch, write, monkeypatch):
    """A __repr__ that loops forever: the stop still comes, says so, and stepping works after it."""
    monkeypatch.setenv("TDB_REPR_SECONDS", "0.3")
    script = write("endless.py", """
        class Endless:
            def __repr__(self):
                try:
                    while True:
                        pass
                except BaseException:  # swallows the first interruption: the next one still comes
                    while True:
                        pass

        def work():
            forever = Endless()
            pair = [forever, 2]
            number = 7
            return number

        work()
    """)
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [14]})
    debuggee.wait_event("stopped")
    debuggee.request("continue", threadId=0)
    stop = debuggee.stopped()
    frame = stop["frames"][0]["id"]
    local = scope_variables(debuggee, frame)
    assert local["forever"]["value"] == "<repr of Endless did not finish in 0.3 s: not tried again>"
    assert local["pair"]["value"] == "[<repr of Endless did not finish in 0.3 s: not tried again>, 2]"
    assert local["number"]["value"] == "7"
    assert debuggee.evaluate("number * 6", frame)["result"] == "42"
    assert "did not finish" in debuggee.evaluate("forever", frame, context="clipboard")["result"]
    debuggee.request("next", threadId=stop["threadId"])
    assert debuggee.stopped()["frames"][0]["line"] == 14  # the return, as pdb's --Return--


def test_a_statement_like_call_shows_what_it_printed_not_its_none(stopped_in):
    """As at Python's prompt and pdb's `!`: `print(1)` shows 1, not 1 and None; `p None` still shows None."""
    debuggee, stop = stopped_in(INNER_RETURN)
    frame = stop["frames"][0]["id"]
    assert debuggee.evaluate("print('said')", frame)["result"] == "said"
    assert debuggee.evaluate("None", frame)["result"] == ""
    assert debuggee.evaluate("None", frame, context="clipboard")["result"] == "None"
    assert debuggee.evaluate("None", frame, context="watch")["result"] == "None"


def test_showing_a_class_runs_none_of_its_descriptors(launch, write):
    """A class among the variables, expanded: its members as stored, no __get__(None, cls) run by the debugger
    (3.14's string.Template compiles its pattern lazily that way)."""
    script = write("lazy.py", """
        calls = []


        class Counting:
            def __get__(self, instance, owner):
                calls.append(owner)
                return 42


        class Lazy:
            answer = Counting()

            @property
            def shown(self):
                calls.append("property")
                return 1


        def work():
            kind = Lazy
            return kind  # stop

        work()
    """)
    debuggee, stop = run_to_marker(launch, script)
    frame = stop["frames"][0]["id"]
    kind = scope_variables(debuggee, frame)["kind"]
    members = debuggee.request("variables", variablesReference=kind["variablesReference"])["variables"]
    shown = {member["name"]: member["type"] for member in members}
    assert shown["answer"] == "Counting" and shown["shown"] == "property"
    assert debuggee.evaluate("len(calls)", frame)["result"] == "0"
