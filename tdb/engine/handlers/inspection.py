"""Looking at a stop: stack, scopes, variables, evaluation, completion, threads, the exception, sources.

Everything that touches frames or objects runs on the stopped thread (router.py);
what the interface is shown first comes with the stopped event (`snapshot`).
"""

from __future__ import annotations

import io
import linecache
import os
from contextlib import redirect_stderr, redirect_stdout
from types import FrameType

from ...dap import extensions
from .. import awaiting, convenience, positions, tasks as loop_tasks
from ..awaiting import compile_awaiting, is_awaiting
from ..budget import OutOfTime, run_bounded, sharing
from ..cancelling import Cancelled
from ..completions import completions as complete
from ..frames import code_name, format_exception, is_library, one_line
from ..requests import Call, RequestError
from ..stops import Stop
from ..threads import describe_threads, frames_of, ident_of
from ..values import full_repr, inspect_value, safe_repr

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

# Variables sent with each stop, per scope; the interface pages the rest in.
SNAPSHOT_PAGE = 100
# Expressions the interface evaluates by itself (a watch, a hover) have a repr's time budget;
# what the user types runs on the stopped thread, for as long as it takes, until interrupted.
BOUNDED_CONTEXTS = ("watch", "hover")


def snapshot(call: Call) -> dict[str, Any]:
    """What the screen shows first at a stop, sent with the event: no round trips per step.

    The stack, the innermost frame's scopes and the first page of each cheap scope; other
    DAP clients ignore the extra key and ask with the standard requests.
    """
    from .breakpoints import hit_counts

    frames = stack_trace(call)["stackFrames"]
    scopes = _scopes(call.stopped, call.stopped.innermost) if frames else []
    with sharing():  # however many values block, the stop comes within about one budget
        pages = {
            str(scope["variablesReference"]): call.stopped.refs.variables(scope["variablesReference"], 0,
                                                                          SNAPSHOT_PAGE)
            for scope in scopes
            if not scope["expensive"]
        }
    found = {"stackFrames": frames, "scopes": scopes, "variables": pages,
             "threads": describe_threads(call.debugger), "breakpoints": hit_counts(call.debugger)}
    if loop_tasks.running_loop() is not None:  # a stop inside an event loop: its tasks too
        found["tasks"] = tasks(call)["tasks"]
    return found


def tasks(call: Call) -> dict[str, Any]:
    """The asyncio tasks of the stopped thread's running event loop (none outside one)."""
    loop = loop_tasks.running_loop()
    if loop is None:
        return {"tasks": []}
    stop = call.stopped
    listed = loop_tasks.list_tasks(loop)
    ids = {}
    for task in listed:
        known = next((number for number, seen in stop.tasks.items() if seen is task), None)
        if known is None:
            known = len(stop.tasks) + 1
            stop.tasks[known] = task
        ids[id(task)] = known
    return {"tasks": loop_tasks.describe_tasks(listed, ids)}


def task_stack(call: Call) -> dict[str, Any]:
    """A task's suspended coroutine frames, innermost first, read-only (as another thread's)."""
    task = call.stopped.tasks.get(call.args.get("taskId"))  # type: ignore[arg-type]
    if task is None:
        raise RequestError(f"no task {call.args.get('taskId')!r} at this stop (tdb/tasks lists them)")
    frames, _awaited = loop_tasks.coroutine_frames(task)
    return _frames_body(call, [(frame, frame.f_lineno) for frame in reversed(frames)])


def stack_trace(call: Call) -> dict[str, Any]:
    stop, debugger = call.stopped, call.debugger
    frames = list(reversed(stop.frames))
    thread_id = call.args.get("threadId")
    if isinstance(thread_id, int) and thread_id not in (0, stop.thread_id):
        # Another thread's stack, read-only: it runs on, or waits for this stop to end.
        ident = ident_of(thread_id)
        if ident is None:
            raise RequestError(f"no thread {thread_id} (it may have ended)")
        frames = [(frame, frame.f_lineno) for frame in frames_of(debugger, ident)]
    return _frames_body(call, frames)


