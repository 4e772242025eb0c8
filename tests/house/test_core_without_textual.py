"""The interface's core loads without Textual: a process that imports it has no textual module."""

from __future__ import annotations

import subprocess
import sys

from harness.debuggee import ROOT

CODE = """
import sys
import tdb.ui.core.session, tdb.ui.core.handshake, tdb.ui.core.stop, tdb.ui.core.breakpoint_book
print(sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "rich", "pygments")))
"""


def test_importing_the_core_loads_no_textual_rich_or_pygments():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
