"""pdb's convenience variables over DAP: `$_frame`, `$_retval`, `$_exception`, and the user's `$x = 1`."""

from __future__ import annotations

import sys

import pytest

from harness.debuggee import DapError

from .conftest import run_to_marker

PROGRAM = """
    def half(n):
        result = n // 2
        return result  # stop


    def fail(key):
        table = {"present": 1}
        return table[key]


    def main():
        value = half(10)
        try:
            fail("missing")
        except KeyError:
            pass
        print("done", value)  # later
        fail("again")


    main()
"""


def line_of(script, marker: str) -> int:
    return next(n for n, text in enumerate(script.read_text().splitlines(), 1) if text.endswith(marker))


@pytest.fixture
def at_return(launch, write):
    """Stopped at `return result` in half(10): (debuggee, stop)."""
    return run_to_marker(launch, write("prog.py", PROGRAM))


def test_frame_is_the_frame_the_line_runs_in(at_return):
    debuggee, stop = at_return
    half, main = stop["frames"][0]["id"], stop["frames"][1]["id"]
    assert debuggee.evaluate("$_frame.f_code.co_name", half)["result"] == "'half'"
    assert debuggee.evaluate("$_frame.f_locals['n']", half)["result"] == "10"
    assert debuggee.evaluate("$_frame.f_code.co_name", main)["result"] == "'main'"  # as pdb's after `up`
    assert debuggee.evaluate("$_frame.f_back.f_code.co_name", half)["result"] == "'main'"
    assert debuggee.evaluate("$_frame.f_lineno", half, context="clipboard")["result"] == str(stop["frames"][0]["line"])
    assert debuggee.evaluate("$_frame.f_code.co_name", half, context="watch")["result"] == "'half'"
    # pdb's `source $_frame.f_back.f_code`: the source of the caller
    source = debuggee.request("tdb/sourceLines", frameId=half, expression="$_frame.f_back.f_code")
    assert source["lines"][0] == "def main():"


def test_retval_at_a_return_stop_only(at_return):
    debuggee, stop = at_return
    with pytest.raises(DapError, match=r"^KeyError: '_retval'$"):  # pdb's text at a stop that returns nothing
        debuggee.evaluate("$_retval")
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert stop["description"] == "return"
    assert debuggee.evaluate("$_retval")["result"] == "5"
    assert debuggee.evaluate("$_retval * 2", context="clipboard")["result"] == "10"
    assert debuggee.evaluate("[v + i for v in [$_retval] for i in range(2)]")["result"] == "[5, 6]"
    if sys.version_info >= (3, 12):  # an inlined comprehension sees the line's locals, and $names with them
        assert debuggee.evaluate("[$_retval + i for i in range(2)]")["result"] == "[5, 6]"
    else:
        with pytest.raises(DapError, match=r"nor a comprehension, before Python 3.12"):
            debuggee.evaluate("[$_retval + i for i in range(2)]")


