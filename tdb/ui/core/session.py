"""The interface's session with the engine: its state, the current stop, and the verbs that act on them.

DebugSession owns the DAP client and everything the interface knows of the
program: whether it runs, is stopped or has ended; the current stop and its
selected frame; the breakpoint book, the watches, the exception filters and
the sources read so far. Screens and commands call its verbs and hear from it
through an Observer (stops, output, the end, lines for the console). No
Textual here.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from dataclasses import dataclass, replace
from typing import Any, Awaitable, Iterable, Protocol

from ...dap import extensions
from . import remembered
from .aliases import Aliases
from .breakpoint_book import Breakpoint, BreakpointBook
from .client import ConnectionLost, DapClient, RequestFailed
from .exception_filters import Catching
from .handshake import Handshake
from .startup import read_rc_lines
from .stop import StopView, frame_path

# Variables asked for per page (the engine sends the first pages with each stop).
PAGE_SIZE = 100

# The session's states: starting | stopped | running | ended (a program tdb runs, restart offered) | ending.
STARTING, STOPPED, RUNNING, ENDED, ENDING = "starting", "stopped", "running", "ended", "ending"


class NotStopped(Exception):
    """A verb that needs a stop, while there is none; the message says why (empty: nothing worth saying)."""


class Observer(Protocol):
    """What the session tells the screen."""

    def stopped(self, stop: StopView) -> None:
        """A new stop: show it."""

    def other_stopped(self, stop: StopView) -> None:
        """Another thread than the one shown stopped: it waits in the threads pane (say so, do not show it)."""

    def thread_ended(self, thread_id: int, stopped: bool) -> None:
        """A thread ended while the program was stopped (stopped: it was one of the stops)."""

    def ran_on(self, thread_id: int) -> None:
        """The thread being stepped left its own code and runs on to its end: its stop will not come."""

    def terminal_wanted(self, thread_id: int) -> None:
        """The program wants to read the terminal (input()) while the interface has it: its read waits."""

    def watches_sampled(self, results: list[tuple[str, str, bool]]) -> None:
        """The watches' values where a logpoint was just hit (tdb -p --live)."""

    def output(self, text: str, category: str) -> None:
        """The program's output (stdout, stderr) or a logpoint's message (console)."""

    def ended(self) -> None:
        """A program tdb runs has ended (exit_code says how): restart or quit."""

    def terminated(self) -> None:
        """The session is over: the engine said so."""

    def disconnected(self, reason: str | None) -> None:
        """The engine is gone (engine_vanished: without saying so first)."""

    def notice(self, text: str, kind: str) -> None:
        """A line for the console (kind: info, error, or plain)."""

    def breakpoints_changed(self) -> None:
        """The breakpoint book changed: marks and the pane must follow."""


@dataclass
class FrameView:
    """Everything the panes show of the selected frame, fetched before the screen changes at once."""

    stop: StopView
    frame: dict[str, Any]
    path: str
    text: str
    scopes: list[dict[str, Any]]
    pages: dict[int, list[dict[str, Any]]]
    watches: list[tuple[str, str, bool]]


