"""What a handover does with the keys the interface read and has not acted on (tdb/ui/handoff.py).

The whole path is driven in a real terminal by tests/e2e/test_handover.py; these are the parts that
a real terminal reaches only now and then: a key on its way into the app's queue at the very moment
the terminal changes hands.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
import tty
from typing import Any

import pytest
from textual import events
from textual.app import App

from tdb.ui import terminal_driver
from tdb.ui.handoff import TerminalHandoff
from tdb.ui.terminal_driver import HandoffDriver


class _KeysApp(App):
    """An app that records the keys it acts on, and lets its handoff take the ones it must (as TdbApp)."""

    def __init__(self) -> None:
        super().__init__()
        self.handoff = TerminalHandoff(self)
        self.acted_on: list[str] = []

    async def on_event(self, event: events.Event) -> None:
        if self.handoff.intercept(event):
            return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        self.acted_on.append(event.key)


async def test_a_key_waiting_in_the_apps_queue_at_a_handover_is_given_and_left_where_it_is():
    """The app's loop is woken for the key when the handover looks: taking it out of the queue would
    leave the loop to take from an empty one (it crashed the interface, as `n` and an answer were typed)."""
    app = _KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.post_message(events.Key("x", "x"))
        given = app.handoff._keys_not_acted_on([], [])
        assert [key.key for key in given] == ["x"]
        await asyncio.sleep(0.05)  # (the loop takes its next message: nothing else posted meanwhile)
        app.post_message(events.Key("y", "y"))
        await pilot.pause()
        assert app.return_code is None  # still running
        assert app.acted_on == ["y"]  # x was the program's: dropped when it came up


class _Posted:
    """Stands in for the app the driver posts to."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    def post_message(self, message: Any) -> bool:  # (called on the driver's input thread: the app's is thread-safe)
        self.messages.append(message)
        return True


async def test_every_key_the_driver_reads_is_either_posted_and_unhandled_or_diverted_never_neither():
    """The input thread reads keys while the app's thread begins a handover (divert())."""
    app = _Posted()
    driver = HandoffDriver(app, debug=False, mouse=False)  # type: ignore[arg-type]
    driver.process_message(events.Key("a", "a"))
    diverted, unhandled = driver.divert()
    assert [key.key for key in unhandled] == ["a"]
    driver.process_message(events.Key("b", "b"))
    await asyncio.sleep(0.01)
    assert diverted == ["b"] and [message.key for message in app.messages] == ["a"]

    driver.diverted = None
    keys = [events.Key(character, character) for character in "0123456789" * 50]
    reader = threading.Thread(target=lambda: [driver.process_message(key) for key in keys])
    reader.start()
    diverted, unhandled = driver.divert()
    reader.join()
    await asyncio.sleep(0.05)
    assert app.messages[1:] == unhandled  # posted before the handover: all of them not yet at the app
    assert [key.character for key in unhandled] + diverted == [key.character for key in keys]  # in order


def test_a_key_typed_while_keys_are_given_back_goes_in_behind_them(monkeypatch):
    """Enter typed just after an answer, as the handover puts the answer back: between reading out what
    waits and putting the keys back, the terminal takes it ahead of them (the program read an empty line,
    and the answer went to the interface)."""
    if not terminal_driver.can_give_back():
        pytest.fail("TIOCSTI is not allowed here (/proc/sys/dev/tty/legacy_tiocsti, or not root): "
                    "the handover cannot give keys back, and this cannot be tested")
    master, slave = os.openpty()
    try:
        tty.setraw(slave)
        real_take = terminal_driver.take_pending
        typed = []

        def take_then_enter(fd: int) -> str:
            waiting = real_take(fd)
            if not typed:
                typed.append(os.write(master, b"\r"))  # the user's Enter, in the window
                time.sleep(0.05)  # (a pty passes it on to the terminal's input a moment later)
            return waiting

        monkeypatch.setattr(terminal_driver, "take_pending", take_then_enter)
        os.write(master, b"x")  # typed after the keys given back: behind them too
        time.sleep(0.05)
        assert terminal_driver.give_back_ahead(slave, "", "bob0") == "x"
        time.sleep(0.05)
        assert real_take(slave) == "bob0x\r"
    finally:
        os.close(master)
        os.close(slave)
