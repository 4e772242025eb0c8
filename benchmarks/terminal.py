"""Scenarios measured end to end in a real terminal: a 120x40 tmux pane, as a user sees them.

Every figure is wall-clock time from the moment the harness hands tmux the
keystroke (Enter on a command line, or a key) to the first capture of the pane
that shows the awaited screen. The pane is polled with `tmux capture-pane`
every POLL seconds; one capture costs a few milliseconds, so figures carry
that granularity. Row "7" has a floor measured the same way: a key echoed by
bash.

The first screen and a step are measured at the pty (benchmarks/step_pty.py,
rows 6a-7B): polling a pane adds its own delay and its own CPU load. Here:

- (no row) `PYTHONBREAKPOINT=<hook> python stepping.py`, a breakpoint() in a
  function, to a complete first screen, for row 9b's memory figures.
- 7x: `n` to the updated screen, many times in a row, polled (a cross-check
  of rows 7a-7c): tdb's status line shows the new line number; pudb's
  current-line marker moves; pdb prints the new line and its prompt.
- 8a: as 6, with the stop at the end of a 50,000-line module.
- 9a: at that stop, the resident memory of tdb's interface process (the
  whole pudb process, the plain program for reference).
- 9b: at the stop of 6, the debugged program's own resident memory (the
  engine's share for tdb; pudb's includes its interface, which lives in the
  program); the plain program reports its own at the same point.
"""

from __future__ import annotations

import re
import time
from typing import Callable

from .common import ROOT, BenchError, Row, Workdir, cmdline, descendants, need_tmux, rss_bytes

POLL = 0.005
TIMEOUT = 60.0
STEP_LINES = 60  # `a = 101` ... `a = 160`: room for the `n` samples

STEPPING = "\n".join(
    ["import os", "", "", "def rss():",
     "    with open('/proc/self/status') as status:",
     "        return next(int(line.split()[1]) * 1024 for line in status if line.startswith('VmRSS:'))",
     "", "", "def work(n):", "    total = n * 3", "    breakpoint()"]
    + [f"    a = {100 + k}" for k in range(1, STEP_LINES + 1)]
    + ["    return total", "", "", "print('done', work(14), 'rss', rss())", ""]
)
STEP_FIRST = STEPPING.splitlines().index("    a = 101") + 1  # the line after breakpoint()


def step_line(value: int) -> int:
    """The line of `a = value` in the stepping program."""
    return STEP_FIRST + value - 101


BIG_LINES = 50_000


def big_module(size: int = BIG_LINES) -> str:
    """A module of `size` lines of ordinary code, with the function that stops at its very end."""
    lines: list[str] = ['"""A long module: the stop is at its end."""', ""]
    index = 0
    while len(lines) < size - 10:
        lines += [f"def function_{index}(value, factor={index % 97}):",
                  f'    """Scale value by factor, then add {index}."""',
                  f"    result = value * factor + {index}  # an ordinary comment",
                  "    return result", ""]
        index += 1
    lines += ["", "def work(n):", "    total = n * 3", "    breakpoint()", "    return total"]
    return "\n".join(lines) + "\n"


BIG_MAIN = "import big_module\nimport os\n\n" + "\n".join(STEPPING.splitlines()[3:7]) + \
    "\n\n\nprint('done', big_module.work(14), 'rss', rss())\n"


class Tool:
    """How one debugger is started in the pane, what its stop looks like, and how to leave it."""

    def __init__(self, name: str, hook: str, first_screen: Callable[[str, int, str], bool],
                 at_line: Callable[[str, int, str], bool], resume: Callable[["Pane"], None]) -> None:
        self.name = name
        self.hook = hook  # PYTHONBREAKPOINT
        self.first_screen = first_screen  # (screen, line of the stop, its text) -> complete
        self.at_line = at_line  # (screen, line, its text) -> the stop is shown at that line
        self.resume = resume


def _pdb_at(screen: str, line: int, text: str) -> bool:
    return re.search(rf"^-> {re.escape(text)}\s*\n\(Pdb\)\s*$", screen.rstrip() + "\n", re.M) is not None


def _pdb_first(screen: str, line: int, text: str) -> bool:
    """pdb's first stop: on the line after breakpoint(), or (3.14) on the breakpoint() line itself."""
    return _pdb_at(screen, line, text) or _pdb_at(screen, line - 1, "breakpoint()")


