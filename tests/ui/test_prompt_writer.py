"""The writer that can write at once (tdb/ui/prompt_writer.py) keeps the order of everything written."""

from __future__ import annotations

import threading
import time

from tdb.ui.prompt_writer import PromptWriter


class SlowFile:
    """A terminal that takes its time over each write, and notes which thread wrote what."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.written: list[tuple[str, str]] = []
        self.flushes = 0

    def write(self, text: str) -> int:
        time.sleep(self.delay)
        self.written.append((text, threading.current_thread().name))
        return len(text)

    def flush(self) -> None:
        self.flushes += 1

    def fileno(self) -> int:
        return 1


def test_a_write_at_once_goes_out_on_the_callers_thread_when_nothing_waits():
    file = SlowFile()
    writer = PromptWriter(file)
    writer.start()
    try:
        writer.write("queued")
        deadline = time.monotonic() + 5
        while len(file.written) < 1 and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(0.01)  # (the thread is back waiting on its queue)
        writer.write_now("at once")
        assert file.written[-1] == ("at once", threading.current_thread().name)
        assert file.written[0] == ("queued", "textual-output")
    finally:
        writer.stop()


def test_a_write_at_once_waits_its_turn_behind_queued_writes():
    file = SlowFile(delay=0.02)
    writer = PromptWriter(file)
    writer.start()
    try:
        for index in range(5):
            writer.write(f"q{index}")
        writer.write_now("now")
        writer.write("after")
    finally:
        writer.stop()
    assert [text for text, _ in file.written] == ["q0", "q1", "q2", "q3", "q4", "now", "after"]


def test_writes_from_two_threads_keep_each_threads_order():
    file = SlowFile(delay=0.0005)
    writer = PromptWriter(file)
    writer.start()

    def queue_some() -> None:
        for index in range(50):
            writer.write(f"t{index}")

    other = threading.Thread(target=queue_some)
    other.start()
    for index in range(50):
        writer.write_now(f"m{index}")
    other.join()
    writer.stop()
    texts = [text for text, _ in file.written]
    assert sorted(texts) == sorted([f"t{i}" for i in range(50)] + [f"m{i}" for i in range(50)])
    for prefix in "tm":
        mine = [int(text[1:]) for text in texts if text[0] == prefix]
        assert mine == sorted(mine), f"{prefix} writes out of order"


def test_a_terminal_gone_does_not_raise_into_the_app():
    class GoneFile(SlowFile):
        def write(self, text: str) -> int:
            raise OSError(5, "Input/output error")

    writer = PromptWriter(GoneFile())
    writer.start()
    try:
        writer.write_now("a stop's paint")  # (no exception: the app goes on to hear of the hang-up)
    finally:
        writer._queue.put(None)
        writer.join(timeout=5)


async def test_the_driver_writes_nothing_and_never_waits_while_its_writer_is_stopped():
    """Textual stops the writer thread when the terminal is handed over (App.suspend): what was written
    then waited in the stopped writer's queue of 30, and the 31st write waited forever."""
    from tdb.ui.terminal_driver import HandoffDriver

    file = SlowFile()
    driver = HandoffDriver(object(), debug=False, mouse=False)  # type: ignore[arg-type]
    driver._writer_thread = writer = PromptWriter(file)
    writer.start()
    driver.write("before")
    writer.stop()  # (as Textual's suspend_application_mode does)
    done = threading.Event()

    def write_a_lot() -> None:
        for index in range(40):
            driver.write(f"w{index}")
            driver.write_at_once(f"n{index}")
        done.set()

    threading.Thread(target=write_a_lot, daemon=True).start()
    assert done.wait(5), "a write waited for a stopped writer"
    assert [text for text, _ in file.written] == ["before"]
