"""tdb dump PID: the stacks of a running Python 3.14 program's threads and tasks, read without stopping it;
tdb.install(): the same report on a signal, from inside, on any Python.

The programs run on the python314 fixture's interpreter with -S (no tdb installed there), as in
tests/test_attach.py, whose helpers these tests share; `tdb dump` runs on the tests' own Python
(through the program's interpreter, when that is not 3.14) and, in one test, on 3.14 itself.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from harness.debuggee import ROOT
from tests.test_attach import TIMEOUT, Program, older_python, one_line_error

# Three threads (asleep, waiting on a lock, busy) and an event loop on the main thread whose task
# gathers two others; "started" once they all are where the tests look for them. Each stdin line is
# a command: "state" prints, from the main thread, what tdb dump must leave as it was (modules,
# threads, signal handlers, tracing).
TARGET = """
    import asyncio
    import json
    import sys
    import threading
    import time
    import signal

    class Raising:
        def __repr__(self):
            raise RuntimeError("no repr today")

    class Sleeping:
        def __repr__(self):
            time.sleep(10)
            return "slept"

    def nap(seconds):
        label = "napping"
        hostile = Raising()
        slow = Sleeping()
        time.sleep(seconds)

    gate = threading.Lock()
    gate.acquire()

    def wait_for():
        gate.acquire()

    def spin():
        total = 0
        while True:
            total += 1

    async def fetch(n):
        if n == 2:  # (run once fetch-2 waits too)
            asyncio.get_running_loop().call_soon(lambda: print("started", flush=True))
        await asyncio.sleep(3600)

    async def main():
        children = [asyncio.create_task(fetch(n), name=f"fetch-{n}") for n in (1, 2)]
        await asyncio.gather(*children)

    def state():
        tools = [sys.monitoring.get_tool(tool) for tool in range(6)]
        print("state", json.dumps({
            "modules": sorted(sys.modules),
            "threads": sorted(thread.name for thread in threading.enumerate()),
            "signals": {int(number): repr(signal.getsignal(number)) for number in signal.valid_signals()},
            "trace": [repr(sys.gettrace()), repr(sys.getprofile())],
            "monitoring": tools,
        }), flush=True)

    def commands(loop):
        for line in sys.stdin:
            if line.strip() == "state":
                loop.call_soon_threadsafe(state)

    async def run():
        loop = asyncio.get_running_loop()
        threading.Thread(target=commands, args=(loop,), name="commands", daemon=True).start()
        await main()

    def settle(thread, call):  # until the thread waits in this system call
        while open(f"/proc/self/task/{thread.native_id}/syscall").read().split()[0] != call:
            time.sleep(0.01)

    sleeper = threading.Thread(target=nap, args=(3600,), name="sleeper", daemon=True)
    waiter = threading.Thread(target=wait_for, name="waiter", daemon=True)
    for thread in (sleeper, waiter, threading.Thread(target=spin, name="spinner", daemon=True)):
        thread.start()
    settle(sleeper, "230")  # clock_nanosleep
    settle(waiter, "202")  # futex
    asyncio.run(run())
"""


def line_of(text: str, source: str = TARGET) -> int:
    """The number of the (first) line of the program that holds `text`."""
    lines = textwrap.dedent(source).lstrip("\n").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def programs(python314: str, write) -> Any:
    """Start programs on 3.14 from their source, once they print "started"; killed at the end."""
    started: list[Program] = []

    def start(source: str = TARGET, name: str = "target.py", python: str = python314, **env: str) -> Program:
        program = Program(python, write(name, source), env)
        started.append(program)
        program.wait_for_line("started")
        return program

    yield start
    for program in started:
        program.close()


def run_tdb(*args: str, python: str = sys.executable, env: dict[str, str] | None = None,
            **options: Any) -> subprocess.CompletedProcess[str]:
    """python -m tdb ARGS, this checkout's tdb, with `env` added to the environment."""
    return subprocess.run([python, "-m", "tdb", *args], capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, stdin=subprocess.DEVNULL,
                          **options)


def tdb_dump(program: Program, *options: str, python: str = sys.executable, **kwargs: Any) -> str:
    result = run_tdb("dump", *options, str(program.pid), python=python, **kwargs)
    assert (result.returncode, result.stderr) == (0, ""), result
    return result.stdout


def state(program: Program) -> dict[str, Any]:
    assert program.process.stdin is not None
    program.drain()
    program.process.stdin.write("state\n")
    program.process.stdin.flush()
    return json.loads(program.wait_for_line("^state ").removeprefix("state "))