def _pudb_at(screen: str, line: int, text: str) -> bool:
    # The source column is followed, on the same row, by the side panes.
    return re.search(rf"^>\S?\s+{re.escape(text)}(?:\s|$)", screen, re.M) is not None


def _tdb_at(screen: str, line: int, text: str) -> bool:
    return re.search(rf"^│\S?\s*{line} ▶\s+{re.escape(text)}", screen, re.M) is not None


def _tdb_status(screen: str, line: int, file: str) -> bool:
    return re.search(rf"^ {re.escape(file)}:{line}\s+in ", screen, re.M) is not None


def _never(screen: str, line: int, text: str) -> bool:
    return False


TOOLS = {
    "plain": Tool("plain", "0", lambda screen, line, text: "done 42 rss" in screen, _never, lambda pane: None),
    "pdb": Tool("pdb", "", _pdb_first, _pdb_at, lambda pane: pane.term.run("c")),
    "pudb": Tool("pudb", "pudb.set_trace", lambda screen, line, text: _pudb_at(screen, line, text) and "total: 42" in screen,
                 _pudb_at, lambda pane: pane.term.send_keys("c")),
    "tdb": Tool("tdb", "tdb.set_trace",
                lambda screen, line, text: _tdb_at(screen, line, text) and "total: int = 42" in screen,
                _tdb_at, lambda pane: pane.term.send_keys("c")),
}


class Pane:
    """One tmux server and its interactive bash, in a private directory holding the programs."""

    def __init__(self, work: Workdir) -> None:
        need_tmux()
        self.work = work
        config = work.path / "xdg" / "pudb"
        config.mkdir(parents=True, exist_ok=True)
        (config / "pudb.cfg").write_text("[pudb]\nseen_welcome = z999\n")
        self._open()

    def _open(self) -> None:
        from harness.tmux import Tmux

        self.term = Tmux(cwd=self.work.path, home=self.work.home)
        self.term.start(XDG_CONFIG_HOME=str(self.work.path / "xdg"), PYTHONPATH=str(ROOT))

    def close(self) -> None:
        self.term.close()

    def restart(self) -> None:
        """A new pane, after a failure left the old one in an unknown state."""
        self.close()
        self._open()

    def poll(self, done: Callable[[str], bool], start: float, what: str, timeout: float | None = None) -> tuple[float, str]:
        """Capture until done(screen); (seconds since start, that screen)."""
        timeout = timeout or TIMEOUT
        while True:
            screen = self.term.screen()
            now = time.perf_counter()
            if done(screen):
                return now - start, screen
            if now - start > timeout:
                raise BenchError(f"waited {timeout:g} s for {what}; the screen shows:\n{screen}")
            time.sleep(POLL)

    def wait_for_prompt(self) -> None:
        from harness.tmux import Timeout

        try:
            self.term.wait_for_prompt(timeout=TIMEOUT)
        except Timeout as error:
            raise BenchError(str(error)) from None

    def fresh_prompt(self) -> None:
        self.term.run("clear")
        self.wait_for_prompt()

    def start(self, tool: Tool, program: str, line: int, text: str) -> float:
        """Enter on the command; seconds until the tool's complete first screen (or the program's end)."""
        self.fresh_prompt()
        hook = f"PYTHONBREAKPOINT={tool.hook} " if tool.hook else ""
        self.term.type(f"{hook}python {program}")
        start = time.perf_counter()
        self.term.send_keys("Enter")
        seconds, _ = self.poll(lambda screen: tool.first_screen(screen, line, text), start,
                               f"{tool.name}'s first screen")
        return seconds

    def finish(self, tool: Tool) -> str:
        """Leave the stop; the program runs to its end. The normal screen's text then."""
        tool.resume(self)
        self.wait_for_prompt()
        return self.term.screen()

    def program_pids(self, script: str) -> tuple[int | None, int | None]:
        """(the debugged program, tdb's interface process) running below the pane's shell."""
        program = interface = None
        for pid in descendants(self.term.pane_pid()):
            args = cmdline(pid)
            if "tdb.ui" in args:
                interface = pid
            elif any(arg.endswith(script) for arg in args):
                program = program or pid
        return program, interface


def _reported_rss(screen: str) -> int:
    match = re.search(r"done 42 rss (\d+)", screen)
    if match is None:
        raise BenchError(f"the program did not report its memory:\n{screen}")
    return int(match.group(1))


