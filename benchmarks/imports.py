"""Scenario 9c: what `import tdb` costs a program, by `python -X importtime -c "import tdb"`.

The figure is the cumulative time CPython reports for the top-level module
(everything it imports included, modules that Python's start-up already
loaded excluded). pdb and pudb are measured the same way; 9d is what the first
breakpoint() additionally imports in tdb (the engine: tdb.launch).
"""

from __future__ import annotations

import re
import subprocess
from typing import Callable

from .common import BenchError, Row, clean_env

LINE = re.compile(r"^import time:\s+\d+ \|\s+(\d+) \| (\S.*)$")


def import_seconds(python: str, statement: str, module: str) -> float:
    done = subprocess.run([python, "-X", "importtime", "-c", statement], capture_output=True, text=True,
                          env=clean_env(), timeout=60)
    if done.returncode != 0:
        raise BenchError(f"{statement!r} failed: {done.stderr.strip()[-300:]}")
    for line in done.stderr.splitlines():
        match = LINE.match(line)
        if match and match.group(2) == module:
            return int(match.group(1)) / 1e6
    raise BenchError(f"no import time for {module} in -X importtime's report")


def run(python: str, *, runs: int, log: Callable[[str], None], has_pudb: bool, warmup: bool = True) -> dict[str, Row]:
    rows = {
        "import": Row("memory", "9c. `import tdb` (`python -X importtime`; pdb, pudb: theirs)", "ms",
                      target="tdb ≤ 5 ms"),
        "engine_import": Row("memory", "9d. … and the engine the first breakpoint() imports (`tdb.launch`)", "ms"),
    }
    measured = {"pdb": ("import pdb", "pdb"), "tdb": ("import tdb", "tdb")}
    if has_pudb:
        measured["pudb"] = ("import pudb", "pudb")
    else:
        rows["import"].cell("pudb").text = "n/a: pudb is not installed"
    for number in range(0 if warmup else 1, runs + 1):
        for tool, (statement, module) in measured.items():
            try:
                seconds = import_seconds(python, statement, module)
                engine = import_seconds(python, "import tdb, tdb.launch", "tdb.launch") if tool == "tdb" else None
            except BenchError as error:
                rows["import"].cell(tool).text = f"error: {error}"
                continue
            if number == 0:
                continue  # warm-up: byte-code caches
            rows["import"].cell(tool).samples.append(seconds)
            if engine is not None:
                rows["engine_import"].cell("tdb").samples.append(engine)
    for row in rows.values():
        row.cell("plain").text = "—"
    for tool in ("pdb", "pudb"):
        rows["engine_import"].cell(tool).text = "—"
    tdb = rows["import"].value("tdb")
    if tdb is not None:
        rows["import"].verdict = "met" if tdb <= 0.005 else f"MISSED by {(tdb - 0.005) * 1000:.1f} ms"
    log(f"  9c: import tdb {tdb * 1000 if tdb else float('nan'):.1f} ms")
    return rows
