"""Builders for the DAP message envelopes, so both sides spell them alike."""

from __future__ import annotations

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any



def request(seq: int, command: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"seq": seq, "type": "request", "command": command}
    if arguments is not None:
        message["arguments"] = arguments
    return message


def response(
    seq: int,
    req: dict[str, Any],
    body: dict[str, Any] | None = None,
    *,
    error: str | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "seq": seq,
        "type": "response",
        "request_seq": req.get("seq", 0),
        "command": req.get("command", ""),
        "success": error is None,
    }
    if error is not None:
        message["message"] = error
        message["body"] = {"error": {"id": 1, "format": error, "showUser": True}}
    elif body is not None:
        message["body"] = body
    return message


def event(seq: int, name: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"seq": seq, "type": "event", "event": name}
    if body is not None:
        message["body"] = body
    return message


# DAP counts positions in a line in UTF-16 code units; Python strings count code points.
def utf16_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def index_at_utf16(text: str, units: int) -> int:
    """The index in `text` of the position `units` UTF-16 code units in (clamped to the text)."""
    if text.isascii():
        return max(0, min(units, len(text)))
    return len(text.encode("utf-16-le")[: max(0, units) * 2].decode("utf-16-le", errors="ignore"))
