"""A step key's request sent the moment the key is read, by the input thread.

A key read by Textual's input thread reaches the app's loop, the priority bindings and the screen's
action before the step's request goes out: 0.6-0.9 ms of a 5 ms step, in which the engine could have
been stepping. So at a stop, once the screen has shown it, the screen arms the lane (arm()): which keys
step, and how each step is sent. The input thread, reading one of those keys with no other input on
its way, sends the request itself (the client writes it from any thread) and hands the rest of the
move to the app's loop, queued before the request is written, so ahead of anything its answer brings:
the core's state, the keys held while the step is out. The key goes no further.

Only what the user typed changes what a key means (the focus, a screen, the frame), and any other input
disarms the lane before it is posted. What the app's thread changes on its own (a stop, the end of the
program, a screen pushed) is checked at the key: the stop, the screen and the focus armed for are still
the current ones.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from textual.widgets import Input

from .core.session import STOPPED

if TYPE_CHECKING:
    from .screens.main import DebuggerScreen

# A binding's action -> the step its key sends (actions.py).
STEP_ACTIONS = {"step('next')": "next", "step('stepIn')": "stepIn", "step('stepOut')": "stepOut"}


class KeyLane:
    """The input thread's way to send a step (one per driver)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._steps: dict[str, Callable[[], bool]] | None = None  # key -> send its step; True if sent

    def arm(self, steps: dict[str, Callable[[], bool]]) -> None:
        with self._lock:
            self._steps = steps or None

    def disarm(self) -> None:
        with self._lock:
            self._steps = None

    def take(self, key: str) -> bool:
        """On the input thread, a key read with no other input on its way: True if it sent its step (the
        key is then handled). Whether or not, the lane is disarmed: the next key takes the usual way."""
        with self._lock:
            steps, self._steps = self._steps, None
        send = steps.get(key) if steps is not None else None
        try:
            return send is not None and send()
        except Exception:  # (the app going away under the input thread: the key takes the usual way)
            return False


def arm(screen: DebuggerScreen, lane: KeyLane) -> None:
    """On the app's thread, at a stop the screen shows, nothing else under way: the step keys, armed."""
    core, app = screen.core, screen.app
    stop = core.stop
    if (core.state != STOPPED or stop is None or stop.frame is None or app.screen is not screen
            or isinstance(screen.focused, Input) or screen.interact is not None or not screen.handoff.idle):
        return
    keys = step_keys(screen)
    if not keys:
        return
    focused, arguments = screen.focused, core.step_arguments(stop)
    loop, context = asyncio.get_running_loop(), contextvars.copy_context()

    def send(command: str) -> bool:  # (on the input thread)
        if core.stop is not stop or core.state != STOPPED or app.screen is not screen or screen.focused is not focused:
            return False

        def announce(answer: Any) -> None:
            loop.call_soon_threadsafe(screen.stepped_from_lane, command, answer, context=context)

        return core.client.send_from_thread(loop, command, arguments, announce)

    lane.arm({key: partial(send, command) for key, command in keys.items()})


def step_keys(screen: DebuggerScreen) -> dict[str, str]:
    """The keys whose first priority binding, as the app tries them (App._check_bindings), is one of this
    screen's steps: key -> the step's DAP command."""
    keys: dict[str, str] = {}
    seen: set[str] = set()
    for namespace, bindings in reversed(screen._binding_chain):
        for key, key_bindings in bindings.key_to_bindings.items():
            for binding in key_bindings:
                if binding.priority and key not in seen:
                    seen.add(key)
                    command = STEP_ACTIONS.get(binding.action)
                    if command is not None and namespace is screen:
                        keys[key] = command
    return keys
