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

from ..dap import extensions
from ..dap.checks import check_condition, check_hit_condition, check_log_message, compile_log_message, parse_hit_condition
from .frames import one_line

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable


class Placement:
    """Where a requested breakpoint landed, or why it could not."""

    __slots__ = ("line", "message")

    def __init__(self, line: int | None, message: str | None = None) -> None:
        self.line, self.message = line, message

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
    With a `hit_condition` (DAP's hitCondition, see parse_hit_condition) it
    is in effect only at the hits the condition names. Both are fixed when it
    is made.
    """

    def __init__(self, file: str, line: int, temporary: bool = False, cond: str | None = None,
                 funcname: str | None = None, log_message: str | None = None,
                 hit_condition: str | None = None) -> None:
        self.log_message = log_message or None
        self.hit_condition = hit_condition or None
        super().__init__(file, line, temporary, cond, funcname)
        condition_of(self)
        if self.log_message:
            message_of(self)
        hit_test = parse_hit_condition(self.hit_condition)[0]
        # None for a plain breakpoint: effective_among's fast path looks at nothing else.
        self._tdb_rules = _Rules(hit_test, bool(self.log_message)) if hit_test or self.log_message else None

    @property
    def condition_error(self) -> str | None:
        """Why the condition does not compile, if it does not."""
        return condition_of(self)[1]


class _Rules:
    """What a breakpoint has beyond bdb's: a hit condition, a log message; and a task's name (a pattern):
    in effect only in the asyncio tasks of that name."""

    __slots__ = ("hit_test", "logs", "task")

    def __init__(self, hit_test: Callable[[int], bool] | None, logs: bool, task: str | None = None) -> None:
        self.hit_test, self.logs, self.task = hit_test, logs, task


class SpecOptions:
    """What a DAP SourceBreakpoint/FunctionBreakpoint asks beyond its place, and whether it can be had.

    Standard: condition, hitCondition, logMessage. tdb's extension keys:
    extensions.ENABLED (default true: a disabled breakpoint is kept, counts no hits
    and never stops), extensions.TEMPORARY (deleted at its first stop),
    extensions.IGNORE (pdb's ignore count; without it, the count of the breakpoint
    it replaces runs on), extensions.TASK (only in the asyncio tasks of that name).
    """

    def __init__(self, condition: str | None, hit_condition: str | None, log_message: str | None, enabled: bool,
                 temporary: bool, ignore: int | None, problem: str | None, task: str | None = None) -> None:
        self.condition, self.hit_condition, self.log_message = condition, hit_condition, log_message
        self.enabled, self.temporary, self.ignore = enabled, temporary, ignore
        self.problem, self.task = problem, task

    @classmethod
    def read(cls, spec: dict[str, Any]) -> "SpecOptions":
        condition = _text(spec.get("condition"))
        hit_condition = _text(spec.get("hitCondition"))
        log_message = spec.get("logMessage") or None
        if log_message is not None:
            log_message = str(log_message)
        ignore = spec.get(extensions.IGNORE)
        problem = check_condition(condition) or check_hit_condition(hit_condition) or check_log_message(log_message)
        if ignore is not None and (isinstance(ignore, bool) or not isinstance(ignore, int) or ignore < 0):
            problem = problem or f"{extensions.IGNORE} must be a count of hits (0 or more), not {ignore!r}"
        task = spec.get(extensions.TASK)
        if task is not None and (not isinstance(task, str) or not task.strip()):
            problem = problem or f"{extensions.TASK} must be a task's name (or a pattern), not {task!r}"
        return cls(condition, hit_condition, log_message, spec.get(extensions.ENABLED, True) is not False,
                   bool(spec.get(extensions.TEMPORARY)), ignore, problem, task.strip() if isinstance(task, str) else None)

    def apply(self, bp: bdb.Breakpoint, survivors: "Survivors") -> None:
        """Settle what bdb.Breakpoint's constructor does not take: enabled, the counts."""
        bp.enabled = self.enabled
        if self.task:
            rules = bp.__dict__.get("_tdb_rules")
            bp._tdb_rules = _Rules(rules.hit_test if rules else None, rules.logs if rules else False, self.task)
        survivors.carry_to(bp, ignore=self.ignore is None)
        if self.ignore is not None:
            bp.ignore = self.ignore


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


class Survivors:
    """The breakpoints a request replaces: a new one at the same place carries on their counts.

    DAP sends a file's breakpoints as a whole; pdb's users expect hits to
    accumulate, and the ignore count to run down, whatever else changes.
    """

    def __init__(self, replaced: list[bdb.Breakpoint]) -> None:
        self._by_place: dict[tuple[str, int, str | None], list[bdb.Breakpoint]] = {}
        for bp in replaced:
            self._by_place.setdefault((bp.file, bp.line, bp.funcname), []).append(bp)

    def carry_to(self, bp: bdb.Breakpoint, *, ignore: bool = True) -> None:
        """Give `bp` the hits (and, if `ignore`, the ignore count) of the one it replaces at its place."""
        replaced = self._by_place.get((bp.file, bp.line, bp.funcname))
        if replaced:
            old = replaced.pop(0)
            bp.hits = old.hits
            if ignore:
                bp.ignore = old.ignore


def compile_condition(condition: str | None) -> tuple[types.CodeType | None, str | None]:
    """(code, None), or (None, why it does not compile); (None, None) for no condition."""
    if not condition:
        return None, None
    try:
        return compile(condition.strip(), "<condition>", "eval", dont_inherit=True), None
    except (SyntaxError, ValueError) as error:
        return None, f"{type(error).__name__}: {getattr(error, 'msg', None) or error}"


class Hit:
    """A breakpoint in effect at a line that runs. `delete_temporary`: false when its condition failed (a
    temporary one is kept, as bdb does); `error`: why its condition could not be evaluated."""

    __slots__ = ("breakpoint", "delete_temporary", "error")

    def __init__(self, breakpoint: bdb.Breakpoint, delete_temporary: bool, error: str | None = None) -> None:
        self.breakpoint, self.delete_temporary, self.error = breakpoint, delete_temporary, error

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
              log: Callable[[bdb.Breakpoint, str, types.FrameType], None] | None = None) -> Hit | None:
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
                    log: Callable[[bdb.Breakpoint, str, types.FrameType], None] | None = None) -> Hit | None:
    """effective() for the breakpoints of one place, given; logpoints in effect go to `log`.

    The one place the rules live: enabled, applies to this line (counts a hit),
    condition true, hit condition true, no ignore count left; then a logpoint
    logs and goes on, any other breakpoint stops.
    """
    for bp in candidates:
        if not bp.enabled:
            continue
        if bp.funcname:
            if not _applies_to_function(bp, frame, lineno):
                continue
        elif bp.line != lineno:  # a line breakpoint on the def line of the running function
            continue
        rules = bp.__dict__.get("_tdb_rules")
        if rules is not None and rules.task is not None and not _in_task(rules.task):
            continue  # another task's: not a hit
        bp.hits += 1
        if bp.cond:
            compiled = bp.__dict__.get("_tdb_condition")
            if compiled is None or compiled[0] is not bp.cond:
                compiled = _compile_for(bp)
            code = compiled[1]
            if code is None:
                return Hit(bp, False, compiled[2])
            try:
                value = eval(code, frame.f_globals, frame.f_locals)
            except BaseException as exception:  # whatever it raises: stop and say so
                return Hit(bp, False, one_line(exception))
            if not value:
                continue
        if rules is None:  # a plain breakpoint: nothing more to look at
            if bp.ignore > 0:
                bp.ignore -= 1
                continue
            return Hit(bp, True)
        if rules.hit_test is not None and not rules.hit_test(bp.hits):
            continue
        if bp.ignore > 0:
            bp.ignore -= 1
            continue
        if rules.logs:
            _log(bp, frame, log)
            continue
        return Hit(bp, True)
    return None


