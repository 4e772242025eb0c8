"""The tdb interface: a Textual app that drives the engine over DAP.

The app keeps the theme, the settings (config.py: config.toml over settings.json over the
defaults) and the start-up; the debugger's screen
(screens/main.py) holds the panes and their keys; the headless core
(core/session.py) holds the session with the engine. The interface never
touches frames or objects: everything it shows came in a DAP response or event.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from contextlib import nullcontext
from typing import Any

from textual import events, work
from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.worker import WorkerFailed

from ..log import log_error
from ..prestart import idle_seconds
from ..timeline import mark
from . import config, config_check, css_memo, gc_hold, key_order, layout, settings
from .core.client import ConnectionLost, RequestFailed
from .core.handshake import Handshake, HandshakeFailed, PendingHandshake, handshake
from .core.session import RUNNING, DebugSession
from .handoff import TerminalHandoff
from .palette import DebuggerCommands
from .screens.main import DebuggerScreen
from .terminal_driver import HandoffDriver, LinuxDriver
from .widgets.variables import VariablesTree

css_memo.install()  # (the apps of a process share what they parsed: css_memo.py)

# How long a pre-started interface's screen waits for the engine before its first paint (the
# program imports the engine as the interface builds its panes: most often ready first).
PENDING_HANDSHAKE_WAIT = 0.3

# When what this interface parsed goes to disk for the next one (css_memo.py): a second after it started.
CSS_SAVED_AFTER = 1.0


class TdbApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "tdb"
    COMMANDS = {DebuggerCommands}  # the palette: our actions, then Textual's (themes)

    def __init__(self, sock: socket.socket | None, *, handshake: Handshake | None = None,
                 owns_program_terminal: bool = True, prestarted: str | None = None,
                 pending: PendingHandshake | None = None) -> None:
        super().__init__()
        self.prestarted = prestarted  # run.py's: whether (and how often) the pre-started server served
        gc_hold.hold()  # released once the first screen is drawn (on_mount)
        self._sock = sock
        self._handshake = handshake  # done before Textual was imported, or by _start_session
        self._pending = pending  # or talked while the panes were built (a pre-started interface)
        self.handoff = TerminalHandoff(self, enabled=owns_program_terminal)
        self.core = DebugSession()
        self.core.project = settings.project_of(os.getcwd())  # (its breakpoints and watches last)
        self.main_screen = DebuggerScreen(self.core, self.handoff, on_ready=self._screen_ready)  # (its observer)
        if handshake is not None:
            self.core.adopt(handshake)
        self._saved_settings: dict[str, Any] = {}
        self._kept_settings: dict[str, Any] = {}
        self.keymap: dict[str, str] = {}  # binding id -> the user's keys
        # The settings and where each came from; read when the panes are there (_restore_settings).
        self.effective_settings = config.merge(config.Config(config.config_path()), {}, self.core.project)
        self._said_session_only: set[str] = set()
        self.key_order = key_order.KeyOrder()  # keys on their way through the widgets (the step keys wait for them)

    def get_default_screen(self) -> DebuggerScreen:
        return self.main_screen

    @property
    def screens_shown(self) -> int:
        """Stops whose screen is complete (tests and benchmarks wait on it)."""
        return self.main_screen.screens_shown

    def _handle_exception(self, error: Exception) -> None:
        # As the app ends, Textual removes the panes before it cancels the workers: one that was waiting
        # for the engine (a command's refresh) may then look for a pane that is gone. Nothing is wrong.
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, NoMatches) and not self.is_running:
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """An error of tdb's own escaped: its traceback to the log, one line on the terminal (Textual
        would print the traceback over the program's output)."""
        error = sys.exc_info()[1]
        where = log_error("interface: unhandled error", error)
        self.bell()
        self._exit_renderables.append(f"tdb: internal error ({type(error).__name__}: {error}); details in {where}")
        self._close_messages_no_wait()

    def get_driver_class(self) -> Any:
        """Textual's own, but on Linux the one that keeps keys across a handover (terminal_driver.py)."""
        driver_class = super().get_driver_class()
        return HandoffDriver if driver_class is LinuxDriver else driver_class

    def _display(self, screen: Screen, renderable: Any) -> None:
        # A paint goes to the terminal from this thread (prompt_writer.py): queued for Textual's
        # writer thread, a first screen's 25 KB waited about 10 ms for it to get the GIL. (While the
        # program has the terminal the driver writes nothing: HandoffDriver._writing.)
        driver = self._driver
        with driver.at_once() if isinstance(driver, HandoffDriver) else nullcontext():
            super()._display(screen, renderable)

    async def on_event(self, event: Any) -> None:
        # A key read before the terminal went to the program, handled after (fresh, or back from the
        # focused widget for the bindings): the program's; a key typed while a step is out: held (handoff.py).
        if self.handoff.intercept(event):
            if isinstance(event, events.Key) and event.is_forwarded:
                self.key_order.came_back(event)  # (it is no longer on its way)
            return
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        pressed = key_order.key_in_hand.set(event)  # (for the bindings tried now: key_order.py)
        try:
            if not event.is_forwarded:
                await super().on_event(event)
                if event.is_forwarded:  # (no priority binding took it: it went to the focused widget)
                    self.key_order.went(event)
            elif self.key_order.came_back(event):
                await self._check_bindings(event.key, priority=True)  # a step key sent round, in its turn
            else:
                await super().on_event(event)
        finally:
            key_order.key_in_hand.reset(pressed)

    def on_mount(self) -> None:
        mark("app: mounted")
        self.call_after_refresh(gc_hold.release)
        # (well after the first screen; run.py saves again at the end, for an app that ended sooner)
        asyncio.get_running_loop().call_later(CSS_SAVED_AFTER, css_memo.save)

    def _screen_ready(self) -> None:
        """The panes are there: the saved layout, the first stop, then the session."""
        mark("app: panes ready")
        if self._pending is not None and self._pending.done(PENDING_HANDSHAKE_WAIT):
            # (a pre-started interface: its engine is usually ready by now, and its first stop then
            # is in the first paint; else the session shows it when it comes)
            done = self._pending.outcome()
            if not isinstance(done, HandshakeFailed):
                self._handshake, self._pending = done, None
                self.core.adopt(done)
        self._restore_settings()
        if self.core.quit_detaches and not self.core.live:
            self._say_attached()
        if self.prestarted == "first":
            self.main_screen.say(f"(This interface was pre-started: a server of yours, pid {os.getppid()}, keeps "
                                 f"one ready and ends after {idle_seconds() / 60:g} idle minutes. TDB_PRESTART=0: "
                                 "none.)", "info")
        if self._handshake is not None:
            self._show_first_stop(self._handshake)
        if self._sock is not None:
            self._start_session()

    def _show_first_stop(self, done: Handshake) -> None:
        if done.first_stop is not None and not self.main_screen.show_first_stop(done.first_stop, done.sources):
            done.events.insert(0, {"type": "event", "event": "stopped", "body": done.first_stop})

    @work(exclusive=True, group="session")
    async def _start_session(self) -> None:
        assert self._sock is not None
        try:
            if self._pending is not None:
                done = await asyncio.to_thread(self._pending.outcome)
                if isinstance(done, HandshakeFailed):
                    raise done
            else:
                done = self._handshake or await asyncio.to_thread(handshake, self._sock)
        except HandshakeFailed as error:
            self.exit(1, message=f"tdb: {error}")
            return
        detached_before = self.core.quit_detaches
        if self._handshake is None and done.first_stop is not None:  # (a pre-started interface's, late)
            self.core.adopt(done)
            self._show_first_stop(done)
        await self.core.connect(self._sock, done)
        if not done.configured:
            await self._configure_other_server()
        if self.core.live:
            self.main_screen.start_live()
        if self.effective_settings["display.values"] == "str":
            await self._show_values_as_str()
        if self.effective_settings["thread_policy"] == "all-stop":
            try:
                await self.core.set_all_stop(True)
            except (RequestFailed, ConnectionLost):
                pass  # (an engine without threads policies: non-stop it is)
        if self.core.quit_detaches and not detached_before and not self.core.live:
            self._say_attached()

    async def _show_values_as_str(self) -> None:
        """config.toml's `values = "str"`: the engine says so from now; a stop shown already is shown again."""
        try:
            await self.core.set_value_format("str")
        except (RequestFailed, ConnectionLost) as error:
            self.main_screen.say(f"[display] values: {error}", "error")
            return
        if self.core.stop is not None:
            self.core.stop.forget_snapshot()
            await self.main_screen.show_frame()

    async def _configure_other_server(self) -> None:
        """Another DAP server (debugpy): the project's breakpoints, then its program runs."""
        screen = self.main_screen
        try:
            restored = await self.core.configure()
        except (RequestFailed, ConnectionLost) as error:
            screen.say(str(error), "error")
            return
        screen.say("Connected to a DAP server other than tdb's engine: the program runs; "
                   "Ctrl-C breaks in, and what it does not offer is said when asked for.", "info")
        if self.core.state == RUNNING:
            screen.set_status("running…", "running")
        if restored:
            screen.say(restored, "info")

    def _say_attached(self) -> None:
        self.main_screen.say("Attached to a running program: q detaches and it runs on; "
                             "Ctrl-C breaks in while it runs.", "info")

    @property
    def engine_vanished(self) -> bool:
        return self.core.engine_vanished

    # -- settings --------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        """The settings (config.toml's over what settings.json remembers), applied; config.toml's mistakes
        said in the console; then each change of the theme or the layout remembered."""
        saved = settings.load()
        chosen = self.effective_settings = config.merge(config.read_config(), saved, self.core.project)
        config_check.check(chosen, self.available_themes)
        self.theme = chosen["theme"]
        screen = self.main_screen
        screen.apply_layout(chosen.layout())
        screen.source_view.line_numbers = chosen["display.line_numbers"]
        tree = screen.query_one(VariablesTree)
        tree.show_types, tree.page_size = chosen["display.types"], chosen["display.page_size"]
        tree.show_private, tree.show_dunder = chosen["display.private_names"], chosen["display.dunder_names"]
        screen.confirm_quit = chosen["confirm_quit"]
        self.keymap = dict(chosen.keymap)
        self.set_keymap(self.keymap)
        for error in chosen.errors:
            screen.say(error, "error")
        self._kept_settings = {name: value for name, value in saved.items() if name not in ("theme", "layout")}
        self._saved_settings = self._settings()
        self.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())

    def remember_all_stop(self, all_stop: bool) -> None:
        """The thread policy, remembered for this project (the working directory's git root)."""
        chosen = dict(self._kept_settings.get("all_stop") or {})
        chosen[settings.project_of(os.getcwd())] = all_stop
        self._kept_settings["all_stop"] = chosen
        self._save_settings()
        self._say_session_only({"thread_policy": "all-stop" if all_stop else "non-stop"})

    def _theme_changed(self) -> None:
        self._save_settings()
        self._say_session_only({"theme": self.theme})

    def _say_session_only(self, now: dict[str, Any]) -> None:
        """A change in tdb to what config.toml sets lasts for this session: said once per setting."""
        overridden = [name for name, value in now.items() if self.effective_settings.written(name)
                      and value != self.effective_settings[name] and name not in self._said_session_only]
        if overridden:
            self._said_session_only.update(overridden)
            where = config.shown_path(self.effective_settings.config.path)
            written = ", ".join(f"{name} = {config.toml_text(self.effective_settings[name])}" for name in overridden)
            self.main_screen.say(f"For this session only: {where} sets {written}, which the next start uses.", "info")

    def _settings(self) -> dict[str, Any]:
        # What tdb does not change (the keys) is written back as it was.
        return {**self._kept_settings, "theme": self.theme, "layout": self.main_screen.pane_layout.to_json()}

    def _save_settings(self) -> None:
        current = self._settings()
        if current != self._saved_settings:
            self._saved_settings = current
            error = settings.save(current)
            if error:
                self.main_screen.say(f"settings not saved: {error}", "error")

    def on_debugger_screen_layout_changed(self) -> None:
        self._save_settings()
        chosen = self.main_screen.pane_layout
        self._say_session_only({"layout.side_width": chosen.side_width, "layout.console_height": chosen.console_height,
                                "layout.hidden": [pane for pane in layout.PANES if pane in chosen.hidden]})
