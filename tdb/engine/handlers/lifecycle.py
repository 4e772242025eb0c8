"""The session's own requests: initialize, configure, break in, restart, and the two ways to end.

Ending: `terminate` (and `disconnect` with terminateDebuggee, the default for a
program tdb runs) ends the program as pdb's `q` does; `disconnect` otherwise
lets it run on without a debugger. At a stop, both are answered by the
stopped thread, which then leaves the stop.
"""

from __future__ import annotations

import signal
import threading

from ...dap import extensions
from .. import exceptions, threads
from ..modes import ATTACH, RUN
from ..requests import Call, Reply, RequestError
from ..stops import Resume
from ..values import set_value_format

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

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
    "supportsCancelRequest": True,
    "supportsSingleThreadExecutionRequests": True,
}


def initialize(call: Call) -> Reply:
    session = call.session
    # tdb's interface asks for pdb's meanings; any other client gets DAP's (session.py).
    session.pdb_meanings = bool(call.args.get(extensions.PDB_MEANINGS))
    # DAP: the initialized event follows the initialize response, never overtakes it.
    # restart: pdb's, offered once the program has ended (a DAP client's restart comes at any time).
    capabilities = {**CAPABILITIES, extensions.ENGINE: True,
                    "supportsRestartRequest": session.mode == RUN and session.pdb_meanings,
                    # tdb -p: q lets the program run on (disconnect), rather than ending it.
                    extensions.QUIT_DETACHES: session.mode == ATTACH, extensions.LIVE: session.live}
    if session.commands:
        capabilities[extensions.COMMANDS] = list(session.commands)
    return Reply(capabilities, lambda: session.send_event("initialized"))


def cancel(call: Call) -> None:
    """DAP cancel: a request still queued for a stop is answered "cancelled"; one the stopped thread
    runs now (what the user typed) is interrupted, and answers "cancelled" itself."""
    seq = call.args.get("requestId")
    if not isinstance(seq, int):
        return None  # (a progressId: tdb reports no progress)
    for stop in call.session.stops:
        queued = stop.withdraw(seq)
        if queued is not None:
            call.session.respond(queued, error="cancelled")
            return None
        if stop.answering == seq:
            stop.interruptible.interrupt()
            return None
    return None  # answered already: nothing to cancel


def attach(call: Call) -> None:
    """attach and launch: the program is there already (tdb started it, or it called set_trace).

    stopOnEntry (DAP's meanings): whether a program tdb runs stops at its first line or runs to its
    first breakpoint; a set_trace or tdb -p program stops where it is either way."""
    call.session.stop_on_entry = bool(call.args.get("stopOnEntry"))
    return None


def configuration_done(call: Call) -> None:
    call.session.configured.set()


def pause(call: Call) -> None:
    """DAP pause. threadId 0 (tdb's Ctrl-C): the main thread, at once, even inside a blocking call; a
    thread's id, or tdb/all: that thread, or every running one, stops at its next line."""
    debugger = call.debugger
    thread_id = call.args.get("threadId")
    if call.args.get(extensions.ALL_THREADS) or (thread_id and thread_id != _main_thread_id()):
        ident = None
        if not call.args.get(extensions.ALL_THREADS):
            ident = threads.ident_of(thread_id) if isinstance(thread_id, int) else None
            if ident is None:
                raise RequestError(f"no thread {thread_id}")
            if debugger.stops.of_thread(ident) is not None:
                raise RequestError("that thread is stopped already")
        if not debugger.pause_threads(ident) and ident is not None:
            raise RequestError("that thread runs no Python code now")
        return None
    if not debugger.can_break_in:
        if debugger.stops and debugger.pause_threads(threading.main_thread().ident):
            return None  # another thread is stopped: the main one stops at its next line
        raise RequestError("cannot pause here: press Ctrl-C in the program's terminal")
    # To the main thread itself (tdb's handler runs there): a call it is blocked in returns.
    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # type: ignore[arg-type]
    return None


def _main_thread_id() -> int | None:
    return threading.main_thread().native_id


def thread_policy(call: Call) -> dict[str, Any]:
    """All-stop (every thread stops when one does, continue resumes them all) or non-stop (the others run on)."""
    all_stop = call.args.get("allStop")
    if not isinstance(all_stop, bool):
        raise RequestError("tdb/threadPolicy needs allStop: true or false")
    debugger = call.debugger
    debugger.all_stop = all_stop
    if all_stop and debugger.stops:
        debugger.pause_threads(None)
    return {"allStop": all_stop}


def value_format(call: Call) -> None:
    """Variables show their repr (pdb's `p`) or their str (print's)."""
    name = call.args.get("format")
    if name not in ("repr", "str"):
        raise RequestError('tdb/valueFormat needs format: "repr" or "str"')
    set_value_format(name)


def release_terminal(call: Call) -> None:
    call.session.gate.release()


def restart(call: Call) -> Reply:
    session = call.session
    if session.mode != RUN:
        raise RequestError("restart works only for a program started by tdb")
    if not session.after_exit.waiting:
        raise RequestError("restart is offered when the program has ended")
    return Reply(None, lambda: session.after_exit.choose("restart"))


def disconnect(call: Call) -> Reply | None:
    session, debugger = call.session, call.debugger
    if call.stop is not None:
        if not _terminates(call):
            return _leave_stop(call, lambda: (session.hang_up(), debugger.detach()))
        return _end_program(call)
    if session.after_exit.waiting:
        return Reply(None, lambda: session.after_exit.choose("quit"))
    if _terminates(call):
        return _end_running(call)
    debugger.detach()  # (no breakpoints, no tracing, the SIGINT handler given back: as it was)
    # The client may keep its end open: don't let the program wait for it at exit.
    return Reply(None, session.hang_up)


def terminate(call: Call) -> Reply | None:
    session = call.session
    if call.stop is not None:
        return _end_program(call)
    if session.after_exit.waiting:
        session.quit_requested = True
        return Reply(None, lambda: session.after_exit.choose("quit"))
    return _end_running(call)


def _terminates(call: Call) -> bool:
    return bool(call.args.get("terminateDebuggee", call.session.mode == RUN))


def _end_program(call: Call) -> Reply:
    """At a stop: BdbQuit from the next event, as pdb's `q`; a program tdb runs that has other
    threads ends at once (they would stop one by one, or run on to their end)."""
    call.session.quit_requested = True
    if call.session.mode == RUN and _other_threads():
        return Reply(None, lambda: _end_process(call.session))
    return _leave_stop(call, call.debugger.set_quit)


def _end_running(call: Call) -> Reply | None:
    """While it runs: a program tdb runs ends now, however many threads it has and wherever they wait (a
    BdbQuit at the main thread's next line could wait on a blocked call, and other threads keep the
    process alive); one attached to gets BdbQuit from its next event, as after pdb's `q`."""
    call.session.quit_requested = True
    if call.session.mode == RUN:
        return Reply(None, lambda: _end_process(call.session))
    call.debugger.set_quit()
    return None


def _other_threads() -> bool:
    """Whether a thread of the program's besides this one is alive (the engine's own do not count)."""
    from ..threads import program_threads

    return any(ident != threading.get_ident() for ident, _, _ in program_threads())


def _end_process(session: Any) -> None:
    """The program ends now: the interface is told and leaves the screen, held output is written, exit."""
    import os
    import sys

    session.debugger.set_quit()
    session.close()  # (terminated: the interface puts the terminal right first)
    session.gate.release()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(0)


def _leave_stop(call: Call, then: Any) -> Reply:
    call.stopped.stop_serving()

    def leave() -> None:
        then()
        raise Resume()

    return Reply(None, leave)
