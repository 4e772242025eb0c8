from __future__ import annotations

import signal
import subprocess
import textwrap
from pathlib import Path
from typing import Callable, Iterator

import pytest

from harness.debuggee import ROOT, Debuggee


def pytest_configure(config: pytest.Config) -> None:
    # Started in the background by a script (`make test &`), the suite inherits SIGINT ignored,
    # and so would every program it starts: the tests that press Ctrl-C need it to be Python's.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                      _private_cache: Path) -> Path:
    """tdb's settings (theme, layout) and its remembered breakpoints and watches in fresh directories per test:
    never the developer's, never another test's. No pre-started interface either (tdb/prestart.py): one
    left by a test would serve the next. The interfaces' cache (parsed stylesheets) is the run's own."""
    monkeypatch.setenv("TDB_PRESTART", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(_private_cache))
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    return config


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented program into tmp_path and return its path."""

    def write_file(name: str, source: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"))
        return path

    return write_file


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Callable[..., Debuggee]]:
    """Start `python -m tdb SCRIPT ARGS` with the engine listening for the test's DAP client."""
    started: list[Debuggee] = []

    def start(*args: str, **kwargs) -> Debuggee:
        debuggee = Debuggee(["-m", "tdb", *args], tmp_path, **kwargs)
        started.append(debuggee)
        return debuggee

    yield start
    for debuggee in started:
        debuggee.close()


@pytest.fixture
def run_python(tmp_path: Path) -> Iterator[Callable[..., Debuggee]]:
    """Start `python SCRIPT` (for set_trace/breakpoint()), engine listening for the test's client."""
    started: list[Debuggee] = []

    def start(*args: str, **kwargs) -> Debuggee:
        debuggee = Debuggee([*args], tmp_path, **kwargs)
        started.append(debuggee)
        return debuggee

    yield start
    for debuggee in started:
        debuggee.close()


@pytest.fixture(scope="session")
def python314() -> str:
    """A 3.14 interpreter, assembled and cached by scripts/python314.sh. Never skipped: no 3.14 is a failure."""
    result = subprocess.run(["bash", str(ROOT / "scripts" / "python314.sh")], capture_output=True, text=True,
                            timeout=1200)
    if result.returncode != 0 or not result.stdout.strip():
        pytest.fail(f"no Python 3.14 could be assembled:\n{result.stderr[-2000:]}")
    return result.stdout.strip().splitlines()[-1]
