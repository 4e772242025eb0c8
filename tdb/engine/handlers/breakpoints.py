"""Setting breakpoints: line and function breakpoints (with tdb's extension keys) and the exception filters.

A request replaces a whole set (DAP's way): the breakpoints it replaces hand
their counts on (breakpoints.Survivors). A function breakpoint set while
stopped is looked up in the selected frame first, so it is answered there.
"""

from __future__ import annotations

import bdb
import linecache
from types import FrameType

from .. import breakpoints
from ..requests import Call, RequestError

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any
    from ..debugger import Debugger


def set_breakpoints(call: Call) -> dict[str, Any]:
    debugger = call.debugger
    path = (call.args.get("source") or {}).get("path")
    if not path:
        raise RequestError("setBreakpoints needs source.path")
    filename = debugger.canonic(path)
    linecache.checkcache(filename)
    with debugger.changing_breakpoints():
        # Only the file's line breakpoints: function breakpoints in it are replaced separately.
        replaced = [bp for bp in user_breakpoints(debugger) if bp.file == filename and not bp.funcname]
        survivors = breakpoints.Survivors(replaced)
        for bp in replaced:
            debugger.clear_bpbynumber(bp.number)
        results = [_place(debugger, filename, int(spec.get("line", 0)), spec, survivors)
                   for spec in call.args.get("breakpoints") or []]
    return {"breakpoints": results}


def set_function_breakpoints(call: Call) -> dict[str, Any]:
    debugger = call.debugger
    frame = call.stop.frame_for(None) if call.stop is not None else None
    with debugger.changing_breakpoints():
        # One by one: clear_break(file, line) would also drop a line breakpoint on the def line.
        replaced = [bp for bp in user_breakpoints(debugger) if bp.funcname]
        survivors = breakpoints.Survivors(replaced)
        for bp in replaced:
            debugger.clear_bpbynumber(bp.number)
        results = []
        for spec in call.args.get("breakpoints") or []:
            name = str(spec.get("name", "")).strip()
            located = _locate_function(call, name, frame)
            if isinstance(located, str):
                results.append({"verified": False, "message": located})
                continue
            filename, line, funcname = located
            results.append(_place(debugger, filename, line, spec, survivors, funcname))
    return {"breakpoints": results}


def set_exception_breakpoints(call: Call) -> dict[str, Any]:
    return {"breakpoints": call.debugger.exceptions.configure(call.args)}


def user_breakpoints(debugger: "Debugger") -> list[bdb.Breakpoint]:
    """The breakpoints a client set (not the engine's own, for run to a line)."""
    return [bp for bp in bdb.Breakpoint.bpbynumber if bp is not None and not debugger.run_to.owns(bp)]


def hit_counts(debugger: "Debugger") -> list[dict[str, Any]]:
    """Each breakpoint's counts now: the breakpoints pane shows them with no request."""
    return [{"id": bp.number, "hits": bp.hits, "ignore": bp.ignore} for bp in user_breakpoints(debugger)]


def removed_event(bp: bdb.Breakpoint) -> dict[str, Any]:
    """The `breakpoint` event body for a temporary breakpoint gone at its first stop."""
    return {"reason": "removed",
            "breakpoint": {"id": bp.number, "verified": False, "line": bp.line, "source": {"path": bp.file}}}


def _place(debugger: "Debugger", filename: str, line: int, spec: dict[str, Any], survivors: breakpoints.Survivors,
           funcname: str | None = None) -> dict[str, Any]:
    """Set one SourceBreakpoint/FunctionBreakpoint (with tdb's extension keys); its DAP Breakpoint."""
    placed = breakpoints.place_line(filename, line)
    options = breakpoints.SpecOptions.read(spec)
    if options.problem or not placed.verified:
        return {"verified": False, "line": line, "message": options.problem or placed.message}
    error = debugger.set_break(filename, placed.line, options.temporary, options.condition, funcname,
                               options.log_message, options.hit_condition)
    if error:
        return {"verified": False, "line": line, "message": error}
    bp = debugger.get_breaks(filename, placed.line)[-1]
    options.apply(bp, survivors)
    result = {"verified": True, "id": bp.number, "line": placed.line, "source": {"path": filename}}
    if placed.message:
        result["message"] = placed.message
    return result


def _locate_function(call: Call, name: str, frame: FrameType | None) -> tuple[str, int, str] | str:
    debugger = call.debugger
    if not name:
        return "a function breakpoint needs a name"
    if frame is not None:
        try:
            value = eval(name, frame.f_globals, call.stopped.locals_of(frame))
        except Exception:
            value = None
        code = getattr(getattr(value, "__func__", value), "__code__", None)
        if code is not None:
            return debugger.canonic(code.co_filename), code.co_firstlineno, code.co_name
        if value is not None:
            return f"{name!r} is not a function"
    search = [frame.f_code.co_filename] if frame is not None else []
    if debugger.mainpyfile:
        search.append(debugger.mainpyfile)
    for filename in search:
        line = breakpoints.find_function_line(filename, name.rpartition(".")[2])
        if line:
            return debugger.canonic(filename), line, name.rpartition(".")[2]
    return f"no function named {name!r} here"
