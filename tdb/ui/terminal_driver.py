"""Textual's Linux driver, keeping every key across a handover of the terminal (handoff.py).

Textual, leaving the screen, throws away what is typed but not yet read
(TCIFLUSH), and its input thread may read a last few keys on its way out, which
the app then takes as its own. A key typed as the terminal changes hands must go
to whoever owns it next, in order: so this driver flushes nothing, and while
`diverted` is set the keys its input thread reads are kept there, as text, for
the handoff to give back to the terminal (TIOCSTI) ahead of what is typed later.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import selectors
import signal
import struct
import termios
import threading
from codecs import getincrementaldecoder
from collections import deque
from contextlib import contextmanager, nullcontext
from typing import Any, Iterator

from textual import events
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from ..timeline import mark
from .key_lane import KeyLane
from .prompt_writer import PromptWriter

_LEGACY_TIOCSTI = "/proc/sys/dev/tty/legacy_tiocsti"
# What the terminal sends back to Textual's queries (mode reports, device attributes, cursor
# position, sizes) and focus events: the terminal's words, not the user's keys. One that comes
# as the interface leaves the screen must not reach the program (Textual flushed it away).
_REPLIES = re.compile(r"\x1b\[\??[\d;]*\$y|\x1b\[\?[\d;]*c|\x1b\[[\d;]*R|\x1b\[[\d;]*t|\x1b\[[IO]")


def without_replies(text: str) -> str:
    return _REPLIES.sub("", text)


# The input thread's longest wait without a key: it is woken when it must stop, and an Escape's
# delay is waited for exactly (_until_parser_timeout); this is only a safety net.
IDLE_WAIT = 1.0
# How often the size is read when no SIGWINCH can come (size_watch).
SIZE_POLL_SECONDS = 0.1


class HandoffDriver(LinuxDriver):
    diverted: list[str] | None = None  # while set: the keys read, kept as text rather than posted
    _wake: tuple[int, int] | None = None  # a pipe, written to wake the input thread (run_input_thread)
    _size_watch: threading.Event | None = None  # set to stop the size watch

    _gathered: list[str] | None = None  # while set (at_once): the writes, to go out together at once

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keys read and posted to the app, not yet in its hands (a handover gives them to the program).
        self._unhandled: deque[Any] = deque()
        # Held by the input thread from reading `diverted` until the key is posted or kept, so that a
        # handover (divert()) finds every key read before it in one place or the other, never in neither.
        self._keys_lock = threading.Lock()
        self.lane = KeyLane()  # a step key's request, sent by the input thread at a stop

    def start_application_mode(self) -> None:
        super().start_application_mode()
        if self._writer_thread is not None:  # (Textual's, replaced by one that can write at once)
            self._writer_thread.stop()
            self._writer_thread = PromptWriter(self._file)
            self._writer_thread.start()
        if not in_foreground(self.fileno):
            self._size_watch = stop = threading.Event()
            threading.Thread(target=size_watch, args=(self.fileno, stop), name="tdb-size-watch", daemon=True).start()

    def stop_application_mode(self) -> None:
        if self._size_watch is not None:
            self._size_watch.set()
            self._size_watch = None
        super().stop_application_mode()

    def disable_input(self) -> None:
        """As Textual's, without TCIFLUSH: what the user typed stays in the terminal for the next reader;
        and the input thread is woken to stop at once."""
        try:
            if not self.exit_event.is_set():
                signal.signal(signal.SIGWINCH, signal.SIG_DFL)
                self._disable_mouse_support()
                self.exit_event.set()
                self._wake_input_thread()
                if self._key_thread is not None:
                    self._key_thread.join()
                self.exit_event.clear()
        except Exception:
            pass

    def _wake_input_thread(self) -> None:
        if self._wake is not None:
            os.write(self._wake[1], b"!")

    def run_input_thread(self) -> None:
        """Textual's loop, but woken when input stops (disable_input), and with no wait for more keys then.
        Textual's waits in select() up to 0.1 s before it sees that it should stop, then 0.1 s more for a
        last read: a handover of the terminal took 0.1-0.2 s, in which the keys typed were read by the
        interface, only to be put back behind the ones typed after them. Keys not read stay in the
        terminal, for its next reader."""
        if self._wake is None:  # (one pipe for the driver's life: never closed under a writer)
            self._wake = os.pipe()
            os.set_blocking(self._wake[0], False)
        wake_read = self._wake[0]
        _read_now(wake_read)  # (a wake that came after the last thread stopped by itself)
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        try:
            while not self.exit_event.is_set():
                ready = [key.fd for key, _mask in selector.select(_until_parser_timeout(parser))]
                if self.fileno in ready and not self.exit_event.is_set():
                    data = decode(os.read(self.fileno, 1024 * 4))
                    if not data:
                        break  # (stdin piped, and at its end)
                    for event in parser.feed(data):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass

    def process_message(self, message: Any) -> None:
        with self._keys_lock:  # (on the input thread)
            diverted = self.diverted
            text = typed_text(message) if diverted is not None else None
            if text is not None:
                self.lane.disarm()
                if text:
                    diverted.append(text)
                return
            for key in escape_then_key(message):
                if isinstance(key, events.Key):
                    mark("driver: key", key.key)
                    if not self._unhandled and self.lane.take(key.key):  # (its step is sent: key_lane.py)
                        continue
                else:
                    self.lane.disarm()  # (a click, a paste: the next key may mean something else)
                if isinstance(key, (events.Key, events.Paste)):
                    self._unhandled.append(key)
                super().process_message(key)

    def send_message(self, message: Any) -> None:
        # Textual's makes a task on the app's loop for a coroutine that only calls post_message, which is
        # safe from this thread itself (it hands the message to the loop): one round of the loop less a key.
        self._app.post_message(message)

    def divert(self) -> tuple[list[str], list[Any]]:
        """A handover begins: the keys read from now on are kept as text, in the list returned, not
        posted (until `diverted` is None again); with it, the keys read and posted before that have not
        reached the app yet, in the order read."""
        with self._keys_lock:
            self.diverted = diverted = []
            unhandled = list(self._unhandled)
            self._unhandled.clear()
        return diverted, unhandled

    def reached_app(self, key: Any) -> None:
        """The app has the key (on the app's thread)."""
        if self._unhandled and self._unhandled[0] is key:  # (they come in the order read)
            self._unhandled.popleft()
            return
        try:
            self._unhandled.remove(key)
        except (ValueError, RuntimeError):  # (not there; or the input thread added one meanwhile)
            pass

    def write(self, data: str) -> None:
        mark("driver: write", len(data))
        if self._gathered is not None:
            self._gathered.append(data)
        elif self._writing():
            super().write(data)

    def _writing(self) -> bool:
        """Whether the writer thread runs. Textual stops it when it hands the terminal over (App.suspend) and
        starts another when it takes it back; what is written meanwhile would wait in the stopped one's
        queue, and the 31st write would wait forever for room in it."""
        writer = self._writer_thread
        return writer is not None and writer.is_alive()

    @contextmanager
    def at_once(self) -> Iterator[list[str]]:
        """The writes made inside (the list it gives) go to the terminal together when it ends, on this
        thread if the writer thread has nothing before them (prompt_writer.py). Inside another: that one's."""
        if self._gathered is not None:
            yield self._gathered
            return
        self._gathered = gathered = []
        try:
            yield gathered
        finally:
            self._gathered = None
            if gathered:
                self.write_at_once("".join(gathered))

    def write_at_once(self, text: str) -> None:
        writer = self._writer_thread
        if not self._writing():
            return
        if isinstance(writer, PromptWriter):
            writer.write_now(text)
        else:
            super().write(text)


def _until_parser_timeout(parser: XTermParser) -> float:
    """How long the input thread may wait for a key: until a lone Escape read becomes the Escape key
    (Textual's parser waits ESCDELAY for what may follow it), else IDLE_WAIT. Textual's loop looked
    every 0.1 s, so an Escape came up to 0.1 s late."""
    timeout_at = getattr(parser, "_timeout_time", False)  # (Textual's own)
    if timeout_at is False:  # (a Textual that keeps it elsewhere: look every 0.1 s, as its loop does)
        return 0.1
    if timeout_at is None:
        return IDLE_WAIT
    return min(IDLE_WAIT, max(0.0, timeout_at - get_time()))


def in_foreground(fd: int) -> bool:
    """Whether this process is in the terminal's foreground process group, to which the terminal sends
    SIGWINCH. An interface the pre-started server forked is not (tdb/prestart.py): the terminal is not
    even its controlling terminal, and will not say (ENOTTY)."""
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return not os.isatty(fd)  # (no terminal at all: nothing to watch)


def size_watch(fd: int, stop: threading.Event) -> None:
    """Read the terminal's size a few times a second; when it changes, send ourselves the SIGWINCH the
    terminal sent the program, so that Textual's own handler takes it."""
    try:
        size = os.get_terminal_size(fd)
        while not stop.wait(SIZE_POLL_SECONDS):
            now = os.get_terminal_size(fd)
            if now != size:
                size = now
                os.kill(os.getpid(), signal.SIGWINCH)
    except OSError:
        return


def escape_then_key(message: Any) -> list[Any]:
    """A key typed within Textual's escape delay after Escape comes as alt+key, and the Escape is lost
    (Esc, then n, quickly: the command line keeps the focus and gets an "n"). A terminal sends Alt+n and
    Esc n alike, and tdb binds no Alt key: it is Escape, then the key."""
    if not (isinstance(message, events.Key) and message.key.startswith("alt+") and message.character
            and len(message.character) == 1 and message.character.isprintable()):
        return [message]
    key = message.key[len("alt+"):]
    if key.startswith("shift+"):
        key = message.character  # (Textual names a plain capital by itself: "N")
    return [events.Key("escape", "\x1b"), events.Key(key, message.character)]


def typed_text(message: Any) -> str | None:
    """What a key or a paste typed, as text ("" for a key without one: an arrow); None for other messages."""
    if isinstance(message, events.Paste):
        return message.text
    if isinstance(message, events.Key):
        if message.key.startswith("alt+") and message.character:
            return "\x1b" + message.character  # (Esc and the key typed after it: both are the program's)
        return message.character or ""
    return None


def can_give_back() -> bool:
    """Whether TIOCSTI may put keys back into the terminal: only into one's controlling terminal
    (a pre-started interface has none), and Linux 6.2+ can forbid it."""
    if os.geteuid() == 0:
        return True
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    try:
        with open(_LEGACY_TIOCSTI) as setting:
            return setting.read().strip() != "0"
    except OSError:
        return True  # an older kernel: allowed


# Rounds of give_back_ahead's check before it lets a key typed during the last one stay where it came.
GIVE_BACK_ROUNDS = 5


def give_back_ahead(fd: int, echoed: str, unechoed: str) -> str:
    """Put keys into the terminal's input ahead of those waiting there (read out, and put back behind):
    `echoed` without echoing it again, then `unechoed`. Returns what waited.

    A key typed between the read-out and the put-back would land ahead of them (Enter typed just after
    an answer: the program read an empty line): the input is counted once more, and if more came it is
    read out and put back in order, until what is there is exactly what was put."""
    waiting = take_pending(fd)
    give_back(fd, echoed, echo=False)
    give_back(fd, unechoed + waiting)
    given = echoed + unechoed + waiting
    for _ in range(GIVE_BACK_ROUNDS):
        if _waiting_bytes(fd) <= len(given.encode()):
            break  # (anything typed from now on comes after them)
        now = take_pending(fd)
        given += _after_taking(now, given)
        give_back(fd, given, echo=False)  # (each key was echoed once already)
    return waiting


def _waiting_bytes(fd: int) -> int:
    """How many bytes wait in the terminal's input, a line not finished yet included (0 if it will not say)."""
    try:
        with _modes_off(fd, termios.ICANON) as changed:  # (canonical mode counts whole lines only)
            if not changed:
                return 0
            return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except (OSError, termios.error):
        return 0


def _after_taking(text: str, taken: str) -> str:
    """`text` without the characters of `taken`, found in order from the left: what came besides."""
    rest, position = [], 0
    for character in text:
        if position < len(taken) and character == taken[position]:
            position += 1
        else:
            rest.append(character)
    return "".join(rest)


def take_pending(fd: int) -> str:
    """What was typed but not read yet, a half-typed line included (read without canonical mode)."""
    chunks: list[bytes] = []
    with _modes_off(fd, termios.ICANON | termios.ECHO, read_now=True) as changed:
        while changed and (chunk := _read_now(fd)):
            chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


@contextmanager
def _modes_off(fd: int, flags: int, *, read_now: bool = False) -> Iterator[bool]:
    """Inside, the terminal with the local modes `flags` off (and, with `read_now`, reads that return
    what is there without waiting); after, as it was. Yields False, changing nothing, if the terminal
    will not take them."""
    try:
        saved = termios.tcgetattr(fd)
        changed = list(saved)
        changed[3] &= ~flags
        if read_now:
            changed[6] = list(saved[6])
            changed[6][termios.VMIN], changed[6][termios.VTIME] = 0, 0
        termios.tcsetattr(fd, termios.TCSANOW, changed)
    except termios.error:
        yield False
        return
    try:
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def _read_now(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EINTR):
            return b""
        raise


def give_back(fd: int, text: str, *, echo: bool = True) -> None:
    """Put keys into the terminal's input, as if typed now; echoed by the terminal as typed keys are,
    unless `echo` is False (keys the terminal echoed once already, when they were typed)."""
    with nullcontext() if echo else _modes_off(fd, termios.ECHO):
        try:
            for byte in text.encode():
                fcntl.ioctl(fd, termios.TIOCSTI, bytes([byte]))
        except OSError:
            pass
