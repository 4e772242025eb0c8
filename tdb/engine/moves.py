"""Moving the program elsewhere than a step goes: run to a line, until a line, jump to a line.

- run to a line (pudb's `t`): an internal breakpoint, never shown to the
  user, gone at the next stop whatever caused it, then continue.
- until (pdb's `unt`): bdb's set_until, checked as pdb checks it.
- jump (pdb's `j`, DAP's goto): assigning frame.f_lineno, Python's own rules.
  Only the stopped thread may do it, from inside the trace event (settrace)
  or the sys.monitoring callback (LINE) it stopped in: both allow it.
"""

from __future__ import annotations

import bdb
from types import FrameType

from . import breakpoints

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from .debugger import Debugger


class MoveError(Exception):
    """A move refused, with pdb's words for why."""


class RunToLine:
    """The one internal breakpoint of "run to this line"."""

    def __init__(self, debugger: "Debugger") -> None:
        self._debugger = debugger
        self._breakpoint: bdb.Breakpoint | None = None

    def check(self, filename: str, line: int) -> int:
        """The line the program would stop at (moved forward to code, as a breakpoint is); MoveError if none."""
        placed = breakpoints.place_line(filename, line)
        if not placed.verified:
            raise MoveError(f"cannot run to line {line}: {placed.message}")
        assert placed.line is not None
        return placed.line

    def place(self, filename: str, line: int) -> None:
        self.clear()
        debugger = self._debugger
        # Not bdb's temporary kind: that one is removed (and announced) at its own hit
        # only; this one goes at the next stop, whatever causes it.
        error = debugger.set_break(filename, line)
        if error:
            raise MoveError(error)
        self._breakpoint = debugger.get_breaks(debugger.canonic(filename), line)[-1]

    def owns(self, bp: bdb.Breakpoint) -> bool:
        return bp is self._breakpoint and bp is not None

    def clear(self) -> None:
        """Remove the internal breakpoint if it is still set (the program stopped elsewhere, or ended)."""
        bp, self._breakpoint = self._breakpoint, None
        if bp is not None and bdb.Breakpoint.bpbynumber[bp.number] is bp:
            self._debugger.clear_bpbynumber(bp.number)


def check_until(frame: FrameType, line: int | None) -> None:
    """MoveError where pdb refuses `until line` in `frame`."""
    if line is not None and line <= frame.f_lineno:
        raise MoveError('"until" line number is smaller than current line number')


def until(debugger: "Debugger", frame: FrameType, line: int | None) -> None:
    """bdb's set_until: stop in `frame` at a line >= `line` (None: past the current one), or when it returns."""
    if frame.f_trace is None:
        # As bdb would have it: the frame it stops in is traced. A caller's trace may have
        # been dropped while the program ran to a breakpoint that is gone now.
        frame.f_trace = debugger.trace_dispatch
    debugger.set_until(frame, line)


def jump(frame: FrameType, line: int) -> int:
    """Make `frame` go on at `line` (Python moves it to the next line with code); the line it is at now."""
    try:
        frame.f_lineno = line
    except ValueError as error:
        raise MoveError(f"Jump failed: {error}") from None
    return frame.f_lineno


def same_file(debugger: "Debugger", path: str, frame: FrameType) -> bool:
    """Whether `path` names the file `frame` runs."""
    return debugger.canonic(path) == debugger.canonic(frame.f_code.co_filename)
