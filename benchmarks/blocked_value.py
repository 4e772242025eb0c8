"""Time to the first screen when a local's __repr__ blocks in C, measured at the pty.

    python -m benchmarks.blocked_value [--python PATH] [--runs 5] [--seconds 1]

The program (below) stops at breakpoint() with a local whose __repr__ sleeps for
60 s in C and one whose __repr__ waits on a lock the program holds. The figure is
the time from spawning `python blocked.py` (PYTHONBREAKPOINT=tdb.set_trace) in a
120x40 pty to the first byte written that completes the screen: the locals pane
showing `number` = 7 once the two blocked values have been given up on. The
same program with plain reprs gives the floor. Medians; the budget is
TDB_REPR_SECONDS (--seconds).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import ROOT
from .pty_terminal import PtyTerminal

PROGRAM = '''
import threading
import time

held = threading.Lock()


class Sleeper:
    def __repr__(self):
        time.sleep(60 if BLOCK else 0)
        return "Sleeper()"


class Waiter:
    def __repr__(self):
        with held if BLOCK else threading.Lock():
            return "Waiter()"


def work():
    sleeper = Sleeper()
    waiter = Waiter()
    number = 7
    breakpoint()
    return number


held.acquire()
work()
'''
SCREEN_DONE = re.compile(rb"number\s*(: int)?\s*=?\s*7")
TIMEOUT = 30.0


def first_screen(python: str, script: Path, env: dict[str, str]) -> float:
    """Seconds from spawn to the byte that shows `number = 7` in the locals."""
    terminal = PtyTerminal([python, str(script)], env)
    try:
        return terminal.wait_for(SCREEN_DONE, TIMEOUT)
    finally:
        terminal.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.blocked_value")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="TDB_REPR_SECONDS")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "PYTHONBREAKPOINT": "tdb.set_trace", "TERM": "xterm-256color",
               "PYTHONPATH": str(ROOT), "TDB_REPR_SECONDS": str(args.seconds),
               "XDG_CONFIG_HOME": work, "XDG_STATE_HOME": work}
        figures = {}
        for name, block in (("plain reprs", False), ("reprs blocked in C", True)):
            script = Path(work) / f"blocked_{block}.py"
            script.write_text(f"BLOCK = {block}\n" + PROGRAM)
            figures[name] = [first_screen(args.python, script, env) for _ in range(args.runs)]
    version = subprocess.run([args.python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True).stdout.strip()
    print(f"Python {version}, TDB_REPR_SECONDS={args.seconds:g}, {args.runs} runs, median (min-max):")
    for name, values in figures.items():
        print(f"  {name:20} {statistics.median(values):6.2f} s  ({min(values):.2f}-{max(values):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
