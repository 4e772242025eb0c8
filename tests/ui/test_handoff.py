"""What a handover does with the keys the interface read and has not acted on (tdb/ui/handoff.py).

The whole path is driven in a real terminal by tests/e2e/test_handover.py; these are the parts that
a real terminal reaches only now and then: a key on its way into the app's queue at the very moment
the terminal changes hands.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from textual import events
from textual.app import App

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

    async def _post_message(self, message: Any) -> None:
        self.messages.append(message)


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
