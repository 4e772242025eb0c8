"""DAP framing: JSON bodies behind a `Content-Length` header.

`FrameDecoder` is sans-IO so that the engine (blocking sockets, a reader
thread) and the interface (asyncio streams) parse bytes the same way.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Iterator

HEADER_END = b"\r\n\r\n"
# A header block larger than this is not DAP; refuse it rather than buffer forever.
MAX_HEADER_BYTES = 4096
# Bodies are JSON messages, not file transfers; this bounds memory if a peer misbehaves.
MAX_BODY_BYTES = 64 * 1024 * 1024


class ProtocolError(Exception):
    """The peer sent bytes that are not a DAP message."""


def encode(message: dict[str, Any]) -> bytes:
    """Serialise one message with its header."""
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _parse_header(block: bytes) -> int:
    length = None
    for line in block.split(b"\r\n"):
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise ProtocolError(f"malformed header line: {line[:80]!r}")
        if name.strip().lower() == b"content-length":
            digits = value.strip()
            # Plain ASCII digits only: int() would also take "+5", "1_0" or " ٣".
            if not (digits.isdigit() and digits.isascii()):
                raise ProtocolError(f"bad Content-Length: {value[:40]!r}")
            length = int(digits)
    if length is None:
        raise ProtocolError("header without Content-Length")
    if not 0 <= length <= MAX_BODY_BYTES:
        raise ProtocolError(f"Content-Length out of range: {length}")
    return length


def _parse_body(body: bytes) -> dict[str, Any]:
    try:
        message = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolError(f"body is not JSON: {error}") from None
    except RecursionError:  # `[[[[...` thousands deep: json's parser recurses per level
        raise ProtocolError("body is nested too deeply to be a DAP message") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError("message is not an object with a 'type'")
    return message


class FrameDecoder:
    """Feed it bytes, iterate the complete messages they finish."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._body_length: int | None = None

    def feed(self, data: bytes) -> Iterator[dict[str, Any]]:
        # Buffer now, not when the caller starts iterating: feed() without a loop keeps the bytes.
        self._buffer += data
        return self._messages()

    def _messages(self) -> Iterator[dict[str, Any]]:
        while True:
            if self._body_length is None:
                end = self._buffer.find(HEADER_END)
                if end < 0 and len(self._buffer) <= MAX_HEADER_BYTES:
                    return
                if end < 0 or end > MAX_HEADER_BYTES:  # however the bytes were split
                    raise ProtocolError(f"no header end within the first {MAX_HEADER_BYTES} bytes")
                self._body_length = _parse_header(bytes(self._buffer[:end]))
                del self._buffer[: end + len(HEADER_END)]
            if len(self._buffer) < self._body_length:
                return
            body = bytes(self._buffer[: self._body_length])
            del self._buffer[: self._body_length]
            self._body_length = None
            yield _parse_body(body)
