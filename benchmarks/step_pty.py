"""The interface at the pty: the first screen and a step (`n`), tdb against pudb, interleaved in one run.

    python -m benchmarks.step_pty [--steps 20] [--rounds 3] [--sizes 80x24,120x40,200x50] [--python PATH]
    (also group `pty` of `make bench`: rows 6a-6w, 7a-7C)

Each round starts the program under a pty of the given size with PYTHONBREAKPOINT set to the tool's
hook, and records when each byte the program (and tdb's interface, which writes to the same
terminal) writes arrives; nothing polls a screen:

- first screen: from the spawn to the last byte of the first screen (output, then quiet for QUIET s);
  tdb starts cold (no pre-started interface); row 6w: with one (tdb/prestart.py), after a first session;
- a step: from writing `n` to the first byte of the update, and to its last byte (quiet again);
  bytes written for the step;
- a continue: from writing `c` to the program's next output (the terminal is the program's again).

Programs: `plain`, a function stepping over `a = 101`, `a = 102`, ...; `locals`, a loop that
updates 50 locals at each line; `busy` (row 6t, its first screen only), `plain` with three other
threads spinning, as in a busy service. Medians over every step of every round; pudb and tdb take turns,
round by round, so that the machine's noise falls on both.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .common import ROOT, Row
from .pty_terminal import PtyTerminal
from .report import table

QUIET = 0.25  # output quiet this long: the screen is complete
TIMEOUT = 30.0
SIZES = ((24, 80), (40, 120), (50, 200))  # rows, columns

PLAIN = "\n".join(["def work(n):", "    total = n * 3", "    breakpoint()"]
                  + [f"    a = {100 + k}" for k in range(1, 200)]
                  + ["    return total", "", "", "work(14)", ""])
LOCALS = "\n".join(["def work():"] + [f"    v{k} = {k}" for k in range(50)]
                   + ["    breakpoint()", "    for i in range(1000):"]
                   + [f"        v{k} = i * {k + 1}" for k in range(50)]
                   + ["    return v0", "", "", "work()", ""])
# Row 7C: `c` at a breakpoint() in a loop, until the program's next line of output.
CONTINUES = "\n".join(["import time", "for i in range(1000):", "    breakpoint()", "    print(f'RAN-{i}', flush=True)",
                       "    time.sleep(0.05)", ""])
# Row 6t: `plain` in a program whose three other threads spin (a busy service): tdb loads with them held.
BUSY = "\n".join(["import threading", "", "def spin():", "    while True:", "        sum(range(1000))", "",
                  "for _ in range(3):", "    threading.Thread(target=spin, daemon=True).start()", "", PLAIN])
PROGRAMS = {"plain": PLAIN, "locals": LOCALS, "continues": CONTINUES, "busy": BUSY}
HOOKS = {"pudb": "pudb.set_trace", "tdb": "tdb.set_trace"}


@dataclass
class Figures:
    first_screen: list[float] = field(default_factory=list)
    first_byte: list[float] = field(default_factory=list)  # seconds from the key to the update's first byte
    last_byte: list[float] = field(default_factory=list)  # and to its last
    size: list[float] = field(default_factory=list)  # bytes written for a step
    continued: list[float] = field(default_factory=list)  # seconds from `c` to the program's next output


def one_round(python: str, tool: str, script: Path, env: dict[str, str], size: tuple[int, int],
              steps: int, figures: Figures) -> None:
    terminal = PtyTerminal([python, str(script)], {**env, "PYTHONBREAKPOINT": HOOKS[tool]}, *size)
    try:
        _, last, _ = terminal.read_until_quiet(terminal.start, QUIET, TIMEOUT)
        if last is None:
            raise RuntimeError(f"{tool}: no first screen")
        figures.first_screen.append(last - terminal.start)
        take_steps(terminal, steps, figures, tool)
    finally:
        terminal.close()


def take_steps(terminal: PtyTerminal, steps: int, figures: Figures, tool: str = "tdb") -> None:
    """`n`, `steps` times at a stop on `terminal`: each update's first and last byte, and its bytes."""
    for _ in range(steps):
        sent = time.monotonic()
        terminal.write(b"n")
        first, last, written = terminal.read_until_quiet(sent, QUIET, TIMEOUT)
        if first is None or last is None:
            raise RuntimeError(f"{tool}: no update after n")
        figures.first_byte.append(first - sent)
        figures.last_byte.append(last - sent)
        figures.size.append(written)


