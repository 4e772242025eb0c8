"""Making the program move: continue and the steps, until, run to a line, and jump (goto).

Each resuming request leaves the stop: the stop stops taking requests, the
stepping state is set before the response goes out (a client may send pause
as soon as it sees that the program runs), and the stop ends after it.
"""

from __future__ import annotations


from .. import moves
from ..requests import Call, Reply, RequestError
from ..stops import Resume

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable


def resume(call: Call) -> Reply:
    """continue, next, stepIn, stepOut: as pdb's c, n, s, r in the selected frame.

    A step moves its own thread only. `continue` resumes every stopped thread, as DAP has it,
    unless `singleThread` says only this one (tdb's `c` in non-stop mode).
    """
    command = call.command
    continuing = command == "continue"
    everyone = continuing and not call.args.get("singleThread")
    debugger, stop = call.debugger, call.stopped

    def apply() -> None:
        debugger.resume(command, call.optional_frame(), stop)
        if everyone:
            debugger.resume_others(stop)

    return _leave(call, apply, continuing, everyone)


def until(call: Call) -> Reply:
    """pdb's `until [line]` in the selected frame; refused while still stopped, in pdb's words."""
    _refuse_post_mortem(call)
    frame = call.frame()
    if not call.stopped.owns(frame):
        raise RequestError("until works in the stopped thread's frames")
    line = call.args.get("line")
    if line is not None and (not isinstance(line, int) or isinstance(line, bool)):
        raise RequestError(f"Error in argument: {line!r}")
    try:
        moves.check_until(frame, line)
    except moves.MoveError as error:
        raise RequestError(str(error)) from None
    return _leave(call, lambda: moves.until(call.debugger, frame, line), continuing=False)


def run_to_line(call: Call) -> Reply:
    """pudb's "run to this line": an internal breakpoint there (never listed), then continue."""
    _refuse_post_mortem(call)
    debugger = call.debugger
    path = (call.args.get("source") or {}).get("path")
    line = call.args.get("line")
    if not path or not isinstance(line, int) or isinstance(line, bool):
        raise RequestError("tdb/runToLine needs source.path and a line number")
    filename = debugger.canonic(path)
    try:
        target = debugger.run_to.check(filename, line)
    except moves.MoveError as error:
        raise RequestError(str(error)) from None

    def run() -> None:
        debugger.run_to.place(filename, target)
        debugger.resume("continue", None, call.stopped)

    return _leave(call, run, continuing=True)


def goto_targets(call: Call) -> dict[str, Any]:
    """Where `goto` can go: a line of the innermost frame's file (Python decides at the jump)."""
    frame = call.stopped.innermost
    path = (call.args.get("source") or {}).get("path") or ""
    line = call.args.get("line")
    if not isinstance(line, int) or isinstance(line, bool) or not moves.same_file(call.debugger, path, frame):
        return {"targets": []}
    return {"targets": [{"id": line, "label": f"line {line}", "line": line}]}


def goto(call: Call) -> Reply:
    """pdb's `jump`: the innermost frame goes on at the target's line; a new stop (reason goto) shows it."""
    stop = call.stopped
    target = call.args.get("targetId")
    if not isinstance(target, int) or isinstance(target, bool):
        raise RequestError("goto needs a targetId from gotoTargets")
    frame = stop.innermost
    try:
        line = moves.jump(frame, target)
    except moves.MoveError as error:
        raise RequestError(str(error)) from None
    stop.frames[-1] = (frame, line)
    stop.reason, stop.description = "goto", ""
    return Reply(None, lambda: call.session.stopped(stop))


def _refuse_post_mortem(call: Call) -> None:
    if call.stopped.post_mortem:
        raise RequestError("the program has ended (post-mortem): it cannot run on")


def _leave(call: Call, apply: Callable[[], None], continuing: bool, everyone: bool = False) -> Reply:
    """Stop taking requests, apply the move, answer; then the stop ends (and a continue says so).

    The program's output is its terminal's again once no thread is stopped.
    """
    stop, session = call.stopped, call.session
    stop.stop_serving()  # from the moment the client may see the response, the program counts as running
    others = [other for other in session.stops if other is not stop]
    if continuing and (everyone or not others):
        session.gate.release()
    apply()
    all_continued = continuing and (everyone or not others)

    def then() -> None:
        if continuing:
            session.send_event("continued", {"threadId": stop.thread_id, "allThreadsContinued": all_continued})
        raise Resume()

    return Reply({"allThreadsContinued": all_continued} if continuing else None, then)