def _frames_body(call: Call, frames: list[tuple[FrameType, int]]) -> dict[str, Any]:
    """DAP StackFrames of (frame, line), innermost first, with the frame ids of this stop."""
    stop, debugger = call.stopped, call.debugger
    start = int(call.args.get("startFrame") or 0)
    levels = int(call.args.get("levels") or 0) or len(frames)
    body = []
    for frame, line in frames[start : start + levels]:
        path = frame.f_code.co_filename
        canonical = debugger.canonic(path)
        entry = {
            "id": stop.frame_id(frame),
            "name": code_name(frame.f_code),
            "line": line,
            "column": 1,
            "source": {"path": canonical, "name": os.path.basename(path)},
        }
        entry.update(positions.expression_range(frame, line))  # PEP 657: the sub-expression it runs
        if is_library(canonical):
            entry["presentationHint"] = "subtle"  # the interface dims it: not the user's code
        body.append(entry)
    return {"stackFrames": body, "totalFrames": len(frames)}


def scopes(call: Call) -> dict[str, Any]:
    return {"scopes": _scopes(call.stopped, call.frame())}


def _scopes(stop: Stop, frame: FrameType) -> list[dict[str, Any]]:
    refs = stop.refs
    found = []
    innermost = frame is stop.innermost
    if innermost and stop.has_return_value:
        found.append(_scope("Return value", refs.scope(lambda: [("(return)", stop.return_value)]), 1))
    if innermost and stop.exception is not None:
        found.append(_scope("Exception", refs.scope(lambda: [("(exception)", stop.exception)]), 1))
    frame_locals = stop.locals_of(frame)
    if frame.f_globals is frame_locals:  # module level: locals are the globals
        names = _globals_of(frame)
        found.append(_scope("Globals", refs.scope(lambda: names), len(names)))
    else:
        local_names = list(frame_locals.items())
        found.append(_scope("Locals", refs.scope(lambda: local_names), len(local_names)))
        globals_ = _globals_of(frame)

        def global_expression(name: str) -> str:  # a local of the same name hides it
            return f"globals()[{name!r}]" if name in frame_locals else name

        found.append(_scope("Globals", refs.scope(lambda: globals_, global_expression), len(globals_),
                            expensive=True))
    return found


def variables(call: Call) -> dict[str, Any]:
    args = call.args
    try:
        found = call.stopped.refs.variables(int(args.get("variablesReference", 0)), int(args.get("start") or 0),
                                            int(args.get("count") or 0))
    except KeyError as error:
        raise RequestError(str(error.args[0])) from None
    except OutOfTime as error:
        raise RequestError(f"the value's children {error} (the program's code that lists them)") from None
    return {"variables": found}


def evaluate(call: Call) -> dict[str, Any]:
    stop = call.stopped
    expression = str(call.args.get("expression", ""))
    context = str(call.args.get("context", "repl"))
    frame = call.frame()
    names = convenience.variables(stop, frame, call.debugger.convenience)  # pdb's $name (on the stopped thread)
    try:
        if context in BOUNDED_CONTEXTS:  # evaluated at every stop, unasked: in time, on a helper
            text, value, has_value = run_bounded(evaluate_in, stop, expression, frame, context, names)
        else:
            with stop.interruptible:  # DAP cancel (Ctrl-C) interrupts it
                text, value, has_value = evaluate_in(stop, expression, frame, context, names)
    except OutOfTime as error:
        raise RequestError(f"{error} (interrupted)") from None
    except Cancelled:
        raise RequestError("cancelled") from None
    except SyntaxError as error:
        raise RequestError(f"SyntaxError: {error.msg}") from None
    except BaseException as error:  # as pdb: KeyboardInterrupt or SystemExit in the expression is its error
        error = convenience.explain(error)
        raise RequestError(f"{type(error).__name__}: {error}") from None
    if not has_value:
        return {"result": text, "variablesReference": 0}
    if context in ("clipboard", extensions.PPRINT, extensions.INSPECT):
        text = full_repr(value, pretty=context == extensions.PPRINT)
    described = stop.refs.describe(expression, value, expression)
    body = {"result": text, "type": described["type"], "variablesReference": described["variablesReference"]}
    if context == extensions.INSPECT:  # the value view: str, type, module and MRO as well
        body[extensions.INSPECT] = inspect_value(value)
    return body


