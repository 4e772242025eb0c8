"""A service with no terminal, listening on TCP; tdb --connect with its token, in a real terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from harness.tmux import Tmux

from .conftest import ROOT, Soft
from .tdb_screen import status_at
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

SERVICE = """\
import time
total = 40
breakpoint()
total += 2
print("served", total, flush=True)
"""
WAITING = re.compile(r"connect with: tdb --connect (tcp:\S+) --token (\S+)$")


@pytest.fixture
def service(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """svc.py as systemd or docker would run it: no terminal, no standard input; listening on a free port."""
    (tmp_path / "svc.py").write_text(SERVICE)
    env = {name: value for name, value in os.environ.items() if not name.startswith("TDB_")}
    env.update(PYTHONPATH=str(ROOT), PYTHONBREAKPOINT="tdb.set_trace", TDB_LISTEN="tcp:127.0.0.1:0",
               TDB_LOG=str(tmp_path / "tdb.log"))
    process = subprocess.Popen([sys.executable, "svc.py"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_tdb_connect_with_the_printed_command_drives_a_service(term: Tmux, soft: Soft,
                                                              service: subprocess.Popen[str]) -> None:
    assert service.stderr is not None
    line = service.stderr.readline().rstrip("\n")
    match = WAITING.search(line)
    assert match, line
    address, token = match[1], match[2]

    term.run(f"python -m tdb --connect {address} --token wrong-{token[:4]}")
    term.wait_for("tdb: initialize failed: refused: wrong token", 20)
    soft.check("wrong token" in service.stderr.readline(), "the service says it refused a client")

    term.run(f"TDB_TOKEN={token} python -m tdb --connect {address}")
    screen = term.wait_for(status_at("svc.py", 4), 20)
    soft.check("total: int = 40" in screen, "the variables pane shows the service's state", screen)
    term.send_keys("n")
    screen = term.wait_for(status_at("svc.py", 5), 10)
    soft.check("total: int = 42" in screen, "a step runs in the service", screen)
    term.send_keys("c")
    stdout, _ = service.communicate(timeout=15)
    soft.check(stdout == "served 42\n", f"the service ran on after the continue: {stdout!r}")
    term.wait_for_prompt(15)
    assert_terminal_sane(term, soft)
    soft.done()