def run(*, runs: int, steps: int, log: Callable[[str], None],
        tools: tuple[str, ...] = ("plain", "pdb", "pudb", "tdb"), warmup: bool = True,
        big_lines: int = BIG_LINES) -> dict[str, Row]:
    """Rows 7x, 8a, 8a', 9a, 9b (and the first screens 9b is measured at); with warmup, a first round of
    each is run and not counted."""
    rounds = range(0 if warmup else 1, runs + 1)
    rows = {
        "startup": Row("interface", "(the first screens 9b is measured at)", "ms"),
        "step": Row("interface", "7x. key `n` → the updated screen, the pane polled every 5 ms: a cross-check of 7b "
                    "(plain: a key echoed by bash, the floor)", "ms", target="tdb ≤ 20 ms"),
        "big": Row("scale", f"8a. stop at the end of a {big_lines:,}-line module → first complete screen (tmux)",
                   "ms"),
        "scroll": Row("scale", "8a'. … then PageUp in the source → the page above shown (tmux; tdb only)", "ms"),
        "ui_rss": Row("memory", f"9a. interface RSS at the {big_lines:,}-line stop (pudb, plain: their whole process)",
                      "MB", target="tdb ≤ 120 MB"),
        "program_rss": Row("memory", "9b. the program's RSS at a stop (tdb: + its engine; pudb: + all of pudb)",
                           "MB", target="tdb adds ≤ 5 MB"),
    }
    with Workdir() as work:
        (work.path / "stepping.py").write_text(STEPPING)
        big = big_module(big_lines)
        (work.path / "big_module.py").write_text(big)
        (work.path / "big_main.py").write_text(BIG_MAIN)
        pane = Pane(work)
        try:
            _startup_and_memory(pane, rows, rounds, tools, log)
            _stepping(pane, rows["step"], steps, tools, log)
            _big_file(pane, rows, rounds, tools, log, big)
        finally:
            pane.close()
    for tool in ("plain", "pdb", "pudb"):
        rows["scroll"].cell(tool).text = "—"
    _judge_speed(rows)
    _judge_memory(rows)
    return rows


def _startup_and_memory(pane: Pane, rows: dict[str, Row], rounds: range, tools: tuple[str, ...],
                        log: Callable[[str], None]) -> None:
    line = STEP_FIRST
    runs = rounds.stop - 1
    for number in rounds:  # round 0 warms caches up and is not counted
        for name in tools:
            tool = TOOLS[name]
            try:
                seconds = pane.start(tool, "stepping.py", line, "a = 101")
                program_rss = None
                if name != "plain":
                    program, _ = pane.program_pids("stepping.py")
                    program_rss = rss_bytes(program) if program else None
                screen = pane.finish(tool) if name != "plain" else pane.term.screen()
                if name == "plain":
                    program_rss = _reported_rss(screen)
            except BenchError as error:
                rows["startup"].cell(name).text = f"error: {error}"
                log(f"  6 / {name}: {error}")
                pane.restart()
                continue
            if number == 0:
                continue
            rows["startup"].cell(name).samples.append(seconds)
            if program_rss:
                rows["program_rss"].cell(name).samples.append(program_rss)
            log(f"  6 / {name} run {number}/{runs}: {seconds * 1000:.0f} ms, program RSS "
                f"{(program_rss or 0) / 1e6:.1f} MB")


def _stepping(pane: Pane, row: Row, steps: int, tools: tuple[str, ...], log: Callable[[str], None]) -> None:
    steps = min(steps, STEP_LINES - 1)
    # The floor: a key echoed by bash at its prompt, through the same send-keys and capture-pane.
    if "plain" in tools:
        pane.fresh_prompt()
        for _ in range(steps):
            pane.term.type("x")
            start = time.perf_counter()
            seconds, _ = pane.poll(lambda screen: screen.rstrip().endswith("e2e$ x"), start, "bash's echo")
            row.cell("plain").samples.append(seconds)
            pane.term.send_keys("BSpace")
            pane.poll(lambda screen: screen.rstrip().endswith("e2e$"), time.perf_counter(), "the erased x")
    for name in tools:
        if name == "plain":
            continue
        tool = TOOLS[name]
        try:
            pane.start(tool, "stepping.py", STEP_FIRST, "a = 101")
            if name == "pdb" and not _pdb_at(pane.term.screen(), STEP_FIRST, "a = 101"):
                pane.term.run("n")  # 3.14's pdb stops on the breakpoint() line: one step (not counted) to a = 101
                pane.poll(lambda screen: _pdb_at(screen, STEP_FIRST, "a = 101"), time.perf_counter(), "pdb at a = 101")
            for value in range(102, 102 + steps):
                line = step_line(value)
                if name == "tdb":
                    done = lambda screen, line=line: _tdb_status(screen, line, "stepping.py")  # noqa: E731
                else:
                    done = lambda screen, line=line, value=value: tool.at_line(screen, line, f"a = {value}")  # noqa: E731
                if name == "pdb":
                    pane.term.type("n")
                    start = time.perf_counter()
                    pane.term.send_keys("Enter")
                else:
                    start = time.perf_counter()
                    pane.term.send_keys("n")
                seconds, _ = pane.poll(done, start, f"{name} at line {line}")
                row.cell(name).samples.append(seconds)
            pane.finish(tool)
        except BenchError as error:
            row.cell(name).text = f"error: {error}"
            log(f"  7 / {name}: {error}")
            pane.restart()
            continue
        log(f"  7 / {name}: {len(row.cell(name).samples)} steps, median "
            f"{row.cell(name).median * 1000:.1f} ms")  # type: ignore[operator]


