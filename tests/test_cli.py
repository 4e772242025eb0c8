"""The tdb command's small answers, and breakpoint() left alone where Python says so."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version

import pytest

from harness.debuggee import ROOT


def test_version_names_python_and_textual() -> None:
    result = subprocess.run([sys.executable, "-m", "tdb", "--version"], capture_output=True, text=True, cwd=ROOT,
                            timeout=30)
    assert result.returncode == 0
    python = ".".join(str(part) for part in sys.version_info[:3])
    assert result.stdout.strip() == f"tdb 0.1.0 (Python {python}, Textual {version('textual')})"


@pytest.mark.parametrize("setting, stops", [("0", False), ("", True)])
def test_pythonbreakpoint_0_disables_breakpoint_under_tdb_as_under_pdb(launch, write, setting, stops) -> None:
    """`tdb prog.py` makes breakpoint() tdb's; PYTHONBREAKPOINT=0 still turns it off (unset: it stops)."""
    script = write("prog.py", "value = 41\nbreakpoint()\nprint('ran on', value + 1)\n")
    debuggee = launch(str(script), env={"PYTHONBREAKPOINT": setting})
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])  # from the first line
    stop = debuggee.stopped_or_exited()
    assert (stop is not None) == stops
    if stop is not None:
        assert stop["frames"][0]["line"] == 3 and stop["reason"] == "breakpoint"
        debuggee.request("continue", threadId=stop["threadId"])
        debuggee.wait_event("exited")
    debuggee.request("disconnect")
    code, stdout, _ = debuggee.finish()
    assert (code, stdout) == (0, "ran on 42\n")


def test_every_variable_tdb_reads_is_in_its_help_and_the_readme() -> None:
    from tdb.cli import ENVIRONMENT, help_text

    sources = "\n".join(path.read_text() for path in (ROOT / "tdb").rglob("*.py"))
    read = set(re.findall(r"\b(TDB_[A-Z_]+)\b", sources))
    listed = {name for names, _ in ENVIRONMENT for name in names.split(", ")}
    assert read <= listed, f"not in tdb --help: {sorted(read - listed)}"
    readme = (ROOT / "README.md").read_text()
    assert [name for name in sorted(listed) if f"`{name}`" not in readme] == []
    assert all(name in help_text() for name in listed)
