"""`python -m tdb.adapter` beyond a launch: attach to a program waiting on a socket (TDB_LISTEN, tdb --listen) or
to a running Python 3.14 program by its pid, a module launched, a client that goes away, and an adapter that
never loads the interface. The conformance of the protocol itself is tests/dap/test_conformance.py's."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from harness.debuggee import ROOT
from tests.dap.test_conformance import TIMEOUT, SpecClient, initialize, run_to_end, running, top

PROGRAM = """\
def inner(x):
    y = x * 2
    return y


print("start", flush=True)
result = inner(2)
print("result", result, flush=True)
"""


@pytest.fixture
def client(tmp_path: Path):
    started: list[SpecClient] = []

    def start() -> SpecClient:
        started.append(SpecClient(tmp_path))
        return started[-1]

    yield start
    for one in started:
        one.close()
    for one in started:
        assert one.problems == []


@pytest.fixture
def listening(tmp_path: Path):
    """Programs started as `python -m tdb --listen PATH script` (no terminal): (process, socket path)."""
    started: list[subprocess.Popen] = []

    def start(script: Path, how: str = "--listen") -> tuple[subprocess.Popen, str]:
        address = str(tmp_path / f"engine{len(started)}.sock")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if how == "--listen":
            command = [sys.executable, "-m", "tdb", "--listen", address, str(script)]
        else:
            command, env["TDB_LISTEN"] = [sys.executable, str(script)], address
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        started.append(process)
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(address):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the program never listened"
            time.sleep(0.02)
        return process, address

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def attach(dap: SpecClient, breakpoints: dict[str, list[int]] | None = None, **arguments) -> None:
    initialize(dap)
    seq = dap.send("attach", **arguments)
    dap.event("initialized")
    for path, lines in (breakpoints or {}).items():
        verified = dap.request("setBreakpoints", source={"path": path},
                               breakpoints=[{"line": line} for line in lines])["breakpoints"]
        assert all(b["verified"] for b in verified)
    dap.request("configurationDone")
    response = dap.response(seq)
    assert response["success"] is True, response


def test_attach_to_a_program_waiting_on_tdb_listen(client, listening, tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    process, address = listening(script)
    dap = client()
    attach(dap, {str(script): [2]}, listen=address)
    stop = dap.stopped()
    assert stop["reason"] == "breakpoint" and top(stop) == ("inner", 2)
    dap.request("stepOut", threadId=stop["threadId"])
    assert top(dap.stopped()) == ("<module>", 7)
    dap.request("continue", threadId=stop["threadId"])
    run_to_end(dap)
    stdout, _ = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0 and stdout == "start\nresult 4\n"  # its output stays its own


def test_attach_with_stop_on_entry_and_disconnect_lets_the_program_run_on(client, listening, tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    process, address = listening(script)
    dap = client()
    attach(dap, {str(script): [2]}, listen=address, stopOnEntry=True)
    stop = dap.stopped()
    assert stop["reason"] == "entry" and top(stop) == ("<module>", 1)
    dap.request("disconnect")  # attached: the program runs on (to its end), without the breakpoint
    assert dap.finish()[0] == 0
    stdout, _ = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0 and stdout == "start\nresult 4\n"


def test_attach_to_a_set_trace_stops_where_it_is(client, listening, tmp_path):
    script = tmp_path / "prog.py"
    script.write_text("import tdb\nx = 1\ntdb.set_trace()\ny = 2\n")
    process, address = listening(script, how="TDB_LISTEN")
    dap = client()
    attach(dap, listen=address)  # (no stopOnEntry: a set_trace stops where it is all the same)
    stop = dap.stopped()
    assert top(stop) == ("<module>", 4)
    dap.request("continue", threadId=stop["threadId"])
    assert dap.event("exited") == {"exitCode": 0}
    dap.event("terminated")
    dap.request("disconnect")
    assert dap.finish()[0] == 0
    assert process.wait(TIMEOUT) == 0


def test_attach_needs_a_socket_or_a_pid_and_says_which_is_missing(client, tmp_path):
    dap = client()
    initialize(dap)
    assert "listen" in dap.error("attach") and "processId" in dap.error("attach")
    message = dap.error("attach", listen=str(tmp_path / "nobody.sock"))
    assert "no program waits" in message and "TDB_LISTEN" in message
    assert "no process with id" in dap.error("attach", processId=2 ** 22 + 12345)
    dap.request("disconnect")
    assert dap.finish()[0] == 0


def test_attach_to_a_running_python_3_14_program_by_its_pid(client, python314, tmp_path):
    script = tmp_path / "sleeper.py"
    script.write_text(textwrap.dedent("""\
        import time

        def nap(seconds):
            label = "napping"
            time.sleep(seconds)
            return label

        print("started", flush=True)
        while True:
            nap(0.05)
    """))
    program = subprocess.Popen([python314, "-S", str(script)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert program.stdout is not None and program.stdout.readline() == "started\n"
        dap = client()
        attach(dap, processId=program.pid)
        stop = dap.stopped()
        assert stop["reason"] == "pause"
        assert stop["frames"][-1]["name"] == "<module>"
        assert dap.request("evaluate", expression="2 + 3", frameId=stop["frames"][0]["id"],
                           context="repl")["result"] == "5"
        dap.request("disconnect")  # detaches: the program runs on
        assert dap.finish()[0] == 0
        time.sleep(0.5)
        assert program.poll() is None
    finally:
        program.kill()
        program.communicate()


def test_launch_a_module_with_its_arguments(client, tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tool.py").write_text("import sys\nprint('tool', sys.argv[1:])\n")
    dap = client()
    initialize(dap)
    seq = dap.send("launch", module="pkg.tool", args=["--flag", "x"], cwd=str(tmp_path))
    dap.event("initialized")
    dap.request("configurationDone")
    assert dap.response(seq)["success"]
    run_to_end(dap)
    assert dap.output("stdout") == "tool ['--flag', 'x']\n"


def test_a_client_that_goes_away_ends_the_program_it_launched(client, tmp_path):
    script = tmp_path / "forever.py"
    script.write_text("import time\nprint('started', flush=True)\nwhile True:\n    time.sleep(0.05)\n")
    dap = client()
    initialize(dap)
    seq = dap.send("launch", program=str(script), cwd=str(tmp_path))
    dap.event("initialized")
    dap.request("configurationDone")
    assert dap.response(seq)["success"]
    dap.printed("started\n")
    dap.hang_up()  # the editor went
    assert dap.finish()[0] == 0
    deadline = time.monotonic() + TIMEOUT
    while running(script) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(script)


def test_the_program_s_stderr_reaches_the_client_without_tdb_s_own_line(client, tmp_path):
    script = tmp_path / "prog.py"
    script.write_text("import sys\nprint('to stderr', file=sys.stderr)\nprint('to stdout')\n")
    dap = client()
    initialize(dap)
    seq = dap.send("launch", program=str(script), cwd=str(tmp_path), env={"PYTHONWARNINGS": None})
    dap.event("initialized")
    dap.request("configurationDone")
    assert dap.response(seq)["success"]
    run_to_end(dap)
    assert dap.output("stderr") == "to stderr\n"
    assert dap.output("stdout") == "to stdout\n"


def test_the_adapter_loads_the_standard_library_and_tdb_only_never_the_interface():
    code = ("import sys; before = set(sys.modules); import tdb.adapter; "
            "print(sorted(m for m in set(sys.modules) - before if m.startswith('tdb.ui') "
            "or m.partition('.')[0] not in sys.stdlib_module_names and m.partition('.')[0] != 'tdb'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_attach_to_a_program_waiting_on_tcp_with_its_token(client, tmp_path):
    import re

    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    process = subprocess.Popen([sys.executable, "-m", "tdb", "--listen", "tcp:127.0.0.1:0", str(script)],
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        said = process.stderr.readline()  # tdb: waiting ...; connect with: tdb --connect tcp:H:P --token T
        found = re.search(r"tdb --connect (tcp:\S+) --token (\S+)", said)
        assert found, said
        refused = client()
        initialize(refused)
        seq = refused.send("attach", listen=found[1], token="not-it")
        assert refused.response(seq)["success"] is False  # (the engine refused the adapter's initialize)
        dap = client()
        attach(dap, {str(script): [2]}, listen=found[1], token=found[2])
        stop = dap.stopped()
        assert stop["reason"] == "breakpoint" and top(stop) == ("inner", 2)
        dap.request("continue", threadId=stop["threadId"])
        run_to_end(dap)
        stdout, _ = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0 and stdout == "start\nresult 4\n"
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