def section(text: str, start: str) -> str:
    """The lines of `text` from the one that starts with `start` to the next blank line."""
    match = re.search(rf"^{re.escape(start)}.*?(?=\n\n|\n?\Z)", text, re.M | re.S)
    assert match, f"no {start!r} in:\n{text}"
    return match.group(0)


def test_dump_names_every_thread_its_function_and_line_and_the_tasks_with_their_awaits(programs, tmp_path) -> None:
    program = programs()
    path = str(tmp_path / "target.py")
    deadline = time.monotonic() + TIMEOUT
    while Path(f"/proc/{program.pid}/syscall").read_text().split()[0] != "232":  # the loop's epoll_wait
        assert time.monotonic() < deadline, "the program's loop never waited"
        time.sleep(0.01)
    text = tdb_dump(program)
    assert text.startswith(f"Process {program.pid}: ")
    main = section(text, 'Thread "MainThread"')
    assert main.startswith(f'Thread "MainThread" (ident ') and f"native id {program.pid})" in main
    assert f'File "{path}", line {line_of("asyncio.run(run())")}, in <module>\n    asyncio.run(run())' in main
    # Asleep in the event loop's select: tdb woke it to run the report, and says where it was.
    assert main.splitlines()[0].endswith(": waiting in epoll_wait")
    sleeper = section(text, 'Thread "sleeper"')
    assert ", daemon): waiting in clock_nanosleep" in sleeper.splitlines()[0]
    assert sleeper.endswith(f'File "{path}", line {line_of("time.sleep(seconds)")}, in nap\n    time.sleep(seconds)')
    waiter = section(text, 'Thread "waiter"')
    assert waiter.splitlines()[0].endswith(": waiting on a lock")
    assert waiter.endswith(f'File "{path}", line {line_of("    gate.acquire()")}, in wait_for\n    gate.acquire()')
    spinner = section(text, 'Thread "spinner"')
    spinning = {line_of("while True:"): "while True:", line_of("total += 1"): "total += 1"}
    match = re.search(rf'File "{re.escape(path)}", line (\d+), in spin\n    (.*)\Z', spinner)
    assert match and spinning.get(int(match[1])) == match[2], spinner
    assert 'Thread "commands"' in text
    assert "locals" not in text and "label =" not in text

    loop = section(text, "Event loop <asyncio.unix_events._UnixSelectorEventLoop object at 0x")
    assert re.match(r'Event loop \S+ object at 0x[0-9a-f]+> on thread \d+ "MainThread": 3 tasks\n', loop)
    # main() runs inside run()'s task: the task's frames are run's and main's, at the gather it waits in.
    task = section(loop.replace("\n  Task", "\n\n  Task"), '  Task "Task-1"')
    assert task == (f'  Task "Task-1" (pending), coroutine run, awaits "fetch-1", "fetch-2"\n'
                    f'    File "{path}", line {line_of("await main()")}, in run\n      await main()\n'
                    f'    File "{path}", line {line_of("await asyncio.gather")}, in main\n'
                    f'      await asyncio.gather(*children)')
    for n in (1, 2):
        task = section(loop.replace("\n  Task", "\n\n  Task"), f'  Task "fetch-{n}"')
        assert task.splitlines()[0] == (f'  Task "fetch-{n}" (pending), coroutine fetch, waits on a Future, '
                                        'awaited by "Task-1"')
        assert f'    File "{path}", line {line_of("sleep(3600)")}, in fetch\n      await asyncio.sleep(3600)' in task
        assert task.endswith("in sleep\n      return await future")
    # The program runs on: its loop answers, its threads are where they were.
    assert state(program)["threads"] == ["MainThread", "commands", "sleeper", "spinner", "waiter"]


def test_dump_locals_shows_values_and_a_hostile_repr_neither_breaks_nor_holds_it(programs) -> None:
    program = programs()
    started = time.monotonic()
    text = tdb_dump(program, "--locals")
    elapsed = time.monotonic() - started
    sleeper = section(text, 'Thread "sleeper"')
    assert "      seconds = 3600\n      label = 'napping'\n" in sleeper
    # The program's own __repr__ never runs (it raises; it sleeps 10 s): the object is named instead.
    assert re.search(r"^      hostile = <__main__\.Raising object at 0x[0-9a-f]+>$", sleeper, re.M)
    assert re.search(r"^      slow = <__main__\.Sleeping object at 0x[0-9a-f]+>$", sleeper, re.M)
    assert elapsed < 5, f"tdb dump --locals took {elapsed:.1f} s"
    fetch = section(text.replace("\n  Task", "\n\n  Task"), '  Task "fetch-1"')
    assert "        n = 1\n" in fetch
    assert re.search(r"^        children = \[<Task 'fetch-1' at 0x[0-9a-f]+>, <Task 'fetch-2' at 0x[0-9a-f]+>\]$",
                     text, re.M)
    assert program.running()


