"""KeyOrder (tdb/ui/key_order.py): a step key waits for the keys typed before it that are on their way.

The whole path is driven in a real terminal by tests/e2e/test_handover.py (`nuddn` typed at once).
"""

from __future__ import annotations

import time

from textual import events

from tdb.ui.key_order import LOST_AFTER_SECONDS, KeyOrder


def _key(name: str) -> events.Key:
    return events.Key(name, name)


def test_a_step_key_waits_only_while_an_earlier_key_is_on_its_way():
    order = KeyOrder()
    assert not order.others_on_their_way()
    up = _key("u")
    order.went(up)
    assert order.others_on_their_way()
    step = _key("n")
    order.send_round(step)
    order.went(step)
    assert order.came_back(up) is False  # (u's own bindings run as usual)
    assert order.came_back(step) is True  # its step, in its turn
    assert not order.others_on_their_way()


def test_a_key_a_widget_kept_or_lost_on_the_way_holds_nothing_up(monkeypatch):
    order = KeyOrder()
    typed, lost = _key("x"), _key("y")
    order.went(typed)
    order.went(lost)
    typed.stop()  # an Input took it
    assert order.others_on_their_way()
    later = time.monotonic() + LOST_AFTER_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)  # (y never came back)
    assert not order.others_on_their_way()


def test_the_keys_on_their_way_at_a_handover_go_no_further():
    order = KeyOrder()
    kept, going = _key("x"), _key("b")
    order.went(kept)
    order.went(going)
    kept.stop()
    assert order.take_on_their_way() == [going]
    assert going._stop_propagation and going._no_default_action  # no widget handles it, none passes it on
    assert not order.others_on_their_way()
