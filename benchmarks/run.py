"""tdb's benchmark suite: tdb against plain Python, pdb and pudb, measured in one session.

    python -m benchmarks [--runs 5] [--calls 500000] [--python PATH] [--only GROUPS] ...
    make bench                              (all of it, on .venv's Python)
    make bench BENCH_ARGS="--python .venv-3.14/bin/python --only tracer"

Prints one Markdown table (medians; tracer rows also as × the plain program)
with the date, the machine and the interpreters at the top. Groups, by how
they measure (see each module's docstring for the details):

  tracer    1-5  the hot loop's own time under each debugger (benchmarks/tracer.py),
                 on --python (default: this interpreter, or $TDB_BENCH_PYTHON)
  pty       6a-6w, 6p, 6q, 7a-7C, 7p, 7q  the interface at the pty, tdb against pudb in one run: the first screen,
                 a step (first and last byte), at 80x24, 120x40, 200x50, a continue (benchmarks/step_pty.py);
                 `tdb -p` on a busy program, and a step in it (benchmarks/attach_pty.py, with a 3.14)
  terminal  7x, 8a, 9a, 9b  end to end in a tmux pane, polled (benchmarks/terminal.py): 7x repeats
                 a step as a cross-check of the pty rows
  headless  8b-8h  tdb's interface under Textual's run_test (benchmarks/headless.py)
  threads   10a, 10b  one conditional breakpoint hit by 1 and by 8 threads (benchmarks/concurrency.py)
  imports   9c, 9d  python -X importtime (benchmarks/imports.py)

Exits 1 when a measurement failed (its cell says "error", explained below the table).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import attach_pty, concurrency, headless, imports, step_pty, terminal, tracer
from .common import ROOT, BenchError, Row, has_module, header_lines, python_info
from .report import problems, table

GROUPS = ("tracer", "threads", "pty", "terminal", "headless", "imports")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per cell; each cell shows the median (default 5)")
    parser.add_argument("--calls", type=int, default=500_000,
                        help="calls of the hot function in scenarios 1-4 (default 500,000, so that the tracer "
                             "scenarios take about 2 minutes; ratios hardly depend on it: 3000000 is the issue's size); "
                             "scenario 5 runs up to 6 times as many")
    parser.add_argument("--steps", type=int, default=30, help="`n` presses measured per debugger and round in 7a-7L, 7x")
    parser.add_argument("--python", default=os.environ.get("TDB_BENCH_PYTHON") or sys.executable,
                        help="the interpreter of the tracer scenarios (default: $TDB_BENCH_PYTHON, or this one)")
    parser.add_argument("--attach-python", default=None,
                        help="a Python 3.14 for `tdb -p` (6p); default: --python if 3.14+, else .venv-3.14's")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of {', '.join(GROUPS)}")
    overflow = parser.add_mutually_exclusive_group()
    overflow.add_argument("--overflow", dest="overflow", action="store_true", default=None,
                          help="run the OverflowError check (default: when --python has sys.monitoring)")
    overflow.add_argument("--no-overflow", dest="overflow", action="store_false")
    parser.add_argument("--overflow-calls", type=int, default=tracer.OVERFLOW_CALLS)
    parser.add_argument("--smoke", action="store_true",
                        help="everything once, tiny (for tests/benchmarks): the numbers mean nothing")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    args.python = os.path.abspath(args.python) if os.sep in args.python else args.python
    unknown = set(args.only.split(",")) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}: choose from {', '.join(GROUPS)}")
    if args.smoke:
        args.runs, args.calls, args.steps = 1, 2_000, 2
        step_pty.QUIET = 0.15  # (numbers that mean nothing, sooner)
        args.overflow_calls = 2_000
        terminal.TIMEOUT = 20.0  # what hangs here would hang the test suite
    return args


def attach_python(args: argparse.Namespace) -> str | None:
    candidates = [args.attach_python] if args.attach_python else [args.python, str(ROOT / ".venv-3.14" / "bin" / "python")]
    for candidate in candidates:
        try:
            if candidate and os.path.exists(candidate) and python_info(candidate) >= (3, 14):
                return os.path.abspath(candidate)
        except BenchError:
            continue
    return None


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(f"benchmarks: stopped by signal {signum}")  # so that every tmux server is closed


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGTERM, _terminated)
    groups = args.only.split(",")
    started = time.monotonic()

    def log(line: str) -> None:
        if not args.quiet:
            print(f"[{time.monotonic() - started:6.1f}s] {line.strip()}", file=sys.stderr, flush=True)

    rows: list[Row] = []
    scale: dict[str, Row] = {}
    memory: dict[str, Row] = {}
    interface: dict[str, Row] = {}
    pythons = {"interface, import": sys.executable}
    if "tracer" in groups:
        pythons = {"tracer scenarios (1-5)": args.python, **({"interface, import": sys.executable}
                                                             if len(groups) > 1 else {})}
        log(f"tracer scenarios on {args.python}, {args.calls:,} calls, {args.runs} runs")
        rows += tracer.run(args.python, runs=args.runs, calls=args.calls, overflow=args.overflow, log=log,
                           overflow_calls=args.overflow_calls, warmup=not args.smoke)
    if "threads" in groups:
        log(f"threads scenarios on {args.python}")
        rows += concurrency.run(args.python, runs=args.runs, log=log, scale=0.1 if args.smoke else 1.0,
                                warmup=not args.smoke)
    if "pty" in groups:
        log("interface at the pty (tdb and pudb)")
        rows += step_pty.run(sys.executable, rounds=args.runs, steps=args.steps, log=log)
        rows += attach_pty.busy_rows(attach_python(args), runs=args.runs, load=2, log=log)
        rows += attach_pty.step_rows(attach_python(args), runs=args.runs, steps=args.steps, log=log)
    if "terminal" in groups:
        log("terminal scenarios (tmux)")
        result = terminal.run(runs=args.runs, steps=args.steps, log=log,
                              warmup=not args.smoke, big_lines=500 if args.smoke else terminal.BIG_LINES)
        interface["step"] = result["step"]
        scale["big"] = result["big"]
        scale["scroll"] = result["scroll"]
        memory.update({key: result[key] for key in ("ui_rss", "program_rss")})
    if "headless" in groups:
        log("scale scenarios (run_test)")
        # The interface runs in this process: no breakpoints it remembers from the developer's sessions.
        os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="tdb-bench-")
        scale.update(headless.run(runs=args.runs, log=log, scale=0.001 if args.smoke else 1.0, warmup=not args.smoke))
    if "imports" in groups:
        log("import time")
        memory.update(imports.run(sys.executable, runs=max(args.runs, 7) if not args.smoke else 1, log=log,
                                  has_pudb=has_module(sys.executable, "pudb"), warmup=not args.smoke))
    rows += list(interface.values()) + list(scale.values()) + list(memory.values())

    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    lines = ["# tdb benchmarks", ""]
    lines += [f"- {line}" for line in header_lines(pythons)]
    lines += [f"- command: `{command.strip()}` ({args.runs} run{'s' if args.runs != 1 else ''} a cell, "
              f"medians; hot loop of {args.calls:,} calls; took {time.monotonic() - started:.0f} s)", ""]
    lines += table(rows)
    notes = problems(rows)
    if notes:
        lines += ["", "Cells without a number:", *notes]
    if args.smoke:
        lines += ["", "(--smoke: every scenario once and tiny; these numbers mean nothing)"]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    if args.markdown:
        args.markdown.write_text(report)
    if args.json:
        args.json.write_text(json.dumps([
            {"group": row.group, "scenario": row.name, "unit": row.unit, "target": row.target, "verdict": row.verdict,
             "cells": {tool: {"samples": cell.samples, "median": cell.median, "text": cell.text}
                       for tool, cell in row.cells.items()}}
            for row in rows], indent=1))
    failed = any(cell.text and cell.text.startswith("error") for row in rows for cell in row.cells.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