def _big_file(pane: Pane, rows: dict[str, Row], rounds: range, tools: tuple[str, ...], log: Callable[[str], None],
              big: str) -> None:
    line = big.splitlines().index("    return total") + 1
    runs = rounds.stop - 1
    for number in rounds:
        for name in tools:
            tool = TOOLS[name]
            try:
                seconds = pane.start(tool, "big_main.py", line, "return total")
                if name == "plain":
                    rss = _reported_rss(pane.term.screen())
                else:
                    if name == "tdb" and number:
                        rows["scroll"].cell("tdb").samples.extend(_page_up(pane, SCROLL_PAGES))
                    program, interface = pane.program_pids("big_main.py")
                    target = interface if name == "tdb" else program
                    if target is None:
                        raise BenchError(f"no {'interface' if name == 'tdb' else 'program'} process found")
                    rss = rss_bytes(target)
                    pane.finish(tool)
            except BenchError as error:
                rows["big"].cell(name).text = f"error: {error}"
                log(f"  8a / {name}: {error}")
                pane.restart()
                continue
            if number == 0:
                continue
            rows["big"].cell(name).samples.append(seconds)
            if name != "pdb":
                rows["ui_rss"].cell(name).samples.append(rss)
            log(f"  8a / {name} run {number}/{runs}: {seconds * 1000:.0f} ms, RSS {rss / 1e6:.1f} MB")


SCROLL_PAGES = 10  # PageUp presses measured at each big-file stop


def _top_source_line(screen: str) -> int | None:
    """The line number in the source pane's first row."""
    rows = screen.splitlines()
    match = re.match(r"│\S?\s*(\d+) ", rows[1]) if len(rows) > 1 else None
    return int(match.group(1)) if match else None


def _page_up(pane: Pane, presses: int) -> list[float]:
    """Seconds from each PageUp (the source pane has the focus) until the pane shows an earlier page."""
    samples = []
    for _ in range(presses):
        before = _top_source_line(pane.term.screen())
        if before is None or before <= 1:
            break
        start = time.perf_counter()
        pane.term.send_keys("PPage")
        seconds, _ = pane.poll(lambda screen: (_top_source_line(screen) or before) < before, start, "the page above")
        samples.append(seconds)
    return samples


# The targets for the interface (seconds): from breakpoint() to the first screen, and a step.
TARGETS = {"step": 0.02}


def _judge_speed(rows: dict[str, Row]) -> None:
    for key, limit in TARGETS.items():
        tdb = rows[key].value("tdb")
        if tdb is not None:
            rows[key].verdict = "met" if tdb <= limit else f"MISSED by {(tdb - limit) * 1000:.0f} ms"


def _judge_memory(rows: dict[str, Row]) -> None:
    ui = rows["ui_rss"].value("tdb")
    if ui is not None:
        rows["ui_rss"].verdict = ("met" if ui <= 120e6 else f"MISSED by {(ui - 120e6) / 1e6:.0f} MB")
    program = rows["program_rss"]
    base, tdb = program.value("plain"), program.value("tdb")
    program.delta = True
    if base is not None and tdb is not None:
        added = tdb - base
        program.verdict = ("met" if added <= 5e6 else f"MISSED by {(added - 5e6) / 1e6:.1f} MB") + \
            f": +{added / 1e6:.1f} MB"

