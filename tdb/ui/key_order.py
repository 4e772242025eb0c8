"""Keys handled in the order typed, though n s r c are taken early.

Textual gives a key to the app's priority bindings as it comes; a key none of
them takes goes to the focused widget, which passes it up through its parents
back to the app, where the other bindings are tried, unless a widget keeps it
(an Input keeps what is typed into it). The step keys are bound at priority
(half a millisecond of a step sooner), so `n` typed right after `u` would
overtake it and step before the frame moved. While keys typed before it are
still on that way, a step key is sent round the same way (send_round) and its
action runs when it comes back to the app: in its turn.
"""

from __future__ import annotations

import time
from contextvars import ContextVar

from textual import events

# The key the app is handling (TdbApp.on_event sets it): an action learns whether a key asked for it (not a
# typed command or the palette), and whether on the key's first pass (the priority bindings) or its way back.
key_in_hand: ContextVar[events.Key | None] = ContextVar("key_in_hand", default=None)

# A key on its way longer than this was lost on it (its widget went away): it holds nothing up any more.
LOST_AFTER_SECONDS = 2.0


class KeyOrder:
    """The app's keys on their way through the widgets (one KeyOrder per app)."""

    def __init__(self) -> None:
        self._on_their_way: list[tuple[events.Key, float]] = []  # each with when it went
        self._sent_round: list[events.Key] = []

    def went(self, key: events.Key) -> None:
        """No priority binding took the key: it went to the focused widget."""
        self._on_their_way.append((key, time.monotonic()))

    def came_back(self, key: events.Key) -> bool:
        """The key is back at the app; True if it is a step key sent round, whose action runs now."""
        self._on_their_way = [(other, went) for other, went in self._on_their_way if other is not key]
        sent = any(other is key for other in self._sent_round)
        if sent:
            self._sent_round = [other for other in self._sent_round if other is not key]
        return sent

    def others_on_their_way(self) -> bool:
        """Whether keys typed earlier are still on their way."""
        self._forget_arrived()
        return bool(self._on_their_way)

    def take_on_their_way(self) -> list[events.Key]:
        """The keys on their way, which go no further (the terminal goes to the program with them)."""
        self._forget_arrived()
        taken = [key for key, _went in self._on_their_way]
        self._on_their_way, self._sent_round = [], []
        for key in taken:
            key.prevent_default()
            key.stop()
        return taken

    def _forget_arrived(self) -> None:
        """A key a widget kept (it stopped it: an Input, typed into) has arrived; one lost on the way too."""
        now = time.monotonic()
        self._on_their_way = [(key, went) for key, went in self._on_their_way
                              if not key._stop_propagation and now - went < LOST_AFTER_SECONDS]
        on_their_way = [key for key, _went in self._on_their_way]
        self._sent_round = [key for key in self._sent_round if any(key is other for other in on_their_way)]

    def send_round(self, key: events.Key) -> None:
        """The step key goes the way of the keys before it (its action raises SkipAction next)."""
        self._sent_round.append(key)
