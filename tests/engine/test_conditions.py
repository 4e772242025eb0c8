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
        assert breakpoints.effective(bp.file, 6, frame, 6, lambda _, text, frame: logged.append(text)) is None
    assert logged == ["value is 'a', {braces} 1", "value is 'b', {braces} 1"]
    assert bp.hits == 2


def _state(bp) -> tuple:
    return bp.hits, bp.ignore, bp.enabled


@pytest.mark.parametrize("change", ["none", "disabled", "ignore", "new condition", "raises", "no condition", "logpoint"])
def test_a_lines_checker_decides_as_effective_among_whatever_the_breakpoint_becomes(made_breakpoints, change):
    """checker_for() is effective_among() made once for a line: same hits, ignore counts and verdicts."""
    extra = {"log_message": "value is {value}"} if change == "logpoint" else {}  # (fixed when made)
    fast = breakpoints.Breakpoint("/nowhere/fast.py", 3, cond="value > 1", **extra)
    slow = breakpoints.Breakpoint("/nowhere/slow.py", 3, cond="value > 1", **extra)
    made_breakpoints.extend([fast, slow])
    logged: list = []
    check = breakpoints.checker_for((fast,), lambda bp, text, frame: logged.append(text))
    for bp in (fast, slow):  # the change comes after the checker was made, as pdb's commands do
        if change == "disabled":
            bp.enabled = False
        elif change == "ignore":
            bp.ignore = 2
        elif change == "new condition":
            bp.cond = "value == 1"
        elif change == "raises":
            bp.cond = "1 / (value - 1)"
        elif change == "no condition":
            bp.cond = None

    def frame_of(value):
        return sys._getframe()

    for value in (0, 1, 2, 3, 1):
        fast_hit = check(frame_of(value), 3)
        slow_hit = breakpoints.effective_among((slow,), frame_of(value), 3, lambda bp, text, frame: logged.append(text))
        assert (fast_hit is None) == (slow_hit is None), (change, value)
        if fast_hit is not None:
            assert (fast_hit.breakpoint, fast_hit.delete_temporary, fast_hit.error) == \
                (fast, slow_hit.delete_temporary, slow_hit.error)
        assert _state(fast) == _state(slow), (change, value)
    if change == "logpoint":
        assert logged[0::2] == logged[1::2] and logged  # both logged, the same texts


def test_a_lines_checker_counts_hits_and_stops_when_its_condition_turns_true(made_breakpoints):
    bp = breakpoints.Breakpoint("/nowhere/prog.py", 3, cond="value > 1")
    made_breakpoints.append(bp)
    check = breakpoints.checker_for((bp,))

    def frame_of(value):
        return sys._getframe()

    assert [check(frame_of(v), 3) is None for v in (0, 1, 2)] == [True, True, False]
    assert check(frame_of(5), 3).breakpoint is bp
    assert check(frame_of(0), 4) is None  # another line: not this breakpoint's
    assert bp.hits == 4
