"""`tdb -p PID` to its first screen, measured at the pty, on an idle, a sleeping and a busy program.

    python -m benchmarks.attach_pty [--python PATH-TO-3.14] [--runs 5] [--load 2] [--prestarted]

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
from typing import Callable

from .common import ROOT, Row
from .pty_terminal import PtyTerminal
from .step_pty import _stop_servers, _wait_for_server

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


def busy_rows(python: str | None, runs: int, load: int, log: Callable[[str], None]) -> list[Row]:
    """Rows 6p and 6q of `make bench`: `tdb -p` on the busy program, `load` other processes spinning
    besides; cold, and served by the interface a first `tdb -p` left (tdb/prestart.py)."""
    rows = [Row("pty", f"6p. `tdb -p PID` → first screen, a busy program and {load} busy processes besides "
                       "(3.14), cold", "ms", spread=True, target="tdb ≤ 500 ms"),
            Row("pty", f"6q. … the same, pre-started (a second `tdb -p`)", "ms", spread=True, target="tdb ≤ 500 ms")]
    if python is None:
        for row in rows:
            row.cell("tdb").text = "n/a: needs a Python 3.14 (scripts/python314.sh)"
        return rows
    for row, prestarted in zip(rows, (False, True)):
        row.cell("tdb").samples.extend(measure(python, "busy", runs, load, prestarted=prestarted)["busy"])
        log(f"  {row.name[:2]}: {len(row.cell('tdb').samples)} attaches")
    return rows


def measure(python: str, names: str, runs: int, load: int, prestarted: bool = False) -> dict[str, list[float]]:
    """Seconds to the first screen of `tdb -p`, `runs` times on each target named (comma-separated);
    `prestarted`: after one attach that leaves this user's server (a private one here)."""
    spinning = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(load)]
    figures: dict[str, list[float]] = {}
    try:
        with tempfile.TemporaryDirectory() as work:
            runtime = Path(work) / "run"
            runtime.mkdir(mode=0o700)
            env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": work,
                   "XDG_STATE_HOME": work, "XDG_RUNTIME_DIR": str(runtime), "TDB_PRESTART": "1" if prestarted else "0"}
            for name in names.split(","):
                script = Path(work) / f"{name}.py"
                script.write_text(TARGETS[name])
                target = subprocess.Popen([python, "-S", str(script)])
                try:
                    time.sleep(1.0)
                    if prestarted:
                        first_screen(python, target.pid, env)  # (it leaves the server)
                        _wait_for_server(str(runtime))
                    figures[name] = []
                    for _ in range(runs):
                        figures[name].append(first_screen(python, target.pid, env))
                        time.sleep(0.5)
                finally:
                    target.kill()
                    target.wait()
            _stop_servers(str(runtime))
    finally:
        for process in spinning:
            process.kill()
            process.wait()
    return figures


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
    parser.add_argument("--prestarted", action="store_true", help="after a first attach that leaves the server")
    args = parser.parse_args(argv)
    figures = measure(args.python, ",".join(TARGETS), args.runs, args.load, prestarted=args.prestarted)
    print(f"tdb -p PID -> first screen, at the pty, {args.runs} runs, {args.load} spinning processes besides"
          f"{', pre-started' if args.prestarted else ''}; median (min-max):")
    for name, values in figures.items():
        print(f"  {name:9} {statistics.median(values) * 1000:6.0f} ms  ({min(values) * 1000:.0f}-"
              f"{max(values) * 1000:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
