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


def _environment(home) -> dict[str, str]:
    return {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "PYTHONPATH": str(ROOT),
            "PYTHONBREAKPOINT": "tdb.set_trace", "TDB_PRESTART": "0", "HOME": str(home),
            "XDG_CONFIG_HOME": str(home), "XDG_STATE_HOME": str(home)}


def test_each_step_says_stepping_with_the_same_bytes_then_shows_its_line(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    timeline = tmp_path / "timeline"
    env = {**_environment(tmp_path), "TDB_TIMELINE": str(timeline)}
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
    # Each step's request went out from the input thread, as the key was read (key_lane.py), but the
    # first: the first stop restores the project's breakpoints, which could move the program.
    sent = [line.split(" ", 2)[2] for line in timeline.read_text().splitlines() if " client: > " in line]
    steps = [what for what in sent if what.endswith(" next")]
    assert steps == ["client: > next"] + ["client: > (from the input thread) next"] * 5, sent


LONG_PROGRAM = "\n".join(["def work(n):", "    total = n * 3", "    breakpoint()"]
                         + [f"    a = {100 + k}" for k in range(1, 60)] + ["    return total", "", "work(14)", ""])


@pytest.mark.parametrize("rows, columns", [(24, 80), (40, 120)])
def test_the_first_screen_is_painted_once(tmp_path, rows, columns):
    """Textual lays a new screen out and paints it several times over (for a Resize of the size it has,
    for its own repaint after its first layout, for the scrollbars that layout finds, for the widgets that
    layout resized): 106 KB at 120x40, where one paint is 25. The first screen is one paint: its top row is
    written once."""
    script = tmp_path / "prog.py"
    script.write_text(LONG_PROGRAM)  # (longer than the screen: the source pane has a scrollbar)
    env = _environment(tmp_path)
    terminal = PtyTerminal([sys.executable, str(script)], env, rows, columns)
    try:
        terminal.wait_for(re.compile(rb"prog\.py:4"), 30)
        _until_quiet(terminal, quiet=0.5)
        top_row_paints = terminal.seen.count(b"\x1b[1;1H")
        assert top_row_paints == 1, f"the top row was written {top_row_paints} times ({len(terminal.seen)} bytes)"
    finally:
        terminal.close()


ENDS = "breakpoint()\nprint('after the stop')\n"


@pytest.mark.parametrize("prestarted", [False, True], ids=["cold", "pre-started"])
def test_nothing_is_painted_once_the_program_has_the_terminal(tmp_path, prestarted):
    """`c` says "running…" in the status line as it hands the terminal over. A pre-started interface
    painted it after the handover, on the program's screen, and left the cursor at the top: the
    shell's next prompt went there."""
    from benchmarks.step_pty import cold_session, stop_servers, wait_for_server

    script = tmp_path / "prog.py"
    script.write_text(ENDS)
    env = _environment(tmp_path)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    if prestarted:
        env = {**env, "XDG_RUNTIME_DIR": str(runtime), "TDB_PRESTART": "1"}
        cold_session(sys.executable, script, env)  # (it leaves the server)
        wait_for_server(str(runtime))
    terminal = PtyTerminal([sys.executable, str(script)], env, 40, 120)
    try:
        terminal.wait_for(re.compile(rb"prog\.py:2"), 30)
        _until_quiet(terminal, quiet=0.5)
        start = len(terminal.seen)
        terminal.write(b"c")
        written = _until_quiet(terminal, quiet=1.0)
        left = written.index(b"\x1b[?1049l") + len(b"\x1b[?1049l")
        after = re.sub(rb"\x1b\[\?[0-9;]*[hl]|\x1b\[<u", b"", written[left:])  # (modes set back as tdb leaves)
        assert after == b"after the stop\r\n", after
        assert start < len(terminal.seen)
    finally:
        terminal.close()
        stop_servers(str(runtime))
