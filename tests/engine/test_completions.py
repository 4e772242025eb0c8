"""The DAP completions request: names and attributes in the selected frame, as Python's prompt completes them."""

from __future__ import annotations

import textwrap

import pytest

from harness.debuggee import DapError

PROGRAM = """
    import sys


    class Fragile:
        calls = 0
        sturdy = "yes"

        @property
        def broken(self):
            Fragile.calls += 1
            raise RuntimeError("do not touch")

        def __getattr__(self, name):
            raise RuntimeError(f"no {name}")

        def __dir__(self):
            return [*super().__dir__(), "ghost"]  # listed, but reading it raises


    def work(count):
        total_sum = 0
        total_items = [count]
        fragile = Fragile()
        return total_sum + len(total_items)


    def no_arguments():
        return 1


    shared_setting = 3
    work(2)
"""
RETURN = next(n for n, line in enumerate(textwrap.dedent(PROGRAM).lstrip("\n").splitlines(), 1)
              if line.strip().startswith("return total_sum"))


@pytest.fixture
def stopped(launch, write):
    """(debuggee, stop) at the return of work(): locals total_sum, total_items, fragile."""
    script = write("prog.py", PROGRAM)
    debuggee = launch(str(script))
    debuggee.start({str(script): [RETURN]})
    first = debuggee.stopped()
    debuggee.request("continue", threadId=first["threadId"])
    return debuggee, debuggee.stopped()


def complete(debuggee, text, frame_id=None, column=None):
    arguments = {"text": text, "column": len(text) + 1 if column is None else column}
    if frame_id is not None:
        arguments["frameId"] = frame_id
    return debuggee.request("completions", **arguments)["targets"]


def labels(targets):
    return [target["label"] for target in targets]


def test_the_capability_is_announced(launch, write):
    debuggee = launch(str(write("prog.py", "x = 1\n")))
    assert debuggee.request("initialize", clientID="tests", adapterID="tdb")["supportsCompletionsRequest"] is True


def test_names_of_the_frame_its_globals_and_builtins(stopped):
    debuggee, stop = stopped
    frame = stop["frames"][0]["id"]
    targets = complete(debuggee, "p total_", frame)
    assert labels(targets) == ["total_items", "total_sum"]
    # Both replace the six characters `total_`, which start at column 3.
    assert {(t["start"], t["length"], t["text"]) for t in targets} == {(3, 6, "total_items"), (3, 6, "total_sum")}
    assert labels(complete(debuggee, "shared_", frame)) == ["shared_setting"]
    assert "len" in labels(complete(debuggee, "le", frame))
    # Without what readline would type next: `(` or `()` after a callable, a space after a keyword.
    assert [(t["label"], t["type"]) for t in complete(debuggee, "no_arg", frame)] == [("no_arguments", "function")]
    assert [(t["label"], t["type"]) for t in complete(debuggee, "impo", frame)] == [("import", "keyword")]
    # A local of the function is not a name of the module frame.
    assert complete(debuggee, "count", stop["frames"][1]["id"]) == []


def test_attributes_replace_only_the_last_part(stopped):
    debuggee, stop = stopped
    targets = complete(debuggee, "sys.arg", stop["frames"][0]["id"])
    assert [(t["label"], t["start"], t["length"]) for t in targets] == [("argv", 5, 3)]
    # In the middle of a line: only the text up to the column counts.
    text = "print(sys.arg, 1)"
    targets = complete(debuggee, text, column=text.index(",") + 1)
    assert labels(targets) == ["argv"]
    methods = complete(debuggee, "total_items.app", stop["frames"][0]["id"])
    assert [(t["label"], t["type"]) for t in methods] == [("append", "function")]


def test_lookups_that_raise_give_fewer_names_not_an_error(stopped):
    debuggee, stop = stopped
    frame = stop["frames"][0]["id"]
    names = labels(complete(debuggee, "fragile.", frame))
    assert {"broken", "sturdy", "calls", "ghost"} <= set(names)
    assert not any(name.startswith("_") for name in names)
    # Completing past the raising property evaluates it: no candidates, and the session goes on.
    assert complete(debuggee, "fragile.broken.x", frame) == []
    assert complete(debuggee, "fragile.nothing.x", frame) == []
    assert debuggee.evaluate("Fragile.calls", frame)["result"] == "1"
    # Nothing is evaluated for attributes of calls or subscripts.
    assert complete(debuggee, "total_items[0].re", frame) == []
    assert complete(debuggee, "work(1).x", frame) == []


def test_nothing_to_complete(stopped):
    debuggee, stop = stopped
    assert complete(debuggee, "") == []
    assert complete(debuggee, "p ") == []
    assert complete(debuggee, "zzz_nothing") == []
    assert complete(debuggee, "9ab") == []


def test_refused_while_the_program_runs(launch, write):
    script = write("prog.py", """
        import sys
        line = sys.stdin.readline()
    """)
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    assert labels(complete(debuggee, "pri")) == ["print"]
    debuggee.request("continue", threadId=stop["threadId"])
    with pytest.raises(DapError, match="running"):
        complete(debuggee, "pri")
    debuggee.process.stdin.write("\n")
    debuggee.process.stdin.flush()
    debuggee.wait_event("exited")


def test_a_frame_of_an_earlier_stop_is_an_error(stopped):
    debuggee, stop = stopped
    with pytest.raises(DapError):
        complete(debuggee, "sy", frame_id=987654)