def continue_round(python: str, tool: str, script: Path, env: dict[str, str], continues: int,
                   figures: Figures) -> None:
    """`c`, then the time until the program's output (RAN-i) reaches the terminal: the terminal is the
    program's again, and the program ran."""
    terminal = PtyTerminal([python, str(script)], {**env, "PYTHONBREAKPOINT": HOOKS[tool]}, 40, 120)
    try:
        terminal.read_until_quiet(terminal.start, QUIET, TIMEOUT)
        for number in range(continues):
            terminal.seen = b""
            sent = time.monotonic()
            terminal.write(b"c")
            terminal.wait_for(re.compile(f"RAN-{number}\\b".encode()), sent - terminal.start + TIMEOUT)
            figures.continued.append(time.monotonic() - sent)
            terminal.read_until_quiet(time.monotonic(), QUIET, TIMEOUT)  # (the next stop's screen)
    finally:
        terminal.close()


def environment(work: str) -> dict[str, str]:
    """A private home, settings and state for both tools; tdb starts cold unless a row says otherwise."""
    (Path(work) / "pudb").mkdir(exist_ok=True)
    (Path(work) / "pudb" / "pudb.cfg").write_text("[pudb]\nseen_welcome = z999\n")  # (no welcome screen)
    return {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "COLORTERM": "truecolor",
            "XDG_CONFIG_HOME": work, "XDG_STATE_HOME": work, "HOME": work, "TDB_PRESTART": "0"}


def warm_first_screens(python: str, script: Path, env: dict[str, str], rounds: int) -> list[float]:
    """tdb's first screen (120x40) with its interface pre-started: one cold session leaves the server."""
    with tempfile.TemporaryDirectory(prefix="tdb-bench-run-") as runtime:
        os.chmod(runtime, 0o700)
        warm = {**env, "XDG_RUNTIME_DIR": runtime, "TDB_PRESTART": "1"}
        try:
            cold_session(python, script, warm)
            wait_for_server(runtime)
            figures = Figures()
            for _ in range(rounds):
                one_round(python, "tdb", script, warm, (40, 120), 0, figures)
            return figures.first_screen
        finally:
            stop_servers(runtime)


def cold_session(python: str, script: Path, env: dict[str, str]) -> None:
    """A session that ends as a user's does (`c`, the program runs to its end): it leaves the server."""
    terminal = PtyTerminal([python, str(script)], {**env, "PYTHONBREAKPOINT": HOOKS["tdb"]}, 40, 120)
    try:
        terminal.read_until_quiet(terminal.start, QUIET, TIMEOUT)
        terminal.write(b"c")
        # Until the program and the interface are gone (the terminal closes): a session cut short
        # (the pty closed under the interface) leaves no server.
        terminal.read_until_quiet(time.monotonic(), TIMEOUT, TIMEOUT)
    finally:
        terminal.close()


def wait_for_server(runtime: str, timeout: float = 20.0) -> None:
    """Until the pre-started interface a session left under XDG_RUNTIME_DIR=`runtime` answers.
    (Shared with attach_pty.py and tests/e2e/test_step_paint.py, as are cold_session and stop_servers.)"""
    from tdb.prestart import server_answers

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(server_answers(path) for path in glob.glob(os.path.join(runtime, "tdb", "interface-*.sock"))):
            return
        time.sleep(0.05)
    raise RuntimeError("no pre-started interface appeared")


def stop_servers(runtime: str) -> None:
    """End the pre-started interfaces of `runtime` (a run's private one)."""
    found = subprocess.run(["pgrep", "-f", f"tdb.ui.prestart_server {runtime}"], capture_output=True, text=True)
    for pid in found.stdout.split():
        try:
            os.kill(int(pid), signal.SIGTERM)
        except OSError:
            pass


