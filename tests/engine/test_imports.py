"""The engine lives inside the debugged program: tdb.engine and tdb.dap import only the standard library."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap

from harness.debuggee import ROOT, TIMEOUT
from tests.house.imports import imported_in, modules_imported

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


# What a program pays for in memory at every stop (tdb/engine/__init__.py): typing 0.5 MB, dataclasses 0.25.
HEAVY = ("typing", "dataclasses")
# (`tdb script.py` and `tdb -m` run the program in the command's own process: tdb/cli.py, targets.py.)
PROGRAM_SIDE = ["tdb/__init__.py", "tdb/__main__.py", "tdb/cli.py", "tdb/targets.py", "tdb/entry.py", "tdb/launch.py",
                "tdb/prestart.py", "tdb/pdb_class.py", "tdb/log.py", "tdb/timeline.py", "tdb/engine", "tdb/dap"]


def test_a_stop_loads_neither_typing_nor_dataclasses():
    report = imported_by("""
        import tdb
        import tdb.launch
        import tdb.prestart
        import tdb.engine.session
    """)
    assert "tdb.engine.session" in report["all"]
    assert [name for name in HEAVY if name in report["all"]] == []


def test_tdb_script_loads_neither_before_the_program_runs():
    """`tdb script.py`: the command, then the program, in one process."""
    report = imported_by("""
        import tdb.cli, tdb.launch, tdb.targets
        tdb.cli.parse(["examples/primes.py"])
        tdb.targets.script_target("examples/primes.py", [])
    """)
    assert "tdb.targets" in report["all"]
    assert [name for name in HEAVY if name in report["all"]] == []


def test_no_module_of_the_program_side_imports_them_but_for_type_checkers():
    """Held in the source (the modules loaded only on demand too): on 3.14 the standard library's own
    traceback loads dataclasses, so a run-time check of every module would say nothing of ours."""
    files = [path for entry in PROGRAM_SIDE for path in ([ROOT / entry] if entry.endswith(".py")
                                                        else sorted((ROOT / entry).rglob("*.py")))]
    assert len(files) > 40
    offenders = {str(path.relative_to(ROOT)): heavy for path in files
                 if (heavy := sorted({module.partition(".")[0] for module in modules_imported(path)} & set(HEAVY)))}
    assert offenders == {}


def test_the_source_check_sees_an_import_outside_type_checking():
    tree = ast.parse("import typing\nTYPE_CHECKING = False\nif TYPE_CHECKING:\n    from dataclasses import field\n")
    assert imported_in(tree, "tdb.engine") == {"typing"}
    assert imported_in(tree, "tdb.engine", type_checking=True) == {"typing", "dataclasses"}


def test_the_probe_would_notice_a_third_party_import():
    # The check above is only worth something if it can fail.
    report = imported_by("import pytest")
    assert "pytest" in not_stdlib(report)
