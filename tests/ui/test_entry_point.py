"""python -m tdb.ui, the interface process tdb starts: a wrong command line says what is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harness.debuggee import ROOT


@pytest.mark.parametrize("args, message", [
    ([], "usage: python -m tdb.ui --fd N"),
    (["--fd"], "usage: python -m tdb.ui --fd N"),
    (["--fd", "x"], "usage: python -m tdb.ui --fd N"),
    (["--fd", "987"], "tdb: no socket to the engine on descriptor 987: Bad file descriptor"),
])
def test_a_bad_command_line_is_refused_with_a_message(args, message):
    result = subprocess.run([sys.executable, "-m", "tdb.ui", *args], capture_output=True, text=True, cwd=ROOT,
                            timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