def run(python: str, *, rounds: int, steps: int, log: Callable[[str], None],
        sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Row]:
    """Rows 6a-6c (first screen), 6t (a busy program), 6w (pre-started), 7a-7c (a step), 7L (50 locals), 7B
    (bytes), 7C (`c`)."""
    results: dict[tuple[str, tuple[int, int], str], Figures] = {}
    with tempfile.TemporaryDirectory(prefix="tdb-bench-pty-") as work:
        env = environment(work)
        scripts = {name: Path(work) / f"{name}.py" for name in PROGRAMS}
        for name, script in scripts.items():
            script.write_text(PROGRAMS[name])
        runs = [("plain", size) for size in sizes] + [("locals", (40, 120)), ("busy", (40, 120))]
        for _ in range(rounds):
            for tool in HOOKS:
                continue_round(python, tool, scripts["continues"], env, min(steps, 10),
                               results.setdefault(("continues", (40, 120), tool), Figures()))
        log("  pty continues 120x40: done")
        for name, size in runs:
            for _ in range(rounds):
                for tool in HOOKS:  # (interleaved: the machine's noise falls on both)
                    one_round(python, tool, scripts[name], env, size, 0 if name == "busy" else steps,
                              results.setdefault((name, size, tool), Figures()))
            log(f"  pty {name} {size[1]}x{size[0]}: done")
        warm = warm_first_screens(python, scripts["plain"], env, rounds)
        log(f"  pty first screen, pre-started: {len(warm)} rounds")

    def row(number: str, name: str, unit: str, pick: Callable[[Figures], list[float]], key: tuple[str, tuple[int, int]],
            target: str = "") -> Row:
        made = Row("pty", f"{number}. {name}", unit, versus="pudb", spread=True, target=target)
        for tool in HOOKS:
            made.cell(tool).samples.extend(pick(results[(*key, tool)]))
        return made

    letters = "abc"
    rows = []
    for letter, size in zip(letters, sizes):
        rows.append(row(f"6{letter}", f"`breakpoint()` → last byte of the first screen, {size[1]}×{size[0]}", "ms",
                        lambda f: f.first_screen, ("plain", size), "tdb ≤ 1.0× pudb (cold)"))
    rows.append(row("6t", "… 120×40, the program's three other threads spinning", "ms", lambda f: f.first_screen,
                    ("busy", (40, 120)), "tdb ≤ 1.0× pudb"))
    warm_row = Row("pty", "6w. … 120×40, tdb's interface pre-started (tdb/prestart.py; pudb: as 6b)", "ms",
                   versus="pudb", spread=True, target="tdb ≤ 150 ms")
    warm_row.cell("tdb").samples.extend(warm)
    warm_row.cell("pudb").samples.extend(results[("plain", (40, 120), "pudb")].first_screen)
    rows.append(warm_row)
    for letter, size in zip(letters, sizes):
        rows.append(row(f"7{letter}", f"key `n` → last byte of the update, {size[1]}×{size[0]}", "ms",
                        lambda f: f.last_byte, ("plain", size), "tdb ≤ 1.0× pudb"))
        rows.append(row(f"7{letter}'", f"key `n` → first byte of the update, {size[1]}×{size[0]}", "ms",
                        lambda f: f.first_byte, ("plain", size), "tdb ≤ 5 ms"))
    locals_key = ("locals", (40, 120))
    rows.append(row("7L", "key `n` → last byte, a step changing 50 locals, 120×40", "ms", lambda f: f.last_byte,
                    locals_key, "tdb ≤ 1.0× pudb"))
    rows.append(row("7L'", "key `n` → first byte, a step changing 50 locals, 120×40", "ms", lambda f: f.first_byte,
                    locals_key, "tdb ≤ 5 ms"))
    rows.append(row("7B", "bytes written for a step, 120×40 (50 locals)", "B", lambda f: f.size, locals_key))
    rows.append(row("7C", "key `c` → the program's next output, 120×40", "ms", lambda f: f.continued,
                    ("continues", (40, 120))))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.step_pty")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="80x24,120x40,200x50")
    args = parser.parse_args(argv)
    sizes = tuple((int(text.split("x")[1]), int(text.split("x")[0])) for text in args.sizes.split(","))
    if (40, 120) not in sizes:
        parser.error("--sizes must include 120x40 (the locals and pre-started rows are measured there)")
    rows = run(args.python, rounds=args.rounds, steps=args.steps, sizes=sizes,
               log=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"At the pty; {args.rounds} rounds x {args.steps} steps, pudb and tdb interleaved.")
    print("\n".join(table(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