def test_dump_json_is_the_same_report_for_tools(programs, tmp_path: Path) -> None:
    program = programs()
    report = json.loads(tdb_dump(program, "--json", "--locals"))
    assert report["pid"] == program.pid and report["python"].startswith("3.14.")
    assert report["argv"] == [str(tmp_path / "target.py")]
    threads = {thread["name"]: thread for thread in report["threads"]}
    assert list(threads)[0] == "MainThread" and threads["MainThread"]["main"] is True
    assert set(threads) == {"MainThread", "sleeper", "waiter", "spinner", "commands"}
    sleeper = threads["sleeper"]
    assert (sleeper["daemon"], sleeper["state"], isinstance(sleeper["native_id"], int)) == \
        (True, "waiting in clock_nanosleep", True)
    assert sleeper["frames"][-1] == {
        "file": str(tmp_path / "target.py"), "line": line_of("time.sleep(seconds)"), "function": "nap",
        "source": "time.sleep(seconds)",
        "locals": {"seconds": "3600", "label": "'napping'", "hostile": sleeper["frames"][-1]["locals"]["hostile"],
                   "slow": sleeper["frames"][-1]["locals"]["slow"]},
    }
    [loop] = report["loops"]
    assert loop["thread"] == threads["MainThread"]["ident"]
    tasks = {task["name"]: task for task in loop["tasks"]}
    assert list(tasks) == ["Task-1", "fetch-1", "fetch-2"]
    ids = {task["id"]: name for name, task in tasks.items()}
    assert [ids[child] for child in tasks["Task-1"]["awaits"]] == ["fetch-1", "fetch-2"]
    assert [ids[parent] for parent in tasks["fetch-2"]["awaited_by"]] == ["Task-1"]
    assert tasks["fetch-2"]["waits_on"] == "_asyncio.Future"
    assert [frame["function"] for frame in tasks["Task-1"]["frames"]] == ["run", "main"]


