"""A logpoint on a hot line is held to LOG_RATE messages a second, evenly, each saying how many hits it stood for."""

from __future__ import annotations

from tdb.engine import session as session_module
from tdb.engine.session import LOG_RATE, RateLimit


def test_a_hot_key_is_admitted_once_a_gap_and_says_what_it_left_out(monkeypatch) -> None:
    now = [100.0]
    monkeypatch.setattr(session_module.time, "monotonic", lambda: now[0])
    limit = RateLimit(LOG_RATE)
    admitted = []
    for _ in range(10_000):  # 10,000 hits over one second
        said = limit.admit(("prog.py", 7))
        if said is not None:
            admitted.append(said)
        now[0] += 1.0 / 10_000
    assert len(admitted) == LOG_RATE
    assert admitted[0] == 0 and all(count > 0 for count in admitted[1:])
    assert sum(admitted) + len(admitted) == 10_000 - (10_000 // LOG_RATE - 1)  # (the last gap's are still unsaid)


def test_keys_are_held_apart_and_a_slow_key_is_never_held(monkeypatch) -> None:
    now = [0.0]
    monkeypatch.setattr(session_module.time, "monotonic", lambda: now[0])
    limit = RateLimit(LOG_RATE)
    assert limit.admit("a") == 0 and limit.admit("b") == 0
    assert limit.admit("a") is None
    for _ in range(5):
        now[0] += 1.0
        assert limit.admit("b") == 0
