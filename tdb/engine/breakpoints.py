"""Breakpoints: where a line breakpoint really lands, and whether one is in effect when its line runs.

A condition (and a logpoint's message) is compiled once, when the breakpoint is
made, never evaluated from its text at each hit (bdb's `effective()` does
that: this module replaces it).
"""

from __future__ import annotations

import bdb
import linecache
import os
import re
import types
from dataclasses import dataclass
from typing import Any, Callable


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


# -- breakpoints in effect ------------------------------------------------------------


class Breakpoint(bdb.Breakpoint):
    """bdb's breakpoint (same numbering and registry), its condition compiled when it is made.

    If `cond` is assigned later (as pdb's `condition` command does), the new
    text is compiled at the next hit, once. A condition that does not compile
    stops the program at each hit, with the error in the stop's description,
    as one that raises does.

    With a `log_message` (DAP's logMessage: text, `{expression}`, `{{` for a
    brace) it is a logpoint: it never stops, its message is logged instead.
    """

    def __init__(self, file: str, line: int, temporary: bool = False, cond: str | None = None,
                 funcname: str | None = None, log_message: str | None = None) -> None:
        self.log_message = log_message or None
        super().__init__(file, line, temporary, cond, funcname)
        condition_of(self)
        if self.log_message:
            message_of(self)

    @property
    def condition_error(self) -> str | None:
        """Why the condition does not compile, if it does not."""
        return condition_of(self)[1]


def compile_condition(condition: str | None) -> tuple[types.CodeType | None, str | None]:
    """(code, None), or (None, why it does not compile); (None, None) for no condition."""
    if not condition:
        return None, None
    try:
        return compile(condition.strip(), "<condition>", "eval", dont_inherit=True), None
    except (SyntaxError, ValueError) as error:
        return None, f"{type(error).__name__}: {getattr(error, 'msg', None) or error}"


@dataclass
class Hit:
    """A breakpoint in effect at a line that runs."""

    breakpoint: bdb.Breakpoint
    delete_temporary: bool  # false when its condition failed: keep a temporary one, as bdb does
    error: str | None = None  # why its condition could not be evaluated

    def describe(self) -> str:
        if self.error is None:
            return ""
        return f"condition {self.breakpoint.cond!r} failed: {self.error}"


def _applies_to_function(bp: bdb.Breakpoint, frame: types.FrameType, lineno: int) -> bool:
    """bdb's checkfuncname for a function breakpoint: the first line of the function that runs."""
    if frame.f_code.co_name != bp.funcname:  # the def statement itself runs
        return False
    if not bp.func_first_executable_line:
        bp.func_first_executable_line = lineno
    return bp.func_first_executable_line == lineno


def effective(file: str, line: int, frame: types.FrameType, lineno: int | None = None,
              log: Callable[[bdb.Breakpoint, str], None] | None = None) -> Hit | None:
    """The breakpoint at file:line that is in effect now, as bdb.effective() decides, or None.

    The first enabled one that applies to this line and has no false condition
    and no ignore count left. Every applicable hit counts. A condition that
    raises makes the breakpoint stop (the conservative choice, as in pdb).
    `lineno` is the line the frame runs (frame.f_lineno, if not given): `line`
    differs for a function breakpoint, which sits on the def line.
    """
    if lineno is None:
        lineno = frame.f_lineno
    return effective_among(bdb.Breakpoint.bplist.get((file, line), ()), frame, lineno, log)


def effective_among(candidates: Any, frame: types.FrameType, lineno: int,
                    log: Callable[[bdb.Breakpoint, str], None] | None = None) -> Hit | None:
    """effective() for the breakpoints of one place, given; logpoints in effect go to `log`."""
    for bp in candidates:
        if not bp.enabled:
            continue
        if bp.funcname:
            if not _applies_to_function(bp, frame, lineno):
                continue
        elif bp.line != lineno:  # a line breakpoint on the def line of the running function
            continue
        bp.hits += 1
        if not bp.cond:
            if bp.ignore > 0:
                bp.ignore -= 1
                continue
            if bp.__dict__.get("log_message"):
                _log(bp, frame, log)
                continue
            return Hit(bp, True)
        compiled = bp.__dict__.get("_tdb_condition")
        if compiled is None or compiled[0] is not bp.cond:
            compiled = _compile_for(bp)
        code = compiled[1]
        if code is None:
            return Hit(bp, False, compiled[2])
        try:
            value = eval(code, frame.f_globals, frame.f_locals)
        except BaseException as exception:  # whatever it raises: stop and say so
            return Hit(bp, False, _one_line(exception))
        if value:
            if bp.ignore > 0:
                bp.ignore -= 1
            elif bp.__dict__.get("log_message"):
                _log(bp, frame, log)
            else:
                return Hit(bp, True)
    return None


def _log(bp: bdb.Breakpoint, frame: types.FrameType, log: Callable[[bdb.Breakpoint, str], None] | None) -> None:
    code, error = message_of(bp)
    if code is None:
        text = f"<log message {bp.log_message!r}: {error}>"  # type: ignore[attr-defined]
    else:
        try:
            text = eval(code, frame.f_globals, frame.f_locals)
        except Exception as exception:
            text = f"<log message {bp.log_message!r}: {_one_line(exception)}>"  # type: ignore[attr-defined]
    if log is not None:
        log(bp, text)


def condition_of(bp: bdb.Breakpoint) -> tuple[types.CodeType | None, str | None]:
    """A breakpoint's condition compiled (code, None), or why it does not compile (None, message).

    Compiled once per condition text, and kept on the breakpoint (any
    bdb.Breakpoint: one made by someone else too).
    """
    compiled = bp.__dict__.get("_tdb_condition")
    if compiled is None or compiled[0] is not bp.cond:
        compiled = _compile_for(bp)
    return compiled[1], compiled[2]


def compile_log_message(message: str) -> tuple[types.CodeType | None, str | None]:
    """A logMessage compiled into code that makes its text: (code, None), or (None, why not).

    DAP's `{expression}` and `{{` are an f-string's: the message is compiled as one.
    """
    try:
        return compile("f" + repr(message), "<log message>", "eval", dont_inherit=True), None
    except (SyntaxError, ValueError) as error:
        return None, f"{type(error).__name__}: {getattr(error, 'msg', None) or error}"


def message_of(bp: bdb.Breakpoint) -> tuple[types.CodeType | None, str | None]:
    """A logpoint's message compiled, once per message text (as condition_of())."""
    message = bp.__dict__.get("log_message")
    compiled = bp.__dict__.get("_tdb_message")
    if compiled is None or compiled[0] is not message:
        compiled = (message, *compile_log_message(message or ""))
        bp._tdb_message = compiled  # type: ignore[attr-defined]
    return compiled[1], compiled[2]


def _compile_for(bp: bdb.Breakpoint) -> tuple[str | None, types.CodeType | None, str | None]:
    compiled = (bp.cond, *compile_condition(bp.cond))
    bp._tdb_condition = compiled  # type: ignore[attr-defined]
    return compiled


def _one_line(exception: BaseException) -> str:
    try:
        text = str(exception).strip().splitlines()
    except Exception:
        text = []
    name = type(exception).__name__
    return f"{name}: {text[0]}" if text else name


def lines_of_code(code: types.CodeType) -> frozenset[int]:
    """The lines a code object itself runs (not those of the code objects nested in it)."""
    return frozenset(line for _, _, line in code.co_lines() if line is not None)
