"""Startup time of the set_trace path, as a user sees it in a real terminal.

Measures, in a 120x40 tmux pane, the time from pressing Enter on

    PYTHONBREAKPOINT=tdb.set_trace python prog.py

to the first screen that shows the stop: the source line with the ▶ marker
(and, second column, the stopped function's locals as well). The screen is
polled every 10 ms with `tmux capture-pane`, so figures carry ~10 ms of
granularity plus the cost of one capture (a few ms).

    .venv/bin/python benchmarks/startup.py [--runs 7]

Prints every sample and the medians. Needs tmux.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.terminal import Tmux, TmuxMissing  # noqa: E402

PROGRAM = textwrap.dedent("""
    def work(n):
        total = n * 3
        breakpoint()
        return total


    print(work(14))
""").lstrip()
COMMAND = "PYTHONBREAKPOINT=tdb.set_trace python prog.py"
SOURCE_LINE = re.compile(r"^│\S?\s*4 ▶\s+return total", re.M)  # the line after breakpoint(), marked
LOCALS = "total: int = 42"
POLL = 0.010
TIMEOUT = 30.0


def measure_once(term: Tmux) -> tuple[float, float]:
    """(seconds to the source line, seconds to the source line and the locals)."""
    term.run("clear")
    term.wait_for_prompt()
    term.type(COMMAND)
    start = time.perf_counter()
    term.send_keys("Enter")
    source_at = None
    while True:
        screen = term.screen()
        now = time.perf_counter()
        if source_at is None and SOURCE_LINE.search(screen):
            source_at = now
        if source_at is not None and LOCALS in screen:
            complete_at = now
            break
        if now - start > TIMEOUT:
            raise SystemExit(f"no stop on the screen after {TIMEOUT:g} s:\n{screen}")
        time.sleep(POLL)
    term.send_keys("c")
    term.wait_for_prompt()
    return source_at - start, complete_at - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tdb-startup-") as directory:
        Path(directory, "prog.py").write_text(PROGRAM)
        home = Path(directory, "home")
        home.mkdir()
        try:
            term = Tmux(cwd=directory, home=home)
        except TmuxMissing as error:
            print(f"startup: {error}", file=sys.stderr)
            return 1
        with term:
            term.start()
            measure_once(term)  # warm-up (not counted): bytecode caches, disk cache
            samples = [measure_once(term) for _ in range(args.runs)]
    print(f"command: {COMMAND}   (120x40 tmux pane, polled every {POLL * 1000:.0f} ms)")
    print(f"{'run':>4} {'source line (ms)':>17} {'+ locals (ms)':>14}")
    for number, (source, complete) in enumerate(samples, 1):
        print(f"{number:>4} {source * 1000:>17.0f} {complete * 1000:>14.0f}")
    print(f"median: source line {statistics.median(s for s, _ in samples) * 1000:.0f} ms, "
          f"with locals {statistics.median(c for _, c in samples) * 1000:.0f} ms "
          f"(of {len(samples)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
