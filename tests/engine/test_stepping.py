"""Stepping: tdb stops where pdb stops.

Each test runs one small program twice, under real pdb (`python -m pdb`, commands
on stdin) and under the tdb engine (the same commands as DAP requests), and
compares the sequences of stops: (event, function, line) where event is line,
call, return or exception, as pdb marks them with --Call--, --Return-- and an
exception line.

Commands: s n r c step in/over/out and continue; u selects the caller for the
next n or r (pdb's `up`, tdb's frameId argument); bN sets a breakpoint on line N,
xN clears it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.debuggee import TIMEOUT

# Every tracing backend must step as pdb does.
pytestmark = pytest.mark.usefixtures("tracer_backend")

STOP_LINE = re.compile(r"^> (?P<path>.+)\((?P<line>\d+)\)(?P<func>[^\s()]+)\(\)(?:->.*)?$", re.M)
END = ("exited", "", 0)
# Lines a program under test prints start with this, to tell them from pdb's own lines.
PROGRAM_OUTPUT = "program says"


_pdb_runs: dict[tuple[str, tuple[str, ...]], list[tuple[str, str, int]]] = {}


def pdb_stops(script: Path, commands: list[str]) -> list[tuple[str, str, int]]:
    """Run pdb on the script with the commands; the stops it reports, up to the program's end."""
    key = (script.read_text(), tuple(commands))  # once per program, whatever the backend under test
    if key not in _pdb_runs:
        _pdb_runs[key] = _run_pdb(script, commands)
    return list(_pdb_runs[key])


def _run_pdb(script: Path, commands: list[str]) -> list[tuple[str, str, int]]:
    pdb_input = "".join(_pdb_command(script, c) + "\n" for c in commands) + "q\n" * 3
    result = subprocess.run(
        [sys.executable, "-m", "pdb", str(script)], input=pdb_input, capture_output=True,
        text=True, cwd=script.parent, timeout=TIMEOUT,
    )
    chunks = result.stdout.split("(Pdb) ")
    # chunks[0] is the first stop; chunks[i] is what commands[i-1] printed.
    stops = []
    for command, chunk in zip(["start", *commands], chunks):
        if command == "u" or command.startswith(("b", "x")):
            continue  # pdb shows the selected frame or the breakpoint: not a stop
        if "The program finished" in chunk:
            stops.append(END)
            break
        match = STOP_LINE.search(chunk)
        assert match, f"no stop in pdb's output after {command!r}: {chunk!r}\n{result.stdout}"
        in_script = Path(match["path"]).resolve() == script.resolve()
        if not in_script and (match["path"] == "<string>" or ("return", "<module>") in {s[:2] for s in stops}):
            stops.append(END)  # pdb's own wrapper frames (or what it calls) after the program's last line
            break
        # What the program itself printed (PROGRAM_OUTPUT) is neither a stop nor an exception.
        before = "".join(line for line in chunk[: match.start()].splitlines(keepends=True)
                         if not line.startswith(PROGRAM_OUTPUT))
        if "--Call--" in before:
            event = "call"
        elif "--Return--" in before:
            event = "return"
        elif before.strip():
            event = "exception"  # pdb prints "ValueError: ..." before an exception stop
        else:
            event = "line"
        stops.append((event, match["func"], int(match["line"])))
    return stops


def _pdb_command(script: Path, command: str) -> str:
    if command.startswith("b"):
        return "b " + command[1:]
    if command.startswith("x"):
        return f"clear {script}:{command[1:]}"
    return command


def tdb_stops(launch, script: Path, commands: list[str]) -> list[tuple[str, str, int]]:
    """Run the tdb engine on the script with the same commands over DAP."""
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    stops = [_describe(stop)]
    main_thread = stop["threadId"]
    breakpoints: list[int] = []
    level = 0
    for command in commands:
        if command == "u":
            level += 1
            continue
        if command.startswith(("b", "x")):
            if command.startswith("b"):
                breakpoints.append(int(command[1:]))
            else:
                breakpoints.remove(int(command[1:]))
            debuggee.request("setBreakpoints", source={"path": str(script)},
                             breakpoints=[{"line": n} for n in breakpoints])
            continue
        arguments = {"threadId": stop["threadId"]}
        if level:
            arguments["frameId"] = stop["frames"][level]["id"]
        request = {"s": "stepIn", "n": "next", "r": "stepOut", "c": "continue"}[command]
        debuggee.request(request, **arguments)
        level = 0
        stop = debuggee.stopped_or_exited()
        if stop is None:
            stops.append(END)
            break
        # pdb traces the main thread only; so, for these programs, does tdb's stepping.
        assert stop["threadId"] == main_thread, f"stopped in another thread at {_describe(stop)}"
        stops.append(_describe(stop))
    else:
        return stops  # the commands ran out before the program did
    debuggee.request("disconnect")
    assert debuggee.finish()[0] == 0
    return stops


