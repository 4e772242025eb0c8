"""`tdb -p PID --live` in a real terminal: look into a busy multi-threaded 3.14 program without stopping it."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import Soft
from .tdb_screen import command, leave_command_line, press, status_at
from harness.tmux import Tmux
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

SERVICE = """
    import threading, time

    done = [0]

    def crunch(n):
        total = 0
        for i in range(n):
            total += i * i
        return total

    def worker(name):
        n = 0
        while True:
            n += 1
            crunch(300)
            done[0] += 1

    def ping():
        time.sleep(0.05)

    def pong():
        time.sleep(0.05)

    def alternator():
        while True:
            ping()
            pong()

    for i in range(2):
        threading.Thread(target=worker, args=(f"w{i}",), name=f"worker-{i}", daemon=True).start()
    threading.Thread(target=alternator, name="alternator", daemon=True).start()
    while True:
        before, start = done[0], time.monotonic()
        time.sleep(0.5)
        print(f"rate {(done[0] - before) / (time.monotonic() - start):.0f}", flush=True)
"""
LOGPOINT_LINE = 14  # `done[0] += 1`
CRUNCH_LINE = 13


def rates(log: Path) -> list[float]:
    return [float(match) for match in re.findall(r"^rate (\d+)", log.read_text(), re.M)]


def test_live_view_logpoints_a_conditional_stop_and_detach(term: Tmux, soft: Soft, write, python314: str,
                                                           tmp_path: Path) -> None:
    log = tmp_path / "service.log"
    with log.open("w") as output:
        program = subprocess.Popen([python314, "-S", str(write("service.py", SERVICE))], stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        term.wait_until(lambda _: len(rates(log)) >= 4, 15, "the service to report its rate", capture=lambda: "")
        before = rates(log)[1:]

        term.run(f"tdb -p {program.pid} --live")
        screen = term.wait_for(re.compile(r"^ live — 4 threads; MainThread in <module>", re.M), 15)
        soft.check("Live: the program runs on" in screen, "the console says what live mode is", screen)
        for name in ("worker-0", "worker-1", "alternator"):
            soft.check(name in screen, f"the Threads pane lists {name}", screen)
        # The view follows the program: the alternator is seen in ping() and in pong().
        seen = set()
        deadline = time.monotonic() + 10
        while seen != {"ping", "pong"} and time.monotonic() < deadline:
            row = next((line for line in term.screen().splitlines() if "alternator" in line and "running" in line), "")
            seen |= {name for name in ("ping", "pong") if f"running  {name}" in row}
            time.sleep(0.05)
        soft.check(seen == {"ping", "pong"}, f"the threads refresh as the program runs (saw {seen})")
        soft.check(program.poll() is None and not re.search(r"— (paused|at a breakpoint)", term.screen()),
                   "nothing stopped", term.screen())

        # A logpoint streams, stamped with the time and the thread.
        # (its messages soon scroll the console's own lines away: the Breakpoints pane says what is set)
        command(term, f"log {LOGPOINT_LINE} n={{n}} by {{name}}", "log: n={n} by {name}")
        soft.wait(term, re.compile(r"^│\d\d:\d\d:\d\d\.\d{3} \[worker-\d\] n=\d+ by w\d", re.M),
                  "logpoint messages stream into the console", 10)
        soft.wait(term, "hits not shown: at most 20 messages a second", "a hot logpoint is held to 20 lines a second", 10)
        command(term, "cl 1", re.compile(r"^│> cl 1\s", re.M))
        term.wait_until(lambda screen: "log: n={n}" not in screen, 10, "the logpoint to leave the Breakpoints pane")

        # A conditional breakpoint stops only when its condition holds; c and the live view is back.
        command(term, f"b {CRUNCH_LINE}, name == 'w1' and n > 50", status_at("service.py", CRUNCH_LINE, "worker"))
        screen = term.wait_for(status_at("service.py", CRUNCH_LINE, "worker"), 10)
        soft.check("name: str = 'w1'" in screen, "stopped in worker-1, with its locals", screen)
        command(term, "cl 2", "Deleted breakpoint 2")
        leave_command_line(term)
        press(term, "c", re.compile(r"^ live — ", re.M))

        # q detaches: the program runs on at the same speed.
        term.send_keys("q")
        screen = term.wait_for_prompt(15)
        soft.check(f"detached from process {program.pid}" in screen, "tdb says it detached", screen)
        assert_terminal_sane(term, soft)
        count = len(rates(log))
        term.wait_until(lambda _: len(rates(log)) >= count + 4, 15, "more rates after the detach", capture=lambda: "")
        after = rates(log)[count + 1:]
        ratio = sorted(after)[len(after) // 2] / sorted(before)[len(before) // 2]
        soft.check(ratio > 0.6, f"the service runs as fast after the detach (median ratio {ratio:.2f}; "
                                f"before {before}, after {after})")
        soft.check(program.poll() is None, "the program still runs")
    finally:
        program.kill()
        program.wait()
    soft.done()