def test_dump_leaves_nothing_behind_in_the_program(programs, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    program = programs()
    before = state(program)
    for options in ((), ("--locals",), ("--json",)):
        tdb_dump(program, *options, env={"TMPDIR": str(temp)})
        after = state(program)
        assert after == before  # modules, threads, signal handlers, sys.settrace/setprofile, sys.monitoring
    assert os.listdir(temp) == []  # the script, the socket and their directory are gone


SOCKETLESS = """
    import sys
    import time

    print("started", flush=True)
    for line in sys.stdin:
        print("modules", sorted(sys.modules), flush=True)
"""


def test_dump_takes_back_the_one_module_it_may_import(programs) -> None:
    """A program that never imported socket: the built-in _socket tdb's script connects with is not left behind."""
    program = programs(SOCKETLESS)
    assert program.process.stdin is not None

    def modules() -> list[str]:
        program.process.stdin.write("\n")
        program.process.stdin.flush()
        return eval(program.wait_for_line("^modules ").removeprefix("modules "))

    before = modules()
    assert "_socket" not in before and "threading" not in before and "asyncio" not in before
    text = tdb_dump(program)  # woken from its read of stdin
    assert 'Thread "MainThread"' in text and "for line in sys.stdin:" in text
    assert modules() == before


def test_dump_from_python_3_14_itself(programs, python314: str) -> None:
    """With tdb on 3.14, it calls sys.remote_exec itself (no Textual needed: -S, only this checkout)."""
    program = programs()
    text = tdb_dump(program, python=python314)
    assert 'Thread "sleeper"' in text and 'Task "fetch-2"' in text


WAITER = """
    import sys
    import threading

    ready = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), ready.set()), daemon=True).start()
    print("started", flush=True)
    ready.wait()
    print("done", flush=True)
"""


def test_a_main_thread_that_runs_no_python_is_given_two_seconds(programs, tmp_path: Path) -> None:
    """Its main thread in Event.wait(): tdb dump says so and leaves; the program runs the script later, and cleans up."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    program = programs(WAITER)
    started = time.monotonic()
    result = run_tdb("dump", str(program.pid), env={"TMPDIR": str(temp)})
    elapsed = time.monotonic() - started
    name = Path(f"/proc/{program.pid}/comm").read_text().strip()
    assert one_line_error(result) == (f"tdb: process {program.pid} ({name}) ran no Python code for 2 s: its main "
                                      "thread is waiting on a lock (a Thread.join(), an Event, a Queue...)")
    assert elapsed < 5
    assert program.process.stdin is not None
    program.process.stdin.write("go\n")
    program.process.stdin.flush()
    assert program.wait_for_line("done") == "done"
    program.process.wait(TIMEOUT)
    assert program.process.returncode == 0 and program.close()[1] == ""
    assert os.listdir(temp) == []


def test_ctrl_c_ends_the_wait(programs) -> None:
    program = programs(WAITER)
    dump = subprocess.Popen([sys.executable, "-m", "tdb", "dump", str(program.pid)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        time.sleep(0.8)
        dump.send_signal(signal.SIGINT)
        stdout, stderr = dump.communicate(timeout=TIMEOUT)
    finally:
        if dump.poll() is None:
            dump.kill()
            dump.wait()
    assert (dump.returncode, stdout) == (1, "")
    assert stderr == "tdb: gave up waiting; the program carries on (it finds nobody when it next runs Python code)\n"


# -- what cannot be dumped: one line each, exit code 1 ------------------------------------


def test_no_such_process() -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    assert one_line_error(run_tdb("dump", str(gone.pid))) == f"tdb: no process with id {gone.pid}"


def test_a_process_that_is_not_python() -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        message = one_line_error(run_tdb("dump", str(sleeper.pid)))
    finally:
        sleeper.kill()
        sleeper.wait()
    assert message.startswith(f"tdb: process {sleeper.pid} (sleep,") and message.endswith("is not a Python program")


def test_a_python_older_than_3_14(programs) -> None:
    python, version = older_python()
    program = programs(WAITER, name="old.py", python=python)
    message = one_line_error(run_tdb("dump", str(program.pid)))
    assert message == (f"tdb: process {program.pid} ({Path(python).name}) runs Python {version}: tdb dump needs "
                       "Python 3.14 or newer (sys.remote_exec, PEP 768); in programs before 3.14 call "
                       "tdb.install() and send the signal (README: Production)")


def test_remote_debugging_disabled(programs) -> None:
    program = programs(WAITER, PYTHON_DISABLE_REMOTE_DEBUG="1")
    message = one_line_error(run_tdb("dump", str(program.pid)))
    assert message.startswith(f"tdb: remote debugging is disabled in process {program.pid} (")
    assert program.running()


def test_not_allowed(programs) -> None:
    """Another user's program (root's, from nobody): ptrace needs the same user, or CAP_SYS_PTRACE."""
    program = programs(WAITER)
    if os.geteuid() == 0:
        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        result = run_tdb("dump", str(program.pid), python=python, user=65534, group=65534, extra_groups=[], cwd="/")
        pid = program.pid
    else:
        result, pid = run_tdb("dump", "1"), 1
    assert one_line_error(result) == f"tdb: not allowed to debug process {pid}: run tdb as the program's user, or as root"


def test_a_program_that_has_ended() -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + TIMEOUT
        while Path(f"/proc/{ended.pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        message = one_line_error(run_tdb("dump", str(ended.pid)))
    finally:
        ended.wait()
    assert re.fullmatch(rf"tdb: process {ended.pid} \(\S+\) has ended \(a zombie waiting for its parent\)", message)


@pytest.mark.parametrize("args, message", [
    ((), "tdb: error: dump needs a process id"),
    (("abc",), "tdb: dump needs a process id (a number), not 'abc'"),
    (("0",), "tdb: dump needs a process id (a positive number), not 0"),
    (("--stacks", "12"), "tdb: error: dump: unknown option --stacks"),
    (("12", "13"), "tdb: error: dump takes one process id, not 12 and 13"),
])
def test_bad_arguments(args: tuple[str, ...], message: str) -> None:
    result = run_tdb("dump", *args)
    assert result.returncode in (1, 2) and result.stderr.splitlines()[0] == message and result.stdout == ""


# -- tdb.install(): the report on a signal, from inside, on any Python ------------------------

INSTALLED = """
    import asyncio
    import os
    import signal
    import sys
    import threading
    import time

    import tdb

    def nap():
        label = "napping"
        time.sleep(3600)

    started = threading.Event()

    async def fetch():
        asyncio.get_running_loop().call_soon(started.set)  # (run once it waits)
        await asyncio.sleep(3600)

    async def main():
        await asyncio.gather(asyncio.create_task(fetch(), name="fetch-1"))

    mode = sys.argv[1]
    if mode == "chained":
        signal.signal(signal.SIGUSR1, lambda number, frame: print("the program's own handler", flush=True))
    if mode == "file":
        undo = tdb.install(file=sys.argv[2])
    elif mode == "locals":
        undo = tdb.install(signal.SIGUSR1, locals=True)
    else:
        undo = tdb.install()
    sleeper = threading.Thread(target=nap, name="sleeper", daemon=True)
    sleeper.start()
    threading.Thread(target=lambda: asyncio.run(main()), name="loop", daemon=True).start()
    started.wait()
    while open(f"/proc/self/task/{sleeper.native_id}/syscall").read().split()[0] != "230":  # in its sleep
        time.sleep(0.01)
    print("started", flush=True)
    if mode == "uninstall":
        undo()
        print("handler", repr(signal.getsignal(signal.SIGUSR1)), flush=True)
    while True:
        time.sleep(3600)
