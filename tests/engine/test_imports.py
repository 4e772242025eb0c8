"""The engine lives inside the debugged program: tdb.engine and tdb.dap import only the standard library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from harness.debuggee import ROOT, TIMEOUT

# Prints the top-level names of the modules that the given code imported.
PROBE = """
import json, sys
before = set(sys.modules)
{code}
new = sorted({{name.partition(".")[0] for name in set(sys.modules) - before}})
print(json.dumps({{"new": new, "all": sorted(sys.modules), "stdlib": sorted(sys.stdlib_module_names)}}))
"""


def imported_by(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=textwrap.dedent(code))], capture_output=True, text=True,
        timeout=TIMEOUT, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def not_stdlib(report: dict) -> list[str]:
    stdlib = set(report["stdlib"])
    return [name for name in report["new"] if name not in stdlib and name != "tdb"]


def test_set_trace_imports_no_interface_and_nothing_outside_the_stdlib():
    report = imported_by("""
        import tdb
        tdb.set_trace
        # What the first set_trace() loads before it stops:
        import tdb.launch
        import tdb.engine.session
    """)
    assert not any(name.split(".")[0] in ("textual", "rich", "pygments") for name in report["all"])
    assert not [name for name in report["all"] if name.startswith("tdb.ui")]
    assert not_stdlib(report) == []
    assert "tdb.engine.session" in report["all"]  # the probe did load the engine


def test_the_interface_is_started_before_the_engine_is_imported():
    # The interface needs ~300 ms to draw, the engine ~30 ms to load: launch.py starts the
    # interface first, so importing it must not load the engine (nor dataclasses, ~10 ms).
    report = imported_by("import tdb.launch")
    assert "tdb.launch" in report["all"]
    assert not [name for name in report["all"] if name.startswith(("tdb.engine.session", "tdb.engine.debugger"))]
    assert "dataclasses" not in report["new"]


def test_every_engine_and_dap_module_imports_only_the_stdlib():
    packages = [ROOT / "tdb" / "engine", ROOT / "tdb" / "dap"]
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in packages
        for path in package.rglob("*.py")
    )
    assert {"tdb.engine.debugger", "tdb.engine.handlers.inspection", "tdb.dap.framing"} <= set(modules)
    report = imported_by("\n".join(f"import {name}" for name in modules))
    assert set(modules) <= set(report["all"])
    assert not_stdlib(report) == []
    assert not [name for name in report["all"] if name.startswith("tdb.ui")]


def test_what_the_program_loads_leaves_typing_out():
    """typing is 0.5 MB of the program's memory (tdb/engine/__init__.py): every module a program with
    tdb loads names its types under TYPE_CHECKING only."""
    modules = ["tdb", "tdb.entry", "tdb.launch", "tdb.prestart", "tdb.pdb_class", "tdb.log", "tdb.timeline"] + sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in (ROOT / "tdb" / "engine", ROOT / "tdb" / "dap")
        for path in package.rglob("*.py")
    )
    report = imported_by("\n".join(f"import {name}" for name in modules))
    assert set(modules) <= set(report["all"])
    assert "typing" not in report["all"]


def test_the_probe_would_notice_a_third_party_import():
    # The check above is only worth something if it can fail.
    report = imported_by("import pytest")
    assert "pytest" in not_stdlib(report)
