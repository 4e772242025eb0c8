"""A program under a pseudo-terminal, for the benchmarks that time what it writes (at the pty, not by
polling a screen: polling adds its own delay, and its own load)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import termios
import time

# Escape sequences, left out of what a pattern is searched in.
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


class PtyTerminal:
    """`argv` run under a pty of rows x columns; every byte it writes, with when it came."""

    def __init__(self, argv: list[str], env: dict[str, str], rows: int = 40, columns: int = 120) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.start = time.monotonic()
        self.seen = b""

    def _read(self, wait: float) -> bytes | None:
        """What the program wrote within `wait` s (b"" if nothing; None once it is gone)."""
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return None
        if b"\x1b[6n" in chunk:  # a cursor position query: answered as a terminal would
            os.write(self.fd, b"\x1b[1;1R")
        self.seen += chunk
        return chunk or None

    def wait_for(self, pattern: re.Pattern[bytes], timeout: float) -> float:
        """Seconds from the spawn to the byte after which the text written (escapes left out) matches."""
        deadline = self.start + timeout
        while time.monotonic() < deadline:
            if self._read(0.5) is None:
                break
            if pattern.search(_ESCAPES.sub(b"", self.seen[-200_000:])):
                return time.monotonic() - self.start
        raise RuntimeError(f"{pattern.pattern!r} was not written within {timeout:g} s")

    def read_until_quiet(self, since: float, quiet: float, timeout: float) -> tuple[float | None, float | None, int]:
        """(first byte's time, last byte's time, bytes) of what comes until `quiet` s pass without output."""
        first = last = None
        size = 0
        deadline = since + timeout
        while time.monotonic() < deadline:
            chunk = self._read(quiet if last is not None else max(0.0, deadline - time.monotonic()))
            if chunk is None:
                break
            if not chunk:
                if last is not None:
                    break
                continue
            now = time.monotonic()
            first = now if first is None else first
            last = now
            size += len(chunk)
        self.seen = self.seen[-200_000:]
        return first, last, size

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)
