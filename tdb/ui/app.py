"""The tdb interface: a Textual app that drives the engine over DAP.

It never touches frames or objects: everything it shows came in a DAP
response or event.
"""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, OptionList

from . import gc_hold, layout, settings
from . import breakpoint_commands, inspect_commands
from . import source_commands
from . import exception_commands
from .breakpoints import BreakpointBook
from .client import ConnectionLost, DapClient, RequestFailed
from .handshake import Handshake, HandshakeFailed, handshake
from .layout import PaneLayout
from .palette import DebuggerCommands
from .terminal import TerminalHandoff
from .widgets.breakpoints import BreakpointsPane
from .widgets.command_line import CommandLine
from .widgets.console import Console
from .widgets.key_bar import KeyBar
from .widgets.source import SourceView
from .widgets.stack import StackList
from .widgets.threads import ThreadList
from .widgets.status import StatusLine
from .widgets.variables import PAGE_SIZE, VariablesTree
from .widgets.watches import WatchList

# A step that has not stopped again by then is a long run: give the program the terminal.
STEP_GRACE_SECONDS = 0.25


class DapEvent(Message):
    """An event from the engine, delivered on the app's message queue."""

    def __init__(self, name: str, body: dict[str, Any]) -> None:
        super().__init__()
        self.name = name
        self.body = body


class Disconnected(Message):
    def __init__(self, reason: str | None) -> None:
        super().__init__()
        self.reason = reason


@dataclass
class StopView:
    """What the screen shows of the current stop."""

    thread_id: int
    reason: str
    description: str
    frames: list[dict[str, Any]] = field(default_factory=list)
    selected: int = 0
    # The engine's `tdb/stop` extension: scopes and first pages of the innermost frame.
    snapshot: dict[str, Any] = field(default_factory=dict)
    listed_through: int = 0  # where `l` left off, as pdb goes on from there
    threads: list[dict[str, Any]] = field(default_factory=list)  # the program's threads at this stop
    # The thread whose stack the panes show (another one's is read-only), and the stopped thread's own frames then.
    viewed_thread: int = 0
    own_frames: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_event(cls, body: dict[str, Any]) -> "StopView":
        snapshot = body.get("tdb/stop") or {}
        thread_id = int(body.get("threadId", 0))
        return cls(thread_id, str(body.get("reason", "")),
                   str(body.get("description") or body.get("text") or ""),
                   frames=list(snapshot.get("stackFrames") or []), snapshot=snapshot,
                   threads=list(snapshot.get("threads") or []), viewed_thread=thread_id)

    @property
    def frame(self) -> dict[str, Any] | None:
        return self.frames[self.selected] if self.frames else None

    def forget_snapshot(self) -> None:
        """Code ran in the program (a statement from the console): what the stop brought is stale."""
        self.snapshot = {}

    def prefetched(self) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]] | None:
        """(scopes, first pages) of the selected frame if the stop came with them."""
        if self.selected != 0 or "scopes" not in self.snapshot:
            return None
        pages = {int(ref): variables for ref, variables in (self.snapshot.get("variables") or {}).items()}
        return list(self.snapshot["scopes"]), pages


class TdbApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "tdb"

    # The tooltips explain each key in the help screen and the command palette too.
    BINDINGS = [
        Binding("n", "step('next')", "Next", tooltip="Step over: to the next line"),
        Binding("s", "step('stepIn')", "Step", tooltip="Step into the call here"),
        Binding("r", "step('stepOut')", "Return", tooltip="Step out: until it returns"),
        Binding("c", "continue", "Continue", tooltip="Run to a breakpoint or end"),
        Binding("u", "frame_up", "Up", tooltip="Select the calling frame"),
        Binding("d", "frame_down", "Down", tooltip="Select the called frame"),
        Binding("b", "toggle_breakpoint", "Break", tooltip="Toggle breakpoint at cursor"),
        Binding("colon,exclamation_mark", "command_line", "Command", key_display=":", tooltip="Type pdb commands or Python"),
        Binding("o", "program_screen", "Output", tooltip="Show the program's screen"),
        Binding("R", "restart", "Restart", show=False, tooltip="Rerun the ended program"),
        Binding("q", "quit_debugger", "Quit", tooltip="End the program, leave tdb"),
        Binding("question_mark", "help", "Help", tooltip="Every key and command"),
        Binding("e", "exceptions", "Exceptions", show=False,
                tooltip="The exception: traceback, chain, groups (choose one: its frames)"),
        Binding("escape", "leave_command_line", "Leave", show=False, tooltip="Back from the command line"),
        # The source pane's (source_commands.py); its `.` and `,` (next, previous match) are the pane's own.
        Binding("slash", "search", "Search", key_display="/", show=False,
                tooltip="Search the source (then . next, , previous)"),
        Binding("full_stop", "search_next", "Next match", key_display=".", show=False, tooltip="The next match of the search"),
        Binding("comma", "search_previous", "Prev match", key_display=",", show=False,
                tooltip="The previous match of the search"),
        Binding("L", "go_to_line", "Go to line", show=False, tooltip="Show a line of the file, by its number"),
        Binding("m", "open_source", "Open file", show=False, tooltip="Open a loaded module or any file"),
        Binding("H", "back_to_stop", "Current line", show=False, tooltip="Back to the current line (after browsing)"),
        Binding("t", "run_to_cursor", "To cursor", show=False, tooltip="Run until the cursor line is reached"),
        Binding("J", "jump_to_cursor", "Jump", show=False, tooltip="Jump: go on at the cursor line (pdb's j)"),
        Binding("ctrl+e", "edit_source", "Edit", show=False, tooltip="Open the file at the cursor line in $EDITOR"),
        Binding("ctrl+d", "end_interact", "End interact", show=False, priority=True,
                tooltip="Leave interact (on an empty line)"),
        Binding("ctrl+c", "pause", "Pause", show=False, tooltip="Break in while the program runs"),
        # Panes: a focus key also shows its pane if it was hidden (the palette hides them).
        Binding("V", "focus_pane('variables')", "Variables", show=False, tooltip="Focus the variables pane"),
        Binding("S", "focus_pane('stack')", "Stack", show=False, tooltip="Focus the stack pane"),
        Binding("W", "focus_pane('watches')", "Watches", show=False, tooltip="Focus the watches pane"),
        Binding("B", "focus_pane('breakpoints')", "Breakpoints", show=False, tooltip="Focus the breakpoints pane"),
        Binding("T", "focus_pane('threads')", "Threads", show=False, tooltip="Focus the threads pane"),
        Binding("K", "focus_pane('console')", "Console", show=False, tooltip="Focus the console (scroll it)"),
        Binding("left_square_bracket", "resize_side(-1)", "Narrower", show=False, tooltip="Narrow the side column"),
        Binding("right_square_bracket", "resize_side(1)", "Wider", show=False, tooltip="Widen the side column"),
        Binding("left_curly_bracket", "resize_console(-1)", "Shorter", show=False, tooltip="Shrink the console"),
        Binding("right_curly_bracket", "resize_console(1)", "Taller", show=False, tooltip="Grow the console"),
    ]
    # Short screens get compact panes (app.tcss: Screen.-short).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    COMMANDS = {DebuggerCommands}  # the palette: our actions, then Textual's (themes)
    COMMAND_PLACEHOLDER = "pdb command or Python (: or ! to type here, Esc to leave)"


    def __init__(self, sock: socket.socket | None, *, handshake: Handshake | None = None,
                 owns_program_terminal: bool = True) -> None:
        super().__init__()
        gc_hold.hold()  # released once the first screen is drawn (on_mount)
        self._sock = sock
        self._handshake = handshake  # done before Textual was imported, or by _start_session
        self.client = DapClient(self._post_event, self._post_disconnected)
        self.handoff = TerminalHandoff(self, enabled=owns_program_terminal)
        self.can_restart = False  # the engine says so: true for a program tdb started
        # tdb -p: q detaches and the program runs on (the engine says so too).
        self.quit_detaches = bool(handshake and handshake.capabilities.get("tdb/quitDetaches"))
        # starting | stopped | running | ended | ending. A plain attribute: a reactive on the
        # App would repaint the whole screen each time it changes, twice per step.
        self.state = "starting"
        self.book = BreakpointBook()
        self.watches: list[str] = []
        self.catching = exception_commands.Catching()  # the exception filters the engine has (catch)
        self.interact: Any = None  # an InteractSession while `interact` runs
        self.stop: StopView | None = None
        self.exit_code: int | None = None
        self._sources: dict[str, str] = {}
        self._grace_timer: Any = None
        self.pane_layout = PaneLayout()  # the saved one is restored at mount
        self._saved_settings: dict[str, Any] = {}
        # Counts stops whose screen is complete: tests and benchmarks wait on it.
        self.screens_shown = 0
        self.engine_vanished = False

    def compose(self) -> ComposeResult:
        self._set_height_class()
        with Horizontal(id="main"):
            yield SourceView(id="source")
            with Vertical(id="side"):
                yield VariablesTree(self._fetch_variables, id="variables")
                yield WatchList(id="watches")
                yield StackList(id="stack")
                yield ThreadList(id="threads", classes="-empty")
                yield BreakpointsPane(id="breakpoints", classes="-empty")
        yield Console(id="console")
        yield StatusLine(id="status")
        yield CommandLine(self._completions, placeholder=self.COMMAND_PLACEHOLDER, id="command")
        yield KeyBar(id="keys")

    def _set_height_class(self) -> None:
        """The screen's VERTICAL_BREAKPOINTS class, from the terminal's size, before anything is styled.

        Textual sets it at the first resize, after the first styling: a class on the screen then
        styles every widget again, some 10 ms before the first screen.
        """
        height = self.size.height
        names = [name for _limit, name in self.VERTICAL_BREAKPOINTS]
        reached = [name for limit, name in self.VERTICAL_BREAKPOINTS if height >= limit]
        self.screen.update_classes({name: name == reached[-1] for name in names} if reached else {})

    def on_mount(self) -> None:
        self.call_after_refresh(gc_hold.release)
        self.query_one("#variables").border_title = "Variables"
        self.query_one("#watches").border_title = "Watches"
        self.query_one("#stack").border_title = "Stack"
        self.query_one("#threads").border_title = "Threads"
        self.query_one("#breakpoints").border_title = "Breakpoints"
        self.query_one("#console").border_title = "Console"
        self._restore_settings()
        self.query_one(SourceView).focus()
        self.set_status("starting…")
        if self.quit_detaches:
            self._say_attached()
        first = self._handshake.first_stop if self._handshake else None
        if first is not None and not self._show_first_stop(first, self._handshake.sources):
            self._handshake.events.insert(0, {"type": "event", "event": "stopped", "body": first})
        if self._sock is not None:
            self._start_session()

    @work(exclusive=True, group="session")
    async def _start_session(self) -> None:
        assert self._sock is not None
        try:
            done = self._handshake or await asyncio.to_thread(handshake, self._sock)
        except HandshakeFailed as error:
            self.exit(1, message=f"tdb: {error}")
            return
        self.can_restart = bool(done.capabilities.get("supportsRestartRequest"))
        if done.capabilities.get("tdb/quitDetaches") and not self.quit_detaches:
            self.quit_detaches = True
            self._say_attached()
        await self.client.connect(self._sock, done)

    # -- events from the engine ----------------------------------------------------

    def _post_event(self, name: str, body: dict[str, Any]) -> None:
        self.post_message(DapEvent(name, body))

    def _post_disconnected(self, reason: str | None) -> None:
        self.post_message(Disconnected(reason))

    async def on_dap_event(self, event: DapEvent) -> None:
        body = event.body
        if event.name == "stopped":
            self._cancel_grace()
            self.handoff.take()
            self.stop = StopView.from_event(body)
            self.state = "stopped"
            breakpoint_commands.at_stop(self, body)  # hit counts; a breakpoint's command list
            self._show_stop()
        elif event.name == "breakpoint":
            breakpoint_commands.engine_event(self, body)
        elif event.name == "output":
            self.console_pane.program_output(str(body.get("output", "")), str(body.get("category", "console")))
        elif event.name == "exited":
            self._cancel_grace()
            self.exit_code = int(body.get("exitCode", 0))
            if self.can_restart and self.state != "ending":  # not when the user just quit
                self._program_ended()
        elif event.name == "terminated":
            self.state = "ending"
            self.handoff.stop_asking()
            self.exit(self.exit_code or 0)
        elif event.name == "continued":
            pass

    def on_disconnected(self, message: Disconnected) -> None:
        # Without `terminated` first, the program died under us (killed, crashed hard).
        self.engine_vanished = self.state != "ending"
        self.exit(self.exit_code or 0, message=f"tdb: {message.reason}" if message.reason else None)

    def _program_ended(self) -> None:
        """Launch mode: the program's output stays in view, with the choice of what next."""
        self.state = "ended"
        self.stop = None
        self.query_one(SourceView).current_line = None
        ended = f"The program exited with code {self.exit_code}."
        self.set_status(f"{ended}  R restart · q quit", "ended")
        self.console_pane.say(f"{ended} Press R to restart it or q to quit.", "info")
        if self.handoff.enabled:
            self.run_worker(lambda: self._ask_after_exit(ended), thread=True, group="program-screen", exclusive=True)

    def _ask_after_exit(self, ended: str) -> None:
        key = self.handoff.ask_on_program_screen(f"{ended} R: restart, q: quit, any other key: the debugger")
        action = {"R": self.action_restart, "r": self.action_restart, "q": self.action_quit_debugger}.get(key)
        if action is None:
            self.call_from_thread(self.handoff.take)
        else:
            self.call_from_thread(action)

    # -- showing a stop --------------------------------------------------------------

    @work(exclusive=True, group="stop")
    async def _show_stop(self) -> None:
        stop = self.stop
        if stop is None:
            return
        if not stop.frames:  # an engine without the tdb/stop extension
            try:
                body = await self.client.request("stackTrace", {"threadId": stop.thread_id})
            except (RequestFailed, ConnectionLost) as error:
                self.console_pane.say(f"cannot read the stack: {error}", "error")
                return
            stop.frames = list(body.get("stackFrames") or [])
        await self._show_frame()

    async def _show_frame(self) -> None:
        """Fetch what a frame's panes need (if the stop did not bring it), then change the screen at once."""
        stop = self.stop
        frame = stop.frame if stop else None
        if stop is None or frame is None:
            return
        path = (frame.get("source") or {}).get("path") or ""
        text = await self._source_text(path)
        try:
            scopes, pages = stop.prefetched() or await self._fetch_scopes(frame)
        except (RequestFailed, ConnectionLost) as error:
            self.console_pane.say(f"cannot read the variables: {error}", "error")
            return
        watch_results = await self._watch_results()
        if self.stop is not stop:  # the user moved on meanwhile
            return
        stale = self._apply_frame(stop, frame, path, text, scopes, pages, watch_results)
        await self.query_one(VariablesTree).refresh_nodes(stale)

    async def _fetch_scopes(self, frame: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
        scopes = list((await self.client.request("scopes", {"frameId": frame["id"]})).get("scopes") or [])
        pages = {
            int(scope["variablesReference"]): await self._fetch_variables(int(scope["variablesReference"]), 0, PAGE_SIZE)
            for scope in scopes
            if not scope.get("expensive")
        }
        return scopes, pages

    def _apply_frame(self, stop: StopView, frame: dict[str, Any], path: str, text: str, scopes: list[dict[str, Any]],
                     pages: dict[int, list[dict[str, Any]]], watch_results: list[tuple[str, str, bool]]) -> list[Any]:
        """Show a frame in every pane in one batch; return the tree nodes still to refresh."""
        with self.batch_update():
            self._show_source(path, text, int(frame.get("line") or 1))
            self.query_one(SourceView).show_expression(source_commands.expression_span(frame))
            self.query_one(StackList).show_frames(stop.frames, stop.selected)
            self.query_one(ThreadList).show_threads(stop.threads, stop.viewed_thread)
            self.set_status(self._describe(stop, frame, path), "exception" if stop.reason == "exception" else "stopped")
            stale = self.query_one(VariablesTree).show_scopes(scopes, pages)
            self._show_watches(watch_results)
        self.screens_shown += 1
        return stale

    def _show_first_stop(self, body: dict[str, Any], sources: dict[str, str]) -> bool:
        """At mount, show the stop the handshake already read, so the first paint is the real screen."""
        stop = StopView.from_event(body)
        frame = stop.frame
        prefetched = stop.prefetched()
        path = ((frame or {}).get("source") or {}).get("path") or ""
        if frame is None or prefetched is None or path not in sources:
            return False
        self._sources.update(sources)
        self.stop, self.state = stop, "stopped"
        self._apply_frame(stop, frame, path, sources[path], *prefetched, [])
        return True

    def _show_source(self, path: str, text: str, line: int) -> None:
        source_view = self.query_one(SourceView)
        if source_view.path != path:
            source_view.load(path, text)
            source_view.border_title = _display_path(path)
        source_view.current_line = line
        self._refresh_breakpoint_marks()

    @staticmethod
    def _describe(stop: StopView, frame: dict[str, Any], path: str) -> str:
        where = f"{os.path.basename(path)}:{frame.get('line')}  in {frame.get('name')}"
        reason = {"entry": "at the program's first line", "breakpoint": "at a breakpoint", "exception": "on an exception",
                  "pause": "paused", "step": "after a step", "goto": "after a jump"}.get(stop.reason, stop.reason)
        if stop.description and stop.reason == "exception":
            reason = f"exception: {stop.description}"
        if stop.viewed_thread != stop.thread_id:  # another thread's stack: it cannot be stepped
            name = next((t.get("name") for t in stop.threads if t.get("id") == stop.viewed_thread), stop.viewed_thread)
            return f"{where} — thread {name}, read-only" + (f"   [frame {stop.selected}]" if stop.selected else "")
        return f"{where} — {reason}" + (f"   [frame {stop.selected} of {len(stop.frames)}]" if stop.selected else "")

    async def _source_text(self, path: str) -> str:
        if path not in self._sources:
            try:
                body = await self.client.request("source", {"source": {"path": path}})
                self._sources[path] = str(body.get("content", ""))
            except (RequestFailed, ConnectionLost) as error:
                return f"<source not available: {error}>"
        return self._sources[path]

    async def _fetch_variables(self, reference: int, start: int, count: int) -> list[dict[str, Any]]:
        body = await self.client.request("variables", {"variablesReference": reference, "start": start, "count": count})
        return list(body.get("variables") or [])

    async def _watch_results(self) -> list[tuple[str, str, bool]]:
        """(expression, value or error, ok) for every watch, in the selected frame."""
        results = []
        for expression in self.watches:
            try:
                body = await self._evaluate(expression, "watch")
                results.append((expression, str(body.get("result", "")), True))
            except RequestFailed as error:
                results.append((expression, str(error), False))
        return results

    def _show_watches(self, results: list[tuple[str, str, bool]]) -> None:
        watches = self.query_one(WatchList)
        watches.show_results(results, self.stop)
        # A class, not `display`: a pane the user hid must stay hidden (layout.py).
        watches.set_class(not results, "-empty")

    async def _evaluate_watches(self) -> None:
        try:
            self._show_watches(await self._watch_results())
        except ConnectionLost:
            pass

    async def _evaluate(self, expression: str, context: str) -> dict[str, Any]:
        frame = self.stop.frame if self.stop else None
        arguments: dict[str, Any] = {"expression": expression, "context": context}
        if frame is not None:
            arguments["frameId"] = frame["id"]
        return await self.client.request("evaluate", arguments)

    def set_status(self, text: str, kind: str = "stopped") -> None:
        self.query_one(StatusLine).show(text, kind)

    @property
    def console_pane(self) -> Console:
        return self.query_one(Console)

    # -- actions ---------------------------------------------------------------------

    def _require_stopped(self) -> bool:
        if self.state == "stopped" and self.stop is not None:
            return True
        if self.state == "ended":
            self.console_pane.say("The program has ended: R restarts it, q quits.", "info")
        return False

    async def action_step(self, command: str) -> None:
        if not self._require_stopped():
            return
        frame = self.stop.frame if self.stop else None
        arguments: dict[str, Any] = {"threadId": self.stop.thread_id}  # type: ignore[union-attr]
        if frame is not None:
            arguments["frameId"] = frame["id"]  # pdb steps in the selected frame
        self._resumed()
        self._grace_timer = self.set_timer(STEP_GRACE_SECONDS, self._give_terminal)
        await self._send_resume(command, arguments)

    async def action_continue(self) -> None:
        if not self._require_stopped():
            return
        thread_id = self.stop.thread_id  # type: ignore[union-attr]
        self._resumed()
        self.set_status("running…", "running")
        self.handoff.release()
        await self._send_resume("continue", {"threadId": thread_id})

    async def _send_resume(self, command: str, arguments: dict[str, Any]) -> None:
        try:
            await self.client.request(command, arguments)
        except RequestFailed as error:
            self.handoff.take()
            self.console_pane.say(f"{command}: {error}", "error")
        except ConnectionLost:
            pass

    def _resumed(self) -> None:
        # The status says "running" only once a step outlasts its grace period: most steps stop
        # again within milliseconds, and painting in between would delay the next stop's screen.
        self.state = "running"
        self.stop = None
        self.end_interact()

    async def _give_terminal(self) -> None:
        if self.state == "running":
            self.set_status("running…", "running")
            self.handoff.release()
            try:
                await self.client.request("tdb/releaseTerminal")
            except (RequestFailed, ConnectionLost):
                pass

    def _cancel_grace(self) -> None:
        if self._grace_timer is not None:
            self._grace_timer.stop()
            self._grace_timer = None

    async def action_frame_up(self, count: int = 1) -> None:
        await self._move_frame(count)

    async def action_frame_down(self, count: int = 1) -> None:
        await self._move_frame(-count)

    async def _move_frame(self, delta: int) -> None:
        if not self._require_stopped() or self.stop is None:
            return
        # As pdb: `u 5` with two frames above goes to the oldest; only at the end is it an error.
        target = max(0, min(self.stop.selected + delta, len(self.stop.frames) - 1))
        if target == self.stop.selected:
            self.console_pane.say("*** Oldest frame" if delta > 0 else "*** Newest frame", "error")
            return
        self.stop.selected = target
        await self._show_frame()

    @on(OptionList.OptionSelected, "#stack")
    async def _stack_selected(self, event: OptionList.OptionSelected) -> None:
        if self.stop is not None and event.option_index != self.stop.selected:
            self.stop.selected = event.option_index
            await self._show_frame()

    async def action_toggle_breakpoint(self) -> None:
        source = self.query_one(SourceView)
        if source.path:
            await self._toggle_breakpoint(source.path, source.cursor_line)

    @on(SourceView.GutterClicked)
    async def _gutter_clicked(self, event: SourceView.GutterClicked) -> None:
        source = self.query_one(SourceView)
        if source.path:
            await self._toggle_breakpoint(source.path, event.line)

    async def _toggle_breakpoint(self, path: str, line: int) -> None:
        existing = self.book.at(path, line)
        if existing:
            self.book.remove(existing.number)
            self.console_pane.say(f"Deleted breakpoint {existing.number} at {os.path.basename(path)}:{line}", "info")
        else:
            self.book.add(path, line)
        await self._sync_breakpoints(path)

    async def _sync_breakpoints(self, path: str, quiet: bool = False) -> None:
        """Send every breakpoint of one file (DAP replaces a file's set as a whole)."""
        entries = self.book.in_file(path)
        specs = [{"line": bp.line, **bp.spec()} for bp in entries]
        await self._send_breakpoints("setBreakpoints", {"source": {"path": path}, "breakpoints": specs}, entries, quiet)

    async def _sync_function_breakpoints(self, quiet: bool = False) -> None:
        entries = self.book.functions()
        specs = [{"name": bp.function, **bp.spec()} for bp in entries]
        await self._send_breakpoints("setFunctionBreakpoints", {"breakpoints": specs}, entries, quiet)

    async def _send_breakpoints(self, command: str, arguments: dict[str, Any], entries: list[Any], quiet: bool) -> None:
        try:
            body = await self.client.request(command, arguments)
        except (RequestFailed, ConnectionLost) as error:
            self.console_pane.say(f"breakpoints not set: {error}", "error")
            return
        for bp, result in zip(entries, body.get("breakpoints") or []):
            self._report_breakpoint(bp, result, quiet)
        self._refresh_breakpoint_marks()

    def _report_breakpoint(self, bp: Any, result: dict[str, Any], quiet: bool) -> None:
        was_new = not bp.confirmed
        self.book.confirm(bp, result)
        if result.get("verified"):
            if was_new and not quiet:
                self.console_pane.say(breakpoint_commands.announce(bp), "info")
            if result.get("message") and not quiet:
                self.console_pane.say(str(result["message"]), "info")
        else:
            self.console_pane.say(f"*** breakpoint not set: {result.get('message', 'rejected')}", "error")
            self.book.refuse(bp.number)

    def _refresh_breakpoint_marks(self) -> None:
        source = self.query_one(SourceView)
        if source.path:
            source.set_breakpoints(self.book.marks(source.path))
        self.query_one(BreakpointsPane).show_breakpoints(self.book.all())

    @on(BreakpointsPane.Requested)
    async def _breakpoints_pane_request(self, event: BreakpointsPane.Requested) -> None:
        await breakpoint_commands.pane_request(self, event.action, event.number)

    def action_program_screen(self) -> None:
        if self.handoff.enabled and not self.handoff.released:
            self.run_worker(self._peek_program_screen, thread=True, group="program-screen", exclusive=True)

    def _peek_program_screen(self) -> None:
        self.handoff.ask_on_program_screen("the program's screen: press any key to return to the debugger")
        self.call_from_thread(self.handoff.take)

    def action_command_line(self) -> None:
        command = self.query_one("#command", Input)
        command.focus()

    def action_leave_command_line(self) -> None:
        if self.interact is not None:
            self.end_interact()
            return
        self.query_one(SourceView).focus()

    def begin_interact(self, session: Any) -> None:
        """`interact`: the command line's lines are Python for the session (inspect_commands.py)."""
        self.end_interact()
        self.interact = session
        session.begin()

    def end_interact(self) -> None:
        session, self.interact = self.interact, None
        if session is not None:
            session.end()

    def action_end_interact(self) -> None:
        command = self.query_one("#command", Input)
        if self.interact is None or not command.has_focus or command.value:
            raise SkipAction()  # Ctrl-D is the line's own key (delete right) otherwise
        self.end_interact()

    @on(VariablesTree.ViewValue)
    def _view_variable(self, event: VariablesTree.ViewValue) -> None:
        data = event.data
        inspect_commands.view_value(self, data.evaluate_name or data.name, data.evaluate_name,
                                    {"value": data.value, "type": data.type})

    @on(WatchList.ViewValue)
    def _view_watch(self, event: WatchList.ViewValue) -> None:
        inspect_commands.view_value(self, event.expression, event.expression)

    @on(WatchList.Changed)
    async def _watch_changed(self, event: WatchList.Changed) -> None:
        await inspect_commands.change_watch(self, event.index, event.expression)

    @on(ThreadList.Selected)
    async def _thread_selected(self, event: ThreadList.Selected) -> None:
        await inspect_commands.show_thread(self, event.thread_id)

    @on(ThreadList.Refresh)
    async def _threads_refresh(self) -> None:
        await inspect_commands.refresh_threads(self)

    async def action_exceptions(self) -> None:
        await exception_commands.show_screen(self)

    async def action_toggle_catch(self, kind: str) -> None:
        await exception_commands.toggle(self, kind)

    def action_help(self) -> None:
        from .screens.help import HelpScreen, key_rows  # dialogs load when first opened, not before the first screen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_rows(self, self.screen)))

    async def action_restart(self) -> None:
        if self.state != "ended":
            self.console_pane.say("restart is offered once the program has ended", "error")
            return
        self.state = "running"
        self.set_status("restarting…", "running")
        try:
            await self.client.request("restart")
        except (RequestFailed, ConnectionLost) as error:
            self.console_pane.say(f"restart: {error}", "error")

    async def action_quit_debugger(self) -> None:
        # After the end the program is gone: disconnect; before it, end the program too
        # (unless attached to it with tdb -p: then it runs on, untraced).
        command = "disconnect" if self.state == "ended" or self.quit_detaches else "terminate"
        arguments = {"terminateDebuggee": False} if self.quit_detaches else None
        self.state = "ending"
        self.handoff.release()
        try:
            await self.client.request(command, arguments)
        except (RequestFailed, ConnectionLost):
            self.exit(self.exit_code or 0)

    def _say_attached(self) -> None:
        self.console_pane.say("Attached to a running program: q detaches and it runs on; "
                              "Ctrl-C breaks in while it runs.", "info")

    async def action_pause(self) -> None:
        """Ctrl-C while the program runs: break in (the DAP pause request)."""
        if self.state != "running":
            if self.state == "stopped":
                self.console_pane.say("The program is stopped already; Ctrl-C breaks in while it runs.", "info")
            return
        self.set_status("pausing… (the program stops when it next runs Python code)", "running")
        try:
            await self.client.request("pause", {"threadId": 0})
        except RequestFailed as error:
            self.console_pane.say(f"pause: {error}", "error")
        except ConnectionLost:
            pass

    # -- layout and settings --------------------------------------------------------------

    def _restore_settings(self) -> None:
        """The theme and layout of the last session (settings.py), then save each change."""
        saved = settings.load()
        if saved.get("theme") in self.available_themes:
            self.theme = saved["theme"]
        self.pane_layout = PaneLayout.from_json(saved.get("layout"))
        self._saved_settings = self._settings()
        layout.apply(self, self.pane_layout)
        self.theme_changed_signal.subscribe(self, lambda _theme: self._save_settings())

    def _settings(self) -> dict[str, Any]:
        return {"theme": self.theme, "layout": self.pane_layout.to_json()}

    def _save_settings(self) -> None:
        current = self._settings()
        if current != self._saved_settings:
            self._saved_settings = current
            error = settings.save(current)
            if error:
                self.console_pane.say(f"settings not saved: {error}", "error")

    def _layout_changed(self) -> None:
        layout.apply(self, self.pane_layout)
        self._save_settings()

    def on_resize(self) -> None:
        # A console grown on a tall screen must still leave the source room on a short one.
        layout.apply(self, self.pane_layout)
        # Narrow screens: tighter key hints, so that most of them still fit.
        self.query_one(KeyBar).compact = self.size.width < layout.COMPACT_FOOTER_WIDTH

    def action_focus_pane(self, name: str) -> None:
        pane = layout.pane(self, name)
        if pane is None:
            self.console_pane.say(f"there is no {layout.PANE_TITLES.get(name, name)} pane", "error")
            return
        if name in self.pane_layout.hidden:
            self.pane_layout.hidden.discard(name)
            self._layout_changed()
        # A pane that steps aside when empty (watches, threads) shows while it has the focus.
        pane.add_class(layout.ASKED_CLASS)
        if self.screen is not pane.screen:
            return  # a dialog is on top: the pane shows, the dialog keeps the focus
        # A pane that was hidden can take the focus once the stylesheet has shown it again.
        self.call_after_refresh(pane.focus)

    def action_toggle_pane(self, name: str) -> None:
        pane = layout.pane(self, name)
        if pane is None:
            self.console_pane.say(f"there is no {layout.PANE_TITLES.get(name, name)} pane", "error")
            return
        hidden = self.pane_layout.hidden
        if name in hidden:
            hidden.discard(name)
        else:
            hidden.add(name)
            pane.remove_class(layout.ASKED_CLASS)
            if pane.has_focus_within:
                self.query_one(SourceView).focus()
        self._layout_changed()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        event.control.remove_class(layout.ASKED_CLASS)

    def action_resize_side(self, steps: int) -> None:
        if self.pane_layout.resize_side(steps, layout.side_percent(self)):
            self._layout_changed()
        else:
            self.bell()

    def action_resize_console(self, steps: int) -> None:
        console = self.console_pane
        if self.pane_layout.resize_console(steps, console.outer_size.height, self.size.height):
            self._layout_changed()
        else:
            self.bell()

    # -- the source pane's keys (source_commands.py) ------------------------------------

    def action_search(self) -> None:
        source_commands.search(self)

    def action_search_next(self) -> None:
        source_commands.search_again(self, forward=True)

    def action_search_previous(self) -> None:
        source_commands.search_again(self, forward=False)

    def action_go_to_line(self) -> None:
        source_commands.go_to_line(self)

    async def action_open_source(self) -> None:
        await source_commands.guarded(self, source_commands.open_source(self))

    def action_back_to_stop(self) -> None:
        source_commands.back_to_stop(self)

    async def action_run_to_cursor(self) -> None:
        await source_commands.guarded(self, source_commands.run_to_cursor(self))

    async def action_jump_to_cursor(self) -> None:
        await source_commands.guarded(self, source_commands.jump_to_cursor(self))

    async def action_edit_source(self) -> None:
        await source_commands.guarded(self, source_commands.edit_source(self))

    # -- the command line ---------------------------------------------------------------

    @on(Input.Submitted, "#command")
    async def _command_submitted(self, event: Input.Submitted) -> None:
        line = event.value
        event.input.value = ""
        if line.strip() and self.interact is None:  # interact echoes with its own prompts
            self.console_pane.say(f"{breakpoint_commands.echo_prompt(self)} {line}", "echo")
        await self.run_command(line)

    async def run_command(self, line: str) -> None:
        from .command_runner import run

        await run(self, line)

    async def _completions(self, text: str, column: int) -> list[dict[str, Any]]:
        """What the engine offers for the name at `column` in the selected frame; nothing unless stopped."""
        frame = self.stop.frame if self.state == "stopped" and self.stop else None
        if frame is None:
            return []
        try:
            body = await self.client.request("completions", {"text": text, "column": column, "frameId": frame["id"]})
        except (RequestFailed, ConnectionLost):
            return []
        return list(body.get("targets") or [])

    @on(CommandLine.Candidates)
    def _show_candidates(self, event: CommandLine.Candidates) -> None:
        self.console_pane.say("  ".join(event.labels), "info")


def _display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it: shorter, and what the user typed."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative
