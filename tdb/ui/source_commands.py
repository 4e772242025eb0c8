"""The source pane's keys and pdb's movement commands.

Keys: `/` search (`.` `,` next and previous match), `L` go to line, `m` open a
loaded module or any file, `H` back to the current line, `t` run to the
cursor line, `J` jump to it, Ctrl-E edit the file in $EDITOR. Commands:
`unt [line]`, `j line`, `ll`, `source expression` (HANDLERS joins
command_runner's table). Errors are said as pdb says them: `*** ...`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from typing import TYPE_CHECKING, Any, Awaitable

from textual.app import SuspendNotSupported

from .client import ConnectionLost, RequestFailed
from .commands import Command, SpecError
from .widgets.source import SearchMatch, SourceView

if TYPE_CHECKING:
    from .app import TdbApp

# Editors tried, in order, when neither VISUAL nor EDITOR names one.
FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vim", "vi")


def expression_span(frame: dict[str, Any]) -> tuple[int, int, int, int] | None:
    """(line, column, end line, end column) of the sub-expression a DAP stack frame runs, if the engine sent it."""
    values = (frame.get("line"), frame.get("column"), frame.get("endLine"), frame.get("endColumn"))
    if not all(isinstance(value, int) for value in values):
        return None
    return values  # type: ignore[return-value]


def _source(app: "TdbApp") -> SourceView:
    return app.query_one(SourceView)


def _say_error(app: "TdbApp", text: str) -> None:
    app.console_pane.say(f"*** {text}", "error")


async def guarded(app: "TdbApp", work: Awaitable[None]) -> None:
    """Run a key's work, saying its errors as the command line says a command's."""
    try:
        await work
    except (SpecError, RequestFailed) as error:
        _say_error(app, str(error))
    except ConnectionLost:
        _say_error(app, "the program is gone")


def _stop_frame(app: "TdbApp") -> dict[str, Any] | None:
    """The frame whose line the source pane marks: the selected one of the stop."""
    return app.stop.frame if app.state == "stopped" and app.stop is not None else None


def _frame_path(frame: dict[str, Any]) -> str:
    return str((frame.get("source") or {}).get("path") or "")


# -- search ------------------------------------------------------------------------------


def search(app: "TdbApp") -> None:
    """`/`: ask for the text, then find it from the cursor."""
    view = _source(app)
    if view.path is None:
        _say_error(app, "no file to search")
        return

    def searched(query: str | None) -> None:
        if query:
            _show_search(app, query, view.find(query, from_cursor=True), forward=True)

    from .screens.search import SearchBar  # dialogs are loaded when first opened

    app.push_screen(SearchBar(view.search_query), searched)


def search_again(app: "TdbApp", forward: bool) -> None:
    """`.` and `,`: the next or previous match of the last search."""
    view = _source(app)
    if not view.search_query:
        _say_error(app, "no search yet: / searches the source")
        return
    _show_search(app, view.search_query, view.find(view.search_query, forward=forward), forward)


def _show_search(app: "TdbApp", query: str, match: SearchMatch | None, forward: bool) -> None:
    view = _source(app)
    view.show_match(match)
    if match is None:
        _say_error(app, f"Pattern not found: {query!r}")
    elif match.wrapped:
        app.console_pane.say(f"search hit {'BOTTOM, continuing at TOP' if forward else 'TOP, continuing at BOTTOM'}"
                             f" ({query!r} on line {match.line})", "info")


# -- going elsewhere in the source ----------------------------------------------------------


def go_to_line(app: "TdbApp") -> None:
    """`L`: a dialog for the line number."""
    view = _source(app)
    if view.path is None:
        _say_error(app, "no file shown")
        return

    def chosen(line: int | None) -> None:
        if line is not None:
            view.show_line(line)

    from .screens.goto_line import GoToLineScreen

    app.push_screen(GoToLineScreen(os.path.basename(view.path), view.line_count), chosen)


async def open_source(app: "TdbApp") -> None:
    """`m`: the program's loaded modules and files, filtered as you type; a path typed opens too."""
    body = await app.client.request("loadedSources")

    async def chosen(path: str | None) -> None:
        if path:
            await guarded(app, open_file(app, path))

    from .screens.open_source import OpenSourceScreen

    app.push_screen(OpenSourceScreen(list(body.get("sources") or [])), chosen)