def evaluate_in(stop: Stop, expression: str, frame: FrameType, context: str,
                names: convenience.Variables) -> tuple[str, Any, bool]:
    """Evaluate or execute in a frame: (text, value, has_value).

    An expression gives its value. Anything else runs as statements (at the
    console, context repl); what it prints is the result. Errors propagate as the
    program's own exceptions. pdb's `$name`s read and write `names` (convenience.py).
    """
    frame_locals = stop.locals_of(frame)
    if frame_locals is not frame.f_globals and stop.owns(frame):
        # (Only the stopped thread's frames: writing back into another thread's would undo its work.)
        stop.evaluated_in[id(frame)] = frame
    source, frame_locals = convenience.prepare(expression, frame_locals, names)
    try:
        code = compile_awaiting(source, "eval")
    except SyntaxError:
        if context != "repl":
            raise
        code = compile_awaiting(source + "\n", "exec")
        captured = io.StringIO()
        with redirect_stdout(captured), redirect_stderr(captured):
            _run(stop, code, frame.f_globals, frame_locals)
        return captured.getvalue().rstrip("\n"), None, False
    if context in BOUNDED_CONTEXTS:
        if is_awaiting(code):
            raise SyntaxError("await runs at the console only (it lets the event loop run)")
        # (sys.stdout is the whole program's: a helper left blocked must not keep it redirected)
        value = eval(code, frame.f_globals, frame_locals)
        return safe_repr(value), value, True
    captured = io.StringIO()
    with redirect_stdout(captured), redirect_stderr(captured):
        value = _run(stop, code, frame.f_globals, frame_locals)
    printed = captured.getvalue()
    if value is None and context == "repl":  # as Python's prompt and pdb's `!`: a call's None shows nothing
        return printed.rstrip("\n"), None, False
    text = safe_repr(value)
    return (printed + text if printed else text), value, True


def _run(stop: Stop, code: Any, globals: dict[str, Any], frame_locals: Any) -> Any:
    """eval() of compiled source; source that awaits (`await fetch()`) is awaited (awaiting.py)."""
    value = eval(code, globals, frame_locals)
    if is_awaiting(code):
        return awaiting.run(value, stop.interruptible)
    return value


def completions(call: Call) -> dict[str, Any]:
    frame = call.frame()
    text = str(call.args.get("text", ""))
    column = call.args.get("column")
    if not isinstance(column, int) or column < 1:
        column = len(text) + 1  # DAP requires it; without one, the end of the text
    return {"targets": complete(text, column, frame.f_globals, call.stopped.locals_of(frame))}


def threads(call: Call) -> dict[str, Any]:
    return {"threads": describe_threads(call.debugger)}


def arguments(call: Call) -> dict[str, Any]:
    """pdb's `args`: the selected frame's arguments, as (name, full repr)."""
    from ..console import arguments_of  # (console.py, sources.py: imported when first asked)

    frame = call.frame()
    listed = arguments_of(frame, call.stopped.locals_of(frame))
    return {"arguments": [{"name": name, "value": value} for name, value in listed]}


def interact(call: Call) -> dict[str, Any]:
    """pdb's `interact`: `start` opens a console on the frame; then each complete block is sent as `source`."""
    stop = call.stopped
    frame = call.frame()
    key = stop.frame_id(frame)
    if call.args.get("start"):
        from ..console import InteractiveNamespace

        stop.consoles[key] = InteractiveNamespace(frame, stop.locals_of(frame))
        return {"output": "", "failed": False, "exited": False}
    console = stop.consoles.get(key)
    if console is None:
        raise RequestError("no interact session in this frame: start one with interact")
    with stop.interruptible:  # DAP cancel (Ctrl-C) interrupts it
        result = console.run(str(call.args.get("source", "")))
    if result["exited"]:
        del stop.consoles[key]
    return result


