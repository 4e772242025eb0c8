"""Scenarios 1-5: what a breakpoint that is never reached costs a running program.

The program (programs/hot_loop.py) calls a small function N times in a loop
and times only that loop, from inside, with perf_counter: neither process
start nor any debugger's start-up or screen is in the figure. Each tool sets
one breakpoint, then continues from the program's first line:

- plain: `python hot_loop.py N` (no debugger; the 1.0x of every ratio)
- pdb: programs/pdb_driver.py, which is `python -m pdb -c "b FILE:LINE[, COND]" -c c`
  with bdb's settrace backend (the only one before 3.14);
- pdb-monitoring (3.14+): the same with `Pdb(backend="monitoring")`, which is
  what `python -m pdb` and `breakpoint()` use on 3.14;
- pudb: the real `python -m pudb --continue hot_loop.py N` in a tmux pane, the
  breakpoint read from pudb's own breakpoints file
  ($XDG_CONFIG_HOME/pudb/breakpoints-X.Y, a private one); in scenario 5 its
  screen comes up at the stop and the keys `b` (remove the breakpoint) and `c`
  are typed into it;
- tdb: `python -m tdb hot_loop.py N` with TDB_LISTEN, driven over DAP
  (harness/debuggee.py): setBreakpoints (with the condition), configurationDone,
  then continue from the first-line stop.

Scenario 5 stops once on a line before the loop, removes the breakpoint
there (pdb: a `tbreak`), and continues: nothing is left to break on.

The OverflowError check runs scenario 3 with more calls than bdb's monitoring
backend survives (it re-arms events with sys.monitoring.restart_events() on
every call of a function holding a breakpoint, and CPython's event version
counter overflows after about 8.4 million of them).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .common import PROGRAMS, BenchError, Row, Workdir, clean_env, has_module, marked_line, python_info

HOT_LOOP = PROGRAMS / "hot_loop.py"
ELSEWHERE = PROGRAMS / "elsewhere.py"
PDB_DRIVER = PROGRAMS / "pdb_driver.py"
OVERFLOW_CALLS = 9_000_000  # bdb's monitoring backend raises OverflowError after ~8.39 million (2**23)
RUN_TIMEOUT = 900.0


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    file: Path
    mark: str
    condition: str | None = None
    stop_then_clear: bool = False  # scenario 5: reached once, removed there, then continue
    cheap: bool = False  # every tool runs it at ~1.0×: it affords up to 6× the calls (the 3 million)

    def calls(self, calls: int) -> int:
        return max(calls, min(calls * 6, 3_000_000)) if self.cheap else calls

    @property
    def line(self) -> int:
        return marked_line(self.file, self.mark)


SCENARIOS = [
    Scenario("other", "1. breakpoint in another file", ELSEWHERE, "other"),
    Scenario("main", "2. breakpoint in the loop's own function", HOT_LOOP, "main"),
    Scenario("hot", "3. breakpoint inside the hot function", HOT_LOOP, "hot"),
    Scenario("cond", "4. false condition on a line run every call", HOT_LOOP, "cond", condition="x < 0"),
    Scenario("after-c", "5. after `c`, no breakpoint left", HOT_LOOP, "stop", stop_then_clear=True, cheap=True),
]


def _result(path: Path, what: str, output: str = "") -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        raise BenchError(f"{what} left no result{': ' + output.strip()[-800:] if output.strip() else ''}") from None


def _seconds(result: dict, what: str) -> float:
    if "error" in result:
        raise BenchError(f"{what}: the program raised {result['error']}")
    return float(result["seconds"])


# -- the tools -------------------------------------------------------------------------


def run_plain(python: str, calls: int, scenario: Scenario | None, work: Workdir) -> dict:
    out = work.path / "plain.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([python, str(HOT_LOOP), str(calls), str(out)], cwd=work.path, env=clean_env(HOME=str(work.home)),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    return _result(out, "the plain program", done.stderr)


def _pdb_commands(scenario: Scenario) -> str:
    where = f"{scenario.file}:{scenario.line}"
    if scenario.stop_then_clear:
        return f"tbreak {where};;c;;c"
    return f"b {where}{', ' + scenario.condition if scenario.condition else ''};;c"


def run_pdb(python: str, calls: int, scenario: Scenario, work: Workdir, backend: str = "settrace") -> dict:
    out = work.path / "pdb.json"
    out.unlink(missing_ok=True)
    done = subprocess.run(
        [python, str(PDB_DRIVER), backend, _pdb_commands(scenario), str(HOT_LOOP), str(calls), str(out)],
        cwd=work.path, env=clean_env(HOME=str(work.home)), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=RUN_TIMEOUT,
    )
    if "Breakpoint 1 at" not in done.stdout:
        raise BenchError(f"pdb did not confirm the breakpoint: {(done.stdout + done.stderr).strip()[-800:]}")
    return _result(out, f"pdb ({backend})", done.stdout + done.stderr)


def run_pdb_monitoring(python: str, calls: int, scenario: Scenario, work: Workdir) -> dict:
    return run_pdb(python, calls, scenario, work, backend="monitoring")


def run_pudb(python: str, calls: int, scenario: Scenario, work: Workdir) -> dict:
    from harness.tmux import Timeout, Tmux

    out = work.path / "pudb.json"
    out.unlink(missing_ok=True)
    config = work.path / "xdg"
    version = "%d.%d" % python_info(python)
    write_pudb_config(config, breakpoints=[f"b {scenario.file}:{scenario.line}"
                                           + (f", {scenario.condition}" if scenario.condition else "")],
                      version=version)
    command = f"{python} -m pudb --continue {HOT_LOOP} {calls} {out}"
    term = Tmux(cwd=work.path, home=work.home)
    try:
        term.start(command, XDG_CONFIG_HOME=str(config))
        if scenario.stop_then_clear:
            here = re.compile(rf"^>\*\s*total = 0\s+# BP:{scenario.mark}", re.M)
            term.wait_for(here, 60, poll=0.02)
            term.send_keys("b")  # pudb: toggle the breakpoint on the cursor line (the current one)
            term.wait_for(re.compile(rf"^> \s*total = 0\s+# BP:{scenario.mark}", re.M), 10, poll=0.02)
            term.send_keys("c")
        deadline = time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            if out.exists() and out.read_text().endswith("}"):
                return _result(out, "pudb")
            if term.display("#{pane_dead}") == "1" and not out.exists():
                raise BenchError(f"pudb ended without a result; its screen:\n{term.screen()}")
            time.sleep(0.05)
        raise BenchError(f"pudb gave no result in {RUN_TIMEOUT:g} s; its screen:\n{term.screen()}")
    except Timeout as error:
        raise BenchError(f"pudb: {error}") from None
    finally:
        term.close()


def write_pudb_config(config: Path, breakpoints: list[str], version: str) -> None:
    """A private pudb configuration: no welcome screen, and the given breakpoints file."""
    directory = config / "pudb"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pudb.cfg").write_text("[pudb]\nseen_welcome = z999\n")
    for old in directory.glob("*breakpoints-*"):
        old.unlink()
    (directory / f"breakpoints-{version}").write_text("".join(line + "\n" for line in breakpoints))


def run_tdb(python: str, calls: int, scenario: Scenario, work: Workdir) -> dict:
    spec = {"line": scenario.line, **({"condition": scenario.condition} if scenario.condition else {})}

    def clear_at_the_stop(debuggee: Any) -> None:  # scenario 5: stop once there, remove it, continue
        stop = debuggee.stopped()
        if stop["frames"][0]["line"] != scenario.line:
            raise BenchError(f"tdb stopped at line {stop['frames'][0]['line']}, not {scenario.line}")
        debuggee.request("setBreakpoints", source={"path": str(scenario.file)}, breakpoints=[])
        debuggee.request("continue", threadId=stop["threadId"])

    return under_tdb(python, [str(HOT_LOOP), str(calls)], scenario.file, spec, work,
                     clear_at_the_stop if scenario.stop_then_clear else None)


def under_tdb(python: str, argv: list[str], source: Path, spec: dict, work: Workdir,
              then: Callable[[Any], None] | None = None) -> dict:
    """`python -m tdb PROGRAM ARGS OUT` driven over DAP: one breakpoint `spec` in `source`, continue from
    the first line (then `then`, if given), and the result the program wrote to OUT."""
    from harness.debuggee import Debuggee

    out = work.path / "tdb.json"
    out.unlink(missing_ok=True)
    session = work.path / "tdb-session"
    session.mkdir(exist_ok=True)
    debuggee = Debuggee(["-m", "tdb", *argv, str(out)], session, python=python,
                        env=clean_env(HOME=str(work.home)), cwd=work.path)
    try:
        debuggee.request("initialize", clientID="tdb-bench", adapterID="tdb")
        debuggee.request("attach")
        placed = debuggee.request("setBreakpoints", source={"path": str(source)}, breakpoints=[spec])
        if not placed["breakpoints"] or not placed["breakpoints"][0].get("verified"):
            raise BenchError(f"tdb did not place the breakpoint: {placed}")
        debuggee.request("configurationDone")
        entry = debuggee.wait_event("stopped")
        debuggee.request("continue", threadId=entry["threadId"])
        if then is not None:
            then(debuggee)
        try:
            debuggee.process.wait(RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise BenchError(f"tdb: the program did not end in {RUN_TIMEOUT:g} s") from None
        return _result(out, "tdb", debuggee.process.stderr.read() if debuggee.process.stderr else "")
    finally:
        debuggee.close()


RUNNERS: dict[str, Callable[[str, int, Scenario, Workdir], dict]] = {
    "plain": run_plain,
    "pdb": run_pdb,
    "pdb-monitoring": run_pdb_monitoring,
    "pudb": run_pudb,
    "tdb": run_tdb,
}


def available_tools(python: str) -> dict[str, str]:
    """{tool: ""} for the tools that run on this interpreter, {tool: why not} for the others."""
    version = python_info(python)
    tools = {"plain": "", "pdb": "", "pdb-monitoring": "", "pudb": "", "tdb": ""}
    if version < (3, 14):
        tools["pdb-monitoring"] = "n/a: bdb has no monitoring backend before 3.14"
    if not has_module(python, "pudb"):
        tools["pudb"] = "n/a: pudb is not installed for this Python (pip install -e '.[bench]')"
    return tools


def run(python: str, *, runs: int, calls: int, overflow: bool | None, log: Callable[[str], None],
        overflow_calls: int = OVERFLOW_CALLS, warmup: bool = True) -> list[Row]:
    """Every tracer scenario, `runs` times each tool (interleaved), medians of the loop's seconds."""
    tools = available_tools(python)
    rows = [Row("tracer", scenario.title + (f" ({scenario.calls(calls):,} calls)" if scenario.calls(calls) != calls
                                           else ""), "s", ratio=True) for scenario in SCENARIOS]
    rows[3].target = "tdb ≥ 5× faster than pdb and pudb"
    rows[4].target = "tdb 1.0×"
    with Workdir() as work:
        # Warm-up (not counted): byte-code caches of tdb, pudb and urwid for this interpreter, the disk cache.
        for tool, why_not in tools.items():
            if warmup and not why_not:
                _measure(tool, python, 1000, SCENARIOS[0], work)
        for scenario, row in zip(SCENARIOS, rows):
            for tool, why_not in tools.items():
                if why_not:
                    row.cell(tool).text = why_not
            for number in range(runs):
                for tool, why_not in tools.items():
                    cell = row.cell(tool)
                    if why_not or cell.text:
                        continue
                    try:
                        seconds = _seconds(_measure(tool, python, scenario.calls(calls), scenario, work), tool)
                    except BenchError as error:
                        cell.text = f"error: {error}"
                        log(f"  {scenario.title} / {tool}: {error}")
                        continue
                    cell.samples.append(seconds)
                    log(f"  {scenario.title} / {tool} run {number + 1}/{runs}: {seconds * 1000:.1f} ms")
        judge(rows)
        if overflow is None:
            overflow = python_info(python) >= (3, 12)
        rows.append(overflow_check(python, overflow, overflow_calls, tools, work, log))
    return rows