"""


@pytest.fixture(params=["this Python", "3.14"])
def python(request: pytest.FixtureRequest) -> str:
    """tdb.install() on the tests' own Python (3.11 in CI's first run) and on 3.14."""
    return sys.executable if request.param == "this Python" else request.getfixturevalue("python314")


@pytest.fixture
def installed(python: str, write) -> Any:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, **env: str) -> subprocess.Popen[str]:
        process = subprocess.Popen([python, str(write("installed.py", INSTALLED)), *args], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT), **env})
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline() == "started\n", process.communicate()
        return process

    yield start
    for process in started:
        process.kill()
        process.communicate()


def signal_when_asleep(process: subprocess.Popen[str], number: int = signal.SIGUSR1) -> None:
    """Send the signal once the main thread sleeps again: sent just before the sleep's system call, it would wait
    for the sleep's end (Python runs a handler between two bytecodes, and none comes between the call and the
    sleep). The report's handler runs when the sleep is interrupted, and the sleep goes on."""
    deadline = time.monotonic() + TIMEOUT
    while Path(f"/proc/{process.pid}/syscall").read_text().split()[0] != "230":  # clock_nanosleep
        assert time.monotonic() < deadline, "the program never went to sleep"
        time.sleep(0.01)
    process.send_signal(number)


def report_on(process: subprocess.Popen[str], number: int = signal.SIGUSR1) -> str:
    """Send the signal, and the report the program writes to its stderr (it ends in fetch-1's sleep)."""
    signal_when_asleep(process, number)
    assert process.stderr is not None
    lines: list[str] = []
    while not (lines and lines[-1] == "      return await future\n"):
        line = process.stderr.readline()  # (the test's timeout, should it never come)
        assert line, "".join(lines)
        lines.append(line)
    return "".join(lines)


def check_report(text: str, name: str, process: subprocess.Popen[str], path: str) -> None:
    assert text.startswith(f"--- tdb: {name} ---\nProcess {process.pid}: ")
    assert re.search(r"^Python 3\.\d+\.\d+, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$", text, re.M)
    main, nap = line_of("while True:", INSTALLED) + 1, line_of("time.sleep(3600)", INSTALLED)
    assert f'File "{path}", line {main}, in <module>\n    time.sleep(3600)' in section(text, 'Thread "MainThread"')
    assert f'File "{path}", line {nap}, in nap\n    time.sleep(3600)' in section(text, 'Thread "sleeper"')
    assert '  Task "Task-1" (pending), coroutine main, awaits "fetch-1"\n' in text
    fetch = line_of("await asyncio.sleep(3600)", INSTALLED)
    assert re.search(rf'  Task "fetch-1" \(pending\), coroutine fetch, waits on a Future, awaited by "Task-1"\n'
                     rf'    File "{re.escape(path)}", line {fetch}, in fetch\n      await asyncio.sleep\(3600\)', text)


def test_install_writes_the_report_to_stderr_on_sigusr1(installed, tmp_path: Path) -> None:
    process = installed("stderr")
    for _ in range(2):  # and again: the handler stays
        check_report(report_on(process), "SIGUSR1", process, str(tmp_path / "installed.py"))
    assert process.poll() is None


