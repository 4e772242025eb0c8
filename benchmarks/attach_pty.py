"""`tdb -p PID` to its first screen, measured at the pty, on an idle, a sleeping and a busy program;
and a step in it against a step in a local session of the same program.

    python -m benchmarks.attach_pty [--python PATH-TO-3.14] [--runs 5] [--load 2] [--prestarted] [--steps N]

Each target is a Python 3.14 program: `idle` sleeps 10 ms at a time, `sleeping` sleeps for an
hour in one call, `busy` keeps four threads spinning. The figure is the time from spawning
`tdb -p PID` in a 120x40 pty to the first byte written that shows the stop's status line (`—
... paused`). `--load N` keeps N other processes spinning meanwhile (a loaded machine). Medians.

`--steps N`: instead, key `n` → the last byte of the update (step_pty's measure), N times in each
of `runs` sessions, `tdb -p` on a program running through cheap lines, and the same program
stopped by `breakpoint()` in a local session, taking turns.
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
from .step_pty import HOOKS, QUIET, Figures, environment, stop_servers, take_steps, wait_for_server

TARGETS = {
    "idle": "import time\nwhile True:\n    time.sleep(0.01)\n",
    "sleeping": "import time\ntime.sleep(3600)\n",
    "busy": ("import threading\n\ndef spin():\n    while True:\n        sum(range(1000))\n\n"
             "for _ in range(3):\n    threading.Thread(target=spin, daemon=True).start()\nspin()\n"),
}
# A step's program: cheap lines, looped; the local session stops at its breakpoint(), `tdb -p` wherever
# the loop is.
LINES = "\n".join(["def work(stop):", "    if stop:", "        breakpoint()", "    while True:"]
                  + [f"        a = {100 + k}" for k in range(1, 80)] + ["", "", "work({stop})", ""])
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


def steps_compared(python: str, runs: int, steps: int) -> dict[str, list[float]]:
    """`n` in `tdb -p` and in a local session (breakpoint()) of the same program, 120x40, rounds taking
    turns; both interfaces start cold."""
    figures = {"local": Figures(), "attached": Figures()}
    with tempfile.TemporaryDirectory() as work:
        env = environment(work)
        local, running = Path(work) / "local.py", Path(work) / "running.py"
        local.write_text(LINES.format(stop=True))
        running.write_text(LINES.format(stop=False))
        target = subprocess.Popen([python, "-S", str(running)])
        try:
            time.sleep(1.0)
            for _ in range(runs):
                terminal = PtyTerminal([python, str(local)], {**env, "PYTHONBREAKPOINT": HOOKS["tdb"]})
                try:
                    terminal.read_until_quiet(terminal.start, QUIET, TIMEOUT)
                    take_steps(terminal, steps, figures["local"])
                finally:
                    terminal.close()
                terminal = PtyTerminal([python, "-m", "tdb", "-p", str(target.pid)], env)
                try:
                    terminal.wait_for(SCREEN_DONE, TIMEOUT)
                    terminal.read_until_quiet(time.monotonic(), QUIET, TIMEOUT)
                    take_steps(terminal, steps, figures["attached"])
                    terminal.write(b"q")  # detach: the program runs on for the next round
                    _wait(terminal.pid, 5)
                finally:
                    terminal.close()
        finally:
            target.kill()
            target.wait()
    return {name: taken.last_byte for name, taken in figures.items()}


def step_rows(python: str | None, runs: int, steps: int, log: Callable[[str], None]) -> list[Row]:
    """Rows 7p and 7q of `make bench`: a step in `tdb -p` at a local session's speed (within 10 %, the
    machine's noise between two runs of the same thing)."""
    rows = [Row("pty", "7p. key `n` → last byte, a local session (3.14, 120×40)", "ms", spread=True),
            Row("pty", "7q. … the same program in `tdb -p`", "ms", spread=True, target="tdb ≤ 1.1× 7p")]
    if python is None:
        for row in rows:
            row.cell("tdb").text = "n/a: needs a Python 3.14 (scripts/python314.sh)"
        return rows
    figures = steps_compared(python, runs, steps)
    for row, name in zip(rows, ("local", "attached")):
        row.cell("tdb").samples.extend(figures[name])
    local, attached = (statistics.median(figures[name]) for name in ("local", "attached"))
    rows[1].verdict = ("met" if attached <= 1.1 * local else "MISSED") + f": {attached / local:.2f}× 7p"
    log(f"  7p/7q: {len(figures['attached'])} steps each")
    return rows


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
                        wait_for_server(str(runtime))
                    figures[name] = []
                    for _ in range(runs):
                        figures[name].append(first_screen(python, target.pid, env))
                        time.sleep(0.5)
                finally:
                    target.kill()
                    target.wait()
            stop_servers(str(runtime))
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
    parser.add_argument("--steps", type=int, default=0, help="measure a step instead: N per session")
    args = parser.parse_args(argv)
    if args.steps:
        steps = steps_compared(args.python, args.runs, args.steps)
        print(f"key n -> last byte, 120x40, {args.runs} sessions x {args.steps} steps; median (quartiles):")
        for name, values in steps.items():
            low, middle, high = statistics.quantiles(values, n=4)
            print(f"  {name:9} {middle * 1000:5.1f} ms  ({low * 1000:.1f}-{high * 1000:.1f})")
        return 0
    figures = measure(args.python, ",".join(TARGETS), args.runs, args.load, prestarted=args.prestarted)
    print(f"tdb -p PID -> first screen, at the pty, {args.runs} runs, {args.load} spinning processes besides"
          f"{', pre-started' if args.prestarted else ''}; median (min-max):")
    for name, values in figures.items():
        print(f"  {name:9} {statistics.median(values) * 1000:6.0f} ms  ({min(values) * 1000:.0f}-"
              f"{max(values) * 1000:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