class DebugSession:
    def __init__(self, observer: Observer | None = None) -> None:
        self.observer: Observer = observer  # type: ignore[assignment]  # (the screen sets itself, once made)
        self.client = DapClient(self._event, self._closed)
        self.state = STARTING
        self.stop: StopView | None = None  # the stop the screen shows (the current thread's)
        # Every stopped thread's stop, the current one among them, oldest first: any number of
        # threads may be stopped at once; the others wait to be chosen.
        self.stops: dict[int, StopView] = {}
        self.awaited: int | None = None  # the thread whose step is running: its stop is the next shown
        self.all_stop = False  # every thread stops when one does (tdb/threadPolicy), else the others run on
        self.exit_code: int | None = None
        self.engine_vanished = False  # the engine went away without `terminated`: killed, crashed hard
        self.can_restart = False  # the engine says so: true for a program tdb started
        self.quit_detaches = False  # tdb -p: q detaches and the program runs on (the engine says so)
        self.live = False  # tdb -p --live: the program was not stopped; while it runs, the screen shows its threads
        self._live_watches_sent: list[str] = []
        self.book = BreakpointBook()
        self.watches: list[str] = []
        self.catching = Catching()
        self.aliases = Aliases()
        self.project: str | None = None  # the project whose breakpoints and watches last (the app sets it)
        self.restored = False
        self.remembering = True  # off after `forget`, until `save`
        # Lines to run at the next stop as if typed: .pdbrc/.tdbrc, then `tdb -c` (startup.py), and what
        # follows `;;` after a command that moved the program. None: the rc files are not read yet.
        self.pending_lines: list[str] | None = None
        self.startup_problems: list[str] = []
        self.sources: dict[str, str] = {}
        self.can_terminate = True
        self._attached: asyncio.Future[dict[str, Any]] | None = None

    # -- the connection ---------------------------------------------------------------

    def adopt(self, handshake: Handshake) -> None:
        """What the engine's capabilities say about the session."""
        capabilities = handshake.capabilities
        self.client.tdb_engine = handshake.tdb_engine
        self.can_terminate = bool(capabilities.get("supportsTerminateRequest"))
        self.can_restart = bool(capabilities.get("supportsRestartRequest"))
        self.quit_detaches = bool(capabilities.get(extensions.QUIT_DETACHES))
        self.live = bool(capabilities.get(extensions.LIVE))
        if self.pending_lines is None:  # (adopted twice when the handshake came before the screen)
            lines, self.startup_problems = read_rc_lines(os.path.expanduser("~"), os.getcwd())
            commands = capabilities.get(extensions.COMMANDS)
            self.pending_lines = lines + [str(line) for line in commands if str(line).strip()] \
                if isinstance(commands, list) else lines

    async def connect(self, sock: socket.socket, handshake: Handshake) -> None:
        self.adopt(handshake)
        if not handshake.configured:  # (its attach, sent by the handshake, is answered after configurationDone)
            self._attached = self.client.expect(2, "attach")
        await self.client.connect(sock, handshake)
        if self.live and self.state == STARTING:
            self.state = RUNNING  # (tdb -p --live: attached without a stop)

    async def configure(self) -> str | None:
        """Another DAP server's program runs from configurationDone: the project's breakpoints go first.

        What was restored, in a line; RequestFailed if the server refused the attach."""
        said = await self.restore()
        await self.client.request("configurationDone")
        if self.state == STARTING:
            self.state = RUNNING  # (unless it stopped already, at a breakpoint just restored)
        if self._attached is not None:
            response = await self._attached
            if not response.get("success"):
                raise RequestFailed(f"attach failed: {response.get('message')}")
        return said

    def first_stop(self, body: dict[str, Any], sources: dict[str, str]) -> StopView:
        """The stop the handshake read before the screen existed: the current one from now."""
        self.sources.update(sources)
        self.stop, self.state = StopView.from_event(body), STOPPED
        self.stops[self.stop.thread_id] = self.stop
        self._at_stop(self.stop, body)
        return self.stop

    def _event(self, name: str, body: dict[str, Any]) -> None:
        if name == "stopped":
            stop = StopView.from_event(body)
            self.stops.pop(stop.thread_id, None)
            self.stops[stop.thread_id] = stop
            self._at_stop(stop, body)
            if self.state == STOPPED and self.stop is not None and self.stop.thread_id != stop.thread_id:
                self.observer.other_stopped(stop)  # the user is at another thread's stop: it waits
            elif self.awaited not in (None, stop.thread_id) and self.state == RUNNING:
                self.observer.other_stopped(stop)  # a step of another thread runs: its own stop comes next
            else:
                self.awaited = None
                self.stop, self.state = stop, STOPPED
                self.observer.stopped(stop)
        elif name == "continued":
            self._continued(body)
        elif name == "thread":
            if body.get("reason") == "exited":
                thread_id = int(body.get("threadId") or 0)
                self.observer.thread_ended(thread_id, self.stops.pop(thread_id, None) is not None)
        elif name == extensions.TERMINAL_WANTED:
            self.observer.terminal_wanted(int(body.get("threadId") or 0))
        elif name == "breakpoint":
            self._breakpoint_event(body)
        elif name == "output" and body.get("category") != "telemetry":  # (debugpy's says its version)
            text = _stamped(body) if self.live else str(body.get("output", ""))  # (a service's log: when, where)
            self.observer.output(text, str(body.get("category", "console")))
            sampled = body.get(extensions.LOG_WATCHES)
            if isinstance(sampled, list):
                self.observer.watches_sampled([(str(w[0]), str(w[1]), bool(w[2])) for w in sampled if len(w) == 3])
        elif name == "exited":
            self.exit_code = int(body.get("exitCode", 0))
            if self.can_restart and self.state != ENDING:  # not when the user just quit
                self.state, self.stop = ENDED, None
                self.stops.clear()
                self.observer.ended()
        elif name == "terminated":
            self.state = ENDING
            self.observer.terminated()

    # -- tdb -p --live ---------------------------------------------------------------

    async def live_stacks(self) -> dict[str, Any]:
        """Every thread of the running program (`threads`), each with its frames (tdb/frames), innermost first,
        and the asyncio tasks of its running loops (`tasks`)."""
        if self.watches != self._live_watches_sent:  # (sampled where a logpoint is hit)
            await self.client.request(extensions.LIVE_WATCHES, {"expressions": list(self.watches)})
            self._live_watches_sent = list(self.watches)
        return await self.client.request(extensions.LIVE_STACKS)

    def _continued(self, body: dict[str, Any]) -> None:
        """`continued` of one thread: its stop is over. (All threads: our own `continue`, whose stops were
        let go when it was sent; a stop said after that is a new one, and stays.)"""
        if body.get("allThreadsContinued"):
            return
        thread_id = body.get("threadId")
        if self.stop is None or self.stop.thread_id != thread_id:
            self.stops.pop(thread_id, None)  # type: ignore[arg-type]
        if self.awaited == thread_id and self.state == RUNNING:
            self.awaited = None  # its step ran to the thread's end: no stop of it comes
            self.observer.ran_on(thread_id)

    # -- several threads stopped ------------------------------------------------------

    def waiting_stops(self) -> list[StopView]:
        """The stopped threads the screen does not show, oldest first."""
        return [stop for stop in self.stops.values() if stop is not self.stop]

    def thread_name(self, thread_id: int) -> str:
        """A thread's name as the last lists of threads had it (one that ended keeps its name); else its id."""
        for stop in (self.stop, *self.stops.values()):
            for thread in stop.threads if stop is not None else ():
                if thread.get("id") == thread_id:
                    return str(thread.get("name"))
        return str(thread_id)

    def switch_to(self, thread_id: int) -> StopView:
        """Make a stopped thread the current one: source, stack, variables and steps follow it."""
        stop = self.stops.get(thread_id)
        if stop is None:
            raise RequestFailed("that thread is not stopped")
        self.awaited = None
        self.stop, self.state = stop, STOPPED
        return stop

    def thread_named(self, word: str) -> int:
        """The DAP id of the thread `word` names: its id, its place in the threads list (1-based), or its name."""
        threads = self.stop.threads if self.stop is not None else []
        if word.isdigit():
            number = int(word)
            if any(thread.get("id") == number for thread in threads) or number in self.stops:
                return number
            if 1 <= number <= len(threads):
                return int(threads[number - 1]["id"])
        for thread in threads:
            if thread.get("name") == word:
                return int(thread["id"])
        raise RequestFailed(f"no thread {word!r} (the threads pane lists them)")

    async def set_value_format(self, name: str) -> None:
        """Variables show their repr ("repr") or their str ("str")."""
        await self.client.request(extensions.VALUE_FORMAT, {"format": name})

    async def set_all_stop(self, all_stop: bool) -> None:
        await self.client.request(extensions.THREAD_POLICY, {"allStop": all_stop})
        self.all_stop = all_stop

    async def pause_thread(self, thread_id: int | None) -> None:
        """Stop a running thread at its next line (None: every running one)."""
        arguments: dict[str, Any] = {extensions.ALL_THREADS: True} if thread_id is None else {"threadId": thread_id}
        await self.client.request("pause", arguments)

    def _closed(self, reason: str | None) -> None:
        # Without `terminated` first, the program died under us (killed, crashed hard).
        self.engine_vanished = self.state != ENDING
        self.observer.disconnected(reason)

    def _at_stop(self, stop: StopView, body: dict[str, Any]) -> None:
        """The counts a stop brings, and which breakpoints it is for (their command lists run once it shows)."""
        self.book.update_counts(list(stop.snapshot.get("breakpoints") or []))
        hit = [self.book.by_engine_id(engine_id) for engine_id in body.get("hitBreakpointIds") or []]
        stop.hit = [bp for bp in hit if bp is not None]
        self.book.just_removed.clear()

    def _breakpoint_event(self, body: dict[str, Any]) -> None:
        """DAP's `breakpoint` event: the engine removed a temporary breakpoint at its stop."""
        if body.get("reason") != "removed":
            return
        removed = self.book.removed_by_engine((body.get("breakpoint") or {}).get("id"))
        if removed is not None:
            self.observer.notice(f"Deleted breakpoint {removed.number} at {removed.where()}", "")
            self.observer.breakpoints_changed()

    # -- the stop ---------------------------------------------------------------------

    def require_stop(self) -> StopView:
        """The current stop; NotStopped if there is none (after the end: saying what can be done)."""
        if self.state == STOPPED and self.stop is not None:
            return self.stop
        if self.state == ENDED:
            raise NotStopped("The program has ended: R restarts it, q quits.")
        raise NotStopped("")

    def require_frame(self) -> dict[str, Any]:
        frame = self.require_stop().frame
        if frame is None:
            raise NotStopped("")
        return frame

    def move_frame(self, delta: int) -> None:
        """u/d: select an older (delta > 0) or newer frame; as pdb, past the end stops at it, at the end it is an error."""
        stop = self.require_stop()
        target = max(0, min(stop.selected + delta, len(stop.frames) - 1))
        if target == stop.selected:
            raise RequestFailed("Oldest frame" if delta > 0 else "Newest frame")
        stop.selected = target

    def select_frame(self, index: int) -> bool:
        """Select a frame of the stack by its place; False if it is selected already."""
        stop = self.require_stop()
        if index == stop.selected or not 0 <= index < len(stop.frames):
            return False
        stop.selected = index
        return True

    def ready_view(self) -> FrameView | None:
        """The selected frame's view if nothing need be asked for: the stop brought its scopes, the source
        was read before and no watch needs evaluating (most steps); else None (frame_view asks)."""
        stop = self.stop
        frame = stop.frame if stop else None
        prefetched = stop.prefetched() if stop else None
        path = frame_path(frame) if frame else ""
        if stop is None or frame is None or prefetched is None or path not in self.sources or self.watches:
            return None
        return FrameView(stop, frame, path, self.sources[path], *prefetched, [])

    async def frame_view(self) -> FrameView | None:
        """What the panes need for the selected frame (what the stop did not bring, fetched); None if it moved on."""
        stop = self.stop
        frame = stop.frame if stop else None
        if stop is None or frame is None:
            return None
        path = frame_path(frame)
        text = await self.source_text(path)
        scopes, pages = stop.prefetched() or await self.scopes_of(frame)
        watches = await self.watch_results()
        if self.stop is not stop:  # the user moved on meanwhile
            return None
        return FrameView(stop, frame, path, text, scopes, pages, watches)

    async def fetch_stack(self, stop: StopView) -> None:
        """For a server that sends no snapshot with its stops (another DAP server): the stack and threads, asked for."""
        if not stop.frames:
            body = await self.client.request("stackTrace", {"threadId": stop.thread_id})
            stop.frames = list(body.get("stackFrames") or [])
        if not stop.threads:
            stop.threads = list((await self.client.request("threads")).get("threads") or [])

    async def scopes_of(self, frame: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
        scopes = list((await self.client.request("scopes", {"frameId": frame["id"]})).get("scopes") or [])
        pages = {
            int(scope["variablesReference"]): await self.fetch_variables(int(scope["variablesReference"]), 0, PAGE_SIZE)
            for scope in scopes
            if not scope.get("expensive")
        }
        return scopes, pages

    async def fetch_variables(self, reference: int, start: int, count: int) -> list[dict[str, Any]]:
        body = await self.client.request("variables", {"variablesReference": reference, "start": start, "count": count})
        return list(body.get("variables") or [])

    async def evaluate(self, expression: str, context: str) -> dict[str, Any]:
        """Evaluate in the selected frame (DAP evaluate; contexts: repl, watch, clipboard, tdb's pprint and inspect)."""
        frame = self.stop.frame if self.stop else None
        if not self.client.tdb_engine and context.startswith("tdb/"):
            context = "repl"  # (pp and the value view: another server shows its repr)
        arguments: dict[str, Any] = {"expression": expression, "context": context}
        if frame is not None:
            arguments["frameId"] = frame["id"]
        return await self.client.request("evaluate", arguments)

    async def watch_results(self) -> list[tuple[str, str, bool]]:
        """(expression, value or error, ok) for every watch, in the selected frame."""
        results = []
        for expression in self.watches:
            try:
                body = await self.evaluate(expression, "watch")
                results.append((expression, str(body.get("result", "")), True))
            except RequestFailed as error:
                results.append((expression, str(error), False))
        return results

    async def completions(self, text: str, column: int) -> list[dict[str, Any]]:
        """What the engine offers for the name at `column` in the selected frame; nothing unless stopped."""
        frame = self.stop.frame if self.state == STOPPED and self.stop else None
        if frame is None:
            return []
        try:
            body = await self.client.request("completions", {"text": text, "column": column, "frameId": frame["id"]})
        except (RequestFailed, ConnectionLost):
            return []
        return list(body.get("targets") or [])

    async def request_in_frame(self, command: str, **arguments: Any) -> dict[str, Any]:
        """One of tdb's requests about the selected frame (arguments, interact, source lines)."""
        frame = self.require_frame()
        return await self.client.request(command, {"frameId": frame["id"], **arguments})

    async def show_thread(self, thread_id: int) -> bool:
        """Show a thread's stack: the stopped thread's own, or another's read-only (it runs on, or waits).

        False if nothing changed; RequestFailed says why it cannot be shown.
        """
        stop = self.require_stop()
        if thread_id == stop.viewed_thread:
            return False
        if thread_id == stop.thread_id:
            stop.frames, stop.own_frames = stop.own_frames or stop.frames, []
        else:
            try:
                body = await self.client.request("stackTrace", {"threadId": thread_id})
            except RequestFailed as error:
                raise RequestFailed(f"cannot read that thread's stack: {error}") from None
            if self.stop is not stop:
                return False  # the program moved on meanwhile
            frames = list(body.get("stackFrames") or [])
            if not frames:
                raise RequestFailed("that thread runs no Python code now")
            stop.own_frames = stop.own_frames or stop.frames
            stop.frames = frames
            stop.forget_snapshot()  # the stop's first pages are the stopped thread's
        stop.viewed_thread, stop.viewed_task = thread_id, None
        stop.selected = 0
        return True

    async def show_task(self, task_id: int) -> bool:
        """Show an asyncio task's suspended coroutine frames, read-only; the running task: the stop's own stack.

        False if nothing changed; RequestFailed says why it cannot be shown.
        """
        stop = self.require_stop()
        running = next((task["id"] for task in stop.tasks if task.get("state") == "running"), None)
        if task_id == running or (task_id == stop.viewed_task):
            if stop.viewed_task is None:
                return False
            stop.frames, stop.own_frames = stop.own_frames or stop.frames, []
            stop.viewed_task, stop.selected = None, 0
            return True
        body = await self.client.request(extensions.TASK_STACK, {"threadId": stop.thread_id, "taskId": task_id})
        if self.stop is not stop:
            return False
        frames = list(body.get("stackFrames") or [])
        if not frames:
            raise RequestFailed("that task has no suspended coroutine to show (it is done, or not started)")
        stop.own_frames = stop.own_frames or stop.frames
        stop.frames, stop.viewed_task, stop.viewed_thread, stop.selected = frames, task_id, stop.thread_id, 0
        stop.forget_snapshot()
        return True

    async def refresh_threads(self) -> bool:
        """Ask for the threads again (since the stop another one may have come to wait); True if the list is new."""
        stop = self.stop
        if self.state != STOPPED or stop is None:
            return False
        try:
            body = await self.client.request("threads")
        except (RequestFailed, ConnectionLost):
            return False
        if self.stop is not stop:
            return False
        stop.threads = list(body.get("threads") or [])
        return True

    async def refresh_tasks(self) -> bool:
        """Ask for the stopped loop's tasks again (code run at the console may have moved them); True if asked."""
        stop = self.stop
        if self.state != STOPPED or stop is None or not stop.tasks:
            return False
        try:
            body = await self.client.request(extensions.TASKS, {"threadId": stop.thread_id})
        except (RequestFailed, ConnectionLost):
            return False
        if self.stop is not stop:
            return False
        stop.tasks = list(body.get("tasks") or [])
        return True

    # -- sources ----------------------------------------------------------------------

    async def source_text(self, path: str) -> str:
        """A file's text (read once), or a line saying why it is not available."""
        try:
            return await self.read_source(path)
        except (RequestFailed, ConnectionLost) as error:
            return f"<source not available: {error}>"

    async def read_source(self, path: str) -> str:
        if path not in self.sources:
            if not self.client.tdb_engine and os.path.isfile(path):
                # (another server gives a file's text only for a sourceReference: a path is read here)
                with open(path, encoding="utf-8", errors="replace") as file:
                    self.sources[path] = file.read()
                return self.sources[path]
            body = await self.client.request("source", {"source": {"path": path}, "sourceReference": 0})
            self.sources[path] = str(body.get("content", ""))
        return self.sources[path]

    async def reload_source(self, path: str) -> tuple[str | None, str]:
        """After an edit: the engine and the interface read the file again; (old text, new text)."""
        old = self.sources.pop(path, None)
        body = await self.client.request(extensions.RELOAD_SOURCE, {"source": {"path": path}})
        new = self.sources[path] = str(body.get("content", ""))
        return old, new

    def resolve_path(self, path: str | None, current: str | None) -> str | None:
        """A file named in a command: the current one, a known one by its tail, or as typed."""
        if path is None:
            return current
        if os.path.isabs(path):
            return path
        for candidate in sorted({*self.sources, *self.book.paths()}):
            if candidate.endswith(os.sep + path) or os.path.basename(candidate) == path:
                return candidate
        return path

    # -- making the program move --------------------------------------------------------

    def step(self, command: str, sent: Awaitable[dict[str, Any]] | None = None) -> Awaitable[None]:
        """next, stepIn or stepOut in the selected frame (pdb steps there). The request is sent before this
        returns (a key's step goes out at once), unless `sent` is its answer already (key_lane.py: sent
        by the input thread); awaited, the result is the engine's answer."""
        return self._resume(command, self.step_arguments(self.require_stop()), sent)

    @staticmethod
    def step_arguments(stop: StopView) -> dict[str, Any]:
        """A step's arguments at `stop`: its thread, in the selected frame."""
        arguments: dict[str, Any] = {"threadId": stop.thread_id}
        if stop.frame is not None:
            arguments["frameId"] = stop.frame["id"]
        return arguments

    def resume(self, every_thread: bool = False) -> Awaitable[None]:
        """continue: the current thread (non-stop), or every stopped thread (all-stop, or `c all`); sent
        before this returns, as step()."""
        stop = self.require_stop()
        arguments: dict[str, Any] = {"threadId": stop.thread_id}
        if not (every_thread or self.all_stop):
            arguments["singleThread"] = True
        return self._resume("continue", arguments)

    async def run_to_line(self, path: str, line: int) -> None:
        """pudb's run to the cursor line (in any file; a line without code moves forward)."""
        stop = self.require_stop()
        await self._resume(extensions.RUN_TO_LINE, {"threadId": stop.thread_id, "source": {"path": path}, "line": line})

    async def until(self, line: int | None) -> None:
        """pdb's `until [line]` in the selected frame."""
        stop = self.require_stop()
        frame = self.require_frame()
        arguments: dict[str, Any] = {"threadId": stop.thread_id, "frameId": frame["id"]}
        if line is not None:
            arguments["line"] = line
        await self._resume(extensions.UNTIL, arguments)

    async def jump(self, line: int, path: str | None = None) -> None:
        """pdb's `jump`: the innermost frame goes on at `line` (of its own file); a new stop shows it."""
        stop = self.require_stop()
        if stop.selected != 0 or stop.read_only:
            raise RequestFailed("You can only jump within the bottom frame")
        frame = stop.frames[0]
        path = path or frame_path(frame)
        targets = (await self.client.request("gotoTargets", {"source": {"path": path}, "line": line})).get("targets")
        if not targets:
            raise RequestFailed(f"Jump failed: the frame being run is in {os.path.basename(frame_path(frame))}, "
                                f"not {os.path.basename(path)}")
        await self.client.request("goto", {"threadId": stop.thread_id, "targetId": targets[0]["id"]})

    def _resume(self, command: str, arguments: dict[str, Any],
                sent: Awaitable[dict[str, Any]] | None = None) -> Awaitable[None]:
        """A resuming request, sent now (or `sent` already: its answer); one the engine refuses (a bad
        line) ran nothing: the stop is still the current one."""
        stop = self.stop
        self.state, self.stop = RUNNING, None
        if stop is not None:
            self.stops.pop(stop.thread_id, None)
            self.awaited = None if command == "continue" else stop.thread_id
        # A continue of every thread ends every stop now: the stops said after it are new ones.
        resumed = dict(self.stops) if command == "continue" and not arguments.get("singleThread") else {}
        for thread_id in resumed:
            del self.stops[thread_id]
        try:
            answer = sent if sent is not None else self.client.send(command, arguments)
        except RequestFailed:
            self._not_resumed(stop, resumed)
            raise
        return self._answered(answer, stop, resumed)

    async def _answered(self, answer: Awaitable[dict[str, Any]], stop: StopView | None,
                        resumed: dict[int, StopView]) -> None:
        try:
            await answer
        except RequestFailed:
            self._not_resumed(stop, resumed)
            raise

    def _not_resumed(self, stop: StopView | None, resumed: dict[int, StopView]) -> None:
        if self.stop is None and self.state == RUNNING and stop is not None:
            self.state, self.stop = STOPPED, stop
            self.stops[stop.thread_id] = stop
        self.stops.update(resumed)

    def interrupt(self) -> bool:
        """Ctrl-C at a stop: cancel what the user typed that is still running; whether something was."""
        return bool(self.client.cancel("evaluate") + self.client.cancel(extensions.INTERACT))

    async def pause(self) -> None:
        """Ctrl-C while the program runs: break in (DAP pause)."""
        await self.client.request("pause", {"threadId": 0})

    async def release_terminal(self) -> None:
        """A step outlasted its grace: the program's held output may go to its terminal."""
        await self.client.request(extensions.RELEASE_TERMINAL)

    async def restart(self) -> None:
        if self.state != ENDED:
            raise RequestFailed("restart is offered once the program has ended")
        self.state = RUNNING
        await self.client.request("restart")

    async def quit(self) -> None:
        """q: after the end, disconnect; before it, end the program too (tdb -p: detach, it runs on)."""
        if self.quit_detaches:
            await self.detach()
            return
        if self.state == ENDED:
            command, arguments = "disconnect", None
        elif self.can_terminate:
            command, arguments = "terminate", None
        else:  # (a server without terminate: disconnect ends the program too)
            command, arguments = "disconnect", {"terminateDebuggee": True}
        self.state = ENDING
        await self.client.request(command, arguments)

    async def detach(self) -> None:
        """Leave the program running, untraced: every stopped thread goes on."""
        self.state = ENDING
        await self.client.request("disconnect", {"terminateDebuggee": False})

    # -- what lasts between sessions (remembered.py) ---------------------------------------

    def remember(self) -> str | None:
        """Save this project's breakpoints (not tbreak's) and watches; the error's text if it failed."""
        if self.project is None or not self.remembering:
            return None
        records = []
        for bp in self.book.all():
            if bp.temporary or (bp.function is None and not (bp.path and bp.line)):
                continue
            record: dict[str, Any] = {name: getattr(bp, name) for name in remembered.OPTIONS if getattr(bp, name)}
            if not bp.enabled:
                record["enabled"] = False
            if bp.function:
                record["function"] = bp.function
            else:
                record.update(path=bp.path, line=bp.line)
                text = _line_text(self.sources, bp.path or "", bp.line or 0)
                if text is not None:
                    record["text"] = text
            records.append(record)
        return remembered.save(self.project, remembered.Remembered(records, list(self.watches)))

    async def restore(self) -> str | None:
        """At the first stop: what the project's last session left, set again; a line that says what."""
        if self.project is None or self.restored:
            return None
        self.restored = True
        state, problem = remembered.load(self.project)
        if not state.breakpoints and not state.watches:
            return f"*** {problem}" if problem else None
        lost: list[str] = []
        for record in state.breakpoints:
            options = {name: record[name] for name in remembered.OPTIONS if isinstance(record.get(name), str)}
            options["enabled"] = record.get("enabled") is not False
            if isinstance(record.get("function"), str):
                self.book.add_function(record["function"], **options)
                continue
            path = str(record["path"])
            text = await self.source_text(path) if os.path.isfile(path) else ""
            line = remembered.relocate(record, text.splitlines()) if text else None
            if line is None:
                lost.append(f"{os.path.basename(path)}:{record['line']}")
            elif self.book.at(path, line) is None:
                self.book.add(path, line, **options)
        for path in sorted({bp.path for bp in self.book.all() if bp.path and not bp.function}):
            await self.send_breakpoints(path, quiet=True)
        if any(bp.function for bp in self.book.all()):
            await self.send_function_breakpoints(quiet=True)
        self.watches += [text for text in state.watches if text not in self.watches]
        kept = len(state.breakpoints) - len(lost)
        said = (f"Restored {kept} breakpoint{'s' if kept != 1 else ''} and {len(state.watches)} "
                f"watch{'es' if len(state.watches) != 1 else ''} from this project's last session (`forget` drops them)")
        if lost:
            said += f"; not restored, their line changed: {', '.join(lost)}"
        self.observer.breakpoints_changed()
        return said + "."

    # -- breakpoints ----------------------------------------------------------------------

    async def toggle_breakpoint(self, path: str, line: int) -> Breakpoint | None:
        """A breakpoint on the line, or none any more; the one removed, if one was."""
        existing = self.book.at(path, line)
        if existing:
            self.book.remove(existing.number)
        else:
            self.book.add(path, line)
        await self.send_breakpoints(path)
        return existing

    async def add_breakpoint(self, path: str | None, line: int | None, function: str | None, **options: Any) -> None:
        if function is not None:
            self.book.add_function(function, **options)
            await self.send_function_breakpoints()
        else:
            assert path is not None
            self.book.add(path, line or 0, **options)
            await self.send_breakpoints(path)

    async def sync(self, entries: Iterable[Breakpoint]) -> None:
        """Send again the files (and the function breakpoints) these breakpoints belong to."""
        entries = list(entries)
        for path in sorted({bp.path for bp in entries if bp.path and not bp.function}):
            await self.send_breakpoints(path, quiet=True)
        if any(bp.function for bp in entries):
            await self.send_function_breakpoints(quiet=True)
        self.observer.breakpoints_changed()

    async def send_breakpoints(self, path: str, quiet: bool = False) -> None:
        """Send every breakpoint of one file (DAP replaces a file's set as a whole)."""
        entries = self.book.in_file(path)
        specs = [{"line": bp.line, **bp.spec()} for bp in entries]
        await self._send_breakpoints("setBreakpoints", {"source": {"path": path}, "breakpoints": specs}, entries, quiet)

    async def send_function_breakpoints(self, quiet: bool = False) -> None:
        entries = self.book.functions()
        specs = [{"name": bp.function, **bp.spec()} for bp in entries]
        await self._send_breakpoints("setFunctionBreakpoints", {"breakpoints": specs}, entries, quiet)

    async def _send_breakpoints(self, command: str, arguments: dict[str, Any], entries: list[Breakpoint],
                                quiet: bool) -> None:
        try:
            body = await self.client.request(command, arguments)
        except (RequestFailed, ConnectionLost) as error:
            self.observer.notice(f"breakpoints not set: {error}", "error")
            return
        for bp, result in zip(entries, body.get("breakpoints") or []):
            self._report_breakpoint(bp, result, quiet)
        self.observer.breakpoints_changed()

    def _report_breakpoint(self, bp: Breakpoint, result: dict[str, Any], quiet: bool) -> None:
        was_new = not bp.confirmed
        self.book.confirm(bp, result)
        if result.get("verified"):
            if was_new and not quiet:
                self.observer.notice(bp.announcement(), "info")
            if result.get("message") and not quiet:
                self.observer.notice(str(result["message"]), "info")
        else:
            self.observer.notice(f"*** breakpoint not set: {result.get('message', 'rejected')}", "error")
            self.book.refuse(bp.number)

    # -- exceptions -----------------------------------------------------------------------

    async def set_catching(self, catching: Catching) -> None:
        """Send the exception filters; RequestFailed (and the old ones kept) if the engine refuses one."""
        body = await self.client.request("setExceptionBreakpoints", catching.arguments())
        problems = [str(result.get("message", "refused")) for result in body.get("breakpoints") or []
                    if not result.get("verified")]
        if problems:
            await self.client.request("setExceptionBreakpoints", self.catching.arguments())  # back as it was
            raise RequestFailed("; ".join(problems))
        self.catching = catching

    async def toggle_catching(self, kind: str) -> None:
        """A filter on (every type) or off."""
        on = getattr(self.catching, kind) is None
        await self.set_catching(replace(self.catching, **{kind: () if on else None}))

    async def exceptions(self) -> dict[str, Any]:
        """The stop's exception: chain, groups and traceback (pdb's `exceptions`)."""
        self.require_stop()
        return await self.client.request(extensions.EXCEPTIONS)

    async def select_exception(self, number: int) -> StopView:
        """Make exception `number` the selected one: the stack is its traceback's frames."""
        body = await self.client.request(extensions.SELECT_EXCEPTION, {"id": number})
        stop = self.require_stop()
        stop.frames = list(body.get("stackFrames") or [])
        stop.selected = 0
        stop.viewed_thread = stop.thread_id
        stop.description = str(body.get("description") or stop.description)
        stop.forget_snapshot()
        return stop


def _stamped(body: dict[str, Any]) -> str:
    """An output event's text; a logpoint's with when it was hit and on which thread: `12:03:04.250 [worker-2] ...`."""
    text = str(body.get("output", ""))
    when, thread = body.get(extensions.LOG_TIME), body.get(extensions.LOG_THREAD)
    if not isinstance(when, (int, float)):
        return text
    stamp = time.strftime("%H:%M:%S", time.localtime(when)) + f".{int(when * 1000) % 1000:03d}"
    return f"{stamp} [{thread}] {text}" if thread else f"{stamp} {text}"


def _line_text(sources: dict[str, str], path: str, line: int) -> str | None:
    """A line's text (stripped), from the sources read or else from the disk; None if there is no such line."""
    if path in sources:
        lines = sources[path].splitlines()
    else:
        try:
            with open(path, encoding="utf-8", errors="replace") as file:
                lines = file.read().splitlines()
        except OSError:
            return None
    return lines[line - 1].strip() if 0 < line <= len(lines) else None
