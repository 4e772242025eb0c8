"""A step (`n`) and the first screen, measured at the pty: tdb against pudb, interleaved in one run.

    python -m benchmarks.step_pty [--steps 20] [--rounds 3] [--sizes 80x24,120x40,200x50] [--python PATH]

Each round starts the program under a pty of the given size with PYTHONBREAKPOINT set to the tool's
hook, and records when each byte the program (and tdb's interface, which writes to the same
terminal) writes arrives:

- first screen: from the spawn to the last byte of the first screen (output then quiet for QUIET s);
- a step: from writing `n` to the first byte of the update, and to its last byte (quiet again);
  bytes written for the step.

Two programs: `plain`, a function stepping over `a = 101`, `a = 102`, ...; `locals`, a loop that
updates 50 locals at each line. Medians over every step of every round; pudb and tdb take turns,
round by round, so that the machine's noise falls on both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .common import ROOT
from .pty_terminal import PtyTerminal

QUIET = 0.25  # output quiet this long: the screen is complete
TIMEOUT = 30.0

PLAIN = "\n".join(["def work(n):", "    total = n * 3", "    breakpoint()"]
                  + [f"    a = {100 + k}" for k in range(1, 200)]
                  + ["    return total", "", "", "work(14)", ""])
LOCALS = "\n".join(["def work():"] + [f"    v{k} = {k}" for k in range(50)]
                   + ["    breakpoint()", "    for i in range(1000):"]
                   + [f"        v{k} = i * {k + 1}" for k in range(50)]
                   + ["    return v0", "", "", "work()", ""])
PROGRAMS = {"plain": PLAIN, "locals": LOCALS}
HOOKS = {"tdb": "tdb.set_trace", "pudb": "pudb.set_trace"}


@dataclass
class Step:
    first: float  # seconds from the key to the first byte of the update
    last: float  # and to its last byte
    size: int  # bytes


@dataclass
class Figures:
    first_screen: list[float] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


def one_round(python: str, tool: str, script: Path, env: dict[str, str], size: tuple[int, int],
              steps: int, figures: Figures) -> None:
    terminal = PtyTerminal([python, str(script)], {**env, "PYTHONBREAKPOINT": HOOKS[tool]}, *size)
    try:
        _, last, _ = terminal.read_until_quiet(terminal.start, QUIET, TIMEOUT)
        if last is None:
            raise RuntimeError(f"{tool}: no first screen")
        figures.first_screen.append(last - terminal.start)
        for _ in range(steps):
            sent = time.monotonic()
            terminal.write(b"n")
            first, last, written = terminal.read_until_quiet(sent, QUIET, TIMEOUT)
            if first is None or last is None:
                raise RuntimeError(f"{tool}: no update after n")
            figures.steps.append(Step(first - sent, last - sent, written))
    finally:
        terminal.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.step_pty")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="80x24,120x40,200x50")
    parser.add_argument("--programs", default="plain,locals")
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in reversed(text.split("x"))) for text in args.sizes.split(",")]
    results: dict[tuple[str, str, str], Figures] = {}
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "COLORTERM": "truecolor",
               "XDG_CONFIG_HOME": work, "XDG_STATE_HOME": work, "HOME": work}
        (Path(work) / "pudb").mkdir()
        (Path(work) / "pudb" / "pudb.cfg").write_text("[pudb]\nseen_welcome = z999\n")  # (no welcome screen)
        for name in args.programs.split(","):
            script = Path(work) / f"{name}.py"
            script.write_text(PROGRAMS[name])
            for rows, columns in sizes:
                for _ in range(args.rounds):
                    for tool in HOOKS:  # (interleaved: the machine's noise falls on both)
                        key = (name, f"{columns}x{rows}", tool)
                        one_round(args.python, tool, script, env, (rows, columns), args.steps,
                                  results.setdefault(key, Figures()))
    print(f"At the pty; medians over {args.rounds} rounds x {args.steps} steps; tdb/pudb as a ratio.")
    print(f"{'program':8} {'size':8} {'':24} {'pudb':>10} {'tdb':>10} {'ratio':>7}")
    for name in args.programs.split(","):
        for rows, columns in sizes:
            cells = {tool: results[(name, f"{columns}x{rows}", tool)] for tool in HOOKS}
            lines = [
                ("first screen (ms)", lambda f: statistics.median(f.first_screen) * 1000),
                ("n -> first byte (ms)", lambda f: statistics.median(s.first for s in f.steps) * 1000),
                ("n -> last byte (ms)", lambda f: statistics.median(s.last for s in f.steps) * 1000),
                ("bytes a step", lambda f: statistics.median(s.size for s in f.steps)),
            ]
            for label, value in lines:
                pudb, tdb = value(cells["pudb"]), value(cells["tdb"])
                print(f"{name:8} {columns}x{rows:<5} {label:24} {pudb:10.1f} {tdb:10.1f} {tdb / pudb:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
