"""tdb's interface driving another DAP server: debugpy, as editors run it, in a real terminal."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from harness.tmux import Tmux

from .conftest import Soft, wait_for_exit
from .tdb_screen import status_at
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

SERVICE = """\
import time

def add(a, b):
    total = a + b
    return total

def main():
    for i in range(100000):
        x = add(i, 2)
        time.sleep(0.05)

main()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def debugpy_service(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`python -m debugpy --listen PORT --wait-for-client svc.py`, listening; killed at the end."""
    (tmp_path / "svc.py").write_text(SERVICE)
    port = free_port()
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    process = subprocess.Popen([sys.executable, "-Xfrozen_modules=off", "-m", "debugpy", "--listen",
                                f"127.0.0.1:{port}", "--wait-for-client", "svc.py"],
                               cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(5)


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    # (connecting to find out would be debugpy's one client: read the kernel's table of listening sockets)
    import time

    deadline = time.monotonic() + 20
    wanted = f":{port:04X} "
    while time.monotonic() < deadline and process.poll() is None:
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            lines = Path(table).read_text().splitlines()[1:] if Path(table).exists() else []
            if any(wanted in line and line.split()[3] == "0A" for line in lines):  # 0A: LISTEN
                return
        time.sleep(0.1)
    raise AssertionError("debugpy did not start listening")


def test_tdb_drives_debugpy(term: Tmux, soft: Soft, debugpy_service: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, service = debugpy_service
    term.run(f"python -m tdb --connect tcp:127.0.0.1:{port}")
    paused = re.compile(r"^ svc\.py:\d+\s+in \S+ — paused", re.M)
    no_frame = re.compile(r"^ thread MainThread — paused where the debugger shows no frame \(s: ", re.M)
    term.wait_for("Connected to a DAP server other than tdb's engine", 20)
    # The program runs; or debugpy says it paused as it started (seen in CI, rarely): the stop is then
    # shown once its stack is read, and the status line says "starting…" until then.
    screen = term.wait_until(lambda text: " running…" in text or bool(paused.search(text) or no_frame.search(text)),
                             15, "the status line to say what the program does")
    soft.check(" starting…" not in screen, "the program runs after the connection, or its pause is shown", screen)

    term.send_keys("C-c")  # break in: DAP pause
    screen = term.wait_until(lambda text: bool(paused.search(text) or no_frame.search(text)), 15,
                             "the pause to be shown")
    if no_frame.search(screen):
        # A pause that came while the program was still starting: debugpy stops in its own or the
        # library's code and shows no frame of it (stackTrace is empty). Said so; s goes on to the
        # program's next line, as the status line says.
        term.send_keys("s")
        term.wait_for(re.compile(r"^ svc\.py:\d+\s+in \S+ — ", re.M), 15)

    term.send_keys(":")
    term.type("b 4")
    term.send_keys("Enter", "Escape")
    term.send_keys("c")
    screen = term.wait_for(status_at("svc.py", 4, "add"), 10)
    soft.check("●   4" in screen, "the breakpoint shows in the gutter", screen)
    soft.check("a: int = " in screen and "b: int = 2" in screen, "the variables pane shows add's arguments", screen)
    soft.check(" main  svc.py:9" in screen, "the stack shows the caller", screen)

    term.send_keys("n")
    term.wait_for(status_at("svc.py", 5, "add"), 10)
    term.send_keys("r")  # DAP stepOut: debugpy stops in the caller
    term.wait_for(status_at("svc.py", 9, "main"), 10)

    term.send_keys(":")
    term.type("p [i * 0 + 42][0]")
    term.send_keys("Enter")
    soft.wait(term, re.compile(r"^│42\s", re.M), "p evaluates in the program")
    term.type("until")
    term.send_keys("Enter")
    soft.wait(term, "until: not offered by this debugger", "until, which debugpy lacks, says so in one line")
    term.send_keys("Escape")

    term.send_keys("q")  # ends the program, as pdb's q
    term.wait_for_prompt(15)
    wait_for_exit(service.pid, 15)
    assert_terminal_sane(term, soft)
    soft.done()
