"""Scenarios 10a-10b: one conditional breakpoint hit by many threads at once.

The program (programs/threads_loop.py) runs THREADS threads that each call a
small function CALLS times, and times only that work from inside. One
breakpoint whose condition is false sits on the function's line:

- 10a: 1 thread × 8,000 calls (the base);
- 10b: 8 threads × 1,000 calls (the same 8,000 hits, from eight threads at once).

Cells: plain (no debugger: the 1.0× of each row) and tdb (`python -m tdb`,
the breakpoint set over DAP, as in benchmarks/tracer.py). pdb and pudb trace
the main thread only, so a breakpoint in a thread is never hit under them:
n/a. The target compares the rows: what eight threads cost tdb, as a
multiple of the plain program, against what one thread costs it.
"""

from __future__ import annotations

import subprocess
from typing import Callable

from .common import PROGRAMS, BenchError, Row, Workdir, clean_env, marked_line
from .tracer import RUN_TIMEOUT, _result, _seconds, under_tdb

PROGRAM = PROGRAMS / "threads_loop.py"
CONDITION = "x < 0"
SHAPES = (("10a. 1 thread × 8,000 calls, a false conditional breakpoint", 1, 8_000),
          ("10b. 8 threads × 1,000 calls each, the same breakpoint", 8, 1_000))
NOT_IN_THREADS = "n/a: traces the main thread only"


def run_plain(python: str, threads: int, calls: int, work: Workdir) -> dict:
    out = work.path / "plain.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([python, str(PROGRAM), str(threads), str(calls), str(out)], cwd=work.path,
                          env=clean_env(HOME=str(work.home)), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=RUN_TIMEOUT)
    return _result(out, "the plain program", done.stderr)


def run_tdb(python: str, threads: int, calls: int, work: Workdir) -> dict:
    spec = {"line": marked_line(PROGRAM, "cond"), "condition": CONDITION}
    return under_tdb(python, [str(PROGRAM), str(threads), str(calls)], PROGRAM, spec, work)


RUNNERS = {"plain": run_plain, "tdb": run_tdb}


def run(python: str, *, runs: int, log: Callable[[str], None], scale: float = 1.0, warmup: bool = True) -> list[Row]:
    rows = [Row("tracer", title, "s", ratio=True) for title, _, _ in SHAPES]
    for row in rows:
        for tool in ("pdb", "pdb-monitoring", "pudb"):
            row.cell(tool).text = NOT_IN_THREADS
    with Workdir() as work:
        if warmup:
            for runner in RUNNERS.values():
                runner(python, 1, 10, work)
        for number in range(runs):
            for (title, threads, calls), row in zip(SHAPES, rows):
                for tool, runner in RUNNERS.items():
                    cell = row.cell(tool)
                    if cell.text:
                        continue
                    try:
                        seconds = _seconds(runner(python, threads, max(1, int(calls * scale)), work), tool)
                    except BenchError as error:
                        cell.text = f"error: {error}"
                        log(f"  {title} / {tool}: {error}")
                        continue
                    cell.samples.append(seconds)
                    log(f"  {title} / {tool} run {number + 1}/{runs}: {seconds * 1000:.1f} ms")
    judge(rows)
    return rows


def judge(rows: list[Row]) -> None:
    """10b's verdict: eight threads cost tdb at most 1.5× what one thread does, each against plain."""
    one, eight = rows[0].to_ratio("tdb"), rows[1].to_ratio("tdb")
    rows[1].target = "tdb's × plain ≤ 1.5 × 10a's"
    if one and eight:
        factor = eight / one
        rows[1].verdict = ("met" if factor <= 1.5 else "MISSED") + f": {eight:.1f}× against {one:.1f}× ({factor:.2f})"
