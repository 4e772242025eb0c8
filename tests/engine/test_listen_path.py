"""TDB_LISTEN on a path that exists: refused with one line; tdb never removes a file it did not create."""

from __future__ import annotations

import os
import subprocess
import sys

from harness.debuggee import ROOT, connect_when_listening


def _run(args, cwd, address, timeout=15):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "TDB_LISTEN": str(address), "PYTHONPATH": str(ROOT)})


def test_tdb_refuses_a_path_that_exists_and_leaves_the_file_alone(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text("print('ran')\n")
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes\n")
    result = _run(["-m", "tdb", str(script)], tmp_path, precious)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tdb: error: {precious} exists already: tdb listens on a path of its own (remove it, or choose another)"]
    assert "ran" not in result.stdout
    assert precious.read_text() == "my notes\n"


def test_set_trace_on_a_path_that_exists_runs_on_without_stopping(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text("import tdb\ntdb.set_trace()\nprint('went on')\n")
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes\n")
    result = _run([str(script)], tmp_path, precious)
    assert (result.returncode, result.stdout) == (0, "went on\n")
    assert "exists already" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert precious.read_text() == "my notes\n"


def test_a_second_program_on_the_same_path_leaves_the_first_ones_socket(tmp_path):
    address = tmp_path / "shared.sock"
    first = subprocess.Popen([sys.executable, "-c", "import tdb; tdb.set_trace()"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "TDB_LISTEN": str(address), "PYTHONPATH": str(ROOT)})
    try:
        while not address.exists():  # listening
            assert first.poll() is None, first.stderr.read()
        second = tmp_path / "second.py"
        second.write_text("import tdb\ntdb.set_trace()\nprint('second ran')\n")
        result = _run([str(second)], tmp_path, address)
        assert "exists already" in result.stderr and result.stdout == "second ran\n"
        assert address.exists()  # the first one's socket is still there, and still takes its client
        connect_when_listening(str(address), first).close()
    finally:
        first.kill()
        first.communicate()
