"""The debugger's screen: the panes, their keys, and showing what the core knows.

The screen is the core's observer (core/session.py): a stop, the program's
output, the end of the session come here and are shown. Its keys come from
the action registry (actions.py); commands (commands/) act through the
public methods below and the core's verbs.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, Awaitable, Callable

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input

from ...timeline import mark
from .. import actions, gc_hold, key_lane, key_order, layout
from ..commands.breakpoints import pane_request, run_command_lists
from ..commands.runner import run_pending_lines
from ..commands.errors import reported
from ..core.client import ConnectionLost, RequestFailed
from ..core.paths import display_path
from ..core.session import ENDED, RUNNING, STOPPED, DebugSession, FrameView, NotStopped
from ..core.stop import StopView, describe, describe_reason, expression_span, thread_name
from ..layout import PaneLayout
from ..paint import RepeatedPaint, paint_now
from ..terminal_driver import HandoffDriver
from ..live_view import LiveView
from ..widgets.breakpoints_pane import BreakpointsPane
from ..widgets.command_line import CommandLine
from ..widgets.console import Console
from ..widgets.key_bar import KeyBar
from ..widgets.source import SourceView
from ..widgets.stack import StackList
from ..widgets.status import StatusLine
from ..widgets.tasks import TaskList
from ..widgets.threads import ThreadList
from ..widgets.variables import VariablesTree
from ..widgets.watches import WatchList
from .first_paint import FirstPaintScreen


def _asked(verb: Callable[[], Awaitable[None]]) -> Awaitable[None]:
    """verb() now (the core's step and resume send their request before they return); what it raises at
    once comes out where its result is awaited, as from an async verb."""
    try:
        return verb()
    except Exception as error:
        return _raise(error)


async def _raise(error: Exception) -> None:
    raise error


# A step that has not stopped again by then is a long run: give the program the terminal.
STEP_GRACE_SECONDS = 0.25
COMMAND_PLACEHOLDER = "pdb command or Python (: or ! to type here, Esc to leave)"


class DebuggerScreen(FirstPaintScreen[None]):
    """Source on the left, inspection panes on the right, the console, status, command line and keys below."""

    BINDINGS = actions.bindings()
    # Short screens get compact panes (app.tcss: Screen.-short).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    class LayoutChanged(Message):
        """The user changed the layout: the app remembers it."""

    def __init__(self, core: DebugSession, handoff: Any, on_ready: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self._on_ready = on_ready  # the panes are there: the session may start (its first stop has a place)
        self.core = core
        core.observer = self
        self.handoff = handoff  # handoff.TerminalHandoff: who owns the terminal
        self.pane_layout = PaneLayout()  # the app gives the saved one at mount
        self.interact: Any = None  # an interact.InteractSession while `interact` runs
        self.screens_shown = 0  # stops whose screen is complete: tests and benchmarks wait on it
        self._grace_timer: asyncio.TimerHandle | None = None  # a step's grace (STEP_GRACE_SECONDS)
        self._moves: set[asyncio.Task[None]] = set()  # moves whose answer is awaited (_await_move)
        self._stepping_paint = RepeatedPaint()  # "stepping…" in the status line, at each step
        # Typed lines, run one after another by a worker: the screen stays free meanwhile (Ctrl-C
        # interrupts an evaluation that never ends; scrolling works while one runs).
        self._typed: asyncio.Queue[str] = asyncio.Queue()
        self._remember_problem: str | None = None
        self.confirm_quit = False  # q asks before it ends a program that still runs (config.toml)
        self.live_view: LiveView | None = None  # tdb -p --live: the running threads, while the program runs

    def compose(self) -> ComposeResult:
        self._set_height_class()
        with Horizontal(id="main"):
            yield SourceView(id="source")
            with Vertical(id="side"):
                yield VariablesTree(self.core.fetch_variables, id="variables")
                yield WatchList(id="watches", classes="-empty")  # (as the first stop most often finds it)
                yield StackList(id="stack")
                yield ThreadList(id="threads", classes="-empty")
                yield TaskList(id="tasks", classes="-empty")
                yield BreakpointsPane(id="breakpoints", classes="-empty")
        yield Console(id="console")
        yield StatusLine(id="status")
        yield CommandLine(self.core.completions, placeholder=COMMAND_PLACEHOLDER, id="command")
        yield KeyBar(id="keys")

    def _set_height_class(self) -> None:
        """The VERTICAL_BREAKPOINTS class, from the terminal's size, before anything is styled.

        Textual sets it at the first resize, after the first styling: a class on the screen then
        styles every widget again, some 10 ms before the first screen.
        """
        height = self.app.size.height
        names = [name for _limit, name in self.VERTICAL_BREAKPOINTS]
        reached = [name for limit, name in self.VERTICAL_BREAKPOINTS if height >= limit]
        self.update_classes({name: name == reached[-1] for name in names} if reached else {})

    def on_mount(self) -> None:
        for name in layout.PANES:
            self.query_one(f"#{name}").border_title = layout.PANE_TITLES[name]
        self.source_view.focus()
        self.set_status("starting…")
        self._run_typed_lines()
        # Called, not posted: a message would let Textual paint the empty panes first (10-20 ms).
        self._on_ready()

    # -- what commands and keys use ------------------------------------------------------

    @property
    def source_view(self) -> SourceView:
        return self.query_one(SourceView)

    @property
    def console(self) -> Console:
        return self.query_one(Console)

    @property
    def command_line(self) -> CommandLine:
        return self.query_one(CommandLine)

    def say(self, text: str, kind: str = "console") -> None:
        """A line in the console (kind: console, info, error, echo)."""
        self.console.say(text, kind)

    def set_status(self, text: str, kind: str = "stopped") -> None:
        self.query_one(StatusLine).show(text, kind)

    async def run_command(self, line: str) -> None:
        from ..commands.runner import run

        await run(self, line)

    # -- the core's observer ---------------------------------------------------------------

    def stopped(self, stop: StopView) -> None:
        mark("screen: stopped")
        self._step_done(collect=False)  # (not before the stop is painted: _show_view)
        self.handoff.take()
        view = self.core.ready_view()
        if view is None:
            gc_hold.resume()
            self._show_stop()
            return
        # Most steps: the stop brought all the panes show. Shown now, not from a worker (a worker's
        # start costs a step half a millisecond).
        self.workers.cancel_group(self, "stop")
        self._show_view(view)

    def _show_view(self, view: FrameView) -> None:
        stale = self._apply(view)
        paint_now(self)
        gc_hold.resume()
        if stale:  # (expanded variables: their children are asked for again)
            self.run_worker(self.query_one(VariablesTree).refresh_nodes(stale), group="stop")
        commands = run_command_lists(self, view.stop)
        lines = run_pending_lines(self, view.stop)
        driver = self.app._driver
        if not (commands or lines) and isinstance(driver, HandoffDriver):  # (else they may move the program)
            key_lane.arm(self, driver.lane)

    def other_stopped(self, stop: StopView) -> None:
        """Another thread stopped while the user is at (or steps) a thread: said, listed, not shown."""
        self.say(f"Thread {thread_name(stop)} stopped ({describe_reason(stop)}): "
                 f"Ctrl-T or `thread {thread_name(stop)}` shows it.", "info")
        if self.core.state == STOPPED:
            self.run_worker(self._threads_refresh, group="threads", exclusive=True)
            self._show_status()

    def thread_ended(self, thread_id: int, stopped: bool) -> None:
        if self.core.state == STOPPED:
            self.say(f"Thread {self.core.thread_name(thread_id)} ended.", "info")
            self.run_worker(self._threads_refresh, group="threads", exclusive=True)

    def ran_on(self, thread_id: int) -> None:
        self._step_done()
        name = self.core.thread_name(thread_id)
        self.say(f"Thread {name} runs to its end (the step left its code).", "info")
        if self.core.waiting_stops():
            self._show_next_stopped(f"thread {name} runs on")
        else:
            self.run_worker(self._give_terminal, group="handover", exclusive=True)

    def terminal_wanted(self, thread_id: int) -> None:
        """A step into input(), say: the terminal is the program's now, not after the grace. At a stop the
        read waits until the program runs on (an evaluation that reads: Ctrl-C interrupts it)."""
        if self.core.state == RUNNING and self._grace_timer is not None:
            self._grace_timer.cancel()
            self._grace_over()
        elif self.core.state == STOPPED:
            self.say(f"Thread {self.core.thread_name(thread_id)} waits to read the terminal (input()): it reads "
                     "once the program runs on (Ctrl-C interrupts a line typed here).", "info")

    def start_live(self) -> None:
        self.live_view = LiveView(self)
        self.live_view.start()

    def watches_sampled(self, results: list[tuple[str, str, bool]]) -> None:
        self.show_watches(results)

    def output(self, text: str, category: str) -> None:
        self.console.program_output(text, category)

    def ended(self) -> None:
        """A program tdb runs ended: its output stays in view, with the choice of what next."""
        self._step_done()
        self.source_view.current_line = None
        ended = f"The program exited with code {self.core.exit_code}."
        self.set_status(f"{ended}  R restart · q quit", "ended")
        self.say(f"{ended} Press R to restart it or q to quit.", "info")
        if self.handoff.enabled:
            self.run_worker(lambda: self._ask_after_exit(ended), thread=True, group="program-screen", exclusive=True)

    def terminated(self) -> None:
        self.handoff.stop_asking()
        self.app.exit(self.core.exit_code or 0)

    def disconnected(self, reason: str | None) -> None:
        self.app.exit(self.core.exit_code or 0, message=f"tdb: {reason}" if reason else None)

    def notice(self, text: str, kind: str) -> None:
        self.say(text, kind or "console")

    def breakpoints_changed(self) -> None:
        self.show_breakpoints()
        self.remember()

    def remember(self) -> None:
        """This project's breakpoints and watches, saved for its next session (said once if that fails)."""
        problem = self.core.remember()
        if problem and problem != self._remember_problem:
            self.say(f"*** breakpoints and watches not saved: {problem}", "error")
        self._remember_problem = problem

    def on_unmount(self) -> None:
        self.remember()  # (the watches, which change without telling the core)
        for move in list(self._moves):
            move.cancel()
        gc_hold.resume()

    def _ask_after_exit(self, ended: str) -> None:
        key = self.handoff.ask_on_program_screen(f"{ended} R: restart, q: quit, any other key: the debugger")
        action = {"R": self.action_restart, "r": self.action_restart, "q": self.action_quit_debugger}.get(key)
        self.app.call_from_thread(action or partial(self.handoff.take, program_ran=False))

    # -- showing a stop ----------------------------------------------------------------------

    def show_first_stop(self, body: dict[str, Any], sources: dict[str, str]) -> bool:
        """At mount, the stop the handshake already read, so that the first paint is the real screen."""
        self.core.first_stop(body, sources)
        view = self.core.ready_view()
        if view is None:
            return False
        self._show_view(view)
        return True

    @work(exclusive=True, group="stop")
    async def _show_stop(self) -> None:
        stop = self.core.stop
        if stop is None:
            return
        try:
            await self.core.fetch_stack(stop)  # (an engine that sent no snapshot with the stop)
        except (RequestFailed, ConnectionLost) as error:
            self.say(f"cannot read the stack: {error}", "error")
            return
        if not stop.frames:  # (a server that shows none of the thread's frames: debugpy paused in library code)
            self.query_one(ThreadList).show_threads(stop.threads, stop.viewed_thread)
            self.set_status(f"thread {thread_name(stop)} — {describe_reason(stop)} where the debugger shows no "
                            "frame (s: to the program's next line, c: runs on)", "stopped")
            return
        await self.show_frame()
        run_command_lists(self, stop)
        run_pending_lines(self, stop)

    async def show_frame(self) -> None:
        """Show the selected frame in every pane (what the stop did not bring is fetched first)."""
        try:
            view = await self.core.frame_view()
        except (RequestFailed, ConnectionLost) as error:
            self.say(f"cannot read the variables: {error}", "error")
            return
        if view is not None:
            stale = self._apply(view)
            await self.query_one(VariablesTree).refresh_nodes(stale)

    def _apply(self, view: FrameView) -> list[Any]:
        """Show a frame in every pane in one batch; the tree nodes still to refresh."""
        stop, frame = view.stop, view.frame
        mark("screen: show the stop")
        with self.app.batch_update():
            self.show_source(view.path, view.text, int(frame.get("line") or 1))
            self.source_view.show_expression(expression_span(frame))
            self.query_one(StackList).show_frames(stop.frames, stop.selected)
            self.query_one(ThreadList).show_threads(stop.threads, stop.viewed_thread)
            self.query_one(TaskList).show_tasks(stop.tasks, stop.viewed_task)
            self._show_status(stop, frame)
            stale = self.query_one(VariablesTree).show_scopes(view.scopes, view.pages)
            self.show_watches(view.watches)
        self.screens_shown += 1
        mark("screen: panes updated")
        return stale

    def show_tasks(self) -> None:
        stop = self.core.stop
        if stop is not None:
            self.query_one(TaskList).show_tasks(stop.tasks, stop.viewed_task)

    def _show_status(self, stop: StopView | None = None, frame: dict[str, Any] | None = None) -> None:
        """The status line of the current stop, and how many other threads wait stopped."""
        stop = stop or self.core.stop
        frame = frame or (stop.frame if stop else None)
        if stop is None or frame is None:
            return
        waiting = len(self.core.waiting_stops())
        more = f"   · {waiting} more thread{'s' if waiting > 1 else ''} stopped (Ctrl-T)" if waiting else ""
        self.set_status(describe(stop, frame) + more, "exception" if stop.reason == "exception" else "stopped")

    def show_source(self, path: str, text: str, line: int | None = None) -> None:
        """A file in the source pane (its breakpoints too); `line`, the current one."""
        view = self.source_view
        if view.path != path:
            view.load(path, text)
            view.border_title = display_path(path)
        if line is not None:
            view.current_line = line
        self.show_breakpoints()

    def show_breakpoints(self) -> None:
        """The gutter's marks and the breakpoints pane, from the book."""
        view = self.source_view
        if view.path:
            view.set_breakpoints(self.core.book.marks(view.path))
        self.query_one(BreakpointsPane).show_breakpoints(self.core.book.all())

    def show_threads(self) -> None:
        stop = self.core.stop
        if stop is not None:
            self.query_one(ThreadList).show_threads(stop.threads, stop.viewed_thread)

    def show_watches(self, results: list[tuple[str, str, bool]]) -> None:
        watches = self.query_one(WatchList)
        watches.show_results(results, self.core.stop)
        # A class, not `display`: a pane the user hid must stay hidden (layout.py).
        watches.set_class(not results, "-empty")

    async def refresh_watches(self) -> None:
        try:
            self.show_watches(await self.core.watch_results())
        except ConnectionLost:
            pass

    async def refresh_after_code(self) -> None:
        """Code from the console ran in the program: what the panes show may have changed."""
        if self.core.stop is not None:
            self.core.stop.forget_snapshot()
            await self.show_frame()
            if await self.core.refresh_tasks():  # (an `await` turned the loop: its tasks moved)
                self.show_tasks()

    # -- moving the program -------------------------------------------------------------------

    async def move(self, verb: Callable[[], Awaitable[None]], *, continuing: bool, every_thread: bool = False) -> None:
        """Run one of the core's motion verbs, the terminal handed to the program: at once for a continue,
        after a grace for a step (most steps stop again within milliseconds).

        A move the engine refuses (RequestFailed) ran nothing: the stop is shown again, and the error raised.
        """
        staying = self._begin_move(continuing=continuing, every_thread=every_thread)
        asked = _asked(verb)
        self._stepping(continuing)
        await self._finish_move(asked, staying)

    def _begin_move(self, *, continuing: bool, every_thread: bool) -> StopView | None:
        """What a move does before the engine is asked: the terminal to the program for a continue (keys
        typed after it, still in the app's queue, go with it). Returns the current stop if other threads
        wait stopped: the screen goes to them, the terminal stays."""
        current = self.core.require_stop()
        self.end_interact()
        others = [stop for stop in self.core.waiting_stops() if stop is not current]
        if continuing and others and not (every_thread or self.core.all_stop):
            return current
        if continuing:
            self.set_status("running…", "running")
            self.handoff.release()
        return None

    def _stepping(self, continuing: bool) -> None:
        """What a step does once its request is on its way (the engine works meanwhile): says so at once
        (the key was taken; a step over a long call shows it), and arms the grace timer that hands the
        terminal to the program if the step does not stop soon. (An async verb, `until`, sends when
        awaited: nothing said for it.)"""
        if continuing:
            return
        if self.core.state == RUNNING:
            status, said = self.query_one(StatusLine), ("stepping…", "running")
            status.show(*said)
            self._stepping_paint.paint(self, status, said)
        self.handoff.hold()  # (keys typed before its outcome: handled at its stop, else the program's)
        gc_hold.pause()  # (until its stop is painted)
        # (The loop's own timer: a Textual timer is a task, its start 0.2 ms of a step's.)
        self._grace_timer = asyncio.get_running_loop().call_later(STEP_GRACE_SECONDS, self._grace_over)

    def _grace_over(self) -> None:
        gc_hold.resume()
        if self.is_attached:
            self.run_worker(self._give_terminal, group="handover", exclusive=True)

    async def _finish_move(self, asked: Awaitable[None], staying: StopView | None) -> None:
        if staying is not None:
            await asked
            self._show_next_stopped(f"thread {thread_name(staying)} runs on")
            return
        try:
            await asked
        except RequestFailed:
            self._step_done()
            self.handoff.take()
            if self.core.state == STOPPED:
                await self.show_frame()
            raise

    async def _give_terminal(self) -> None:
        # (Even while other threads wait stopped: the step may read the terminal, and its own stop is the
        # next one shown; the screen never jumps to another thread unasked.)
        self._grace_timer = None
        if self.core.state != RUNNING:
            self.handoff.unhold()
            return
        self.set_status("running…", "running")
        self.handoff.release()  # (with the keys typed while the step was out)
        try:
            await self.core.release_terminal()
        except (RequestFailed, ConnectionLost):
            pass

    def _step_done(self, *, collect: bool = True) -> None:
        """The step is over (it stopped, failed, ran on or ended the program): no grace, the keys typed
        while it was out are the interface's, next (handoff.py), and garbage is collected again, unless
        not `collect` yet."""
        if collect:
            gc_hold.resume()
        if self._grace_timer is not None:
            self._grace_timer.cancel()
            self._grace_timer = None
        self.handoff.unhold()

    # -- interact --------------------------------------------------------------------------

    def begin_interact(self, session: Any) -> None:
        """`interact`: the command line's lines are Python for the session (interact.py)."""
        self.end_interact()
        self.interact = session
        session.begin()

    def end_interact(self) -> None:
        session, self.interact = self.interact, None
        if session is not None:
            session.end()

    # -- the keys ------------------------------------------------------------------------------

    @reported
    async def action_step(self, command: str) -> None:
        mark("screen:", command)
        await self._move_as_asked(lambda: self.core.step(command), command, continuing=False)

    @reported
    async def action_continue(self) -> None:
        await self._move_as_asked(self.core.resume, "continue", continuing=True)

    async def _move_as_asked(self, verb: Callable[[], Awaitable[None]], what: str, *, continuing: bool) -> None:
        """n s r c: from a key, through its priority binding (actions.py), the app runs this as the key
        comes, before the focused widget sees it (three message hops, half a millisecond of a step,
        sooner), unless keys typed before it are still on their way (key_order.py); a key typed into a
        line stays the line's. The move begins there; the engine is asked from this screen's queue, so
        that the app's stays free (Ctrl-C) while it answers."""
        key = key_order.key_in_hand.get()
        from_a_key = key is not None
        if key is not None and not key.is_forwarded:  # (the key's first pass: it may not take its turn yet)
            if isinstance(self.focused, Input):
                raise SkipAction()
            order = getattr(self.app, "key_order", None)
            if order is not None and order.others_on_their_way():
                order.send_round(key)
                raise SkipAction()
        answered = self._start_move(verb, what, continuing=continuing)
        if from_a_key:
            self._await_move(answered)
        else:
            await answered

    def _start_move(self, verb: Callable[[], Awaitable[None]], what: str, *, continuing: bool) -> Awaitable[None]:
        """The move begun, its request sent (by verb()); the rest of it, to be awaited."""
        staying = self._begin_move(continuing=continuing, every_thread=False)
        answered = self._answered(_asked(verb), staying, what)  # (a step's request is sent here: core.step)
        self._stepping(continuing)
        return answered

    def stepped_from_lane(self, command: str, sent: Awaitable[dict[str, Any]]) -> None:
        """A step key whose request the input thread sent (key_lane.py): the rest of its move, as its
        action's, on the app's loop before the step's answer can come."""
        mark("screen:", command, "(from the input thread)")
        try:
            answered = self._start_move(lambda: self.core.step(command, sent), command, continuing=False)
        except NotStopped:  # (the program moved meanwhile: the engine answers the request with an error)
            return
        except Exception as error:  # (a bug: as in an action, it ends the app, with its traceback)
            self.app._handle_exception(error)
            return
        self._await_move(answered)

    def _await_move(self, answered: Awaitable[None]) -> None:
        """A key's move, its answer awaited by a task of its own, so that the key's handling ends. A plain
        task, not a worker: a worker's start and end (its state messages) cost the app's loop 0.4 ms
        between a step's answer and its stop."""
        move = asyncio.ensure_future(answered)
        self._moves.add(move)
        move.add_done_callback(self._move_done)

    def _move_done(self, move: asyncio.Task[None]) -> None:
        self._moves.discard(move)
        if not move.cancelled() and move.exception() is not None:  # (a bug: as a worker's, it ends the app)
            self.app._handle_exception(move.exception())

    @reported
    async def _answered(self, asked: Awaitable[None], staying: StopView | None, what: str) -> None:
        try:
            await self._finish_move(asked, staying)
        except RequestFailed as error:
            self.say(f"{what}: {error}", "error")

    @reported
    async def action_frame_up(self) -> None:
        self.core.move_frame(1)
        await self.show_frame()

    @reported
    async def action_frame_down(self) -> None:
        self.core.move_frame(-1)
        await self.show_frame()

    @on(StackList.Chosen, "#stack")
    async def _stack_selected(self, event: StackList.Chosen) -> None:
        if self.core.stop is not None and self.core.select_frame(event.index):
            await self.show_frame()

    @reported
    async def action_toggle_breakpoint(self) -> None:
        view = self.source_view
        if view.path:
            await self._toggle_breakpoint(view.path, view.cursor_line)

    @on(SourceView.GutterClicked)
    @reported
    async def _gutter_clicked(self, event: SourceView.GutterClicked) -> None:
        if self.source_view.path:
            await self._toggle_breakpoint(self.source_view.path, event.line)

    async def _toggle_breakpoint(self, path: str, line: int) -> None:
        removed = await self.core.toggle_breakpoint(path, line)
        if removed is not None:
            self.say(f"Deleted breakpoint {removed.number} at {removed.where()}", "info")

    @on(BreakpointsPane.Requested)
    @reported
    async def _breakpoints_pane_request(self, event: BreakpointsPane.Requested) -> None:
        await pane_request(self, event.action, event.number)

    def action_program_screen(self) -> None:
        if self.handoff.enabled and not self.handoff.released:
            self.run_worker(self._peek_program_screen, thread=True, group="program-screen", exclusive=True)

    def _peek_program_screen(self) -> None:
        self.handoff.ask_on_program_screen("the program's screen: press any key to return to the debugger")
        self.app.call_from_thread(partial(self.handoff.take, program_ran=False))  # (keys typed after: ours)

    # Priority keys: the app runs them before it hands the next key to the focused widget, and the
    # focus moves now (Widget.focus() would wait for the keys queued already): `:b 4` typed fast is
    # the command line's, Esc n typed fast is a step.
    def action_command_line(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # (a ':' typed in a line is a character)
        self.set_focus(self.command_line)

    def action_leave_command_line(self) -> None:
        if self.interact is not None:
            self.end_interact()
            return
        if self.source_view.has_focus:
            raise SkipAction()  # (there already: the key is the source view's)
        self.set_focus(self.source_view)

    def action_end_interact(self) -> None:
        command = self.command_line
        if self.interact is None or not command.has_focus or command.value:
            raise SkipAction()  # Ctrl-D is the line's own key (delete right) otherwise
        self.end_interact()

    @on(VariablesTree.ViewValue)
    @reported
    async def _view_variable(self, event: VariablesTree.ViewValue) -> None:
        from ..commands.inspection import view_value

        data = event.data
        view_value(self, data.evaluate_name or data.name, data.evaluate_name, {"value": data.value, "type": data.type})

    @on(WatchList.ViewValue)
    @reported
    async def _view_watch(self, event: WatchList.ViewValue) -> None:
        from ..commands.inspection import view_value

        view_value(self, event.expression, event.expression)

    @on(WatchList.Changed)
    @reported
    async def _watch_changed(self, event: WatchList.Changed) -> None:
        from ..commands.inspection import change_watch

        await change_watch(self, event.index, event.expression)

    @on(ThreadList.Selected)
    @reported
    async def _thread_selected(self, event: ThreadList.Selected) -> None:
        await self.choose_thread(event.thread_id)

    async def choose_thread(self, thread_id: int) -> None:
        """A stopped thread becomes the current one (it steps); a running one's stack shows read-only."""
        if self.live_view is not None and self.core.state == RUNNING:
            await self.live_view.choose(thread_id)
            return
        current = self.core.stop
        if thread_id in self.core.stops and (current is None or thread_id != current.thread_id):
            self.core.switch_to(thread_id)
            await self.core.refresh_threads()
            self.stopped(self.core.stops[thread_id])
        elif await self.core.show_thread(thread_id):
            await self.show_frame()

    def _show_next_stopped(self, why: str) -> None:
        """Show the next thread that waits stopped: after the current one in the order they stopped, round
        to the oldest (after a continue of the current one: the oldest)."""
        waiting = self.core.waiting_stops()
        if not waiting:
            return
        order = list(self.core.stops)
        current = self.core.stop
        after = order.index(current.thread_id) if current is not None and current.thread_id in order else -1
        following = [stop for stop in waiting if order.index(stop.thread_id) > after]
        stop = self.core.switch_to((following or waiting)[0].thread_id)
        self.say(f"Now at thread {thread_name(stop)} ({describe_reason(stop)}); {why}.", "info")
        self.stopped(stop)

    @reported
    async def action_next_stopped_thread(self) -> None:
        """Ctrl-T: the next stopped thread after the current one, in the order they stopped."""
        self.core.require_stop()
        waiting = self.core.waiting_stops()
        if not waiting:
            self.say("No other thread is stopped.", "info")
            return
        self._show_next_stopped(f"{len(waiting)} thread{'s' if len(waiting) > 1 else ''} were waiting")

    @reported
    async def action_continue_all(self) -> None:
        try:
            await self.move(lambda: self.core.resume(every_thread=True), continuing=True, every_thread=True)
        except RequestFailed as error:
            self.say(f"continue: {error}", "error")

    @reported
    async def action_toggle_all_stop(self) -> None:
        from ..commands.threads import set_policy

        await set_policy(self, not self.core.all_stop)

    @reported
    async def action_pause_all(self) -> None:
        await self.core.pause_thread(None)
        self.say("Pausing every running thread: each stops at its next line.", "info")

    @on(TaskList.Selected)
    @reported
    async def _task_selected(self, event: TaskList.Selected) -> None:
        if await self.core.show_task(event.task_id):
            await self.show_frame()

    @on(ThreadList.Refresh)
    async def _threads_refresh(self) -> None:
        if await self.core.refresh_threads():
            self.show_threads()

    @reported
    async def action_exceptions(self) -> None:
        from ..commands.exceptions import show_screen

        await show_screen(self)

    @reported
    async def action_toggle_catch(self, kind: str) -> None:
        await self.core.toggle_catching(kind)
        self.say(self.core.catching.describe(), "info")

    def action_help(self) -> None:
        from .help import HelpScreen, key_rows  # dialogs load when first opened, not before the first screen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(key_rows(self)))

    @reported
    async def action_restart(self) -> None:
        if self.core.state != ENDED:
            self.say("restart is offered once the program has ended", "error")
            return
        self.set_status("restarting…", "running")
        try:
            await self.core.restart()
        except RequestFailed as error:
            self.say(f"restart: {error}", "error")

    async def action_quit_debugger(self, detach: bool = False) -> None:
        if self.confirm_quit and not detach and not self.core.quit_detaches and self.core.state != ENDED:
            from .confirm import ConfirmQuitScreen

            if not isinstance(self.app.screen, ConfirmQuitScreen):
                self.app.push_screen(ConfirmQuitScreen(), self._quit_answered)
            return
        await self._quit(detach)

    async def _quit_answered(self, quit: bool | None) -> None:
        if quit:
            await self._quit(detach=False)

    async def _quit(self, detach: bool) -> None:
        self.handoff.release()
        try:
            await (self.core.detach() if detach else self.core.quit())
        except (RequestFailed, ConnectionLost):
            self.app.exit(self.core.exit_code or 0)

    async def action_pause(self) -> None:
        """Ctrl-C while the program runs: break in (the DAP pause request)."""
        if self.core.state != RUNNING:
            if self.core.state == STOPPED and not self.core.interrupt():  # (what was running says so)
                self.say("The program is stopped already; Ctrl-C breaks in while it runs.", "info")
            return
        self.set_status("pausing… (the program stops when it next runs Python code)", "running")
        try:
            await self.core.pause()
        except RequestFailed as error:
            self.say(f"pause: {error}", "error")
        except ConnectionLost:
            pass

    # -- the source pane's keys (commands/source.py) ------------------------------------------

    @reported
    async def action_search(self) -> None:
        from ..commands.source import search

        search(self)

    @reported
    async def action_search_next(self) -> None:
        from ..commands.source import search_again

        search_again(self, forward=True)

    @reported
    async def action_search_previous(self) -> None:
        from ..commands.source import search_again

        search_again(self, forward=False)

    @reported
    async def action_go_to_line(self) -> None:
        from ..commands.source import go_to_line

        go_to_line(self)

    @reported
    async def action_open_source(self) -> None:
        from ..commands.source import open_source

        await open_source(self)

    @reported
    async def action_back_to_stop(self) -> None:
        from ..commands.source import back_to_stop

        back_to_stop(self)

    @reported
    async def action_run_to_cursor(self) -> None:
        from ..commands.source import run_to_cursor

        await run_to_cursor(self)

    @reported
    async def action_jump_to_cursor(self) -> None:
        from ..commands.source import jump_to_cursor

        await jump_to_cursor(self)

    @reported
    async def action_edit_source(self) -> None:
        from ..commands.source import edit_source

        await edit_source(self)

    # -- layout ----------------------------------------------------------------------------------

    def apply_layout(self, chosen: PaneLayout) -> None:
        self.pane_layout = chosen
        layout.apply(self, chosen)

    def _layout_changed(self) -> None:
        layout.apply(self, self.pane_layout)
        self.post_message(self.LayoutChanged())

    def on_resize(self) -> None:
        # A console grown on a tall screen must still leave the source room on a short one.
        layout.apply(self, self.pane_layout)
        # Narrow screens: tighter key hints, so that most of them still fit.
        self.query_one(KeyBar).compact = self.size.width < layout.COMPACT_FOOTER_WIDTH

    def action_focus_pane(self, name: str) -> None:
        pane = layout.pane(self, name)
        if pane is None:
            self.say(f"there is no {layout.PANE_TITLES.get(name, name)} pane", "error")
            return
        if name in self.pane_layout.hidden:
            self.pane_layout.hidden.discard(name)
            self._layout_changed()
        # A pane that steps aside when empty (watches, threads) shows while it has the focus.
        pane.add_class(layout.ASKED_CLASS)
        if self.app.screen is not self:
            return  # a dialog is on top: the pane shows, the dialog keeps the focus
        # A pane that was hidden can take the focus once the stylesheet has shown it again.
        self.call_after_refresh(pane.focus)

    def action_toggle_pane(self, name: str) -> None:
        pane = layout.pane(self, name)
        if pane is None:
            self.say(f"there is no {layout.PANE_TITLES.get(name, name)} pane", "error")
            return
        hidden = self.pane_layout.hidden
        if name in hidden:
            hidden.discard(name)
        else:
            hidden.add(name)
            pane.remove_class(layout.ASKED_CLASS)
            if pane.has_focus_within:
                self.source_view.focus()
        self._layout_changed()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        event.control.remove_class(layout.ASKED_CLASS)

    def action_resize_side(self, steps: int) -> None:
        if self.pane_layout.resize_side(steps, layout.side_percent(self)):
            self._layout_changed()
        else:
            self.app.bell()

    def action_resize_console(self, steps: int) -> None:
        if self.pane_layout.resize_console(steps, self.console.outer_size.height, self.app.size.height):
            self._layout_changed()
        else:
            self.app.bell()

    # -- the command line ---------------------------------------------------------------------

    @on(Input.Submitted, "#command")
    async def _command_submitted(self, event: Input.Submitted) -> None:
        from ..commands.breakpoints import echo_prompt

        line = event.value  # (the command line is empty already: keys typed since are the next line's)
        if line.strip() and self.interact is None:  # interact echoes with its own prompts
            self.say(f"{echo_prompt(self)} {line}", "echo")
        self._typed.put_nowait(line)

    @work(group="typed lines")
    async def _run_typed_lines(self) -> None:
        while True:
            await self.run_command(await self._typed.get())

    @on(CommandLine.Candidates)
    def _show_candidates(self, event: CommandLine.Candidates) -> None:
        self.say("  ".join(event.labels), "info")