# -- the stop's exception (exception_view.py): pdb's `exceptions`, the exceptions screen ---------


def exception_info(call: Call) -> dict[str, Any]:
    stop = call.stopped
    exception = stop.exception
    if exception is None:
        raise RequestError("this stop has no exception")
    return {
        "exceptionId": type(exception).__qualname__,
        "description": str(exception),
        "breakMode": "unhandled" if stop.post_mortem else "always",
        "details": {"typeName": type(exception).__qualname__, "stackTrace": format_exception(exception)},
    }


def exceptions(call: Call) -> dict[str, Any]:
    """The stop's exception: its chain and group members, numbered as pdb numbers them, and its traceback."""
    return _exception_view(call.stopped).describe()


def select_exception(call: Call) -> dict[str, Any]:
    """Make the frames of the stop those of exception `id`'s traceback; the new stack (frame ids stay valid)."""
    stop = call.stopped
    view = _exception_view(stop)
    try:
        stop.frames = view.select(call.args.get("id"), call.debugger.get_stack)
    except LookupError as error:
        raise RequestError(str(error.args[0])) from None
    stop.exception = view.selected_exception
    return {"stackFrames": stack_trace(Call(call.session, call.request, {}, stop))["stackFrames"],
            "selected": view.selected, "description": one_line(stop.exception)}


def _exception_view(stop: Stop) -> Any:
    """The stop's exception_view.ExceptionView (imported here: few stops are ever asked for one)."""
    from ..exception_view import ExceptionView

    if stop.exception_view is None:
        if stop.exception is None:
            raise RequestError("No exception at this stop")
        stop.exception_view = ExceptionView(stop.exception, stop.frames)
    return stop.exception_view


# -- sources ---------------------------------------------------------------------------


def source(call: Call) -> dict[str, Any]:
    path = (call.args.get("source") or {}).get("path") or ""
    lines = linecache.getlines(path) or linecache.getlines(call.debugger.canonic(path))
    if not lines:
        raise RequestError(f"source not available: {path}")
    return {"content": "".join(lines), "mimeType": "text/x-python"}


def reload_source(call: Call) -> dict[str, Any]:
    """A file edited on disk: read it again (the program still runs what it loaded)."""
    path = (call.args.get("source") or {}).get("path") or ""
    linecache.checkcache(call.debugger.canonic(path))
    return source(call)


def loaded_sources(call: Call) -> dict[str, Any]:
    from .. import sources

    stop = call.session.stops.current
    stack = [frame.f_code.co_filename for frame, _ in reversed(stop.frames)] if stop is not None else []
    return {"sources": sources.loaded_sources(stack, call.debugger.canonic)}


def source_lines(call: Call) -> dict[str, Any]:
    """pdb's `ll` (the selected frame's function) or `source expression`: {lines, startLine}."""
    frame = call.frame()
    expression = call.args.get("expression")
    if expression is None:
        target: Any = frame
    else:
        names = convenience.variables(call.stopped, frame, call.debugger.convenience)
        source, frame_locals = convenience.prepare(str(expression), call.stopped.locals_of(frame), names)
        try:
            target = eval(source, frame.f_globals, frame_locals)
        except SyntaxError as error:
            raise RequestError(f"SyntaxError: {error.msg}") from None
        except Exception as error:
            error = convenience.explain(error)
            raise RequestError(f"{type(error).__name__}: {error}") from None
    from .. import sources

    try:
        lines, first = sources.source_lines(target)
    except (OSError, TypeError) as error:
        raise RequestError(str(error)) from None
    return {"lines": [line.rstrip("\r\n") for line in lines], "startLine": first}


def _scope(name: str, ref: int, count: int, *, expensive: bool = False) -> dict[str, Any]:
    return {"name": name, "variablesReference": ref, "namedVariables": count, "expensive": expensive}


def _globals_of(frame: FrameType) -> list[tuple[str, Any]]:
    # Dunder names (__builtins__, __loader__, ...) are noise in a first look.
    return [(k, v) for k, v in frame.f_globals.items() if not (k.startswith("__") and k.endswith("__"))]