def _describe(stop: dict) -> tuple[str, str, int]:
    top = stop["frames"][0]
    if stop["reason"] == "exception":
        event = "exception"
    else:
        event = {"call": "call", "return": "return"}.get(stop["description"], "line")
    # pdb shows co_name; tdb shows the qualified name.
    return event, top["name"].rpartition(".")[2], top["line"]


def assert_same_as_pdb(launch, script: Path, commands: str) -> list[tuple[str, str, int]]:
    steps = commands.split()
    expected = pdb_stops(script, steps)
    actual = tdb_stops(launch, script, steps)
    assert actual == expected
    return actual


NESTED = """
    def inner(x):
        y = x * 2
        return y

    def outer(n):
        total = 0
        for i in range(n):
            total += inner(i)
        return total

    result = outer(2)
    result += 1
"""


def test_step_in_through_nested_calls(launch, write):
    script = write("nested.py", NESTED)
    stops = assert_same_as_pdb(launch, script, "s " * 20 + "c")
    # The comparison is only worth something if it saw the interesting stops.
    assert ("call", "inner", 1) in stops and ("return", "inner", 3) in stops


def test_next_over_calls_then_step_out(launch, write):
    script = write("nested.py", NESTED)
    stops = assert_same_as_pdb(launch, script, "n n s n n n n n n r n n")
    assert ("return", "outer", 9) in stops and not any(s[1] == "inner" for s in stops)


def test_step_out_from_a_nested_call_and_at_a_return_stop(launch, write):
    script = write("nested.py", NESTED)
    # Into outer, into inner, to inner's return stop, then out twice.
    stops = assert_same_as_pdb(launch, script, "n n s n n n s n n n r r n")
    assert stops[-4:] == [("return", "inner", 3), ("line", "outer", 7), ("return", "outer", 9), ("line", "<module>", 12)]


def test_next_and_step_out_in_a_selected_caller_frame(launch, write):
    script = write("nested.py", NESTED)
    # Stopped in inner: `up` then next stops at outer's next line; `up` then r returns from outer.
    stops = assert_same_as_pdb(launch, script, "n n s n n n s n u n s s n u r n n n")
    assert stops[8:10] == [("line", "inner", 2), ("line", "outer", 7)]
    assert stops[12:14] == [("line", "inner", 2), ("return", "outer", 9)]


def test_next_and_step_out_in_a_caller_after_running_to_a_breakpoint_now_cleared(launch, write):
    script = write("nested.py", NESTED)
    # Run to inner's breakpoint, clear it, then next / r in the selected caller: outer's frame ran untraced.
    # pdb 3.11-3.13 stops in outer; pdb 3.14 (its monitoring backend) runs to the end instead: held to the former.
    stops = tdb_stops(launch, script, "b2 c x2 u n b2 c x2 u r n".split())
    assert stops == [("line", "<module>", 1), ("line", "inner", 2), ("line", "outer", 7), ("line", "inner", 2),
                     ("return", "outer", 9), ("line", "<module>", 12)]
    if sys.version_info < (3, 14):
        assert stops == pdb_stops(script, "b2 c x2 u n b2 c x2 u r n".split())


LOOP = """
    items = []
    for i in range(3):
        if i % 2:
            items.append(-i)
        else:
            items.append(i)
    while items:
        items.pop()
    done = True
"""


def test_next_through_loops(launch, write):
    script = write("loop.py", LOOP)
    stops = assert_same_as_pdb(launch, script, "n " * 30)
    assert stops[-1] == END and len(stops) > 20


GENERATOR_AND_EXCEPTION = """
    def numbers(n):
        for i in range(n):
            yield i * 10

    def consume():
        total = 0
        for value in numbers(2):
            total += value
        return total

    def fails(x):
        if x:
            raise ValueError("bad %d" % x)
        return x

    def catches():
        try:
            fails(1)
        except ValueError as error:
            message = str(error)
        return message

    consume()
    catches()
"""


def test_step_through_a_generator_and_a_caught_exception(launch, write):
    script = write("gen.py", GENERATOR_AND_EXCEPTION)
    stops = assert_same_as_pdb(launch, script, "s " * 50)
    assert ("call", "numbers", 3) in stops  # resuming the generator
    assert ("exception", "fails", 13) in stops and ("exception", "catches", 18) in stops
    assert stops[-1] == END


