"""The engine's DAP server: a reader thread that answers or routes each request.

Requests that only touch debugger state (breakpoints, threads, configuration)
are answered on the reader thread. Requests that touch frames or objects are
queued for the stopped thread (see Debugger._serve).
"""

from __future__ import annotations

import bdb
import linecache
import os
import signal
import sys
import threading
from dataclasses import dataclass
from types import FrameType
from typing import Any, Callable

from ..dap import messages
from ..dap.connection import Connection, ConnectionClosed
from ..dap.framing import ProtocolError
from . import breakpoints
from . import exceptions, moves, positions, tracer
from .completions import completions
from .deadline import TimedOut
from .debugger import RESUMING, STOPPED_THREAD_REQUESTS, Debugger, Stop, format_exception, is_engine_frame, one_line
from .output import OutputGate
from .threads import describe_threads, frames_of, ident_of
from .values import full_repr, inspect_value

CAPABILITIES = {
    "supportsConfigurationDoneRequest": True,
    "supportsFunctionBreakpoints": True,
    "supportsConditionalBreakpoints": True,
    "supportsHitConditionalBreakpoints": True,
    "supportsLogPoints": True,
    "supportsEvaluateForHovers": True,
    "supportsTerminateRequest": True,
    "supportsExceptionInfoRequest": True,
    "supportsDelayedStackTraceLoading": True,
    "supportsCompletionsRequest": True,
    "supportsGotoTargetsRequest": True,
    "supportsLoadedSourcesRequest": True,
    "exceptionBreakpointFilters": exceptions.FILTERS,
    "supportsExceptionFilterOptions": True,
}


# Variables sent with each stop, per scope; the interface pages the rest in.
SNAPSHOT_PAGE = 100


# Resuming requests that may be refused first (their line is checked while still stopped).
CHECKED_RESUMING = frozenset({"tdb/until", "tdb/runToLine"})


class RequestError(Exception):
    """A request that fails with a message for the user."""


@dataclass
class _Reply:
    """A handler's response body, and what to do once the response is sent.

    Choosing restart or quit wakes the main thread, which may close the
    connection at once: the choice must follow the response, not race it.
    """

    body: dict[str, Any] | None
    then: Callable[[], Any]


