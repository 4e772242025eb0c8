"""A blocking DAP connection over a socket: the engine's side, and the tests' client."""

from __future__ import annotations

import itertools
import socket
import threading

from .framing import FrameDecoder, encode

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Iterator


class ConnectionClosed(Exception):
    """The peer went away."""


class Connection:
    """decoder, first: a listener read the first message already (and perhaps bytes after it, in `decoder`)."""

    def __init__(self, sock: socket.socket, *, decoder: FrameDecoder | None = None,
                 first: tuple[dict[str, Any], ...] = ()) -> None:
        self._sock = sock
        self._decoder = FrameDecoder() if decoder is None else decoder
        self._first = first
        self._write_lock = threading.Lock()
        self._seq = itertools.count(1)
        self.closed = False

    def send(self, message: dict[str, Any]) -> None:
        """Stamp a sequence number and send; raises ConnectionClosed if the peer is gone."""
        with self._write_lock:
            if self.closed:
                raise ConnectionClosed()
            message["seq"] = next(self._seq)
            try:
                self._sock.sendall(encode(message))
            except OSError as error:
                self.closed = True
                raise ConnectionClosed() from error

    def messages(self) -> Iterator[dict[str, Any]]:
        """Yield messages until the peer closes. ProtocolError propagates."""
        decoder = self._decoder
        first, self._first = self._first, ()
        yield from first
        yield from decoder.feed(b"")  # (whole messages already read with the first)
        while True:
            try:
                data = self._sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                self.closed = True
                return
            yield from decoder.feed(data)

    def close(self) -> None:
        self.closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
