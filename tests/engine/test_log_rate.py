"""A logpoint on a hot line is held to LOG_RATE messages a second (after a first burst of as many), evenly,
each saying how many hits it stood for."""

from __future__ import annotations

from tdb.engine import session as session_module
from tdb.engine.session import LOG_RATE, RateLimit


def test_a_hot_key_is_admitted_once_a_gap_and_says_what_it_left_out(monkeypatch) -> None:
    now = [100.0]
    monkeypatch.setattr(session_module.time, "monotonic", lambda: now[0])
    limit = RateLimit(LOG_RATE)
    admitted = []
    for _ in range(20_000):  # 10,000 hits a second, for two seconds
        said = limit.admit(("prog.py", 7))
        if said is not None:
            admitted.append(said)
        now[0] += 1.0 / 10_000
    burst, steady = admitted[:LOG_RATE], admitted[LOG_RATE:]
    assert burst == [0] * LOG_RATE  # the first hits, as they come
    assert 2 * LOG_RATE - 2 <= len(steady) <= 2 * LOG_RATE + 1  # then LOG_RATE a second
    assert all(count > 0 for count in steady) and max(steady[1:]) - min(steady[1:]) <= 2  # evenly


def test_keys_are_held_apart_and_a_slow_key_is_never_held(monkeypatch) -> None:
    now = [0.0]
    monkeypatch.setattr(session_module.time, "monotonic", lambda: now[0])
    limit = RateLimit(LOG_RATE)
    assert limit.admit("a") == 0 and limit.admit("b") == 0
    for _ in range(LOG_RATE - 1):
        assert limit.admit("a") == 0
    assert limit.admit("a") is None  # (a's burst is spent; b's is not)
    for _ in range(5):
        now[0] += 1.0
        assert limit.admit("b") == 0
