"""Handing the terminal between the interface and the program.

While the program runs, the terminal is the program's: the interface leaves
application mode (alternate screen, raw input) and stops reading keys. At
the next stop it takes the screen back.
"""

from __future__ import annotations

import os
import select
import termios
import threading
import tty
from typing import Any

from textual.app import App, SuspendNotSupported

# Save the cursor, so that a hint written on the program's screen can be wiped
# without disturbing what the program wrote there.
SAVE_CURSOR, RESTORE_AND_CLEAR = b"\x1b7", b"\x1b8\x1b[J"


class TerminalHandoff:
    def __init__(self, app: App, *, enabled: bool = True) -> None:
        self._app = app
        self.enabled = enabled  # False when the program's terminal is another one (tdb --connect)
        self._suspended: Any = None  # App.suspend()'s context, held open while the program has the terminal
        self._stop_asking = threading.Event()

    @property
    def released(self) -> bool:
        return self._suspended is not None

    def release(self) -> None:
        """The program's turn: the interface leaves the screen and stops reading keys."""
        if not self.enabled or self.released:
            return
        suspended = self._app.suspend()  # (entered here, left in take(): the program runs in between)
        try:
            suspended.__enter__()
        except (SuspendNotSupported, RuntimeError):  # no terminal to hand over (a headless run)
            return
        self._suspended = suspended

    def take(self) -> None:
        """The interface's turn: it takes the screen back and draws it whole."""
        suspended, self._suspended = self._suspended, None
        if suspended is None:
            return
        suspended.__exit__(None, None, None)
        self._app.refresh(layout=True, repaint=True)

    def ask_on_program_screen(self, hint: str) -> str:
        """Blocking (run it in a thread worker): show the program's screen with a hint, return the key pressed.

        The hint is wiped again; the screen stays the program's until the caller takes it back.
        Returns "" if stop_asking() was called first (the app is leaving).
        """
        self._stop_asking.clear()
        self._app.call_from_thread(self.release)
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(fd, SAVE_CURSOR + f"\r\n[tdb] {hint} ".encode())
            saved = termios.tcgetattr(fd)
            try:
                tty.setcbreak(fd)
                key = ""
                while not key and not self._stop_asking.is_set():
                    if select.select([fd], [], [], 0.05)[0]:
                        key = os.read(fd, 16).decode(errors="replace")
            finally:
                termios.tcsetattr(fd, termios.TCSANOW, saved)
                os.write(fd, RESTORE_AND_CLEAR)
        finally:
            os.close(fd)
        return key

    def stop_asking(self) -> None:
        self._stop_asking.set()


def say_on_terminal(message: str) -> None:
    """A last word after the interface has left the screen (the program died under us)."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return
    try:
        os.write(fd, f"\r\n{message}\r\n".encode())
    except OSError:
        pass
    finally:
        os.close(fd)
