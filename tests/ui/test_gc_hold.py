"""Garbage collection waits for the first screen, then comes back."""

from __future__ import annotations

import gc
from pathlib import Path

from tdb.ui import gc_hold

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")


def test_hold_and_release():
    assert gc.isenabled()
    gc_hold.hold()
    assert not gc.isenabled()
    gc_hold.hold()  # a second holder changes nothing
    gc_hold.release()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_release_freezes_the_start_in_the_interface_process():
    try:
        gc_hold.hold(freeze=True)
        gc_hold.release()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_release_without_hold_leaves_a_disabled_collector_alone():
    gc.disable()
    try:
        gc_hold.hold()
        gc_hold.release()
        assert not gc.isenabled()  # someone else turned it off: not ours to turn on
    finally:
        gc.enable()


async def test_the_app_collects_again_once_its_first_screen_is_up(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    assert not gc.isenabled()  # held from the app's construction
    async with app.run_test(size=(120, 40)) as pilot:
        await session.next_screen(pilot)
        await pilot.pause()
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


async def test_no_collection_while_a_step_is_out_until_its_stop_is_painted(ui_program, monkeypatch):
    from tdb.ui.screens import main

    session = ui_program(PRIMES, "20")
    app = session.app
    at_paint: list[bool] = []
    paint_now = main.paint_now

    def painting(screen, only=None):
        at_paint.append(gc.isenabled())
        return paint_now(screen, only)

    monkeypatch.setattr(main, "paint_now", painting)
    async with app.run_test(size=(120, 40)) as pilot:
        await session.next_screen(pilot)
        await pilot.pause()
        for _ in range(3):
            at_paint.clear()
            await session.press(pilot, "n")
            assert at_paint and not any(at_paint)  # (the stop's paint, and "stepping…"'s if any)
            assert gc.isenabled()  # (after it)
        await pilot.press(":", *"p 1/0", "enter")  # (not a step: the collector is left alone)
        await pilot.pause()
        assert gc.isenabled()
    assert gc.isenabled()


def test_pause_and_resume_leave_a_collector_someone_else_turned_off_alone():
    gc.disable()
    try:
        gc_hold.pause()
        gc_hold.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc_hold.pause()
    assert not gc.isenabled()
    gc_hold.resume()
    gc_hold.resume()  # (a second resume changes nothing)
    assert gc.isenabled()
