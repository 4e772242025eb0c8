"""Eight threads at one breakpoint, driven by keys in a real terminal: each stop waits to be chosen, steps alone."""

from __future__ import annotations

import re

import pytest

from .conftest import Soft
from .tdb_screen import command, leave_command_line, status_at, status_line
from .test_stepping import assert_terminal_sane
from harness.tmux import Tmux

pytestmark = pytest.mark.e2e

PROGRAM = """\
import threading

go = threading.Event()


def work(n):
    go.wait()
    total = n * 2
    return total


threads = [threading.Thread(target=work, args=(n,), name=f"w{n}") for n in range(8)]
for thread in threads:
    thread.start()
go.set()
done = 1
for thread in threads:
    thread.join()
print("all", done)
"""
WORK_LINE, GO_LINE = 8, 15


def test_eight_threads_stop_at_once_and_each_steps_on_its_own(term: Tmux, soft: Soft, tmp_path) -> None:
    (tmp_path / "eight.py").write_text(PROGRAM)
    term.run("tdb eight.py")
    term.wait_for(status_at("eight.py", 1, "<module>"))
    command(term, f"b {GO_LINE}", "Breakpoint 1")
    command(term, f"b {WORK_LINE}", "Breakpoint 2")
    leave_command_line(term)
    term.send_keys("c")
    term.wait_for(status_at("eight.py", GO_LINE, "<module>"))
    # n over go.set(): the eight workers stop at their breakpoint meanwhile; the screen stays on the main thread.
    term.send_keys("n")
    screen = term.wait_for(re.compile(r"8 more threads stopped"), 10)
    soft.check(bool(status_at("eight.py", GO_LINE + 1, "<module>").search(screen)),
               "n stopped on the main thread's next line", screen)
    soft.check("Thread w" in screen and "stopped (at a breakpoint)" in screen, "the other stops are said", screen)
    # Ctrl-T: the oldest waiting stop becomes the current one; n steps it, and only it.
    term.send_keys("C-t")
    screen = term.wait_for(status_at("eight.py", WORK_LINE, "work"), 10)
    name = re.search(r"thread (w\d)", status_line(screen))
    soft.check(name is not None, "the status names the thread", screen)
    term.send_keys("n")
    screen = term.wait_for(status_at("eight.py", WORK_LINE + 1, "work"), 10)
    if name:
        soft.check(f"thread {name[1]}," in status_line(screen), "the step stayed on its thread", screen)
    soft.check("7 more threads stopped" in status_line(screen) or "8 more threads stopped" in status_line(screen),
               "the others still wait", screen)
    # `threads` lists all nine; `thread w5` chooses one by name.
    command(term, "threads", "non-stop")
    screen = term.screen()
    soft.check(len(re.findall(r"\bw\d \(\d+\)\s+stopped \(breakpoint\)", screen)) >= 3, "threads lists the workers",
               screen)
    other = "w6" if name and name[1] == "w5" else "w5"  # (one that has not stepped: still at its breakpoint)
    command(term, f"thread {other}", f"thread {other}")
    screen = term.wait_for(re.compile(rf"thread {other}, at a breakpoint"), 10)
    command(term, "p n", other[1])
    # c all: every thread runs on; the program ends.
    command(term, "c all", "")
    term.wait_until(lambda s: "all 1" in s or "The program exited" in s, 15, "the program to end")
    term.send_keys("q")
    term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()


LOOP_PROGRAM = """\
import asyncio
import threading


def spin(stop):
    while not stop.is_set():
        stop.wait(0.01)


async def fetch(i):
    await asyncio.sleep(0.01 * i)
    value = i * 2
    await asyncio.sleep(0)
    after = value + 1
    return after


async def main():
    stop = threading.Event()
    threads = [threading.Thread(target=spin, args=(stop,), name=f"s{n}") for n in range(8)]
    for thread in threads:
        thread.start()
    results = await asyncio.gather(*(asyncio.create_task(fetch(i), name=f"fetch-{i}") for i in range(3)))
    stop.set()
    for thread in threads:
        thread.join()
    print("results", results)


asyncio.run(main())
"""
VALUE_LINE = 12


def test_an_event_loop_beside_eight_threads(term: Tmux, soft: Soft, tmp_path) -> None:
    (tmp_path / "loop.py").write_text(LOOP_PROGRAM)
    term.run("tdb loop.py")
    term.wait_for(status_at("loop.py", 1, "<module>"))
    command(term, f"b {VALUE_LINE}, in task fetch-1", "Breakpoint 1")
    leave_command_line(term)
    term.send_keys("c")
    screen = term.wait_for(status_at("loop.py", VALUE_LINE, "fetch"), 10)
    # The Tasks pane lists the loop's tasks, the running one marked; the threads pane the eight spinners.
    soft.check(bool(re.search(r"▸ fetch-1\s+▶ running", screen)), "the Tasks pane shows fetch-1 running", screen)
    soft.check("Task-1" in screen and "awaits" in screen, "the main task and what it awaits", screen)
    soft.check(len(re.findall(r"\bs\d \d+", screen)) >= 3, "the threads pane lists the spinners", screen)
    command(term, "p i", "1")
    leave_command_line(term)
    # n, n over the await: the same task's next line, not another task's.
    term.send_keys("n")
    term.wait_for(status_at("loop.py", VALUE_LINE + 1, "fetch"), 10)
    term.send_keys("n")
    screen = term.wait_for(status_at("loop.py", VALUE_LINE + 2, "fetch"), 10)
    soft.check("exception" not in status_line(screen), "no StopIteration stop on the way", screen)
    command(term, "p i, value", "(1, 2)")
    command(term, "p await asyncio.sleep(0, 'awaited')", "'awaited'")
    command(term, "c", "")
    term.wait_until(lambda s: "results [1, 3, 5]" in s or "The program exited" in s, 15, "the program to end")
    term.send_keys("q")
    term.wait_for_prompt(10, own_line=False)
    assert_terminal_sane(term, soft)
    soft.done()
