"""The key lane (tdb/ui/key_lane.py): a step key's request sent by the input thread, at a stop.

The lane itself, the driver's use of it, the client's write from another thread, and a step sent the
lane's way through the real interface and a real engine. tests/e2e/test_stepping.py steps at a real
terminal, where every `n` takes the lane.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

import pytest
from textual import events

from tdb.dap.framing import FrameDecoder, encode
from tdb.ui import key_lane
from tdb.ui.core.client import DapClient
from tdb.ui.core.handshake import Handshake
from tdb.ui.key_lane import KeyLane
from tdb.ui.terminal_driver import HandoffDriver
from tdb.ui.widgets.command_line import CommandLine
from tdb.ui.widgets.source import SourceView

SIZE = (120, 40)
PROGRAM = "a = 1\nb = 2\nc = 3\nd = 4\nprint(a + b + c + d)\n"


def test_a_key_the_lane_is_armed_for_sends_its_step_once_and_any_key_disarms_it():
    sent: list[str] = []
    lane = KeyLane()
    lane.arm({"n": lambda: sent.append("next") or True})
    assert lane.take("n") is True and sent == ["next"]
    assert lane.take("n") is False and sent == ["next"]  # (disarmed by the first)
    lane.arm({"n": lambda: sent.append("next") or True})
    assert lane.take("x") is False
    assert lane.take("n") is False and sent == ["next"]  # (disarmed by the x)
    lane.arm({"n": lambda: False})  # (the stop armed for is gone: nothing sent)
    assert lane.take("n") is False


class _Posted:
    """Stands in for the app the driver posts to."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    def post_message(self, message: Any) -> bool:
        self.messages.append(message)
        return True


async def test_the_driver_posts_a_key_whose_step_the_lane_sent_nowhere_and_disarms_it_for_any_other_input():
    app = _Posted()
    driver = HandoffDriver(app, debug=False, mouse=False)  # type: ignore[arg-type]
    sent: list[str] = []
    step = {"n": lambda: sent.append("n") or True}

    driver.lane.arm(step)
    driver.process_message(events.Key("n", "n"))
    await asyncio.sleep(0.01)
    assert sent == ["n"] and app.messages == [] and not driver._unhandled

    driver.lane.arm(step)
    driver.process_message(events.Paste("n"))  # (a paste, a click: the next key may mean something else)
    driver.process_message(events.Key("n", "n"))
    await asyncio.sleep(0.01)
    assert sent == ["n"] and [type(message) for message in app.messages] == [events.Paste, events.Key]

    app.messages.clear()
    driver.lane.arm(step)  # (with the paste and the n still on their way to the app)
    driver.process_message(events.Key("n", "n"))
    await asyncio.sleep(0.01)
    assert sent == ["n"] and [message.key for message in app.messages] == ["n"]


async def test_a_request_written_from_another_thread_comes_whole_and_in_order_after_the_loops_own():
    ours, theirs = socket.socketpair()
    client = DapClient(lambda event, body: None, lambda reason: None)
    await client.connect(ours, Handshake(capabilities={}, next_seq=10, decoder=FrameDecoder()))
    loop = asyncio.get_running_loop()
    announced: list[Any] = []  # (the answers' awaitables: never answered here)

    def from_thread() -> None:
        assert client.send_from_thread(loop, "next", {"threadId": 1}, announced.append)

    announced.append(client.send("threads"))  # (a write of the loop's own, before)
    thread = threading.Thread(target=from_thread)
    thread.start()
    thread.join()
    assert len(announced) == 2  # (the answer's awaitable: given to the loop before the request is written)

    # The loop has a write handed to it still to make: the thread's goes after it.
    client._handed_to_loop += 1
    loop.call_soon(client._write_handed, encode({"seq": 99, "type": "request", "command": "pause"}))
    thread = threading.Thread(target=from_thread)
    thread.start()
    thread.join()
    announced.append(client.send("scopes"))
    await asyncio.sleep(0.05)
    theirs.setblocking(False)
    received = [message["command"] for message in FrameDecoder().feed(theirs.recv(65536))]
    assert received == ["threads", "next", "pause", "next", "scopes"]
    for answer in announced:
        answer.close()
    client._pending.clear()  # (nobody waits for these answers)
    client.close()
    theirs.close()


@pytest.fixture
def lines(ui_program, tmp_path):
    """The interface on PROGRAM, not yet running."""
    script = tmp_path / "lines.py"
    script.write_text(PROGRAM)
    return ui_program(str(script), cwd=tmp_path)


async def test_a_step_the_input_thread_sends_moves_the_program_as_the_key_would(lines):
    session = lines
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        screen, view = app.screen, app.query_one(SourceView)
        assert view.current_line == 1
        assert key_lane.step_keys(screen) == {"n": "next", "s": "stepIn", "r": "stepOut"}

        lane = KeyLane()
        key_lane.arm(screen, lane)
        shown = app.screens_shown
        taken = await asyncio.to_thread(lane.take, "n")  # (as the input thread reads it)
        assert taken
        await session.next_screen(pilot, shown)
        assert view.current_line == 2 and "after a step" in session.status()

        # Armed at a stop, then the command line has the focus: an n is its text, not a step.
        key_lane.arm(screen, lane)
        await pilot.press(":")
        assert isinstance(app.focused, CommandLine)
        assert not await asyncio.to_thread(lane.take, "n")
        await pilot.press("escape")

        # Armed at a stop the program has left since (by a key the other way): nothing sent.
        key_lane.arm(screen, lane)
        await session.press(pilot, "n")
        assert view.current_line == 3
        assert not await asyncio.to_thread(lane.take, "n")
        await pilot.pause(0.2)
        assert view.current_line == 3 and app.core.state == "stopped"


async def test_a_rebound_step_key_is_the_one_the_lane_sends(lines):
    session = lines
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        app.set_keymap({"next": "j"})
        keys = key_lane.step_keys(app.screen)
        assert keys.get("j") == "next" and "n" not in keys
