"""What the inspection panes ask for: evaluateName of every child, lengths, the value view, args and interact."""

from __future__ import annotations

import textwrap

import pytest

from harness.debuggee import DapError

PROGRAM = """
    class Slotted:
        __slots__ = ("a", "__hidden")

        def __init__(self):
            self.a = 1
            self.__hidden = "mangled"


    class Odd:
        def __init__(self):
            setattr(self, "not an identifier", 5)
            self._private = 6


    class BadRepr:
        def __repr__(self):
            raise RuntimeError("no repr for you")

        def __str__(self):
            raise ValueError("no str either")


    class Empty:
        pass


    def inner(depth, *rest, flag=True, **options):
        data = {"key": [1, {"deep": (2, 3)}], 7: "seven", (1, "t"): None, 2.5: "float", frozenset(): "opaque"}
        slotted = Slotted()
        odd = Odd()
        bad = BadRepr()
        members = {10, 20}
        del options
        return depth


    x = 1
    result = inner(1, 2, 3, flag=False, extra=4)
    print("x is", x)
"""


def line_of(text: str) -> int:
    lines = textwrap.dedent(PROGRAM).lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(text))


@pytest.fixture
def stopped(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee = launch(str(script))
    debuggee.start({str(script): [line_of("return depth")]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    return debuggee, stop["frames"][0]["id"]


def scope(debuggee, frame_id, name):
    scopes = debuggee.request("scopes", frameId=frame_id)["scopes"]
    found = next(s for s in scopes if s["name"] == name)
    return {v["name"]: v for v in debuggee.request("variables", variablesReference=found["variablesReference"])["variables"]}


def children(debuggee, variable):
    found = debuggee.request("variables", variablesReference=variable["variablesReference"])["variables"]
    return {v["name"]: v for v in found}


def test_every_child_that_an_expression_reaches_has_it_and_it_evaluates(stopped):
    debuggee, frame = stopped
    local = scope(debuggee, frame, "Locals")
    assert local["data"]["evaluateName"] == "data"
    data = children(debuggee, local["data"])
    assert data["'key'"]["evaluateName"] == "data['key']"
    assert data["7"]["evaluateName"] == "data[7]"
    assert data["(1, 't')"]["evaluateName"] == "data[(1, 't')]"
    assert data["2.5"]["evaluateName"] == "data[2.5]"
    assert "evaluateName" not in data["frozenset()"]  # not a literal: no expression names it
    deep = children(debuggee, children(debuggee, data["'key'"])["[1]"])["'deep'"]
    assert deep["evaluateName"] == "data['key'][1]['deep']"
    slotted = children(debuggee, local["slotted"])
    assert {name: v["value"] for name, v in slotted.items()} == {"a": "1", "_Slotted__hidden": "'mangled'"}
    odd = children(debuggee, local["odd"])
    assert odd["not an identifier"]["evaluateName"] == "getattr(odd, 'not an identifier')"
    assert odd["_private"]["evaluateName"] == "odd._private"
    members = children(debuggee, local["members"])
    assert not any("evaluateName" in member for member in members.values())
    named = [v for v in (*data.values(), *slotted.values(), *odd.values(), deep) if "evaluateName" in v]
    for variable in named:
        assert debuggee.evaluate(variable["evaluateName"], frame, context="watch")["result"] == variable["value"], variable
    # A child of an evaluated expression: the expression, parenthesised when it must be.
    result = debuggee.evaluate("[data, 1][0]", frame)
    first = debuggee.request("variables", variablesReference=result["variablesReference"])["variables"][0]
    assert first["evaluateName"] == "([data, 1][0])['key']"
    assert debuggee.evaluate(first["evaluateName"], frame)["result"] == "[1, {'deep': (2, 3)}]"


def test_a_global_hidden_by_a_local_is_reached_through_globals(stopped):
    debuggee, frame = stopped
    debuggee.evaluate("x = 'local x'", frame)
    globals_ = scope(debuggee, frame, "Globals")
    assert globals_["x"]["evaluateName"] == "globals()['x']"
    assert globals_["result" if "result" in globals_ else "inner"]["evaluateName"] in ("result", "inner")
    assert debuggee.evaluate(globals_["x"]["evaluateName"], frame)["result"] == "1"


def test_containers_carry_their_length_and_classes_expand(stopped):
    debuggee, frame = stopped
    local = scope(debuggee, frame, "Locals")
    assert local["data"]["tdb/length"] == 5
    assert local["members"]["tdb/length"] == 2
    assert "tdb/length" not in local["depth"] and "tdb/length" not in local["slotted"]
    module = scope(debuggee, debuggee.request("stackTrace", threadId=0)["stackFrames"][1]["id"], "Globals")
    empty = children(debuggee, module["Empty"])
    assert {"__module__", "__dict__", "__doc__"} <= set(empty)
    assert "__init__" in children(debuggee, module["Slotted"])


def test_the_value_view_gets_repr_str_type_and_mro(stopped):
    debuggee, frame = stopped
    body = debuggee.evaluate("slotted", frame, context="tdb/inspect")
    info = body["tdb/inspect"]
    assert body["result"].startswith("<__main__.Slotted object at 0x")
    assert info["type"] == "Slotted" and info["module"] == "__main__"
    assert info["mro"] == ["__main__.Slotted", "builtins.object"]
    assert info["length"] is None
    data = debuggee.evaluate("data", frame, context="tdb/inspect")
    assert data["tdb/inspect"]["length"] == 5 and data["tdb/inspect"]["mro"] == ["builtins.dict", "builtins.object"]
    # A repr or str that raises is a message, not an error.
    bad = debuggee.evaluate("bad", frame, context="tdb/inspect")
    assert bad["result"] == "<repr raised RuntimeError: no repr for you>"
    assert bad["tdb/inspect"]["str"] == "<str raised ValueError: no str either>"
    # The whole repr, not the short one the panes show.
    long = debuggee.evaluate("list(range(1000))", frame, context="tdb/inspect")
    assert long["result"].endswith("998, 999]")
    with pytest.raises(DapError, match="NameError"):
        debuggee.evaluate("nosuch", frame, context="tdb/inspect")


def test_args_lists_the_arguments_as_pdb_does(stopped):
    debuggee, frame = stopped
    arguments = debuggee.request("tdb/arguments", frameId=frame)["arguments"]
    assert [(a["name"], a["value"]) for a in arguments] == [
        ("depth", "1"), ("flag", "False"), ("rest", "(2, 3)"), ("options", "*** undefined ***"),
    ]
    module = debuggee.request("stackTrace", threadId=0)["stackFrames"][1]["id"]
    assert debuggee.request("tdb/arguments", frameId=module)["arguments"] == []


def test_interact_keeps_its_own_namespace(stopped):
    debuggee, frame = stopped
    with pytest.raises(DapError, match="no interact session"):
        debuggee.request("tdb/interact", frameId=frame, source="1")
    assert debuggee.request("tdb/interact", frameId=frame, start=True) == {"output": "", "failed": False, "exited": False}

    def run(source):
        return debuggee.request("tdb/interact", frameId=frame, source=source)

    assert run("depth + 41")["output"] == "42\n"
    assert run("_ * 2")["output"] == "84\n"
    assert run("depth = 99")["output"] == run("new = 'made here'")["output"] == ""
    assert run("for i in range(2):\n    print(i, depth, new)\n")["output"] == "0 99 made here\n1 99 made here\n"
    assert run("data['added'] = True")["output"] == ""  # a change to an object is the program's
    assert run("print('Error: not really')") == {"output": "Error: not really\n", "failed": False, "exited": False}
    assert run("1 / 0")["failed"]
    failed = run("1 / 0")["output"]
    assert failed.startswith("Traceback") and 'File "<console>", line 1' in failed
    assert failed.rstrip().endswith("ZeroDivisionError: division by zero") and "console.py" not in failed
    assert "SyntaxError" in run("def (")["output"] and run("def (")["failed"]
    assert run("bad")["output"] == "<repr raised RuntimeError: no repr for you>\n"
    assert run("exit()") == {"output": "", "failed": False, "exited": True}
    with pytest.raises(DapError, match="no interact session"):
        run("1")
    # pdb's semantics: the frame's own variables did not change, its objects did.
    assert debuggee.evaluate("depth", frame)["result"] == "1"
    assert debuggee.evaluate("'added' in data", frame)["result"] == "True"
    with pytest.raises(DapError, match="NameError"):
        debuggee.evaluate("new", frame)
