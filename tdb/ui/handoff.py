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

A step is in between: its key handed nothing over yet, and most steps stop
again within milliseconds, but a step over a long call (or into `input()`)
gets the terminal after a grace. Keys typed while a step is out are held
(hold()) until its outcome: the interface's at its stop, replayed in order
(`nnn` steps three times), the program's if the terminal goes to it.
"""

from __future__ import annotations

import os
import select
import termios
import threading
import tty
from functools import partial
from typing import Any

from textual import events
from textual.app import App, SuspendNotSupported

from ..timeline import mark
from . import terminal_driver

# Save the cursor, so that a hint written on the program's screen can be wiped
# without disturbing what the program wrote there.
SAVE_CURSOR, RESTORE_AND_CLEAR = b"\x1b7", b"\x1b8\x1b[J"
# Keys that act at once, even while a step is out: Ctrl-C breaks in on a step over a long call.
NEVER_HELD = frozenset({"ctrl+c"})


class TerminalHandoff:
    def __init__(self, app: App, *, enabled: bool = True) -> None:
        self._app = app
        self.enabled = enabled  # False when the program's terminal is another one (tdb --connect)
        self._suspended: Any = None  # App.suspend()'s context, held open while the program has the terminal
        self._stop_asking = threading.Event()
        self._typed_ahead = ""  # typed while the program ran, unread by it when it stopped: still its own
        self._can_give_back = terminal_driver.can_give_back()
        self._held: list[events.Key | events.Paste] | None = None  # while a step is out: the keys typed
        self._given: list[Any] = []  # read before a handover, given to the program, not yet come up in the app

    @property
    def released(self) -> bool:
        return self._suspended is not None

    @property
    def idle(self) -> bool:
        """The interface has the terminal, and no step is out (no key held)."""
        return self._suspended is None and self._held is None

    def release(self, *, only_to_look: bool = False) -> None:
        """The program's turn: the interface leaves the screen and stops reading keys. `only_to_look`: the
        program's screen is shown, and the keys still go to the interface (ask_on_program_screen): the
        keys the program has not read yet stay kept for it."""
        if not self.enabled:
            return
        if self.released:  # (after a look: the program's turn now, or the interface leaves)
            if not only_to_look and self._typed_ahead:
                self._give_back(self._typed_ahead, "")
                self._typed_ahead = ""
            return
        mark("handoff: release")
        held, self._held = self._held or [], None
        driver = getattr(self._app, "_driver", None)
        keeping = self._can_give_back and isinstance(driver, terminal_driver.HandoffDriver)
        read_before: list[str] = []
        read_after: list[str] = []
        if keeping:  # the keys read before, that the interface has not acted on, in the order typed;
            read_after, unhandled = driver.divert()  # and those read from now on: the program's
            read_before = [terminal_driver.typed_text(event) or ""
                           for event in self._keys_not_acted_on(held, unhandled)]
        suspended = self._app.suspend()  # (entered here, left in take(): the program runs in between)
        try:
            suspended.__enter__()
        except (SuspendNotSupported, RuntimeError):  # no terminal to hand over (a headless run)
            if keeping:
                self._give_back("", "".join(read_before + read_after))  # (still the program's keys)
            return
        finally:
            if keeping:
                driver.diverted = None
        self._suspended = suspended
        if keeping:
            # Keys read after the one that handed the terminal over, then what waits in the terminal,
            # go back in the order typed, before the program runs.
            self._give_back("" if only_to_look else self._typed_ahead, "".join(read_before + read_after),
                            always=True)
            if not only_to_look:
                self._typed_ahead = ""

    def _keys_not_acted_on(self, held: list[Any], unhandled: list[Any]) -> list[Any]:
        """The keys read before the handover that the interface has not acted on, in the order typed: held
        while a step was out, on their way through the widgets (they go no further), and waiting in the
        app's queue or read and not yet queued (`unhandled`). Those last two stay where they are and are
        dropped when they come up (intercept()): the app's loop may be about to take the next message, and
        a queue emptied under it fails (Textual's Queue.get)."""
        keys = list(held)
        order = getattr(self._app, "key_order", None)
        if order is not None:
            keys += order.take_on_their_way()
        queued = [message for message in _waiting(self._app) if terminal_driver.typed_text(message) is not None]
        given = queued + [key for key in unhandled if not any(key is other for other in queued)]
        self._given += given
        keys += given
        return sorted({id(key): key for key in keys}.values(), key=lambda key: key.time)

    def hold(self) -> None:
        """A step is out: the keys typed from now on wait for its outcome (unhold(), release())."""
        if self._held is None:
            self._held = []

    def unhold(self) -> None:
        """The step stopped (or failed, or the program ended): the keys held are the interface's, handled
        next, in the order typed (one on its way back from the widgets as the step left was typed before
        keys held as they came), ahead of anything typed since."""
        held, self._held = self._held, None
        if held:  # (the queue is never left empty: see _keys_not_acted_on)
            _put_queue(self._app, [_fresh(event) for event in sorted(held, key=lambda event: event.time)]
                       + _take_queue(self._app))

    def intercept(self, event: Any) -> bool:
        """A key or paste the app is about to handle: True if taken here. While the program has the
        terminal it is given back to it; while a step is out, held."""
        text = terminal_driver.typed_text(event)
        if text is None:
            return False
        if not event.is_forwarded:
            driver = getattr(self._app, "_driver", None)
            if isinstance(driver, terminal_driver.HandoffDriver):
                driver.reached_app(event)
            if any(given is event for given in self._given):  # (the program's already)
                self._given = [given for given in self._given if given is not event]
                return True
        if self._held is not None and getattr(event, "key", None) not in NEVER_HELD:
            self._held.append(event)  # (one on its way back from the widgets too: typed after the step's key)
            return True
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
                later = terminal_driver.give_back_ahead(fd, terminal_driver.without_replies(echoed),
                                                        terminal_driver.without_replies(read_by_us))
                mark("handoff: give back", repr(echoed), repr(read_by_us), repr(later))

    def take(self, *, program_ran: bool = True) -> None:
        """The interface's turn: it takes the screen back and draws it whole. `program_ran`: False after
        only showing the program's screen (ask_on_program_screen): what waits in the terminal is ours."""
        suspended, self._suspended = self._suspended, None
        if suspended is None:
            return
        if self._can_give_back and program_ran:
            with _terminal() as fd:
                if fd is not None:  # typed while the program ran: kept for it, not read as our keys
                    self._typed_ahead += terminal_driver.take_pending(fd)
                    mark("handoff: take, typed ahead", repr(self._typed_ahead))
        suspended.__exit__(None, None, None)
        self._app.refresh(layout=True, repaint=True)

    def ask_on_program_screen(self, hint: str) -> str:
        """Blocking (run it in a thread worker): show the program's screen with a hint, return the key pressed.

        The hint is wiped again; the screen stays the program's until the caller takes it back.
        Returns "" if stop_asking() was called first (the app is leaving).
        """
        self._stop_asking.clear()
        self._app.call_from_thread(partial(self.release, only_to_look=True))
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


def _waiting(app: App) -> list[Any]:
    """The messages waiting in the app's queue, left there (Textual's own attributes)."""
    pending = getattr(app, "_pending_message", None)
    queue = getattr(app, "_message_queue", None)
    return ([pending] if pending is not None else []) + list(getattr(queue, "values", ()))


def _take_queue(app: App) -> list[Any]:
    """Every message waiting in the app's queue, the one it peeked at first (Textual's own attributes)."""
    queue = getattr(app, "_message_queue", None)
    if queue is None:
        return []
    waiting = []
    if getattr(app, "_pending_message", None) is not None:
        waiting.append(app._pending_message)
        app._pending_message = None
    while not queue.empty():
        waiting.append(queue.get_nowait())
    return waiting


def _put_queue(app: App, messages: list[Any]) -> None:
    queue = getattr(app, "_message_queue", None)
    for message in messages if queue is not None else ():
        queue.put_nowait(message)


def _fresh(event: events.Key | events.Paste) -> events.Key | events.Paste:
    """The same key as a new event (one the app has seen once carries its handling with it), read when it was."""
    fresh = events.Paste(event.text) if isinstance(event, events.Paste) else events.Key(event.key, event.character)
    fresh.time = event.time
    return fresh


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
