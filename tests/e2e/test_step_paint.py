"""A step at a real terminal (a pty, every byte kept): "stepping…" in the status line as the request
leaves, then the stop. From the second step on, the "stepping…" line is written again from the bytes of
the first (paint.RepeatedPaint): they must be the bytes a fresh render writes."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import sys
import termios
import time

import pytest

from benchmarks.pty_terminal import PtyTerminal
from harness.debuggee import ROOT

pytestmark = pytest.mark.e2e

PROGRAM = "\n".join(["def work(n):", "    total = n * 3", "    breakpoint()"]
                    + [f"    a = {100 + k}" for k in range(1, 12)] + ["    return total", "", "work(14)", ""])
STEPPING = re.compile(rb"\x1b\[\d+;\d+H[^\x1b]*(?:\x1b\[[0-9;]*m[^\x1b]*)*stepping\xe2\x80\xa6[^\x1b]*(?:\x1b\[[0-9;]*m[^\x1b]*)*")


def _until_quiet(terminal: PtyTerminal, quiet: float = 0.3, timeout: float = 30.0) -> bytes:
    start = len(terminal.seen)
    _, last, _ = terminal.read_until_quiet(time.monotonic(), quiet, timeout)
    assert last is not None, "nothing written"
    return terminal.seen[start:]


def test_each_step_says_stepping_with_the_same_bytes_then_shows_its_line(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "PYTHONPATH": str(ROOT),
           "PYTHONBREAKPOINT": "tdb.set_trace", "TDB_PRESTART": "0", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    terminal = PtyTerminal([sys.executable, str(script)], env, 24, 80)
    try:
        terminal.wait_for(re.compile(rb"prog\.py:4"), 30)
        _until_quiet(terminal)
        steppings = []
        for line in range(5, 10):
            terminal.write(b"n")
            written = _until_quiet(terminal)
            found = STEPPING.findall(written)
            assert len(found) == 1, f"step to line {line}: {written[:400]!r}"
            assert written.index(b"stepping") < written.rindex(f"prog.py:{line}".encode()), \
                f"the stop at line {line} was not written after 'stepping…'"
            steppings.append(found[0])
        assert all(found == steppings[0] for found in steppings[1:]), steppings
        assert steppings[0].startswith(b"\x1b[22;"), steppings[0][:20]  # (rows: ..., status 22, command, keys)
        # A new size: the line is rendered afresh where the status line is now, not written from before.
        fcntl.ioctl(terminal.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        _until_quiet(terminal, quiet=0.5)
        terminal.write(b"n")
        found = STEPPING.findall(_until_quiet(terminal))
        assert len(found) == 1 and found[0].startswith(b"\x1b[28;"), found
    finally:
        terminal.close()
