"""Handing the terminal between the interface and the program.

While the program runs, the terminal is the program's: the interface leaves
application mode (alternate screen, raw input) and stops reading keys. At
the next stop it takes the screen back.
"""

from __future__ import annotations

import os
import termios
import tty

from textual.app import App


class TerminalHandoff:
    def __init__(self, app: App, *, enabled: bool = True) -> None:
        self._app = app
        self.enabled = enabled  # False when the program's terminal is another one (tdb --connect)
        self.released = False

    def release(self) -> None:
        driver = self._app._driver  # Textual exposes suspend only as a context manager; we need it open-ended
        if not self.enabled or self.released or driver is None or not driver.can_suspend:
            return
        driver.suspend_application_mode()
        self.released = True

    def take(self) -> None:
        driver = self._app._driver
        if not self.released or driver is None:
            return
        driver.resume_application_mode()
        self.released = False
        self._app.refresh(layout=True, repaint=True)

    def show_program_screen(self) -> None:
        """Blocking: show the program's screen until a key is pressed (run it in a thread worker)."""
        self._app.call_from_thread(self.release)
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(fd, b"\r\n[tdb] the program's screen: press any key to return to the debugger ")
            saved = termios.tcgetattr(fd)
            try:
                tty.setcbreak(fd)
                os.read(fd, 16)
            finally:
                termios.tcsetattr(fd, termios.TCSANOW, saved)
        finally:
            os.close(fd)
        self._app.call_from_thread(self.take)
