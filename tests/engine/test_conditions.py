"""Breakpoint conditions and logpoint messages: compiled once per breakpoint, never per hit."""

from __future__ import annotations

import bdb
import sys

import pytest

from tdb.engine import breakpoints


@pytest.fixture
def made_breakpoints():
    made: list = []
    yield made
    for bp in made:
        if bp.number < len(bp.bpbynumber) and bp.bpbynumber[bp.number] is bp:
            bp.deleteMe()


def test_conditions_are_compiled_once_not_at_each_hit(made_breakpoints, monkeypatch):
    bp = breakpoints.Breakpoint("/nowhere/prog.py", 3, cond="value > 1")
    made_breakpoints.append(bp)

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled at a hit")

    monkeypatch.setattr("builtins.compile", no_compiling)

    def frame_of(value):  # a frame with `value` in its locals
        return sys._getframe()

    assert breakpoints.effective(bp.file, 3, frame_of(1), 3) is None
    hit = breakpoints.effective(bp.file, 3, frame_of(2), 3)
    assert hit is not None and hit.breakpoint is bp and hit.error is None
    assert bp.hits == 2
    monkeypatch.undo()
    bp.cond = "value < 0"  # as pdb's `condition` does: compiled again, once
    assert breakpoints.effective(bp.file, 3, frame_of(2), 3) is None


def test_a_plain_bdb_breakpoint_condition_is_compiled_once_too(made_breakpoints, monkeypatch):
    bp = bdb.Breakpoint("/nowhere/prog.py", 4, cond="value == 2")
    made_breakpoints.append(bp)
    compiled = []
    real_compile = compile
    monkeypatch.setattr("builtins.compile", lambda *a, **k: compiled.append(a[0]) or real_compile(*a, **k))

    def frame_of(value):
        return sys._getframe()

    hits = [breakpoints.effective(bp.file, 4, frame_of(v), 4) for v in (1, 2, 3, 2)]
    assert [hit is not None for hit in hits] == [False, True, False, True]
    assert compiled == ["value == 2"]


def test_a_condition_that_does_not_compile_stops_with_its_error(made_breakpoints):
    bp = breakpoints.Breakpoint("/nowhere/prog.py", 5, cond="value >")
    made_breakpoints.append(bp)
    hit = breakpoints.effective(bp.file, 5, sys._getframe(), 5)
    assert hit is not None and not hit.delete_temporary and "SyntaxError" in hit.describe()


def test_a_logpoint_message_is_compiled_once_and_never_stops(made_breakpoints, monkeypatch):
    bp = breakpoints.Breakpoint("/nowhere/prog.py", 6, log_message="value is {value!r}, {{braces}} {d['k']}")
    made_breakpoints.append(bp)
    monkeypatch.setattr("builtins.compile", lambda *a, **k: pytest.fail("compiled at a hit"))
    logged: list[str] = []

    def frame_of(value, d):
        return sys._getframe()

    for value in ("a", "b"):
        frame = frame_of(value, {"k": 1})
        assert breakpoints.effective(bp.file, 6, frame, 6, lambda _, text: logged.append(text)) is None
    assert logged == ["value is 'a', {braces} 1", "value is 'b', {braces} 1"]
    assert bp.hits == 2
