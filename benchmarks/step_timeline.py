"""Where one step's milliseconds go: the moments both processes mark (TDB_TIMELINE, tdb/timeline.py)
lined up with the bytes the terminal receives, medians over the steps.

    python -m benchmarks.step_timeline [--steps 30] [--size 120x40] [--program plain|locals]

Every figure is milliseconds from writing `n` to the pty; a moment that happens more than once in a
step (a write, a read) is shown at its first and its last.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .pty_terminal import PtyTerminal
from .step_pty import HOOKS, PROGRAMS, QUIET, TIMEOUT, environment


def timeline(python: str, program: str, size: tuple[int, int], steps: int) -> list[dict[str, list[float]]]:
    """For each step: each moment's offsets (ms) from the key, and the terminal's first and last byte."""
    with tempfile.TemporaryDirectory() as work:
        marks = Path(work) / "timeline"
        script = Path(work) / "program.py"
        script.write_text(PROGRAMS[program])
        env = {**environment(work), "PYTHONBREAKPOINT": HOOKS["tdb"], "TDB_TIMELINE": str(marks)}
        terminal = PtyTerminal([python, str(script)], env, *size)
        keys: list[tuple[float, float, float]] = []
        try:
            if terminal.read_until_quiet(terminal.start, QUIET, TIMEOUT)[1] is None:
                raise RuntimeError("no first screen")
            for _ in range(steps):
                sent = time.monotonic()
                terminal.write(b"n")
                first, last, _ = terminal.read_until_quiet(sent, QUIET, TIMEOUT)
                if first is None or last is None:
                    raise RuntimeError("no update after n")
                keys.append((sent, first, last))
        finally:
            terminal.close()
        lines = [line.split(" ", 2) for line in marks.read_text().splitlines()]
    moments = sorted((float(when), what) for when, _, what in lines)
    result = []
    for index, (sent, first, last) in enumerate(keys):
        until = keys[index + 1][0] if index + 1 < len(keys) else float("inf")
        step: dict[str, list[float]] = {}
        for when, what in moments:
            if sent <= when < until:
                step.setdefault(what.rsplit(" ", 1)[0] if what.split(" ")[-1].isdigit() else what, []).append(
                    (when - sent) * 1000)
        step["terminal: first byte"] = [(first - sent) * 1000]
        step["terminal: last byte"] = [(last - sent) * 1000]
        result.append(step)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.step_timeline")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--program", default="plain", choices=sorted(PROGRAMS))
    args = parser.parse_args(argv)
    columns, rows = (int(n) for n in args.size.split("x"))
    steps = timeline(args.python, args.program, (rows, columns), args.steps)
    names: dict[str, float] = {}
    for step in steps:
        for name, offsets in step.items():
            names.setdefault(name, offsets[0])
    order = sorted(names, key=lambda name: statistics.median(step[name][0] for step in steps if name in step))
    print(f"One `n` in tdb at {args.size} ({args.program}), ms from the key; medians of {len(steps)} steps.")
    width = max(map(len, order), default=0)
    for name in order:
        firsts = [step[name][0] for step in steps if name in step]
        lasts = [step[name][-1] for step in steps if name in step and len(step[name]) > 1]
        counts = [len(step[name]) for step in steps if name in step]
        text = f"{statistics.median(firsts):7.2f}"
        if lasts:
            text += f"  .. {statistics.median(lasts):7.2f}  (x{statistics.median(counts):g})"
        if len(firsts) < len(steps):  # (a moment of some steps only: the first step's request, say)
            text += f"  (in {len(firsts)} of {len(steps)} steps)"
        print(f"  {name:{width}} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
