"""The soak test: a long session with the real interface (headless) on a real program, watched for drift.

    python -m harness.soak [--runs 50 --steps 200 --hits 20 --evaluations 10]   (make soak)

Each run of the program: `steps` presses of n in a loop, `hits` presses of c onto a breakpoint that
four threads hit, `evaluations` typed expressions (every other one a hostile value: a
raising __repr__, one that sleeps past the budget, a huge container), then the breakpoint
cleared, c to the end, and R to run it again. Checked: every run's result is the
program's result without tdb; the interface's memory at the end is at most 1.2 times
what it was after the warm-up (the first tenth of the runs); no step or hit took over a second to show. The
figures are printed; tests/test_soak.py runs it small.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from .ui_session import start_program, stop_program

PROGRAM = textwrap.dedent('''
    import sys
    import threading
    import time


    class Raising:
        def __repr__(self):
            raise RuntimeError("no repr")


    class Sleeping:
        def __repr__(self):
            time.sleep(30)
            return "Sleeping()"


    hostile = [Raising(), Sleeping(), list(range(100_000)), {"k" * 1000: "v" * 100_000}]


    def steps(count):
        total = 0
        for i in range(count):
            total += i  # start
            total -= i // 2
        return total


    def work(n, hits, results):
        acc = 0
        for i in range(hits):
            acc += i * n  # hit
        results[n] = acc


    def main(step_count, hits):
        first = steps(step_count)
        results = {}
        threads = [threading.Thread(target=work, args=(n, hits, results)) for n in range(1, 5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return first, sorted(results.items())


    result = main(int(sys.argv[1]), int(sys.argv[2]))
    with open(sys.argv[3], "a") as out:
        out.write(repr(result) + "\\n")
''')
EVALUATIONS = ["hostile[0]", "total * 2", "hostile[1]", "sorted(locals())", "hostile[2]", "len(hostile)",
               "hostile[3]", "i if 'i' in dir() else 0"]
SECOND = 1.0  # a step or a hit slower than this is a failure


@dataclass
class Figures:
    runs: int = 0
    steps: int = 0
    hits: int = 0
    evaluations: int = 0
    waits: list[float] = field(default_factory=list)  # seconds from key to the stop's screen
    rss_after_warmup: int = 0
    rss_at_end: int = 0
    results_match: bool = True
    seconds: float = 0.0

    def problems(self) -> list[str]:
        found = []
        if not self.results_match:
            found.append("a run's result differs from the program's result without tdb")
        if self.waits and max(self.waits) > SECOND:
            found.append(f"a step took {max(self.waits):.2f} s (over {SECOND:g} s)")
        if self.rss_after_warmup and self.rss_at_end > 1.2 * self.rss_after_warmup:
            found.append(f"the interface grew from {self.rss_after_warmup >> 20} MB to {self.rss_at_end >> 20} MB")
        return found

    def report(self) -> str:
        waits = sorted(self.waits)
        p99 = waits[int(len(waits) * 0.99) - 1] if waits else 0.0
        return (f"{self.runs} runs, {self.steps} steps, {self.hits} breakpoint hits (4 threads), "
                f"{self.evaluations} evaluations, {self.runs - 1} restarts in {self.seconds:.0f} s\n"
                f"key to screen: median {statistics.median(waits) * 1000:.0f} ms, 99th percentile "
                f"{p99 * 1000:.0f} ms, slowest {waits[-1] * 1000:.0f} ms\n"
                f"interface memory: {self.rss_after_warmup / 2**20:.1f} MB after the warm-up, "
                f"{self.rss_at_end / 2**20:.1f} MB at the end ({self.rss_at_end / self.rss_after_warmup:.2f}x)\n"
                f"results as without tdb: {'yes' if self.results_match else 'NO'}")


def _rss() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))


def _line_of(marker: str) -> int:
    return next(n for n, text in enumerate(PROGRAM.splitlines(), 1) if text.endswith(f"# {marker}"))


async def _soak(work: Path, runs: int, steps: int, hits: int, evaluations: int) -> Figures:
    script = work / "soaked.py"
    script.write_text(PROGRAM)
    results = work / "results.txt"
    expected_file = work / "expected.txt"
    subprocess.run([sys.executable, str(script), str(steps), str(hits), str(expected_file)], check=True)
    expected = expected_file.read_text()
    saved = os.environ.get("TDB_REPR_SECONDS")
    os.environ["TDB_REPR_SECONDS"] = "0.2"  # (for the program: a sleeping repr costs 0.2 s, not 1)
    try:
        session = start_program((str(script), str(steps), str(hits), str(results)), str(work / "soak.sock"), work)
    finally:
        if saved is None:
            del os.environ["TDB_REPR_SECONDS"]
        else:
            os.environ["TDB_REPR_SECONDS"] = saved
    figures = Figures()
    started = time.monotonic()
    try:
        async with session.app.run_test(size=(120, 40)) as pilot:
            await session.next_screen(pilot)

            async def timed(*keys: str) -> None:
                began = time.monotonic()
                await session.press(pilot, *keys)
                figures.waits.append(time.monotonic() - began)

            for run in range(runs):
                await pilot.press(":", *f"tbreak {_line_of('start')}", "enter", *f"b {_line_of('hit')}", "enter",
                                  "escape")
                await timed("c")  # into the loop of steps(): every n stays in it
                for _ in range(steps):
                    await timed("n")
                    figures.steps += 1
                for hit in range(hits):
                    await timed("c")
                    figures.hits += 1
                    if hit < evaluations:
                        echo = f"> p {EVALUATIONS[figures.evaluations % len(EVALUATIONS)]}  #{figures.evaluations}"
                        await pilot.press(":", *echo[2:], "enter", "escape")

                        def answered() -> bool:  # the echo, then a line of its answer
                            lines = [line.text for line in session.app.query_one("#console").lines[-20_000:]]
                            return echo in lines and lines.index(echo) < len(lines) - 1

                        await session.until(answered, pilot, "the evaluation's answer")
                        figures.evaluations += 1
                await pilot.press(":", *"clear", "enter", "escape")
                while session.app.core.state != "ended":  # (a thread that hit it before the clear still stops)
                    shown = session.app.screens_shown
                    await pilot.press("c")
                    await session.until(lambda: session.app.core.state == "ended"
                                        or session.app.screens_shown > shown, pilot, "the program to end", 60)
                figures.runs += 1
                if run == max(0, runs // 10 - 1):  # warm: the console has filled up to its cap by then
                    figures.rss_after_warmup = _rss()
                if run < runs - 1:
                    await session.press(pilot, "R")
            figures.rss_at_end = _rss()
    finally:
        stop_program(session.program)
    figures.seconds = time.monotonic() - started
    figures.results_match = results.read_text() == expected * runs
    return figures


def soak(runs: int = 50, steps: int = 200, hits: int = 20, evaluations: int = 10) -> Figures:
    with tempfile.TemporaryDirectory() as work:
        return asyncio.run(_soak(Path(work), runs, steps, hits, evaluations))


def main(argv: list[str] | None = None) -> int:
    # The interface runs in this process: its remembered breakpoints must not be the developer's.
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="tdb-soak-")
    parser = argparse.ArgumentParser(prog="python -m harness.soak")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--hits", type=int, default=20)
    parser.add_argument("--evaluations", type=int, default=10)
    args = parser.parse_args(argv)
    figures = soak(args.runs, args.steps, args.hits, args.evaluations)
    print(figures.report())
    for problem in figures.problems():
        print(f"FAILED: {problem}")
    return 1 if figures.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
