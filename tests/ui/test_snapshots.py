"""Pictures of whole screens: compare with `pytest --snapshot-update` only after reading the report."""

from __future__ import annotations

import pytest

from harness import scenarios


@pytest.fixture(autouse=True)
def _run_from_the_project_root(monkeypatch):
    # Paths are shown relative to the working directory; the pictures must not depend on the clone's place.
    monkeypatch.chdir(scenarios.ROOT)


def test_main_screen(snap_compare, ui_program):
    session = ui_program("examples/primes.py", "20")
    assert snap_compare(session.app, terminal_size=scenarios.SIZE,
                        run_before=lambda pilot: scenarios.main_screen(session, pilot))


def test_post_mortem(snap_compare, ui_program, monkeypatch):
    # The traceback names the file by its absolute path, so it must be the same on every machine.
    place = scenarios.fixed_place()
    monkeypatch.chdir(place)
    session = ui_program("crash.py", cwd=place)
    assert snap_compare(session.app, terminal_size=scenarios.SIZE,
                        run_before=lambda pilot: scenarios.post_mortem(session, pilot))


def test_help_screen(snap_compare, ui_program):
    session = ui_program("examples/primes.py", "20")
    assert snap_compare(session.app, terminal_size=scenarios.SIZE,
                        run_before=lambda pilot: scenarios.help_screen(session, pilot))
