"""PEP 657 positions: which sub-expression of its line a frame is running.

A frame's current instruction (f_lasti) has a source range in the code
object's co_positions(): for a caller, the call being made; for the
innermost frame, the first instruction of the line it stopped at. DAP sends
it as 1-based `column`, `endLine`, `endColumn` (end exclusive), counted in
characters, where co_positions() counts bytes of UTF-8.
"""

from __future__ import annotations

import linecache
from itertools import islice
from types import FrameType


def expression_range(frame: FrameType, line: int) -> dict[str, int]:
    """`column`, `endLine`, `endColumn` of what `frame` runs on `line`; empty where positions are missing."""
    code = frame.f_code
    index = frame.f_lasti // 2  # one position per 2-byte code unit
    if index < 0:
        return {}
    try:
        position = next(islice(code.co_positions(), index, None), None)
    except (AttributeError, ValueError):  # code made without positions (-X no_debug_ranges)
        return {}
    if position is None:
        return {}
    start_line, end_line, start_col, end_col = position
    if start_line != line or None in (end_line, start_col, end_col) or end_line < start_line:
        return {}
    filename = code.co_filename
    column = _characters(linecache.getline(filename, start_line), start_col)
    end_column = _characters(linecache.getline(filename, end_line), end_col)
    if end_line == start_line and end_column <= column:
        return {}
    return {"column": column + 1, "endLine": end_line, "endColumn": end_column + 1}


def _characters(text: str, byte_offset: int) -> int:
    """The number of characters in the first `byte_offset` bytes of `text` as UTF-8."""
    if text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))
