"""tdb -p PID: attaching to a running Python 3.14 program (sys.remote_exec), over DAP as the interface does.

The programs run on the python314 fixture's interpreter with -S: no tdb installed
there, so the injected script must load tdb from this checkout. The tests' own
Python (3.11) attaches through the program's interpreter, as `tdb -p` run by a
3.11 tdb does; one test attaches from 3.14 itself.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from unittest import mock

from tdb import attach, processes, syscall_interrupt
from tdb.dap.connection import Connection
from harness.debuggee import ROOT, Debuggee

TIMEOUT = 15.0

LOOP = """
    import signal

    def work(n):
        total = 0
        for i in range(n):
            total += i
        return total

    count = 0
    print("started", flush=True)
    while True:
        count += 1
        work(100)
        if count % 20000 == 0:
            print("alive", count, signal.getsignal(signal.SIGINT) is signal.default_int_handler, flush=True)
"""
LOOP_LINES = {3, 4, 5, 6, 7}  # where work() may be when the program is stopped
LOOP_MODULE_LINES = {11, 12, 13, 14, 15}  # where the loop around it may be

SLEEPER = """
    import time

    def nap(seconds):
        label = "napping"
        time.sleep(seconds)
        return label

    print("started", flush=True)
    nap(3600)
    print("woke up", flush=True)
"""

ECHO = """
    import sys

    def echo():
        prompt = "say something"
        print("started", flush=True)
        for line in sys.stdin:
            print("echo", line.strip(), flush=True)

    echo()
