"""`tdb -p PID` to its first screen, measured at the pty, on an idle, a sleeping and a busy program.

    python -m benchmarks.attach_pty [--python PATH-TO-3.14] [--runs 5] [--load 2]

Each target is a Python 3.14 program: `idle` sleeps 10 ms at a time, `sleeping` sleeps for an
hour in one call, `busy` keeps four threads spinning. The figure is the time from spawning
`tdb -p PID` in a 120x40 pty to the first byte written that shows the stop's status line (`—
... paused`). `--load N` keeps N other processes spinning meanwhile (a loaded machine). Medians.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT
from .pty_terminal import PtyTerminal

TARGETS = {
    "idle": "import time\nwhile True:\n    time.sleep(0.01)\n",
    "sleeping": "import time\ntime.sleep(3600)\n",
    "busy": ("import threading\n\ndef spin():\n    while True:\n        sum(range(1000))\n\n"
             "for _ in range(3):\n    threading.Thread(target=spin, daemon=True).start()\nspin()\n"),
}
SCREEN_DONE = re.compile(rb"\xe2\x80\x94 [^\r\n]*paused")  # "— paused" ("— thread T, paused"): the stop's status
TIMEOUT = 30.0


def first_screen(python: str, pid: int, env: dict[str, str]) -> float:
    """Seconds from spawning `tdb -p PID` to the byte that shows the stop; then q detaches."""
    terminal = PtyTerminal([python, "-m", "tdb", "-p", str(pid)], env)
    try:
        elapsed = terminal.wait_for(SCREEN_DONE, TIMEOUT)
        terminal.write(b"q")  # detach: the program runs on for the next round
        _wait(terminal.pid, 5)
        return elapsed
    finally:
        terminal.close()


def _wait(pid: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attach_pty")
    parser.add_argument("--python", default=str(ROOT / ".venv-3.14" / "bin" / "python"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load", type=int, default=0, help="processes kept spinning meanwhile")
    args = parser.parse_args(argv)
    load = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.load)]
    figures: dict[str, list[float]] = {}
    try:
        with tempfile.TemporaryDirectory() as work:
            env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT),
                   "XDG_CONFIG_HOME": work, "XDG_STATE_HOME": work}
            for name, source in TARGETS.items():
                script = Path(work) / f"{name}.py"
                script.write_text(source)
                target = subprocess.Popen([args.python, "-S", str(script)])
                try:
                    time.sleep(1.0)
                    figures[name] = []
                    for _ in range(args.runs):
                        figures[name].append(first_screen(args.python, target.pid, env))
                        time.sleep(0.5)
                finally:
                    target.kill()
                    target.wait()
    finally:
        for process in load:
            process.kill()
            process.wait()
    print(f"tdb -p PID -> first screen, at the pty, {args.runs} runs, {args.load} spinning processes besides; "
          f"median (min-max):")
    for name, values in figures.items():
        print(f"  {name:9} {statistics.median(values) * 1000:6.0f} ms  ({min(values) * 1000:.0f}-"
              f"{max(values) * 1000:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
