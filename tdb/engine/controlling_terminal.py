"""The controlling terminal, and putting it back in order if the interface dies."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

# Leave the alternate screen, show the cursor, and turn off the mouse, focus,
# bracketed-paste and kitty keyboard modes the interface may have switched on.
RESET_SEQUENCE = (
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l"
    "\x1b[?1006l\x1b[?1015l\x1b[?1004l\x1b[?2004l\x1b[?7h"
).encode()


class NoTerminal(Exception):
    """There is no terminal to draw the interface on."""


class Terminal:
    """The terminal's descriptor, and its modes as they were before the interface changed them."""

    # A plain class, not a dataclass: this is imported before the interface starts (launch.py).
    def __init__(self, fd: int, saved_modes: Any) -> None:
        self.fd = fd
        self.saved_modes = saved_modes

    @classmethod
    def open(cls) -> "Terminal":
        """Open /dev/tty (the program's own stdio may be redirected) and remember its modes."""
        try:
            fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY | os.O_CLOEXEC)
        except OSError as error:
            raise NoTerminal(f"no controlling terminal ({error.strerror})") from None
        return cls(fd, _get_modes(fd))

    def restore_if(self, returncode: int | None) -> None:
        """After the interface exited badly (killed, crashed), undo what it left behind."""
        if returncode in (0, None):
            return
        if self.saved_modes is not None:
            import termios

            try:
                termios.tcsetattr(self.fd, termios.TCSANOW, self.saved_modes)
            except (termios.error, OSError):
                pass
        try:
            os.write(self.fd, RESET_SEQUENCE)
        except OSError:
            pass


def _get_modes(fd: int) -> Any:
    try:
        import termios

        return termios.tcgetattr(fd)
    except Exception:
        return None