def test_next_over_a_generator_loop(launch, write):
    script = write("gen.py", GENERATOR_AND_EXCEPTION)
    stops = assert_same_as_pdb(launch, script, "n n n n s n n n n n n n n n")
    assert ("return", "consume", 9) in stops and not any(s[1] == "numbers" for s in stops)


def test_next_inside_a_generator_and_step_out_of_it(launch, write):
    script = write("gen.py", GENERATOR_AND_EXCEPTION)
    stops = assert_same_as_pdb(launch, script, "n n n n s n n s n n n n r n n n")
    assert stops[10:13] == [("line", "numbers", 3), ("line", "numbers", 2), ("line", "numbers", 3)]


def test_next_over_a_raise_that_is_caught(launch, write):
    script = write("gen.py", GENERATOR_AND_EXCEPTION)
    stops = assert_same_as_pdb(launch, script, "n n n n n s n n s n n n n n n n n")
    assert ("exception", "fails", 13) in stops and ("line", "catches", 20) in stops


RECURSIVE = """
    def fact(n):
        if n <= 1:
            return 1
        return n * fact(n - 1)

    value = fact(3)
    value += 1
"""


def test_step_in_a_recursive_function(launch, write):
    script = write("fact.py", RECURSIVE)
    stops = assert_same_as_pdb(launch, script, "s " * 30)
    assert stops.count(("call", "fact", 1)) == 3


def test_next_in_recursion_stays_in_its_own_frame(launch, write):
    script = write("fact.py", RECURSIVE)
    stops = assert_same_as_pdb(launch, script, "n s n n n n")
    assert stops[-2:] == [("return", "fact", 4), ("line", "<module>", 7)]


def test_step_out_of_each_level_of_a_recursion(launch, write):
    script = write("fact.py", RECURSIVE)
    stops = assert_same_as_pdb(launch, script, "n s n n s n n s r r r n n")
    assert stops[-5:-2] == [("return", "fact", 3), ("return", "fact", 4), ("return", "fact", 4)]


def test_step_out_of_a_selected_outer_level_of_a_recursion(launch, write):
    script = write("fact.py", RECURSIVE)
    # From the innermost fact(1), `up up` selects fact(3): r skips the two inner returns.
    stops = assert_same_as_pdb(launch, script, "n s n n s n n s n u u r n n")
    assert stops[-3:] == [("return", "fact", 4), ("line", "<module>", 7), ("return", "<module>", 7)]


def test_continue_to_breakpoints_and_next_over_one(launch, write):
    script = write("nested.py", NESTED)
    # A breakpoint inside inner stops a `next` taken in outer, as in pdb.
    stops = assert_same_as_pdb(launch, script, "b8 c b2 n c c c")
    assert stops == [("line", "<module>", 1), ("line", "outer", 8), ("line", "inner", 2),
                     ("line", "outer", 8), ("line", "inner", 2), END]


MISC = """
    class Point:
        def __init__(self, x):
            self.x = x

    def squares(n):
        return [i * i for i in range(n)]

    def guarded():
        try:
            return squares(2)
        finally:
            done = True

    p = Point(1)
    values = guarded()
    key = sorted(values, key=lambda v: -v)
    p.x += 1
"""


def test_step_through_a_class_a_comprehension_a_finally_and_a_lambda(launch, write):
    # Comprehensions have no frame of their own from 3.12 on: whatever pdb does, tdb does.
    script = write("misc.py", MISC)
    stops = assert_same_as_pdb(launch, script, "s " * 45)
    assert ("call", "__init__", 2) in stops and ("line", "guarded", 12) in stops
    assert ("call", "<lambda>", 16) in stops


ASYNC = """
    import asyncio

    async def child(x):
        await asyncio.sleep(0)
        return x + 1

    async def main():
        a = await child(1)
        b = await child(a)
        return a + b

    result = asyncio.run(main())
    result += 1
"""


def test_next_and_step_out_in_coroutines(launch, write):
    """`n` over `await child(1)` stays in the coroutine and stops at its next line, as pdb 3.14 does;
    pdb before 3.14 stops in child on the StopIteration that ends asyncio.sleep(0) (the loop's
    machinery), then walks child's lines. `r` from child stops in its awaiter."""
    script = write("coro.py", ASYNC)
    commands = "b8 c n n b4 c n r n n c".split()
    expected = [("line", "<module>", 1), ("line", "main", 8), ("line", "main", 9), ("line", "main", 10), END]
    assert tdb_stops(launch, script, commands) == expected
    if sys.version_info >= (3, 14):
        assert pdb_stops(script, commands) == expected
    else:
        assert pdb_stops(script, commands)[2] == ("exception", "child", 4)  # (the noise tdb leaves out)
    # s into child, r back out: the awaiter's next line (pdb: the StopIteration at main's line 8 first).
    assert tdb_stops(launch, script, "b8 c s n r n c".split()) == [
        ("line", "<module>", 1), ("line", "main", 8), ("call", "child", 3), ("line", "child", 4),
        ("line", "main", 9), ("line", "main", 10), END]