class Server:
    def __init__(self, connection: Connection, *, mode: str, main_file: str = "") -> None:
        self.connection = connection
        self.mode = mode  # "attach" (set_trace), "launch" (tdb script.py) or "remote" (tdb -p PID)
        self.debugger = Debugger(self)
        # Known before the program starts, for function breakpoints set while configuring.
        self.debugger.mainpyfile = self.debugger.canonic(main_file) if main_file else ""
        self.gate = OutputGate(self._forward_output)
        self.configured = threading.Event()
        self.disconnected = threading.Event()
        self.quit_requested = False  # the user asked to end the program and the session
        # Launch mode: what the user chose after the program ended.
        self.after_exit = _Choice()
        self.when_lost: Callable[[], None] | None = None
        self._reader = threading.Thread(target=self._read_loop, name="tdb-dap-reader", daemon=True)
        # `interact` sessions of this stop, by frame id (ids are never reused).
        self.consoles: dict[int, Any] = {}  # frame id -> console.InteractiveNamespace (pdb's interact)

    @property
    def connected(self) -> bool:
        return not self.disconnected.is_set()

    def start(self) -> None:
        self._reader.start()

    # -- sending ----------------------------------------------------------------

    def send_event(self, name: str, body: dict[str, Any] | None = None) -> None:
        self._send(messages.event(0, name, body))

    def respond(self, request: dict[str, Any], body: dict[str, Any] | None = None, error: str | None = None) -> None:
        self._send(messages.response(0, request, body, error=error))

    def _send(self, message: dict[str, Any]) -> None:
        # Quiet: a program thread sends too (its output, forwarded while it steps), and a stop
        # inside the send (in json, say) would wait for the connection's lock that the send holds.
        with self.debugger.engine_code():
            try:
                self.connection.send(message)
            except ConnectionClosed:
                self._lost()

    def program_error(self, text: str) -> None:
        """Print on the program's stderr, where Python would, and in the interface's console."""
        held = self.gate.holding  # held output reaches the console already
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except Exception:
            pass
        if not held:
            self.send_event("output", {"category": "stderr", "output": text})

    def _forward_output(self, category: str, text: str) -> None:
        self.send_event("output", {"category": category, "output": text})

    # -- the reader thread --------------------------------------------------------

    def _read_loop(self) -> None:
        sys.settrace(None)  # never trace the engine's own thread
        tracer.engine_threads.add(threading.get_ident())
        try:
            for message in self.connection.messages():
                if message.get("type") == "request":
                    self.dispatch(message)
        except ProtocolError as error:
            print(f"tdb: the interface sent a malformed message ({error}); closing the connection", file=sys.__stderr__)
        self.hang_up()

    def hang_up(self) -> None:
        """End the session from our side: the program runs on, and nobody waits for the client."""
        self._lost()
        self.connection.close()

    def _lost(self) -> None:
        if self.disconnected.is_set():
            return
        self.disconnected.set()
        # First put the terminal right (a killed interface leaves it raw, in the
        # alternate screen); only then may the program run and print again.
        if self.when_lost:
            self.when_lost()
        self.configured.set()  # nobody will configure us now: don't wait
        self.after_exit.choose("quit")
        self.debugger.submit(None)
        self.gate.release()

    def dispatch(self, request: dict[str, Any]) -> None:
        """Answer a request here, or hand it to the stopped thread."""
        command = request.get("command")
        if not isinstance(command, str) or not isinstance(request.get("arguments", {}), (dict, type(None))):
            # Handlers (some on the stopped thread) may rely on the envelope's shape.
            self.respond(request, error="malformed request: needs a command and an arguments object")
            return
        if command in STOPPED_THREAD_REQUESTS and self.debugger.submit(request):
            return
        handler = getattr(self, "request_" + command.replace("/", "_"), None)
        if command in RESUMING:
            self.respond(request, error="the program is running")
            return
        if handler is None:
            if command in STOPPED_THREAD_REQUESTS:
                self.respond(request, error="the program is running; stop it first")
            else:
                self.respond(request, error=f"unsupported request: {command!r}")
            return
        self._call(handler, request)

    def _call(self, handler: Callable[[dict[str, Any]], Any], request: dict[str, Any]) -> None:
        try:
            body = handler(request.get("arguments") or {})
        except RequestError as error:
            self.respond(request, error=str(error))
        except TimedOut:  # code of the program's that the request ran (a property, __len__) never ended
            self.respond(request, error="the program's code did not finish in time (interrupted)")
        except Exception as error:  # a bug must cost one request, not the session
            self.respond(request, error=f"internal error: {type(error).__name__}: {error}")
        else:
            if isinstance(body, _Reply):
                self.respond(request, body.body)
                body.then()
            else:
                self.respond(request, body)

    # -- requests on the reader thread --------------------------------------------

    def request_initialize(self, args: dict[str, Any]) -> _Reply:
        # DAP: the initialized event follows the initialize response, never overtakes it.
        capabilities = {**CAPABILITIES, "supportsRestartRequest": self.mode == "launch",
                        # tdb -p: q lets the program run on (disconnect), rather than ending it.
                        "tdb/quitDetaches": self.mode == "remote"}
        return _Reply(capabilities, lambda: self.send_event("initialized"))

    def request_attach(self, args: dict[str, Any]) -> None:
        return None

    request_launch = request_attach

    def request_configurationDone(self, args: dict[str, Any]) -> None:
        self.configured.set()

    def request_setBreakpoints(self, args: dict[str, Any]) -> dict[str, Any]:
        path = (args.get("source") or {}).get("path")
        if not path:
            raise RequestError("setBreakpoints needs source.path")
        filename = self.debugger.canonic(path)
        linecache.checkcache(filename)
        with self.debugger.changing_breakpoints():
            # Only the file's line breakpoints: function breakpoints in it are replaced separately.
            replaced = [bp for bp in self._user_breakpoints() if bp.file == filename and not bp.funcname]
            survivors = breakpoints.Survivors(replaced)
            for bp in replaced:
                self.debugger.clear_bpbynumber(bp.number)
            results = []
            for spec in args.get("breakpoints") or []:
                results.append(self._place(filename, int(spec.get("line", 0)), spec, survivors))
        return {"breakpoints": results}

    def _place(self, filename: str, line: int, spec: dict[str, Any], survivors: breakpoints.Survivors,
               funcname: str | None = None) -> dict[str, Any]:
        """Set one SourceBreakpoint/FunctionBreakpoint (with tdb's extension keys); its DAP Breakpoint."""
        placed = breakpoints.place_line(filename, line)
        options = breakpoints.SpecOptions.read(spec)
        if options.problem or not placed.verified:
            return {"verified": False, "line": line, "message": options.problem or placed.message}
        error = self.debugger.set_break(filename, placed.line, options.temporary, options.condition, funcname,
                                        options.log_message, options.hit_condition)
        if error:
            return {"verified": False, "line": line, "message": error}
        bp = self.debugger.get_breaks(filename, placed.line)[-1]
        options.apply(bp, survivors)
        result = {"verified": True, "id": bp.number, "line": placed.line, "source": {"path": filename}}
        if placed.message:
            result["message"] = placed.message
        return result

    def _user_breakpoints(self) -> list[Any]:
        """The breakpoints a client set (not the engine's own, for run to a line)."""
        return [bp for bp in _all_breakpoints() if not self.debugger.run_to.owns(bp)]

    def breakpoint_removed(self, bp: Any) -> None:
        """A temporary breakpoint went at its first stop: the client's list must lose it too."""
        if not self.debugger.run_to.owns(bp):
            self.send_event("breakpoint", {"reason": "removed", "breakpoint": {
                "id": bp.number, "verified": False, "line": bp.line, "source": {"path": bp.file}}})

    def request_setFunctionBreakpoints(self, args: dict[str, Any], frame: FrameType | None = None) -> dict[str, Any]:
        with self.debugger.changing_breakpoints():
            # One by one: clear_break(file, line) would also drop a line breakpoint on the def line.
            replaced = [bp for bp in self._user_breakpoints() if bp.funcname]
            survivors = breakpoints.Survivors(replaced)
            for bp in replaced:
                self.debugger.clear_bpbynumber(bp.number)
            results = []
            for spec in args.get("breakpoints") or []:
                name = str(spec.get("name", "")).strip()
                located = self._locate_function(name, frame)
                if isinstance(located, str):
                    results.append({"verified": False, "message": located})
                    continue
                filename, line, funcname = located
                results.append(self._place(filename, line, spec, survivors, funcname))
        return {"breakpoints": results}

    def _locate_function(self, name: str, frame: FrameType | None) -> tuple[str, int, str] | str:
        if not name:
            return "a function breakpoint needs a name"
        if frame is not None:
            try:
                value = eval(name, frame.f_globals, self.debugger.stop.locals_of(frame))  # type: ignore[union-attr]
            except Exception:
                value = None
            code = getattr(getattr(value, "__func__", value), "__code__", None)
            if code is not None:
                return self.debugger.canonic(code.co_filename), code.co_firstlineno, code.co_name
            if value is not None:
                return f"{name!r} is not a function"
        search = [frame.f_code.co_filename] if frame is not None else []
        if self.debugger.mainpyfile:
            search.append(self.debugger.mainpyfile)
        for filename in search:
            line = breakpoints.find_function_line(filename, name.rpartition(".")[2])
            if line:
                return self.debugger.canonic(filename), line, name.rpartition(".")[2]
        return f"no function named {name!r} here"

    def request_setExceptionBreakpoints(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"breakpoints": self.debugger.exceptions.configure(args)}

    def request_threads(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"threads": describe_threads(self.debugger)}

    def request_source(self, args: dict[str, Any]) -> dict[str, Any]:
        path = (args.get("source") or {}).get("path") or ""
        lines = linecache.getlines(path) or linecache.getlines(self.debugger.canonic(path))
        if not lines:
            raise RequestError(f"source not available: {path}")
        return {"content": "".join(lines), "mimeType": "text/x-python"}

    def request_pause(self, args: dict[str, Any]) -> None:
        if self.debugger._previous_sigint is None:
            raise RequestError("cannot pause here: press Ctrl-C in the program's terminal")
        # To the main thread itself (tdb's handler runs there): a call it is blocked in returns.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # type: ignore[arg-type]

    def request_tdb_releaseTerminal(self, args: dict[str, Any]) -> None:
        self.gate.release()

    def request_restart(self, args: dict[str, Any]) -> _Reply:
        if self.mode != "launch":
            raise RequestError("restart works only for a program started by tdb")
        if not self.after_exit.waiting:
            raise RequestError("restart is offered when the program has ended")
        return _Reply(None, lambda: self.after_exit.choose("restart"))

    def request_disconnect(self, args: dict[str, Any]) -> _Reply | None:
        if self.after_exit.waiting:
            return _Reply(None, lambda: self.after_exit.choose("quit"))
        if args.get("terminateDebuggee", self.mode == "launch"):
            self.quit_requested = True
            self.debugger.set_quit()
            return None
        self.debugger.clear_all_breaks()
        self.debugger.set_continue()
        # The client may keep its end open: don't let the program wait for it at exit.
        return _Reply(None, self.hang_up)

    def request_terminate(self, args: dict[str, Any]) -> _Reply | None:
        self.quit_requested = True
        if self.after_exit.waiting:
            return _Reply(None, lambda: self.after_exit.choose("quit"))
        self.debugger.set_quit()
        return None

    # -- requests on the stopped thread ---------------------------------------------

    def handle_stopped(self, request: dict[str, Any], debugger: Debugger) -> None:
        """Answer one request on the stopped thread; resuming ones raise _Resume."""
        command = request.get("command")
        args = request.get("arguments") or {}
        if command in CHECKED_RESUMING:
            self._resume_checked(request, args, debugger)  # leaves the stop, or says why not
            return
        if command in RESUMING:
            # From the moment the client may see the response, the program counts as running.
            debugger.stop_serving()
            if command == "continue":
                self.gate.release()
            debugger.resume(command, _optional_frame(debugger, args.get("frameId")))
            self.respond(request, {"allThreadsContinued": False} if command == "continue" else None)
            if command == "continue":
                self.send_event("continued", {"threadId": debugger.stop.thread_id})  # type: ignore[union-attr]
            debugger.leave()
        if command in ("disconnect", "terminate"):
            debugger.stop_serving()
            self.respond(request)
            if command == "disconnect" and not args.get("terminateDebuggee", self.mode == "launch"):
                self.hang_up()
                debugger.detach()
            self.quit_requested = True
            debugger.quit()
            return
        handler = getattr(self, "stopped_" + str(command).replace("/", "_"), None)
        if handler is None:
            self._dispatch_now(request)
            return
        self._call(lambda a: handler(a, debugger), request)

    def _dispatch_now(self, request: dict[str, Any]) -> None:
        handler = getattr(self, "request_" + str(request.get("command", "")).replace("/", "_"), None)
        if handler is None:
            self.respond(request, error=f"unsupported request: {request.get('command')!r}")
        else:
            self._call(handler, request)

    def stopped_stackTrace(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        stop = debugger.stop
        assert stop is not None
        frames = list(reversed(stop.frames))
        thread_id = args.get("threadId")
        if isinstance(thread_id, int) and thread_id not in (0, stop.thread_id):
            # Another thread's stack, read-only: it runs on, or waits for this stop to end.
            ident = ident_of(thread_id)
            if ident is None:
                raise RequestError(f"no thread {thread_id} (it may have ended)")
            frames = [(frame, frame.f_lineno) for frame in frames_of(debugger, ident)]
        start = int(args.get("startFrame") or 0)
        levels = int(args.get("levels") or 0) or len(frames)
        body = []
        for frame, line in frames[start : start + levels]:
            path = frame.f_code.co_filename
            canonical = debugger.canonic(path)
            entry = {
                "id": debugger.frame_id(frame),
                "name": frame.f_code.co_qualname if hasattr(frame.f_code, "co_qualname") else frame.f_code.co_name,
                "line": line,
                "column": 1,
                "source": {"path": canonical, "name": os.path.basename(path)},
            }
            entry.update(positions.expression_range(frame, line))  # PEP 657: the sub-expression it runs
            if _is_library(canonical):
                entry["presentationHint"] = "subtle"  # the interface dims it: not the user's code
            body.append(entry)
        return {"stackFrames": body, "totalFrames": len(frames)}

    def stopped_scopes(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        stop = debugger.stop
        assert stop is not None
        frame = _requested_frame(debugger, args)
        refs = stop.refs
        scopes = []
        innermost = frame is stop.frames[-1][0]
        if innermost and stop.has_return_value:
            scopes.append(_scope("Return value", refs.scope(lambda: [("(return)", stop.return_value)]), 1))
        if innermost and stop.exception is not None:
            scopes.append(_scope("Exception", refs.scope(lambda: [("(exception)", stop.exception)]), 1))
        frame_locals = stop.locals_of(frame)
        if frame.f_globals is frame_locals:  # module level: locals are the globals
            names = _globals_of(frame)
            scopes.append(_scope("Globals", refs.scope(lambda: names), len(names)))
        else:
            names = list(frame_locals.items())
            scopes.append(_scope("Locals", refs.scope(lambda: names), len(names)))
            globals_ = _globals_of(frame)

            def global_expression(name: str) -> str:  # a local of the same name hides it
                return f"globals()[{name!r}]" if name in frame_locals else name

            scopes.append(_scope("Globals", refs.scope(lambda: globals_, global_expression), len(globals_),
                                 expensive=True))
        return {"scopes": scopes}

    def stopped_variables(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        assert debugger.stop is not None
        try:
            variables = debugger.stop.refs.variables(
                int(args.get("variablesReference", 0)), int(args.get("start") or 0), int(args.get("count") or 0)
            )
        except KeyError as error:
            raise RequestError(str(error.args[0])) from None
        return {"variables": variables}

    def stopped_evaluate(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        stop = debugger.stop
        assert stop is not None
        expression = str(args.get("expression", ""))
        frame = _requested_frame(debugger, args)
        try:
            text, value, has_value = debugger.evaluate(expression, frame, str(args.get("context", "repl")))
        except SyntaxError as error:
            raise RequestError(f"SyntaxError: {error.msg}") from None
        except Exception as error:
            raise RequestError(f"{type(error).__name__}: {error}") from None
        if not has_value:
            return {"result": text, "variablesReference": 0}
        if args.get("context") in ("clipboard", "tdb/pprint", "tdb/inspect"):
            text = full_repr(value, pretty=args.get("context") == "tdb/pprint")
        described = stop.refs.describe(expression, value, expression)
        body = {
            "result": text,
            "type": described["type"],
            "variablesReference": described["variablesReference"],
        }
        if args.get("context") == "tdb/inspect":  # the value view: str, type, module and MRO as well
            body["tdb/inspect"] = inspect_value(value)
        return body

    def stopped_tdb_arguments(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        """pdb's `args`: the selected frame's arguments, as (name, full repr)."""
        from .console import arguments_of  # (console.py, sources.py: imported when first asked)

        frame = _requested_frame(debugger, args)
        listed = arguments_of(frame, debugger.stop.locals_of(frame))  # type: ignore[union-attr]
        return {"arguments": [{"name": name, "value": value} for name, value in listed]}

    def stopped_tdb_interact(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        """pdb's `interact`: `start` opens a console on the frame; then each complete block is sent as `source`."""
        frame = _requested_frame(debugger, args)
        key = debugger.frame_id(frame)
        if args.get("start"):
            from .console import InteractiveNamespace

            self.consoles[key] = InteractiveNamespace(frame, debugger.stop.locals_of(frame))  # type: ignore[union-attr]
            return {"output": "", "failed": False, "exited": False}
        console = self.consoles.get(key)
        if console is None:
            raise RequestError("no interact session in this frame: start one with interact")
        result = console.run(str(args.get("source", "")))
        if result["exited"]:
            del self.consoles[key]
        return result

    def stopped_completions(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        stop = debugger.stop
        assert stop is not None
        frame = _requested_frame(debugger, args)
        text = str(args.get("text", ""))
        column = args.get("column")
        if not isinstance(column, int) or column < 1:
            column = len(text) + 1  # DAP requires it; without one, the end of the text
        return {"targets": completions(text, column, frame.f_globals, stop.locals_of(frame))}

    def stopped_setFunctionBreakpoints(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        return self.request_setFunctionBreakpoints(args, debugger.frame_for(None))

    def stopped_exceptionInfo(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        exception = debugger.stop.exception if debugger.stop else None
        if exception is None:
            raise RequestError("this stop has no exception")
        return {
            "exceptionId": type(exception).__qualname__,
            "description": str(exception),
            "breakMode": "unhandled" if debugger.stop.post_mortem else "always",  # type: ignore[union-attr]
            "details": {"typeName": type(exception).__qualname__, "stackTrace": format_exception(exception)},
        }

    # -- browsing the stop's exception (exception_view.py): pdb's `exceptions`, the exceptions screen ---------

    def stopped_tdb_exceptions(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        """The stop's exception: its chain and group members, numbered as pdb numbers them, and its traceback."""
        return _exception_view(debugger).describe()

    def stopped_tdb_selectException(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        """Make the frames of the stop those of exception `id`'s traceback; the new stack (frame ids stay valid)."""
        stop, view = debugger.stop, _exception_view(debugger)
        assert stop is not None
        try:
            stop.frames = view.select(args.get("id"), is_engine_frame, debugger.get_stack)
        except LookupError as error:
            raise RequestError(str(error.args[0])) from None
        stop.exception = view.selected_exception
        return {"stackFrames": self.stopped_stackTrace({}, debugger)["stackFrames"], "selected": view.selected,
                "description": one_line(stop.exception)}

    # -- moving elsewhere (moves.py), reading sources (sources.py) -----------------------

    def _resume_checked(self, request: dict[str, Any], args: dict[str, Any], debugger: Debugger) -> None:
        """tdb/until and tdb/runToLine: refused while still stopped (pdb's words), or resume as next/continue do."""
        command = request["command"]
        try:
            if debugger.stop is not None and debugger.stop.post_mortem:
                raise RequestError("the program has ended (post-mortem): it cannot run on")
            apply = self._until(args, debugger) if command == "tdb/until" else self._run_to_line(args, debugger)
        except (RequestError, moves.MoveError) as error:
            self.respond(request, error=str(error))
            return
        continuing = command == "tdb/runToLine"
        debugger.stop_serving()
        if continuing:
            self.gate.release()
        apply()
        self.respond(request, {"allThreadsContinued": False} if continuing else None)
        if continuing:
            self.send_event("continued", {"threadId": debugger.stop.thread_id})  # type: ignore[union-attr]
        debugger.leave()

    def _until(self, args: dict[str, Any], debugger: Debugger) -> Callable[[], None]:
        """pdb's `until [line]` in the selected frame."""
        frame = _requested_frame(debugger, args)
        if not debugger.owns(frame):
            raise RequestError("until works in the stopped thread's frames")
        line = args.get("line")
        if line is not None and (not isinstance(line, int) or isinstance(line, bool)):
            raise RequestError(f"Error in argument: {line!r}")
        moves.check_until(frame, line)
        return lambda: moves.until(debugger, frame, line)

    def _run_to_line(self, args: dict[str, Any], debugger: Debugger) -> Callable[[], None]:
        """pudb's "run to this line": an internal breakpoint there (never listed), then continue."""
        path = (args.get("source") or {}).get("path")
        line = args.get("line")
        if not path or not isinstance(line, int) or isinstance(line, bool):
            raise RequestError("tdb/runToLine needs source.path and a line number")
        filename = debugger.canonic(path)
        target = debugger.run_to.check(filename, line)

        def run() -> None:
            debugger.run_to.place(filename, target)
            debugger.resume("continue", None)

        return run

    def stopped_gotoTargets(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        """Where `goto` can go: a line of the innermost frame's file (Python decides at the jump)."""
        frame = debugger.frame_for(None)
        path = (args.get("source") or {}).get("path") or ""
        line = args.get("line")
        if not isinstance(line, int) or isinstance(line, bool) or not moves.same_file(debugger, path, frame):
            return {"targets": []}
        return {"targets": [{"id": line, "label": f"line {line}", "line": line}]}

    def stopped_goto(self, args: dict[str, Any], debugger: Debugger) -> _Reply:
        """pdb's `jump`: the innermost frame goes on at the target's line; a new stop (reason goto) shows it."""
        stop = debugger.stop
        assert stop is not None
        target = args.get("targetId")
        if not isinstance(target, int) or isinstance(target, bool):
            raise RequestError("goto needs a targetId from gotoTargets")
        frame = stop.frames[-1][0]
        try:
            line = moves.jump(frame, target)
        except moves.MoveError as error:
            raise RequestError(str(error)) from None
        stop.frames[-1] = (frame, line)
        stop.reason, stop.description = "goto", ""
        return _Reply(None, lambda: self.on_stop(stop))

    def request_loadedSources(self, args: dict[str, Any]) -> dict[str, Any]:
        from . import sources

        stop = self.debugger.stop
        stack = [frame.f_code.co_filename for frame, _ in reversed(stop.frames)] if stop is not None else []
        return {"sources": sources.loaded_sources(stack, self.debugger.canonic)}

    def stopped_tdb_sourceLines(self, args: dict[str, Any], debugger: Debugger) -> dict[str, Any]:
        """pdb's `ll` (the selected frame's function) or `source expression`: {lines, startLine}."""
        frame = _requested_frame(debugger, args)
        expression = args.get("expression")
        if expression is None:
            target: Any = frame
        else:
            try:
                target = eval(str(expression), frame.f_globals, debugger.stop.locals_of(frame))  # type: ignore[union-attr]
            except SyntaxError as error:
                raise RequestError(f"SyntaxError: {error.msg}") from None
            except Exception as error:
                raise RequestError(f"{type(error).__name__}: {error}") from None
        from . import sources

        try:
            lines, first = sources.source_lines(target)
        except (OSError, TypeError) as error:
            raise RequestError(str(error)) from None
        return {"lines": [line.rstrip("\r\n") for line in lines], "startLine": first}

    def request_tdb_reloadSource(self, args: dict[str, Any]) -> dict[str, Any]:
        """A file edited on disk: read it again (the program still runs what it loaded)."""
        path = (args.get("source") or {}).get("path") or ""
        linecache.checkcache(self.debugger.canonic(path))
        return self.request_source({"source": {"path": path}})

    # -- the debugger's side -------------------------------------------------------

    def on_stop(self, stop: Stop) -> None:
        self.consoles.clear()  # a console lives for one stop, as pdb's
        self.configured.wait()
        self.gate.hold()
        body = {
            "reason": stop.reason,
            "threadId": stop.thread_id,
            "allThreadsStopped": False,
            "description": stop.description,
        }
        if stop.exception is not None:
            body["text"] = stop.description
        if stop.breakpoint_ids:
            body["hitBreakpointIds"] = list(stop.breakpoint_ids)
        body["tdb/stop"] = self._stop_snapshot(self.debugger)
        self.send_event("stopped", body)

    def _stop_snapshot(self, debugger: Debugger) -> dict[str, Any]:
        """What the screen shows first at a stop, sent with the event: no round trips per step.

        The stack, the innermost frame's scopes and the first page of each cheap scope; other
        DAP clients ignore the extra key and ask with the standard requests.
        """
        frames = self.stopped_stackTrace({}, debugger)["stackFrames"]
        scopes = self.stopped_scopes({"frameId": frames[0]["id"]}, debugger)["scopes"] if frames else []
        pages = {
            str(scope["variablesReference"]): self.stopped_variables(
                {"variablesReference": scope["variablesReference"], "count": SNAPSHOT_PAGE}, debugger
            )["variables"]
            for scope in scopes
            if not scope["expensive"]
        }
        return {"stackFrames": frames, "scopes": scopes, "variables": pages, "threads": describe_threads(debugger),
                # Each breakpoint's counts now: the breakpoints pane shows them with no request.
                "breakpoints": [{"id": bp.number, "hits": bp.hits, "ignore": bp.ignore}
                                for bp in self._user_breakpoints()]}

    def program_exited(self, exit_code: int, *, wait_for_choice: bool = False) -> str:
        """Report the end of the program; in launch mode, wait for restart or quit."""
        self.debugger.run_to.clear()  # a line it never reached: not for the next run
        self.gate.release()
        wait_for_choice = wait_for_choice and not self.quit_requested
        if wait_for_choice:
            self.after_exit.arm()
        self.send_event("exited", {"exitCode": exit_code})
        return self.after_exit.wait() if wait_for_choice and self.connected else "quit"

    def close(self) -> None:
        self.send_event("terminated")
        self.connection.close()


class _Choice:
    """Restart or quit, chosen by the interface once the program has ended."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._armed = False
        self.value = "quit"

    def arm(self) -> None:
        self._event.clear()
        self._armed = True

    @property
    def waiting(self) -> bool:
        return self._armed

    def choose(self, value: str) -> bool:
        """Record the choice; False when nobody is waiting for one."""
        if not self._armed:
            return False
        self.value = value
        self._armed = False
        self._event.set()
        return True

    def wait(self) -> str:
        self._event.wait()
        return self.value


_library_roots: tuple[str, ...] | None = None


def _is_library(path: str) -> bool:
    """Code from the standard library or an installed package (or frozen), rather than the user's own."""
    global _library_roots
    if _library_roots is None:
        import sysconfig  # at the first stack only: every program imports this module

        paths = sysconfig.get_paths()
        roots = {os.path.normcase(os.path.abspath(paths[key])) + os.sep for key in ("stdlib", "platstdlib", "purelib", "platlib")}
        _library_roots = tuple(sorted(roots))
    return path.startswith("<frozen ") or os.path.normcase(path).startswith(_library_roots)


def _exception_view(debugger: Debugger) -> Any:
    """The stop's exception_view.ExceptionView (imported here: few stops are ever asked for one)."""
    from .exception_view import ExceptionView

    stop = debugger.stop
    assert stop is not None
    if stop.exception_view is None:
        if stop.exception is None:
            raise RequestError("No exception at this stop")
        stop.exception_view = ExceptionView(stop.exception, stop.frames)
    return stop.exception_view


def _scope(name: str, ref: int, count: int, *, expensive: bool = False) -> dict[str, Any]:
    return {"name": name, "variablesReference": ref, "namedVariables": count, "expensive": expensive}


def _globals_of(frame: FrameType) -> list[tuple[str, Any]]:
    # Dunder names (__builtins__, __loader__, ...) are noise in a first look.
    return [(k, v) for k, v in frame.f_globals.items() if not (k.startswith("__") and k.endswith("__"))]


def _requested_frame(debugger: Debugger, args: dict[str, Any]) -> FrameType:
    """The frame a request names (the innermost without a frameId); a frame of an earlier stop is an error."""
    try:
        return debugger.frame_for(args.get("frameId"))
    except LookupError as error:
        raise RequestError(str(error)) from None


def _optional_frame(debugger: Debugger, frame_id: Any) -> FrameType | None:
    if frame_id is None:
        return None
    try:
        return debugger.frame_for(int(frame_id))
    except (LookupError, ValueError):
        return None


def _all_breakpoints() -> list[Any]:
    return [bp for bp in bdb.Breakpoint.bpbynumber if bp is not None]
