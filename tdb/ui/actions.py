"""Every action of the debugger's screen, declared once: its id, default keys, names and help.

The main screen's key bindings are made from this registry (each with its id,
so that a keymap can rebind it: Textual's `App.set_keymap`); the palette and
the help screen read it too. Actions of a pane (PANE_ACTIONS) are that pane's
own bindings, listed here for the palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

# The help screen's groups, in order.
GROUPS = ("Stepping", "Threads", "Stack", "Breakpoints", "Views", "Command line", "Other")


@dataclass(frozen=True)
class Action:
    id: str  # the binding's id: what a keymap names
    action: str  # the screen's action it runs
    keys: str  # default keys, Textual's names, comma-separated ("" for the palette only)
    description: str  # on the key bar and in the help screen
    help: str  # the tooltip: the help screen and the palette show it
    title: str = ""  # the palette's name ("" : not listed there)
    group: str = "Other"
    show: bool = True  # on the key bar
    key_display: str | None = None
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show, key_display=self.key_display,
                       priority=self.priority, tooltip=self.help, id=self.id)


@dataclass(frozen=True)
class PaneAction:
    """A pane's own key, listed in the palette: run on that pane."""

    title: str
    pane: str  # the pane's id
    action: str  # the pane's action (its binding's)


ACTIONS: tuple[Action, ...] = (
    # priority: run as the key comes, not after its trip through the focused widget (a step's half
    # millisecond); typed into a line, they are the line's (DebuggerScreen._move_as_asked)
    Action("next", "step('next')", "n", "Next", "Step over: to the next line", "Next", "Stepping", priority=True),
    Action("step", "step('stepIn')", "s", "Step", "Step into the call here", "Step", "Stepping", priority=True),
    Action("return", "step('stepOut')", "r", "Return", "Step out: until it returns", "Return", "Stepping",
           priority=True),
    Action("continue", "continue", "c", "Continue", "Run to a breakpoint or end", "Continue", "Stepping",
           priority=True),
    # priority: the app takes it before the focused widget, even while a typed command still runs
    Action("pause", "pause", "ctrl+c", "Pause", "Break in while the program runs; at a stop, interrupt what "
           "the command line runs", "Pause (break in)", "Stepping", show=False, priority=True),
    Action("continue-all", "continue_all", "C", "Continue all", "Resume every stopped thread (also: c all)",
           "Continue every thread", "Threads", show=False),
    Action("next-thread", "next_stopped_thread", "ctrl+t", "Next stopped",
           "Show the next stopped thread: n s r c act on it (also: thread N)", "Next stopped thread", "Threads",
           show=False),
    Action("all-stop", "toggle_all_stop", "", "All-stop",
           "On or off: when one thread stops, every thread stops (threads all-stop / threads non-stop)",
           "All-stop: every thread stops with one", "Threads", show=False),
    Action("pause-all", "pause_all", "", "Pause all", "Stop every running thread at its next line (pause all)",
           "Pause every thread", "Threads", show=False),
    Action("up", "frame_up", "u", "Up", "Select the calling frame", "Up", "Stack"),
    Action("down", "frame_down", "d", "Down", "Select the called frame", "Down", "Stack"),
    Action("breakpoint", "toggle_breakpoint", "b", "Break", "Toggle breakpoint at cursor", "Toggle breakpoint",
           "Breakpoints"),
    Action("catch-raised", "toggle_catch('raised')", "", "Raised exceptions",
           "On or off: stop wherever an exception is raised (the command: catch raised)",
           "Break on raised exceptions", "Breakpoints", show=False),
    Action("catch-uncaught", "toggle_catch('uncaught')", "", "Uncaught exceptions",
           "On or off: stop before an exception ends the program (catch uncaught)",
           "Break on uncaught exceptions", "Breakpoints", show=False),
    Action("exceptions", "exceptions", "e", "Exceptions",
           "The exception: traceback, chain, groups (choose one: its frames)", "Exceptions: traceback, chain, groups",
           "Views", show=False),
    # (priority, as Esc below: the focus moves before the keys typed right after are given to a widget)
    Action("command-line", "command_line", "colon,exclamation_mark", "Command", "Type pdb commands or Python",
           "Command line", "Command line", key_display=":", priority=True),
    Action("program-screen", "program_screen", "o", "Output", "Show the program's screen", "Program screen", "Views"),
    Action("restart", "restart", "R", "Restart", "Rerun the ended program", "Restart", show=False),
    Action("quit", "quit_debugger", "q", "Quit", "End the program, leave tdb", "Quit"),
    Action("help", "help", "question_mark", "Help", "Every key and command", "Help"),
    Action("leave-command-line", "leave_command_line", "escape", "Leave", "Back from the command line",
           group="Command line", show=False, priority=True),
    Action("end-interact", "end_interact", "ctrl+d", "End interact", "Leave interact (on an empty line)",
           group="Command line", show=False, priority=True),
    # The source pane's; its `.` and `,` (next, previous match) are the pane's own.
    Action("run-to-cursor", "run_to_cursor", "t", "To cursor", "Run until the cursor line is reached",
           "Run to the cursor line", "Stepping", show=False),
    Action("jump", "jump_to_cursor", "J", "Jump", "Jump: go on at the cursor line (pdb's j)",
           "Jump to the cursor line", "Stepping", show=False),
    Action("search", "search", "slash", "Search", "Search the source (then . next, , previous)",
           "Search the source", "Views", show=False, key_display="/"),
    Action("search-next", "search_next", "full_stop", "Next match", "The next match of the search",
           group="Views", show=False, key_display="."),
    Action("search-previous", "search_previous", "comma", "Prev match", "The previous match of the search",
           group="Views", show=False, key_display=","),
    Action("go-to-line", "go_to_line", "L", "Go to line", "Show a line of the file, by its number", "Go to line",
           "Views", show=False),
    Action("open-source", "open_source", "m", "Open file", "Open a loaded module or any file",
           "Open a module or file", "Views", show=False),
    Action("back-to-stop", "back_to_stop", "H", "Current line", "Back to the current line (after browsing)",
           "Back to the current line", "Views", show=False),
    Action("edit", "edit_source", "ctrl+e", "Edit", "Open the file at the cursor line in $EDITOR",
           "Edit the file in $EDITOR", show=False),
    # Panes: a focus key also shows its pane if it was hidden (the palette hides them).
    *(Action(f"toggle-{pane}", f"toggle_pane('{pane}')", "", f"Toggle {title}", f"Show or hide the {title} pane"
             if pane != "console" else "Show or hide the console", f"Toggle {title} pane" if pane != "console"
             else "Toggle Console", "Views", show=False)
      for pane, title in (("variables", "Variables"), ("watches", "Watches"), ("stack", "Stack"),
                          ("breakpoints", "Breakpoints"), ("threads", "Threads"), ("tasks", "Tasks"),
                          ("console", "Console"))),
    *(Action(f"focus-{pane}", f"focus_pane('{pane}')", key, title, f"Focus the {pane} pane"
             if pane != "console" else "Focus the console (scroll it)", f"Focus {title}", "Views", show=False)
      for pane, key, title in (("variables", "V", "Variables"), ("watches", "W", "Watches"), ("stack", "S", "Stack"),
                               ("breakpoints", "B", "Breakpoints"), ("threads", "T", "Threads"),
                               ("tasks", "A", "Tasks"), ("console", "K", "Console"))),
    Action("side-narrower", "resize_side(-1)", "left_square_bracket", "Narrower", "Narrow the side column",
           "Side column narrower", "Views", show=False),
    Action("side-wider", "resize_side(1)", "right_square_bracket", "Wider", "Widen the side column",
           "Side column wider", "Views", show=False),
    Action("console-shorter", "resize_console(-1)", "left_curly_bracket", "Shorter", "Shrink the console",
           "Console smaller", "Views", show=False),
    Action("console-taller", "resize_console(1)", "right_curly_bracket", "Taller", "Grow the console",
           "Console larger", "Views", show=False),
)