def _in_task(pattern: str) -> bool:
    """Whether the asyncio task running on this thread has a name `pattern` matches."""
    from fnmatch import fnmatchcase

    from .tasks import current_task_name

    name = current_task_name()
    return name is not None and fnmatchcase(name, pattern)


def _log(bp: bdb.Breakpoint, frame: types.FrameType, log: Callable[[bdb.Breakpoint, str, types.FrameType], None] | None) -> None:
    """A logpoint's message: a field that fails shows its error in place, the rest still logs."""
    parts, error = message_of(bp)
    if parts is None:
        text = f"<log message {bp.log_message!r}: {error}>"  # type: ignore[attr-defined]
    else:
        pieces = []
        for part in parts:
            if part.__class__ is str:
                pieces.append(part)
                continue
            try:
                pieces.append(eval(part, frame.f_globals, frame.f_locals))
            except Exception as exception:
                pieces.append(f"<{one_line(exception)}>")
        text = "".join(pieces)
    if log is not None:
        log(bp, text, frame)


def condition_of(bp: bdb.Breakpoint) -> tuple[types.CodeType | None, str | None]:
    """A breakpoint's condition compiled (code, None), or why it does not compile (None, message).

    Compiled once per condition text, and kept on the breakpoint (any
    bdb.Breakpoint: one made by someone else too).
    """
    compiled = bp.__dict__.get("_tdb_condition")
    if compiled is None or compiled[0] is not bp.cond:
        compiled = _compile_for(bp)
    return compiled[1], compiled[2]


def message_of(bp: bdb.Breakpoint) -> tuple[tuple[str | types.CodeType, ...] | None, str | None]:
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


def lines_of_code(code: types.CodeType) -> frozenset[int]:
    """The lines a code object itself runs (not those of the code objects nested in it)."""
    return frozenset(line for _, _, line in code.co_lines() if line is not None)


def checker_for(candidates: tuple[bdb.Breakpoint, ...],
                log: Callable[[bdb.Breakpoint, str, types.FrameType], None] | None = None) -> Callable[[types.FrameType, int], Hit | None]:
    """effective_among() for one line's breakpoints, as a function of (frame, lineno) made once.

    A line run millions of times under a false condition is where a tracer's
    cost shows: for the common case (one plain line breakpoint with a compiled
    condition) the check is one eval; in every other state, even if the
    breakpoint changes later (disabled, an ignore count, a new condition), it
    is effective_among() itself.
    """
    if len(candidates) != 1:
        return lambda frame, lineno: effective_among(candidates, frame, lineno, log)
    bp = candidates[0]
    cond = bp.cond
    code = condition_of(bp)[0] if cond else None

    def check(frame: types.FrameType, lineno: int) -> Hit | None:
        if (code is None or bp.cond is not cond or not bp.enabled or bp.ignore or bp.funcname
                or bp.line != lineno or bp.__dict__.get("_tdb_rules")):  # (a hit condition, a log message)
            return effective_among(candidates, frame, lineno, log)
        bp.hits += 1
        try:
            value = eval(code, frame.f_globals, frame.f_locals)
        except BaseException as exception:  # as effective_among: stop and say so
            return Hit(bp, False, one_line(exception))
        return Hit(bp, True) if value else None

    return check