async def open_file(app: "TdbApp", path: str) -> None:
    """Show a file in the source pane (its breakpoints too): `b` and the gutter work there."""
    if not path.startswith("<"):
        path = os.path.abspath(os.path.expanduser(path))
    if path not in app._sources:
        try:
            body = await app.client.request("source", {"source": {"path": path}})
        except RequestFailed:
            raise SpecError(f"cannot open {path}: no such file, or not readable") from None
        app._sources[path] = str(body.get("content", ""))
    frame = _stop_frame(app)
    if frame is not None and _frame_path(frame) == path:
        back_to_stop(app)
        return
    _load(app, path)
    if frame is not None:
        app.console_pane.say(f"Showing {os.path.basename(path)}: H goes back to the current line", "info")


def _load(app: "TdbApp", path: str) -> None:
    from .app import _display_path

    view = _source(app)
    view.load(path, app._sources[path])
    view.border_title = _display_path(path)
    app._refresh_breakpoint_marks()


def back_to_stop(app: "TdbApp") -> None:
    """`H`: the stop's file and line again (of the selected frame), after browsing elsewhere."""
    frame = _stop_frame(app)
    if frame is None:
        _say_error(app, "the program is not stopped: there is no current line")
        return
    path = _frame_path(frame)
    if path not in app._sources:
        _say_error(app, f"the source of {os.path.basename(path) or 'this frame'} is not available")
        return
    view = _source(app)
    if view.path != path:
        _load(app, path)
    view.current_line = int(frame.get("line") or 1)
    view.show_expression(expression_span(frame))


# -- moving the program: t, J, j, unt -----------------------------------------------------


async def _resume(app: "TdbApp", command: str, arguments: dict[str, Any], *, continuing: bool) -> None:
    """A resuming request the engine may refuse (a bad line): then the stop is still on, and shown again."""
    from .app import STEP_GRACE_SECONDS

    stop = app.stop
    app._resumed()
    if continuing:
        app.set_status("running…", "running")
        app.handoff.release()
    else:
        app._grace_timer = app.set_timer(STEP_GRACE_SECONDS, app._give_terminal)
    try:
        await app.client.request(command, arguments)
    except RequestFailed:
        app._cancel_grace()
        app.handoff.take()
        if app.stop is None and app.state == "running":  # refused: nothing ran
            app.stop, app.state = stop, "stopped"
            await app._show_frame()
        raise


async def run_to_cursor(app: "TdbApp") -> None:
    """`t`: run until the cursor line is reached (pudb's), in any file; a line without code moves forward."""
    view = _source(app)
    if not app._require_stopped() or app.stop is None:
        return
    if view.path is None:
        raise SpecError("no file shown")
    arguments = {"threadId": app.stop.thread_id, "source": {"path": view.path}, "line": view.cursor_line}
    await _resume(app, "tdb/runToLine", arguments, continuing=True)


async def jump_to_cursor(app: "TdbApp") -> None:
    """`J`: the innermost frame goes on at the cursor line (pdb's jump)."""
    view = _source(app)
    if view.path is None:
        raise SpecError("no file shown")
    await jump(app, view.cursor_line, view.path)


async def jump(app: "TdbApp", line: int, path: str | None = None) -> None:
    if not app._require_stopped() or app.stop is None:
        return
    stop = app.stop
    if stop.selected != 0 or stop.viewed_thread not in (0, stop.thread_id):
        raise SpecError("You can only jump within the bottom frame")
    frame = stop.frames[0]
    path = path or _frame_path(frame)
    targets = (await app.client.request("gotoTargets", {"source": {"path": path}, "line": line})).get("targets")
    if not targets:
        raise SpecError(f"Jump failed: the frame being run is in {os.path.basename(_frame_path(frame))}, "
                        f"not {os.path.basename(path)}")
    await app.client.request("goto", {"threadId": stop.thread_id, "targetId": targets[0]["id"]})