def test_user_variables_last_across_stops(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee, stop = run_to_marker(launch, script)
    assert debuggee.evaluate("$x = 5")["result"] == ""
    assert debuggee.evaluate("$x + 1")["result"] == "6"
    assert debuggee.evaluate("$seen = $_frame")["result"] == ""
    debuggee.request("setBreakpoints", source={"path": str(script)},
                     breakpoints=[{"line": line_of(script, "# later")}])
    debuggee.request("continue", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert stop["frames"][0]["name"] == "main"
    assert debuggee.evaluate("$x + 1")["result"] == "6"
    assert debuggee.evaluate("$x + 1", context="clipboard")["result"] == "6"
    assert debuggee.evaluate("$x * value", context="watch")["result"] == "25"
    assert debuggee.evaluate("$seen.f_code.co_name")["result"] == "'half'"  # the session's, not the stop's
    assert debuggee.evaluate("$_frame.f_code.co_name")["result"] == "'main'"
    debuggee.evaluate("$x += 1")
    assert debuggee.evaluate("$x")["result"] == "6"
    debuggee.evaluate("del $x")
    with pytest.raises(DapError, match=r"^KeyError: 'x'$"):
        debuggee.evaluate("$x")
    # Nothing of tdb's went into the program's namespaces.
    assert debuggee.evaluate("[name for name in globals() if 'tdb' in name]")["result"] == "[]"
    assert debuggee.evaluate("sorted(locals())")["result"] == "['value']"


def test_an_unknown_name_is_pdbs_key_error(at_return):
    debuggee, _ = at_return
    with pytest.raises(DapError, match=r"^KeyError: 'y'$"):
        debuggee.evaluate("$y")
    with pytest.raises(DapError, match=r"^KeyError: 'y'$"):
        debuggee.evaluate("$y + 1", context="clipboard")
    with pytest.raises(DapError, match=r"^KeyError: 'y'$"):
        debuggee.evaluate("$y", context="watch")


def test_dollars_in_strings_are_text(at_return):
    debuggee, _ = at_return
    debuggee.evaluate("$x = 5")
    assert debuggee.evaluate('"$x"')["result"] == "'$x'"
    assert debuggee.evaluate("'''$x''' + str($x)")["result"] == "'$x5'"
    assert debuggee.evaluate('f"{$x}"')["result"] == "'5'"  # 3.11 too: a field of an f-string is Python
    assert debuggee.evaluate('f"$x is {$x!r:>3} {{$x}} {\'$x\'}"')["result"] == "'$x is   5 {$x} $x'"
    assert debuggee.evaluate("'$' + \"$\"")["result"] == "'$$'"


def test_the_stops_names_are_not_the_users(at_return):
    debuggee, _ = at_return
    with pytest.raises(DapError, match=r"^TypeError: \$_frame is the stop's"):
        debuggee.evaluate("$_frame = 1")
    assert debuggee.evaluate("$_frame.f_code.co_name")["result"] == "'half'"
    # Where the frame's locals are not seen (a lambda), neither is a $name: said so, without tdb's own name.
    with pytest.raises(DapError, match=r"^NameError: \$names are not seen inside a lambda") as raised:
        debuggee.evaluate("(lambda: $_frame)()")
    assert "__tdb" not in str(raised.value)
    with pytest.raises(DapError, match="SyntaxError"):
        debuggee.evaluate("$ _frame")


def test_exception_at_an_exception_stop(launch, write):
    script = write("prog.py", PROGRAM)
    debuggee = launch(str(script))
    debuggee.start()
    first = debuggee.stopped()
    debuggee.request("setExceptionBreakpoints", filters=["raised"])
    debuggee.request("continue", threadId=first["threadId"])
    stop = debuggee.stopped()
    assert stop["reason"] == "exception" and stop["frames"][0]["name"] == "fail"
    assert debuggee.evaluate("$_exception")["result"] == "KeyError('missing')"
    assert debuggee.evaluate("$_exception.args[0]", context="clipboard")["result"] == "'missing'"
    # Every frame of the stop sees the stop's exception.
    assert debuggee.evaluate("type($_exception).__name__", stop["frames"][1]["id"])["result"] == "'KeyError'"


def test_exception_post_mortem_follows_the_chosen_exception(launch, write):
    script = write("crash.py", """
        def parse(text):
            try:
                return int(text)
            except ValueError as error:
                raise KeyError(text) from error


        parse("x")
    """)
    debuggee = launch(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    assert stop["reason"] == "exception"
    assert debuggee.evaluate("$_exception")["result"] == "KeyError('x')"
    assert debuggee.evaluate("type($_exception.__cause__).__name__")["result"] == "'ValueError'"
    with pytest.raises(DapError, match=r"^KeyError: '_retval'$"):
        debuggee.evaluate("$_retval")
    # pdb's `exceptions 0`: the cause becomes the stop's exception, and $_exception with it.
    debuggee.request("tdb/selectException", id=0)
    assert debuggee.evaluate("$_exception")["result"].startswith("ValueError(")


def test_asynctask_inside_a_task(launch, write):
    script = write("tasks.py", """
        import asyncio


        async def work():
            await asyncio.sleep(0)
            return 1  # stop


        asyncio.run(work())
    """)
    debuggee, _ = run_to_marker(launch, script)
    assert debuggee.evaluate("$_asynctask.get_coro().__name__")["result"] == "'work'"
    assert debuggee.evaluate("$_asynctask.done()", context="watch")["result"] == "False"
