"""The source pane's keys and pdb's listing commands.

Keys: `/` search (`.` `,` next and previous match), `L` go to line, `m` open a
loaded module or any file, `H` back to the current line, `t` run to the
cursor line, `J` jump to it, Ctrl-E edit the file in $EDITOR. Commands: `l`,
`ll`, `source expression`. Errors are said as pdb says them: `*** ...`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported

from ...dap import extensions
from ..core.client import RequestFailed
from ..core.session import ENDED, STOPPED
from ..core.stop import expression_span, frame_path
from ..widgets.source import SearchMatch
from .errors import guarded
from .parsing import SpecError, parse_list
from .registry import Invocation, command

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen

# Editors tried, in order, when neither VISUAL nor EDITOR names one.
FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vim", "vi")


def _stop_frame(screen: "DebuggerScreen") -> dict[str, Any] | None:
    """The frame whose line the source pane marks: the selected one of the stop."""
    core = screen.core
    return core.stop.frame if core.state == STOPPED and core.stop is not None else None


# -- listing: l, ll, source --------------------------------------------------------------


@command("list", "l", "list", usage=[("l [first[, last]]", "list 11 lines around the current one (again: the next 11)")])
async def list_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    span = parse_list(invocation.argument)
    frame = screen.core.require_frame()
    stop = screen.core.require_stop()
    path = frame_path(frame)
    lines = (await screen.core.source_text(path)).splitlines()
    current = int(frame.get("line") or 1)
    if span is None:  # pdb: around the current line first, then on from where the last listing ended
        first = stop.listed_through + 1 if stop.listed_through else max(1, current - 5)
        span = (first, first + 10, first)
    first, last = span[0], min(span[1], len(lines))
    if first > len(lines):
        raise SpecError(f"line {span[2]} is past the end of the file ({len(lines)} lines)")
    _print_lines(screen, lines[first - 1:last], first, screen.core.book.marks(path), current)
    stop.listed_through = last


@command("longlist", "ll", "longlist", usage=[("ll", "the whole current function (also longlist)")],
         takes_argument=False)
async def longlist(screen: "DebuggerScreen", invocation: Invocation) -> None:
    frame = screen.core.require_frame()
    body = await screen.core.request_in_frame(extensions.SOURCE_LINES)
    _print_lines(screen, body.get("lines") or [], int(body.get("startLine") or 1),
                 screen.core.book.marks(frame_path(frame)), int(frame.get("line") or 0))


@command("source", usage=[("source expression", "the source of a function, class or module")])
async def source(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if not invocation.argument:
        raise SpecError("source needs an expression: source OBJECT")
    body = await screen.core.request_in_frame(extensions.SOURCE_LINES, expression=invocation.argument)
    _print_lines(screen, body.get("lines") or [], int(body.get("startLine") or 1), {}, 0)


def _print_lines(screen: "DebuggerScreen", lines: list[str], first: int, marks: dict[int, str], current: int) -> None:
    """pdb's listing: number, B for a breakpoint, -> for the current line."""
    for number, text in enumerate(lines, start=first):
        flag = "B" if number in marks else " "
        arrow = "->" if number == current else "  "
        screen.say(f"{number:>4}{flag}{arrow} {text}")


# -- search ------------------------------------------------------------------------------


def search(screen: "DebuggerScreen") -> None:
    """`/`: ask for the text, then find it from the cursor."""
    view = screen.source_view
    if view.path is None:
        raise SpecError("no file to search")

    def searched(query: str | None) -> None:
        if query:
            _show_search(screen, query, view.find(query, from_cursor=True), forward=True)

    from ..screens.search import SearchBar  # dialogs are loaded when first opened

    screen.app.push_screen(SearchBar(view.search_query), searched)


def search_again(screen: "DebuggerScreen", forward: bool) -> None:
    """`.` and `,`: the next or previous match of the last search."""
    view = screen.source_view
    if not view.search_query:
        raise SpecError("no search yet: / searches the source")
    _show_search(screen, view.search_query, view.find(view.search_query, forward=forward), forward)


def _show_search(screen: "DebuggerScreen", query: str, match: SearchMatch | None, forward: bool) -> None:
    screen.source_view.show_match(match)
    if match is None:
        screen.say(f"*** Pattern not found: {query!r}", "error")
    elif match.wrapped:
        screen.say(f"search hit {'BOTTOM, continuing at TOP' if forward else 'TOP, continuing at BOTTOM'}"
                   f" ({query!r} on line {match.line})", "info")


# -- going elsewhere in the source ----------------------------------------------------------