"""


class Program:
    """A program on Python 3.14 whose output lines are read as they come."""

    def __init__(self, python: str, path: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [python, "-S", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env={**os.environ, **(env or {})},
        )
        self.pid = self.process.pid
        self.lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"the program never printed {pattern!r}") from None
            if re.search(pattern, line):
                return line

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()

    def running(self) -> bool:
        return self.process.poll() is None

    def close(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.kill()
        _, stderr = self.process.communicate()
        return self.process.returncode, stderr


class Attached(Debuggee):
    """A DAP client on the socket `tdb -p` hands the interface (Debuggee's requests and waits)."""

    def __init__(self, program: Program) -> None:
        self.said: list[str] = []
        sock, self.target = attach.connect(program.pid, self.said.append)
        self.program = program
        self._messages: "queue.Queue[dict[str, Any]]" = queue.Queue()
        self._responses: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.connection = Connection(sock)
        threading.Thread(target=self._read, daemon=True).start()

    def detach(self) -> None:
        """q in attach mode: disconnect, the program runs on; the engine hangs up."""
        self.request("disconnect", terminateDebuggee=False)
        deadline = time.monotonic() + TIMEOUT
        while True:
            if self._next(deadline)["type"] == "closed":
                break

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def programs(python314: str, write):
    """Start programs on 3.14 from their source; killed at the end."""
    started: list[Program] = []

    def start(source: str, name: str = "target.py", **env: str) -> Program:
        program = Program(python314, write(name, source), env)
        started.append(program)
        program.wait_for_line("started")
        return program

    yield start
    for program in started:
        program.close()


def test_attach_to_a_busy_loop_steps_evaluates_and_detaches(programs) -> None:
    program = programs(LOOP)
    client = Attached(program)
    client.start()
    stop = client.stopped()
    assert stop["reason"] == "pause"
    top = stop["frames"][0]
    # The program's own frame that was running (mostly work(), else the loop around it), not the
    # injected script's nor the engine's.
    names = [frame["name"] for frame in stop["frames"]]
    assert names in (["work", "<module>"], ["<module>"]) and top["source"]["path"].endswith("target.py")
    assert top["line"] in (LOOP_LINES if top["name"] == "work" else LOOP_MODULE_LINES)
    assert client.evaluate("count > 0", stop["frames"][-1]["id"])["result"] == "True"
    if top["name"] == "work":
        assert client.evaluate("n", top["id"])["result"] == "100"

    client.request("next", threadId=stop["threadId"])
    stepped = client.stopped()["frames"][0]
    assert stepped["line"] in (LOOP_LINES if stepped["name"] == "work" else LOOP_MODULE_LINES)

    # A breakpoint set while attached stops the program; continue, pause, and the stop comes back.
    path = top["source"]["path"]
    client.request("setBreakpoints", source={"path": path}, breakpoints=[{"line": 12}])
    client.request("continue", threadId=stop["threadId"])
    at_breakpoint = client.stopped()
    assert (at_breakpoint["reason"], at_breakpoint["frames"][0]["line"]) == ("breakpoint", 12)
    client.request("setBreakpoints", source={"path": path}, breakpoints=[])
    client.request("continue", threadId=stop["threadId"])
    client.wait_event("continued")
    client.request("pause", threadId=0)
    paused = client.stopped()
    assert paused["reason"] == "pause" and paused["frames"][-1]["name"] == "<module>"

    client.detach()
    # It runs on, untraced, with its own Ctrl-C handler back.
    program.drain()
    assert program.wait_for_line(r"^alive \d+ True$")
    assert program.running()


def test_attach_to_a_sleeping_program_stops_in_its_frame_at_once(programs) -> None:
    program = programs(SLEEPER)
    client = Attached(program)
    client.start()
    stop = client.stopped()
    top = stop["frames"][0]
    assert (stop["reason"], top["name"], top["line"]) == ("pause", "nap", 5)
    assert client.locals(top["id"]) == {"seconds": "3600", "label": "'napping'"}
    assert client.said == []  # woken at once: no "waiting for the program" message

    # n finishes the line, and time.sleep goes on sleeping; Ctrl-C (pause) breaks in at once.
    client.request("next", threadId=stop["threadId"])
    _wait_until(lambda: syscall_interrupt.blocked_call(program.pid) in syscall_interrupt.RETRIED,
                "the program to be asleep again")
    client.request("pause", threadId=0)
    paused = client.stopped()
    assert (paused["reason"], paused["frames"][0]["name"], paused["frames"][0]["line"]) == ("pause", "nap", 5)

    client.detach()
    assert program.running()
    _wait_until(lambda: syscall_interrupt.blocked_call(program.pid) in syscall_interrupt.RETRIED,
                "the program to be asleep again")
    # Still in its time.sleep(), with Python's own SIGINT handler back: Ctrl-C ends it as it would have.
    program.process.send_signal(signal.SIGINT)
    program.process.wait(TIMEOUT)
    returncode, stderr = program.close()
    # (Since 3.8 an uncaught KeyboardInterrupt ends the process by SIGINT, as the shell expects.)
    assert returncode == -signal.SIGINT and "KeyboardInterrupt" in stderr and "tdb" not in stderr
    assert "time.sleep(seconds)" in stderr


def test_attach_to_a_program_reading_its_input_again_and_again(programs) -> None:
    # A detach lets the last session's socket go on the main thread, which may take the next
    # attach's script right inside that: the stop is still in the program's frame (it was in
    # socket.close, or never came). A race: several programs make it likely.
    for _ in range(4):
        program = programs(ECHO)
        for _ in range(2):
            client = Attached(program)
            client.start()
            stop = client.stopped()
            assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("echo", 6)
            assert client.evaluate("prompt", stop["frames"][0]["id"])["result"] == "'say something'"
            client.detach()
        assert program.process.stdin is not None
        program.process.stdin.write("hello\n")
        program.process.stdin.flush()
        assert program.wait_for_line("^echo") == "echo hello"


def test_the_attach_script_leaves_nothing_behind(programs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(attach.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    program = programs(LOOP)
    client = Attached(program)
    assert os.listdir(tmp_path / "tmp") == []  # the script, the socket and their directory are gone
    client.start()
    client.stopped()
    # Nor in the program: its sys.path is its own; tdb's modules came from this checkout all the same.
    sys_ = "__import__('sys')"
    assert client.evaluate(f"{str(ROOT)!r} in {sys_}.path")["result"] == "False"
    assert client.evaluate(f"{sys_}.modules['tdb'].__file__")["result"] == repr(str(ROOT / "tdb" / "__init__.py"))
    client.detach()


def test_attach_from_python_3_14_itself(programs, python314: str) -> None:
    """With the interface on 3.14, tdb calls sys.remote_exec itself."""
    program = programs(LOOP)
    code = (
        "import sys\nfrom tdb import attach\n"
        "sock, process = attach.connect(int(sys.argv[1]), print)\n"
        "print('attached', process.version)\nsock.close()\n"
    )
    result = subprocess.run([python314, "-c", code, str(program.pid)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=TIMEOUT)
    assert result.stdout.strip() == "attached (3, 14)", result.stderr
    program.drain()
    assert program.wait_for_line(r"^alive \d+ True$")  # the engine let go when the interface did


def test_an_engine_in_the_program_already_refuses_a_second_one(programs) -> None:
    program = programs(LOOP)
    first = Attached(program)
    first.start()
    stop = first.stopped()
    first.request("continue", threadId=stop["threadId"])
    with pytest.raises(attach.AttachError, match=f"^process {program.pid} .*: the program is being debugged by tdb "
                                                 "already$"):
        Attached(program)
    first.request("pause", threadId=0)
    assert first.stopped()["reason"] == "pause"  # the first session is unharmed
    first.detach()
    program.drain()
    assert program.wait_for_line(r"^alive \d+ True$")


WAITER = """
    import sys
    import threading

    ready = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), ready.set()), daemon=True).start()
    print("started", flush=True)
    ready.wait()
    print("done", flush=True)
"""


def test_a_program_waiting_on_a_lock_is_waited_for_and_ctrl_c_gives_up(programs, tmp_path: Path) -> None:
    """The main thread in Event.wait() runs no Python code, and no call tdb may interrupt: tdb says so and waits."""
    program = programs(WAITER)
    temp = tmp_path / "tmp"
    temp.mkdir()
    tdb = subprocess.Popen([sys.executable, "-m", "tdb", "-p", str(program.pid)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)})
    try:
        assert tdb.stderr is not None
        waiting = tdb.stderr.readline()
        name = Path(f"/proc/{program.pid}/comm").read_text().strip()
        assert waiting == (f"tdb: waiting for process {program.pid} ({name}) to run Python code: its main thread "
                           "is waiting on a lock (a Thread.join(), an Event, a Queue...). tdb attaches when it "
                           "returns to Python; Ctrl-C gives up.\n")
        tdb.send_signal(signal.SIGINT)
        _, rest = tdb.communicate(timeout=TIMEOUT)
    finally:
        if tdb.poll() is None:
            tdb.kill()
            tdb.wait()
    assert tdb.returncode == 1
    assert rest == "tdb: gave up waiting; the program carries on (it finds nobody when it next runs Python code)\n"
    # When it does, the script finds nobody, removes itself, and the program goes on as it would have.
    assert program.process.stdin is not None
    program.process.stdin.write("go\n")
    program.process.stdin.flush()
    assert program.wait_for_line("done") == "done"
    program.process.wait(TIMEOUT)
    assert program.process.returncode == 0 and program.close()[1] == ""
    assert os.listdir(temp) == []


# -- what cannot be attached to ------------------------------------------------------


def run_tdb(*args: str, python: str = sys.executable, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([python, "-m", "tdb", *args], capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL, **options)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tdb: "), result.stderr
    return lines[0]


def test_no_such_process() -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    assert one_line_error(run_tdb("-p", str(gone.pid))) == f"tdb: no process with id {gone.pid}"


def test_a_process_that_is_not_python() -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        message = one_line_error(run_tdb("-p", str(sleeper.pid)))
    finally:
        sleeper.kill()
        sleeper.wait()
    assert message.startswith(f"tdb: process {sleeper.pid} (sleep,") and message.endswith("is not a Python program")


def older_python() -> tuple[str, str]:
    """(an interpreter older than 3.14, its version): this one, or the system's."""
    for candidate in [sys.executable, *(shutil.which(f"python3.{minor}") for minor in (13, 12, 11)),
                      "/usr/bin/python3"]:
        if not candidate:
            continue
        version = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                 capture_output=True, text=True).stdout.strip()
        if version and tuple(map(int, version.split("."))) < (3, 14):
            return candidate, version
    pytest.fail("no Python older than 3.14 on this machine to try attaching to")


def test_a_python_older_than_3_14(write) -> None:
    python, version = older_python()
    program = Program(python, write("old.py", SLEEPER))
    try:
        program.wait_for_line("started")
        message = one_line_error(run_tdb("-p", str(program.pid)))
    finally:
        program.close()
    name = Path(python).name  # the process's name is the one it was started by
    assert message == (f"tdb: process {program.pid} ({name}) runs Python {version}: tdb -p needs "
                       "Python 3.14 or newer (sys.remote_exec, PEP 768)")


def test_remote_debugging_disabled(programs) -> None:
    program = programs(SLEEPER, PYTHON_DISABLE_REMOTE_DEBUG="1")
    message = one_line_error(run_tdb("-p", str(program.pid)))
    assert message.startswith(f"tdb: remote debugging is disabled in process {program.pid} (")
    assert program.running()


def test_not_allowed(programs) -> None:
    """Another user's program (here: root's, from nobody)."""
    program = programs(SLEEPER)
    if os.geteuid() == 0:
        # (The system's Python: nobody may not enter root's home, where the test's own Python may live.)
        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        result = run_tdb("-p", str(program.pid), python=python, user=65534, group=65534, extra_groups=[], cwd="/")
        pid = program.pid
    else:  # (CI and the developers' machines run as root; elsewhere, init is another user's)
        result, pid = run_tdb("-p", "1"), 1
    assert one_line_error(result) == f"tdb: not allowed to debug process {pid}: run tdb as the program's user, or as root"


@pytest.mark.parametrize("args, message", [
    (("-p", "abc"), "tdb: -p needs a process id (a number), not 'abc'"),
    (("-p", "0"), "tdb: -p needs a process id (a positive number), not 0"),
    (("-p", "12", "prog.py"), "-p takes no program: the program is already running"),
])
def test_bad_arguments(args: tuple[str, ...], message: str) -> None:
    result = run_tdb(*args)
    assert result.returncode in (1, 2) and message in result.stderr


def test_a_second_tdb_says_who_holds_the_program_at_once(programs) -> None:
    program = programs(SLEEPER)
    first = Attached(program)
    first.start()
    first.stopped()  # (its main thread waits in the stop: a second attach script would never run)
    holder = subprocess.Popen(["sleep", "30"])  # stands for a `tdb -p PID` as ps shows one
    try:
        fake = ["tdb", "-p", str(program.pid)]
        with mock.patch.object(processes, "argv_of", lambda pid: fake if pid == holder.pid else []):
            started = time.monotonic()
            with pytest.raises(attach.AttachError) as raised:
                attach.connect(program.pid, lambda _: None)
        assert str(raised.value).startswith(f"process {program.pid} is being debugged by tdb (pid {holder.pid})")
        assert time.monotonic() - started < 2
    finally:
        holder.kill()
        holder.wait()
    first.detach()


def test_a_tdb_session_is_found_from_its_interface_child() -> None:
    interface = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "-m", "tdb.ui"])
    try:
        argv = [sys.executable, "-P", "-m", "tdb.ui", "--fd", "5"]
        with mock.patch.object(processes, "argv_of", lambda pid: argv if pid == interface.pid else []):
            assert processes.debuggers().get(os.getpid()) == interface.pid  # (this process is its parent)
    finally:
        interface.kill()
        interface.wait()


def test_root_without_cap_sys_ptrace_is_told_what_it_lacks(monkeypatch) -> None:
    monkeypatch.setattr(attach.os, "geteuid", lambda: 0)
    monkeypatch.setattr(attach, "_has_capability", lambda number: number != attach.CAP_SYS_PTRACE)
    assert attach._not_allowed(42) == ("not allowed to debug process 42: tdb -p needs the CAP_SYS_PTRACE capability, "
                                       "which this root lacks (a container's default): start the container with "
                                       "--cap-add=SYS_PTRACE")


def test_this_process_has_its_capabilities_read() -> None:
    with open("/proc/self/status") as file:
        effective = int(next(line for line in file if line.startswith("CapEff:")).split()[1], 16)
    assert attach._has_capability(attach.CAP_SYS_PTRACE) == bool(effective >> 19 & 1)


def test_tdb_p_alone_lists_the_python_314_programs(programs) -> None:
    program = programs(SLEEPER)
    disabled = programs(SLEEPER, name="quiet.py", PYTHON_DISABLE_REMOTE_DEBUG="1")
    result = run_tdb("-p")  # (stdin is not a terminal: the list, and how to choose, but no question)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["PID", "USER", "PYTHON", "COMMAND"]
    row = next(line for line in lines if line.split()[0] == str(program.pid))
    assert "3.14" in row and "target.py" in row and "[remote debugging disabled]" not in row
    quiet = next(line for line in lines if line.split()[0] == str(disabled.pid))
    assert quiet.endswith("[remote debugging disabled]")
    assert lines[-1] == "tdb -p PID attaches to one of them"


def test_tdb_cannot_attach_to_itself() -> None:
    with pytest.raises(attach.AttachError, match="cannot attach to itself"):
        attach.inspect(os.getpid())


def _wait_until(predicate, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


async def test_the_interface_breaks_in_with_ctrl_c_and_quits_by_detaching(programs) -> None:
    from tdb.ui.app import TdbApp
    from harness.ui_session import UiSession

    program = programs(SLEEPER)
    sock, _ = attach.connect(program.pid, print)
    session = UiSession(program.process, TdbApp(sock, owns_program_terminal=False))
    app = session.app
    async with app.run_test(size=(120, 40)) as pilot:
        await session.next_screen(pilot)
        assert "nap" in session.status() and "paused" in session.status()
        assert "q detaches and it runs on" in session.console()
        await pilot.press("ctrl+c")  # stopped already: it says so, and nothing else happens
        assert "The program is stopped already" in session.console()
        await pilot.press("c")
        await session.until(lambda: app.core.state == "running", pilot, "the program to run")
        await session.press(pilot, "ctrl+c")  # asleep in time.sleep(3600), and stopped at once all the same
        assert "sleeper" not in session.status() and "target.py:5" in session.status() and "paused" in session.status()
        await pilot.press("q")
        await session.until(lambda: not app.is_running, pilot, "the interface to leave")
    assert app.return_code == 0 and not app.engine_vanished
    assert program.running()
