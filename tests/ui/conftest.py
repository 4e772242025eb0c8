from __future__ import annotations

from pathlib import Path

import pytest

from harness.ui_session import ROOT, UiSession, start_program, stop_program


@pytest.fixture
def ui_program(tmp_path: Path):
    """Start `python -m tdb ARGS` waiting for an interface; return the connected (not yet running) app."""
    sessions: list[UiSession] = []

    def start(*args: str, cwd: Path = ROOT) -> UiSession:
        session = start_program(args, str(tmp_path / f"ui{len(sessions)}.sock"), cwd)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        stop_program(session.program)