async def _jump(app: "TdbApp", command: Command) -> None:
    try:
        line = int(command.argument)
    except ValueError:
        raise SpecError("The 'jump' command requires a line number") from None
    await jump(app, line)


async def _until(app: "TdbApp", command: Command) -> None:
    line: int | None = None
    if command.argument:
        try:
            line = int(command.argument)
        except ValueError:
            raise SpecError(f"Error in argument: {command.argument!r}") from None
    if not app._require_stopped() or app.stop is None or app.stop.frame is None:
        return
    arguments: dict[str, Any] = {"threadId": app.stop.thread_id, "frameId": app.stop.frame["id"]}
    if line is not None:
        arguments["line"] = line
    await _resume(app, "tdb/until", arguments, continuing=False)


# -- pdb's ll and source ---------------------------------------------------------------------


async def _longlist(app: "TdbApp", command: Command) -> None:
    frame = app.stop.frame if app._require_stopped() and app.stop else None
    if frame is None:
        return
    body = await app.client.request("tdb/sourceLines", {"frameId": frame["id"]})
    _print_lines(app, body, app.book.marks(_frame_path(frame)), int(frame.get("line") or 0))


async def _source_of(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        raise SpecError("source needs an expression: source OBJECT")
    frame = app.stop.frame if app._require_stopped() and app.stop else None
    if frame is None:
        return
    body = await app.client.request("tdb/sourceLines", {"frameId": frame["id"], "expression": command.argument})
    _print_lines(app, body, {}, 0)


def _print_lines(app: "TdbApp", body: dict[str, Any], marks: dict[int, str], current: int) -> None:
    """pdb's listing: number, B for a breakpoint, -> for the current line (as `l` prints them)."""
    for number, text in enumerate(body.get("lines") or [], start=int(body.get("startLine") or 1)):
        flag = "B" if number in marks else " "
        arrow = "->" if number == current else "  "
        app.console_pane.say(f"{number:>4}{flag}{arrow} {text}")


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


async def edit_source(app: "TdbApp") -> None:
    """Ctrl-E: the shown file at the cursor line in the user's editor, the terminal handed over meanwhile."""
    view = _source(app)
    path = view.path
    if path is None or path.startswith("<") or not os.path.isfile(path):
        raise SpecError(f"no file on disk to edit{f': {path}' if path else ''}")
    command = editor_command(path, view.cursor_line)
    try:
        with app.suspend():
            subprocess.call(command)
    except SuspendNotSupported:
        raise SpecError("cannot open an editor: this interface has no terminal of its own to hand over") from None
    except OSError as error:
        raise SpecError(f"cannot run {command[0]}: {error.strerror or error}") from None
    await _reread(app, path)


async def _reread(app: "TdbApp", path: str) -> None:
    """After an edit: the engine and the interface read the file again; say if the program runs older code."""
    old = app._sources.pop(path, None)
    body = await app.client.request("tdb/reloadSource", {"source": {"path": path}})
    new = app._sources[path] = str(body.get("content", ""))
    name = os.path.basename(path)
    view = _source(app)
    if view.path == path:
        cursor = view.cursor_line
        frame = _stop_frame(app)
        if frame is not None and _frame_path(frame) == path:
            _load(app, path)
            back_to_stop(app)
        else:
            _load(app, path)
        view.show_line(cursor, center=False)
    if old == new:
        app.console_pane.say(f"{name} is unchanged.", "info")
    elif app.state == "ended":
        app.console_pane.say(f"{name} changed: R runs the new code.", "info")
    else:
        app.console_pane.say(f"{name} changed on disk: the program still runs the code it loaded "
                             "(restart it to run the new code).", "info")


HANDLERS: dict[str, Any] = {"until": _until, "jump": _jump, "longlist": _longlist, "source": _source_of}
