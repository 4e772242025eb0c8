"""Handing the terminal between the interface and the program.

While the program runs, the terminal is the program's: the interface leaves
application mode (alternate screen, raw input) and stops reading keys. At
the next stop it takes the screen back.

No key is lost or goes to the wrong side as the terminal changes hands: keys
typed while the program runs are the program's, keys typed at a stop the
interface's. Keys the interface read after the one that handed the terminal
over, and keys typed while the program ran that it had not read when it
stopped, are given back to the terminal, in order, when the program's turn
comes (terminal_driver.py).
"""

from __future__ import annotations

import os
import select
import termios
import threading
import tty
from typing import Any

from textual.app import App, SuspendNotSupported

from . import terminal_driver

# Save the cursor, so that a hint written on the program's screen can be wiped
# without disturbing what the program wrote there.
SAVE_CURSOR, RESTORE_AND_CLEAR = b"\x1b7", b"\x1b8\x1b[J"


class TerminalHandoff:
    def __init__(self, app: App, *, enabled: bool = True) -> None:
        self._app = app
        self.enabled = enabled  # False when the program's terminal is another one (tdb --connect)
        self._suspended: Any = None  # App.suspend()'s context, held open while the program has the terminal
        self._stop_asking = threading.Event()
        self._typed_ahead = ""  # typed while the program ran, unread by it when it stopped: still its own
        self._can_give_back = terminal_driver.can_give_back()

    @property
    def released(self) -> bool:
        return self._suspended is not None

    def release(self) -> None:
        """The program's turn: the interface leaves the screen and stops reading keys."""
        if not self.enabled or self.released:
            return
        driver = getattr(self._app, "_driver", None)
        keeping = self._can_give_back and isinstance(driver, terminal_driver.HandoffDriver)
        typed: list[str] = []
        if keeping:
            driver.diverted = typed  # keys read from now on: the program's
            typed.extend(self._queued_keys())  # and those read since the key that handed over
        suspended = self._app.suspend()  # (entered here, left in take(): the program runs in between)
        try:
            suspended.__enter__()
        except (SuspendNotSupported, RuntimeError):  # no terminal to hand over (a headless run)
            if keeping:
                self._give_back("", "".join(typed))  # (still the program's keys)
            return
        finally:
            if keeping:
                driver.diverted = None
        self._suspended = suspended
        if keeping:
            # Keys read after the one that handed the terminal over, then what waits in the terminal,
            # go back in the order typed, before the program runs. (One the app had queued already is
            # given back as it comes up: intercept().)
            self._give_back(self._typed_ahead, "".join(typed), always=True)
            self._typed_ahead = ""

    def _queued_keys(self) -> list[str]:
        """Take the keys out of the app's queue (read after the one being handled, which hands the
        terminal over), as text; the other messages stay, in order."""
        queue = getattr(self._app, "_message_queue", None)
        if queue is None:
            return []
        keys: list[str] = []
        others = []
        while not queue.empty():
            message = queue.get_nowait()
            text = terminal_driver.typed_text(message)
            if text is None:
                others.append(message)
            else:
                keys.append(text)
        for message in others:
            queue.put_nowait(message)
        return keys

    def intercept(self, text: str) -> bool:
        """A key the app is about to handle while the program has the terminal: given back; True if taken."""
        if not self.released or not self._can_give_back:
            return False
        if text:
            self._give_back("", text)
        return True

    def _give_back(self, echoed: str, read_by_us: str, *, always: bool = False) -> None:
        """Into the terminal's input, ahead of what was typed after them (read out, put back behind):
        `echoed` was typed while the program ran (the terminal echoed it), `read_by_us` was not.
        `always`: even with nothing to give, read out what waits, to drop the terminal's late replies."""
        if not echoed and not read_by_us and not always:
            return
        with _terminal() as fd:
            if fd is not None:
                later = terminal_driver.take_pending(fd)
                terminal_driver.give_back(fd, terminal_driver.without_replies(echoed), echo=False)
                terminal_driver.give_back(fd, terminal_driver.without_replies(read_by_us + later))

    def take(self) -> None:
        """The interface's turn: it takes the screen back and draws it whole."""
        suspended, self._suspended = self._suspended, None
        if suspended is None:
            return
        if self._can_give_back:
            with _terminal() as fd:
                if fd is not None:  # typed while the program ran: kept for it, not read as our keys
                    self._typed_ahead += terminal_driver.take_pending(fd)
        suspended.__exit__(None, None, None)
        self._app.refresh(layout=True, repaint=True)

    def ask_on_program_screen(self, hint: str) -> str:
        """Blocking (run it in a thread worker): show the program's screen with a hint, return the key pressed.

        The hint is wiped again; the screen stays the program's until the caller takes it back.
        Returns "" if stop_asking() was called first (the app is leaving).
        """
        self._stop_asking.clear()
        self._app.call_from_thread(self.release)
        fd = open_terminal(os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(fd, SAVE_CURSOR + f"\r\n[tdb] {hint} ".encode())
            saved = termios.tcgetattr(fd)
            try:
                tty.setcbreak(fd, termios.TCSANOW)  # (the default, TCSAFLUSH, would drop a key typed already)
                key = ""
                while not key and not self._stop_asking.is_set():
                    if select.select([fd], [], [], 0.05)[0]:
                        key = terminal_driver.without_replies(os.read(fd, 64).decode(errors="replace"))
                if len(key) > 1 and self._can_give_back:  # typed after the key: for whoever reads next
                    terminal_driver.give_back(fd, key[1:])
                key = key[:1]
            finally:
                termios.tcsetattr(fd, termios.TCSANOW, saved)
                os.write(fd, RESTORE_AND_CLEAR)
        finally:
            os.close(fd)
        return key

    def stop_asking(self) -> None:
        self._stop_asking.set()


def open_terminal(flags: int) -> int:
    """The terminal, opened anew: the controlling one, else the one on stdin (an interface the pre-started
    server forked has it there, not as its controlling terminal: tdb/prestart.py). Raises OSError."""
    try:
        return os.open("/dev/tty", flags)
    except OSError:
        return os.open(os.ttyname(0), flags)


class _terminal:
    """`with _terminal() as fd:` the controlling terminal, or None without one."""

    def __enter__(self) -> int | None:
        try:
            self._fd: int | None = open_terminal(os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError:
            self._fd = None
        return self._fd

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            os.close(self._fd)


def say_on_terminal(message: str) -> None:
    """A last word after the interface has left the screen (the program died under us)."""
    try:
        fd = open_terminal(os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return
    try:
        os.write(fd, f"\r\n{message}\r\n".encode())
    except OSError:
        pass
    finally:
        os.close(fd)