CONSTRUCTS = """
    import asyncio

    def gen(n):
        for i in range(n):
            yield i * 2

    async def coro(x):
        await asyncio.sleep(0)
        return x + 1

    def outer():
        def nested(y):
            return y * 3
        return nested(2)

    squares = [i * i for i in range(3)]
    key = sorted([3, 1, 2], key=lambda v: -v)
    total = sum(gen(2))
    value = asyncio.run(coro(1))
    result = outer()
    done = True
"""


def test_breakpoints_in_module_code_nested_functions_lambdas_comprehensions_generators_coroutines(launch, write):
    # A comprehension is inlined from 3.12 on; a lambda's line is its caller's line too: whatever pdb does.
    script = write("constructs.py", CONSTRUCTS)
    stops = assert_same_as_pdb(launch, script, "b5 b9 b13 b16 b17 b21 " + "c " * 25)
    assert stops[-1] == END
    assert {("line", "gen", 5), ("line", "coro", 9), ("line", "nested", 13), ("line", "<module>", 16),
            ("line", "<lambda>", 17), ("line", "<module>", 21)} <= set(stops)


SUSPENDED = """
    def ticker():
        n = 0
        while True:
            n += 1
            yield n

    t = ticker()
    first = next(t)
    second = next(t)
    third = next(t)
    done = True
"""


def test_breakpoint_in_a_generator_suspended_before_it_was_set(launch, write):
    # The generator started (and its code ran) before the breakpoint existed: resuming it must hit.
    script = write("suspended.py", SUSPENDED)
    stops = assert_same_as_pdb(launch, script, "n n n b5 c c c")
    assert stops[4:6] == [("line", "ticker", 5), ("line", "ticker", 5)]


LOOP_IN_CALLER = """
    def tick(i):
        return i

    def main():
        total = 0
        for i in range(5):
            total += tick(i)
            if i == 3:
                total += 100
        return total

    print(main())
"""


def test_breakpoint_set_while_stopped_hits_in_a_loop_already_running(launch, write):
    # main() is running its loop when the breakpoint at line 9 is set (stopped in tick).
    script = write("loop.py", LOOP_IN_CALLER)
    stops = assert_same_as_pdb(launch, script, "b2 c x2 b9 c c c")
    assert stops[1:4] == [("line", "tick", 2), ("line", "main", 9), END]


THREADED = """
    import threading

    def work(i):
        x = i + 1
        return x * 2

    def background(stop):
        while not stop.is_set():
            work(0)

    stop = threading.Event()
    t = threading.Thread(target=background, args=(stop,), daemon=True)
    t.start()
    for i in range(2):
        work(i)
    stop.set()
    t.join()
"""


def test_stepping_belongs_to_the_thread_that_steps(launch, write):
    # Another thread runs work() all along: stepping in and over it in the main
    # thread stops where pdb (which traces the main thread only) stops.
    script = write("threaded.py", THREADED)
    stops = assert_same_as_pdb(launch, script, "b15 c s s s s s s n n n n n")
    assert stops[1:6] == [("line", "<module>", 15), ("call", "work", 3), ("line", "work", 4),
                          ("line", "work", 5), ("return", "work", 5)]


PRINTS_LOGS_JSON = """
    import asyncio  # (pdb 3.14 imports it; logging's records look for it in sys.modules)
    import json
    import logging
    import sys

    logging.basicConfig(level=logging.INFO, format="program says: %(message)s")
    log = logging.getLogger("app")

    def report(values):
        print("program says:", values)
        log.info("reporting")  # (no arguments: a Mapping check would show the ABC caches, which differ per process)
        text = json.dumps({"values": values})
        print("program says:", text, file=sys.stderr)
        return len(text)

    n = report([1, 2])
    print("program says: done", n)
"""


def test_step_in_through_lines_that_print_log_and_call_json(launch, write):
    # The program's output, held while stepping, is forwarded to the interface by the engine, whose
    # connection code calls json: stepping must never see that code, whatever modules it calls
    # (it used to stop inside the engine's own send, holding the connection's lock: a hang for good).
    script = write("report.py", PRINTS_LOGS_JSON)
    stops = assert_same_as_pdb(launch, script, "n " * 7 + "s " * 420)
    assert stops[-1] == END
    functions = {function for _event, function, _line in stops}
    assert {"report", "info", "emit", "dumps", "encode"} <= functions
