"""Who answers each request: the reader thread, or the stopped thread that owns what the request names.

Requests that only touch the debugger's state (breakpoints, configuration) are
answered on the reader thread as they come. Requests that touch frames or
objects are queued for the stopped thread (Stop.submit): evaluation and repr
always run on the thread whose frames they read. One table, ROUTES, says
which is which; nothing else lists requests.
"""

from __future__ import annotations

from collections import namedtuple

from ..dap import extensions
from .handlers import breakpoints, inspection, lifecycle, live, motion
from ..log import log_error
from .requests import Call, Reply, RequestError

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable
    from .session import Session
    from .stops import Stop

# Where a request is answered.
READER = "reader"  # the reader thread, stopped or not
STOPPED = "stopped"  # the stopped thread; refused while the program runs
EITHER = "either"  # the stopped thread if there is a stop, else the reader thread
RESUMING = "resuming"  # the stopped thread, which it sets running; refused while the program runs


# Where a request is answered (READER, ...), and its handler: Callable[[Call], Any].
Route = namedtuple("Route", "where handler")


ROUTES: dict[str, Route] = {
    # the session
    "initialize": Route(READER, lifecycle.initialize),
    "attach": Route(READER, lifecycle.attach),
    "launch": Route(READER, lifecycle.attach),
    "configurationDone": Route(READER, lifecycle.configuration_done),
    "pause": Route(READER, lifecycle.pause),
    extensions.THREAD_POLICY: Route(READER, lifecycle.thread_policy),
    extensions.VALUE_FORMAT: Route(READER, lifecycle.value_format),
    extensions.LIVE_STACKS: Route(READER, live.stacks),
    extensions.LIVE_WATCHES: Route(READER, live.watches),
    "cancel": Route(READER, lifecycle.cancel),
    "restart": Route(READER, lifecycle.restart),
    extensions.RELEASE_TERMINAL: Route(READER, lifecycle.release_terminal),
    "disconnect": Route(EITHER, lifecycle.disconnect),
    "terminate": Route(EITHER, lifecycle.terminate),
    # breakpoints
    "setBreakpoints": Route(READER, breakpoints.set_breakpoints),
    "setFunctionBreakpoints": Route(EITHER, breakpoints.set_function_breakpoints),  # looked up in the frame
    "setExceptionBreakpoints": Route(READER, breakpoints.set_exception_breakpoints),
    # inspection
    "threads": Route(READER, inspection.threads),
    "stackTrace": Route(STOPPED, inspection.stack_trace),
    "scopes": Route(STOPPED, inspection.scopes),
    "variables": Route(STOPPED, inspection.variables),
    "evaluate": Route(STOPPED, inspection.evaluate),
    "completions": Route(STOPPED, inspection.completions),
    "exceptionInfo": Route(STOPPED, inspection.exception_info),
    extensions.ARGUMENTS: Route(STOPPED, inspection.arguments),
    extensions.INTERACT: Route(STOPPED, inspection.interact),
    extensions.EXCEPTIONS: Route(STOPPED, inspection.exceptions),
    extensions.SELECT_EXCEPTION: Route(STOPPED, inspection.select_exception),
    extensions.TASKS: Route(STOPPED, inspection.tasks),
    extensions.TASK_STACK: Route(STOPPED, inspection.task_stack),
    # sources (a loader's get_source is the program's code: on the stopped thread when there is one)
    "source": Route(EITHER, inspection.source),
    "loadedSources": Route(READER, inspection.loaded_sources),
    extensions.RELOAD_SOURCE: Route(READER, inspection.reload_source),
    extensions.SOURCE_LINES: Route(STOPPED, inspection.source_lines),
    # motion
    "continue": Route(RESUMING, motion.resume),
    "next": Route(RESUMING, motion.resume),
    "stepIn": Route(RESUMING, motion.resume),
    "stepOut": Route(RESUMING, motion.resume),
    extensions.UNTIL: Route(RESUMING, motion.until),
    extensions.RUN_TO_LINE: Route(RESUMING, motion.run_to_line),
    "gotoTargets": Route(STOPPED, motion.goto_targets),
    "goto": Route(STOPPED, motion.goto),
}


def dispatch(session: "Session", request: dict[str, Any]) -> None:
    """On the reader thread: answer a request here, or hand it to the stop it is for."""
    command = request.get("command")
    arguments = request.get("arguments", {})
    if not isinstance(command, str) or not isinstance(arguments, (dict, type(None))):
        # Handlers (some on the stopped thread) may rely on the envelope's shape.
        session.respond(request, error="malformed request: needs a command and an arguments object")
        return
    route = ROUTES.get(command)
    if route is None:
        session.respond(request, error=f"unsupported request: {command!r}")
        return
    if route.where != READER:
        stop = session.stops.for_request(arguments or {})
        if stop is not None and stop.submit(request):
            return
        if route.where == RESUMING:
            session.respond(request, error="the program is running")
            return
        if route.where == STOPPED:
            session.respond(request, error="the program is running; stop it first")
            return
    _answer(session, route, request, None)


def answer(session: "Session", request: dict[str, Any], stop: "Stop") -> None:
    """On the stopped thread: answer a request the reader thread queued for this stop.

    A resuming request ends by raising stops.Resume, after its response is sent.
    """
    route = ROUTES[str(request.get("command"))]
    _answer(session, route, request, stop)


def _answer(session: "Session", route: Route, request: dict[str, Any], stop: "Stop | None") -> None:
    call = Call(session, request, request.get("arguments") or {}, stop)
    try:
        body = route.handler(call)
    except RequestError as error:
        session.respond(request, error=str(error))
    except Exception as error:  # a bug must cost one request, not the session
        where = log_error(f"engine: the {request.get('command')!r} request failed", error)
        session.respond(request, error=f"internal error: {type(error).__name__}: {error} (details in {where})")
    else:
        if isinstance(body, Reply):
            session.respond(request, body.body)
            body.then()  # (outside the try: leaving a stop raises stops.Resume)
        else:
            session.respond(request, body)