PANE_ACTIONS: tuple[PaneAction, ...] = (
    PaneAction("View the selected variable", "variables", "view_value"),
    PaneAction("Show or hide _private variables", "variables", "toggle_private"),
    PaneAction("Show or hide __dunder__ variables", "variables", "toggle_dunder"),
    PaneAction("Add a watch", "watches", "add_watch"),
    PaneAction("View the selected watch", "watches", "view_watch"),
)

# The order the palette lists them: stepping first, then the rest as declared.
PALETTE_ORDER = ("next", "step", "return", "continue", "pause", "up", "down", "breakpoint", "catch-raised",
                 "catch-uncaught", "continue-all", "next-thread", "all-stop", "pause-all", "exceptions", "command-line",
                 "program-screen", "restart", "quit", "help",
                 "run-to-cursor", "jump", "search", "go-to-line", "open-source", "back-to-stop", "edit")


def bindings() -> list[Binding]:
    """The main screen's bindings (every action with default keys)."""
    return [action.binding() for action in ACTIONS if action.keys]


def by_action(action: str) -> Action | None:
    return next((entry for entry in ACTIONS if entry.action == action), None)


def palette_entries() -> list[Action]:
    """The actions the palette lists, in its order."""
    listed = [entry for entry in ACTIONS if entry.title]
    first = [entry for name in PALETTE_ORDER for entry in listed if entry.id == name]
    return first + [entry for entry in listed if entry not in first]