def go_to_line(screen: "DebuggerScreen") -> None:
    """`L`: a dialog for the line number."""
    view = screen.source_view
    if view.path is None:
        raise SpecError("no file shown")

    def chosen(line: int | None) -> None:
        if line is not None:
            view.show_line(line)

    from ..screens.goto_line import GoToLineScreen

    screen.app.push_screen(GoToLineScreen(os.path.basename(view.path), view.line_count), chosen)


async def open_source(screen: "DebuggerScreen") -> None:
    """`m`: the program's loaded modules and files, filtered as you type; a path typed opens too."""
    body = await screen.core.client.request("loadedSources")

    async def chosen(path: str | None) -> None:
        if path:
            await guarded(screen, open_file(screen, path))

    from ..screens.open_source import OpenSourceScreen

    screen.app.push_screen(OpenSourceScreen(list(body.get("sources") or [])), chosen)


async def open_file(screen: "DebuggerScreen", path: str) -> None:
    """Show a file in the source pane (its breakpoints too): `b` and the gutter work there."""
    if not path.startswith("<"):
        path = os.path.abspath(os.path.expanduser(path))
    try:
        text = await screen.core.read_source(path)
    except RequestFailed:
        raise SpecError(f"cannot open {path}: no such file, or not readable") from None
    frame = _stop_frame(screen)
    if frame is not None and frame_path(frame) == path:
        back_to_stop(screen)
        return
    screen.show_source(path, text)
    if frame is not None:
        screen.say(f"Showing {os.path.basename(path)}: H goes back to the current line", "info")


def back_to_stop(screen: "DebuggerScreen") -> None:
    """`H`: the stop's file and line again (of the selected frame), after browsing elsewhere."""
    frame = _stop_frame(screen)
    if frame is None:
        raise SpecError("the program is not stopped: there is no current line")
    path = frame_path(frame)
    if path not in screen.core.sources:
        raise SpecError(f"the source of {os.path.basename(path) or 'this frame'} is not available")
    screen.show_source(path, screen.core.sources[path], int(frame.get("line") or 1))
    screen.source_view.show_expression(expression_span(frame))


# -- moving the program: t, J ------------------------------------------------------------


async def run_to_cursor(screen: "DebuggerScreen") -> None:
    """`t`: run until the cursor line is reached (pudb's), in any file; a line without code moves forward."""
    view = screen.source_view
    screen.core.require_stop()
    if view.path is None:
        raise SpecError("no file shown")
    path, line = view.path, view.cursor_line
    await screen.move(lambda: screen.core.run_to_line(path, line), continuing=True)


async def jump_to_cursor(screen: "DebuggerScreen") -> None:
    """`J`: the innermost frame goes on at the cursor line (pdb's jump)."""
    view = screen.source_view
    if view.path is None:
        raise SpecError("no file shown")
    await screen.core.jump(view.cursor_line, view.path)


# -- the editor (Ctrl-E) -------------------------------------------------------------------------


def editor_command(path: str, line: int) -> list[str]:
    """`$VISUAL +LINE FILE` (else $EDITOR, else the first editor found)."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        words = shlex.split(chosen)
    else:
        found = next((shutil.which(name) for name in FALLBACK_EDITORS if shutil.which(name)), None)
        if found is None:
            raise SpecError("no editor found: set VISUAL or EDITOR")
        words = [found]
    return [*words, f"+{line}", path]


async def edit_source(screen: "DebuggerScreen") -> None:
    """Ctrl-E: the shown file at the cursor line in the user's editor, the terminal handed over meanwhile."""
    view = screen.source_view
    path = view.path
    if path is None or path.startswith("<") or not os.path.isfile(path):
        raise SpecError(f"no file on disk to edit{f': {path}' if path else ''}")
    command_line = editor_command(path, view.cursor_line)
    try:
        with screen.app.suspend():
            subprocess.call(command_line)
    except SuspendNotSupported:
        raise SpecError("cannot open an editor: this interface has no terminal of its own to hand over") from None
    except OSError as error:
        raise SpecError(f"cannot run {command_line[0]}: {error.strerror or error}") from None
    await _reread(screen, path)


async def _reread(screen: "DebuggerScreen", path: str) -> None:
    """After an edit: the engine and the interface read the file again; say if the program runs older code."""
    old, new = await screen.core.reload_source(path)
    name = os.path.basename(path)
    view = screen.source_view
    if view.path == path:
        cursor = view.cursor_line
        view.load(path, new)
        screen.show_breakpoints()
        frame = _stop_frame(screen)
        if frame is not None and frame_path(frame) == path:
            back_to_stop(screen)
        view.show_line(cursor, center=False)
    if old == new:
        screen.say(f"{name} is unchanged.", "info")
    elif screen.core.state == ENDED:
        screen.say(f"{name} changed: R runs the new code.", "info")
    else:
        screen.say(f"{name} changed on disk: the program still runs the code it loaded "
                   "(restart it to run the new code).", "info")