def _measure(tool: str, python: str, calls: int, scenario: Scenario, work: Workdir) -> dict:
    return RUNNERS[tool](python, calls, scenario, work)


def judge(rows: list[Row]) -> None:
    """The verdicts of the scenarios that have a target."""
    cond, after = rows[3], rows[4]
    tdb = cond.value("tdb")
    if tdb:
        factors = {tool: cond.value(tool) / tdb for tool in ("pdb", "pudb") if cond.value(tool)}
        if factors:
            worst = min(factors.values())
            cond.verdict = ("met" if worst >= 5 else "MISSED") + ": tdb is " + ", ".join(
                f"{factor:.1f}× faster than {tool}" for tool, factor in factors.items())
    ratio = after.to_ratio("tdb")
    if ratio is not None:
        after.verdict = ("met" if ratio <= 1.10 else "MISSED") + f": {ratio:.2f}× (1.10× allowed for noise)"


def overflow_check(python: str, enabled: bool, calls: int, tools: dict[str, str], work: Workdir,
                   log: Callable[[str], None]) -> Row:
    """Scenario 3 once, long enough to overflow bdb's monitoring backend: "ok" or the exception."""
    row = Row("tracer", f"3+. scenario 3 for {calls:,} calls: OverflowError?", "word",
              target="tdb never raises")
    version = python_info(python)
    for tool in ("plain", "pdb", "pudb"):
        row.cell(tool).text = "—"
    for tool in ("pdb-monitoring", "tdb"):
        cell = row.cell(tool)
        if tools[tool]:
            cell.text = tools[tool]
        elif version < (3, 12):
            cell.text = "n/a: no sys.monitoring before 3.12"
        elif not enabled:
            cell.text = "not run (--no-overflow)"
        else:
            log(f"  OverflowError check / {tool}: {calls:,} calls…")
            started = time.monotonic()
            try:
                result = _measure(tool, python, calls, SCENARIOS[2], work)
            except BenchError as error:
                cell.text = f"error: {error}"
                continue
            if "error" in result:
                cell.text = result["error"].partition(":")[0]
                cell.note = result["error"]
            else:
                cell.text = "ok"
                cell.samples.append(float(result["seconds"]))
            log(f"  OverflowError check / {tool}: {cell.text} ({time.monotonic() - started:.0f} s)")
    tdb = row.cells["tdb"].text
    if tdb in ("ok", "OverflowError"):
        row.verdict = "met" if tdb == "ok" else "MISSED"
    return row