def test_install_with_locals(installed) -> None:
    process = installed("locals")
    text = report_on(process)
    assert "    time.sleep(3600)\n      label = 'napping'" in section(text, 'Thread "sleeper"')


def test_install_appends_to_a_file(installed, tmp_path: Path) -> None:
    log = tmp_path / "stacks.log"
    process = installed("file", str(log))
    for count in (1, 2):
        signal_when_asleep(process)
        deadline = time.monotonic() + TIMEOUT
        while not (log.exists() and log.read_text().count("Event loop") == count and log.read_text().endswith(
                "return await future\n")):
            assert time.monotonic() < deadline, log.read_text() if log.exists() else "no file"
            time.sleep(0.02)
    reports = log.read_text().split("--- tdb: SIGUSR1 ---\n")
    assert len(reports) == 3 and reports[0] == ""
    for report in reports[1:]:
        check_report("--- tdb: SIGUSR1 ---\n" + report, "SIGUSR1", process, str(tmp_path / "installed.py"))


def test_install_takes_tdb_dump_signal_when_given_no_signal(installed, tmp_path: Path) -> None:
    process = installed("stderr", TDB_DUMP_SIGNAL="usr2")
    check_report(report_on(process, signal.SIGUSR2), "SIGUSR2", process, str(tmp_path / "installed.py"))
    signal_when_asleep(process)  # not tdb's: its default ends the program
    assert process.wait(TIMEOUT) == -signal.SIGUSR1


def test_install_runs_the_handler_that_was_there_after_the_report(installed, tmp_path: Path) -> None:
    process = installed("chained")
    check_report(report_on(process), "SIGUSR1", process, str(tmp_path / "installed.py"))
    assert process.stdout is not None
    assert process.stdout.readline() == "the program's own handler\n"


def test_what_install_returns_puts_the_previous_handler_back(installed) -> None:
    process = installed("uninstall")
    assert process.stdout is not None
    assert process.stdout.readline() == "handler <Handlers.SIG_DFL: 0>\n"
    signal_when_asleep(process)
    assert process.wait(TIMEOUT) == -signal.SIGUSR1


@pytest.mark.parametrize("value, number", [("USR2", signal.SIGUSR2), ("SIGUSR2", signal.SIGUSR2),
                                           ("sigusr1", signal.SIGUSR1), (str(int(signal.SIGUSR2)), signal.SIGUSR2)])
def test_tdb_dump_signal_names_a_signal_by_name_or_number(value: str, number: int) -> None:
    from tdb.entry import _signal_number

    assert _signal_number(value) == number


@pytest.mark.parametrize("value, message", [
    ("USR3", "'USR3' is not a signal (a name such as USR1, or a number)"),
    ("9999", "'9999' is not a signal of this system"),
])
def test_a_wrong_tdb_dump_signal_is_refused_with_one_line(value: str, message: str, monkeypatch) -> None:
    import tdb

    monkeypatch.setenv("TDB_DUMP_SIGNAL", value)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        tdb.install()


def test_the_report_module_imports_nothing_but_sys() -> None:
    """tdb dump execs its source in the program: no import of anything a program might not have loaded."""
    import ast

    source = (ROOT / "tdb" / "engine" / "stack_report.py").read_text()
    imported = {alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    assert imported == {"sys"}


def test_short_reprs_are_bounded_and_run_no_code_of_the_program() -> None:
    from tdb.engine.stack_report import short_repr

    class Loud:
        def __repr__(self) -> str:
            raise AssertionError("the program's __repr__ ran")

    assert short_repr([1, "two", (3.0, None), {"k": b"v"}]) == "[1, 'two', (3.0, None), {'k': b'v'}]"
    assert short_repr("x" * 1000) == repr("x" * 200) + "... (1000 characters)"
    assert short_repr(list(range(100))) == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... (100 items)]"
    assert short_repr(10 ** 5000) == "<int of 16610 bits>"
    assert short_repr([[[[1]]]]) == "[[[[...]]]]"
    assert re.fullmatch(r"\{<tests\.test_dump\.\S*Loud object at 0x[0-9a-f]+>: \[<\S*Loud object at 0x[0-9a-f]+>\]\}",
                        short_repr({Loud(): [Loud()]}))
    assert short_repr(sys) == "<module 'sys'>" and short_repr(len) == "<built-in function len>"
    assert len(short_repr({str(n) * 50: n for n in range(100)})) == 300
