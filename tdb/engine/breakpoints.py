"""Breakpoint specs: where a line breakpoint really lands, and whether a condition compiles."""

from __future__ import annotations

import linecache
import os
import re
import types
from dataclasses import dataclass


@dataclass
class Placement:
    """Where a requested breakpoint landed, or why it could not."""

    line: int | None
    message: str | None = None

    @property
    def verified(self) -> bool:
        return self.line is not None


_code_lines_cache: dict[str, tuple[float, frozenset[int]]] = {}


def _lines_of(code: types.CodeType) -> set[int]:
    lines = {line for _, _, line in code.co_lines() if line is not None}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            lines |= _lines_of(const)
    return lines


def code_lines(filename: str) -> frozenset[int] | None:
    """The lines of a Python file that hold code, or None if it cannot be compiled."""
    try:
        mtime = os.stat(filename).st_mtime
    except OSError:
        mtime = -1.0
    cached = _code_lines_cache.get(filename)
    if cached and cached[0] == mtime:
        return cached[1]
    source = "".join(linecache.getlines(filename))
    if not source:
        return None
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    lines = frozenset(_lines_of(code))
    _code_lines_cache[filename] = (mtime, lines)
    return lines


def place_line(filename: str, line: int) -> Placement:
    """Move a breakpoint to the first line at or after `line` that has code."""
    count = len(linecache.getlines(filename))
    if count == 0:
        return Placement(None, f"cannot read {filename}")
    if line < 1 or line > count:
        return Placement(None, f"line {line} is beyond the end of {os.path.basename(filename)} ({count} lines)")
    lines = code_lines(filename)
    if lines is None:  # not Python we can compile: trust the line as given
        return Placement(line)
    # Line 1 of a module is a RESUME with no line event of its own: skip it if empty.
    candidates = sorted(n for n in lines if n >= line)
    for candidate in candidates:
        if linecache.getline(filename, candidate).strip():
            if candidate == line:
                return Placement(line)
            return Placement(candidate, f"line {line} has no code; breakpoint moved to line {candidate}")
    return Placement(None, f"no code at or after line {line} in {os.path.basename(filename)}")


def check_condition(condition: str | None) -> str | None:
    """None if the condition compiles, else a one-line message."""
    if not condition:
        return None
    try:
        compile(condition, "<condition>", "eval")
    except SyntaxError as error:
        return f"syntax error in condition {condition!r}: {error.msg}"
    return None


_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)\s*[(\[]")


def find_function_line(filename: str, name: str) -> int | None:
    """The line of `def name` in a file, for `b name` when it is not yet defined."""
    for number, text in enumerate(linecache.getlines(filename), start=1):
        match = _DEF.match(text)
        if match and match.group(1) == name:
            return number
    return None
