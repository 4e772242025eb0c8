"""Breakpoints from the command line and the breakpoints pane, and what a stop means for them.

pdb's commands and messages: b (and its list), tbreak, cl, disable, enable,
ignore, condition, commands; tdb's `log` sets a logpoint. The pane's keys
come here too, so that a key and its command say the same thing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable

from ..engine.breakpoints import check_condition, check_hit_condition, check_log_message
from .breakpoints import Breakpoint
from .commands import (Command, SpecError, describe_hit_condition, parse, parse_break, parse_ignore_count,
                       parse_logpoint, parse_number_and_rest, parse_numbers, split_condition)

if TYPE_CHECKING:
    from .app import TdbApp
    from .screens.breakpoint_edit import BreakpointEdit

# Commands that resume the program: in a command list they end it (as in pdb), and run last.
RESUMING = {"continue", "next", "step", "return", "quit", "until", "jump"}
COMMAND_PROMPT = "(com)"


def resolve_path(app: "TdbApp", path: str | None) -> str | None:
    """A file named in a command: the current one, a known one by its tail, or as typed."""
    source = app.query_one("#source")
    if path is None:
        return source.path  # type: ignore[attr-defined]
    if os.path.isabs(path):
        return path
    known = {*app._sources, *app.book.paths()}
    for candidate in sorted(known):
        if candidate.endswith(os.sep + path) or os.path.basename(candidate) == path:
            return candidate
    return path


# -- setting and listing ------------------------------------------------------------


async def break_(app: "TdbApp", command: Command) -> None:
    """b and tbreak: set one (a line, a function), or list them all."""
    if not command.argument:
        list_breakpoints(app)
        return
    spec = parse_break(command.argument)
    await _add(app, spec, temporary=command.name == "tbreak", condition=spec.condition,
               hit_condition=spec.hit_condition)


async def logpoint(app: "TdbApp", command: Command) -> None:
    spec, message = parse_logpoint(command.argument)
    problem = check_log_message(message)
    if problem:
        raise SpecError(problem)
    await _add(app, spec, log_message=message)


async def _add(app: "TdbApp", spec: Any, **options: Any) -> None:
    if spec.function is not None:
        app.book.add_function(spec.function, **options)
        await app._sync_function_breakpoints()
        return
    path = resolve_path(app, spec.path)
    if path is None:
        raise SpecError("no current file: give one as b FILE:LINE")
    app.book.add(path, spec.line or 0, **options)
    await app._sync_breakpoints(path)


def announce(bp: Breakpoint) -> str:
    """What the console says when a breakpoint is set (pdb: `Breakpoint 1 at file:line`)."""
    if bp.log_message:
        return f"Logpoint {bp.number} at {bp.where()}: {bp.log_message}"
    conditions = bp.conditions()
    return f"Breakpoint {bp.number} at {bp.where()}" + (f", if {conditions}" if conditions else "")


def list_breakpoints(app: "TdbApp") -> None:
    """pdb's table: Num Type Disp Enb Where, then what each one waits for and how often it was hit."""
    entries = app.book.all()
    if not entries:
        app.console_pane.say("No breakpoints.")
        return
    app.console_pane.say("Num Type         Disp Enb   Where")
    for bp in entries:
        for line in describe(bp):
            app.console_pane.say(line)


def describe(bp: Breakpoint) -> list[str]:
    """One breakpoint as pdb's `b` lists it (bdb's bpformat), with tdb's hit condition, log message, commands."""
    kind = "logpoint" if bp.log_message else "breakpoint"
    disposition = "del" if bp.temporary else "keep"
    where = f"{_display_path(bp.path)}:{bp.line}" if bp.path and bp.line else f"{bp.function}()"
    if bp.function and bp.path:
        where += f" ({bp.function})"
    lines = [f"{bp.number:<4}{kind:<13}{disposition:<5}{'yes' if bp.enabled else 'no':<5} at {where}"]
    indent = " " * 8  # pdb's tab
    if bp.condition:
        lines.append(f"{indent}stop only if {bp.condition}")
    if bp.hit_condition:
        lines.append(f"{indent}stop only if {describe_hit_condition(bp.hit_condition)}")
    if bp.log_message:
        lines.append(f"{indent}log {bp.log_message}")
    if bp.ignore:
        lines.append(f"{indent}ignore next {bp.ignore} hits")
    if bp.hits:
        lines.append(f"{indent}breakpoint already hit {bp.hits} time{'s' if bp.hits > 1 else ''}")
    if bp.commands:
        lines.append(f"{indent}commands {';; '.join(bp.commands)}")
    return lines


def _display_path(path: str) -> str:
    """As the source pane's title shows it (relative to the working directory when under it)."""
    from .app import _display_path as display_path  # (app.py imports this module)

    return display_path(path)


# -- changing -------------------------------------------------------------------------


def _numbered(app: "TdbApp", numbers: Iterable[int]) -> list[Breakpoint]:
    """The breakpoints with these numbers; an error line for each number that has none."""
    found = []
    for number in numbers:
        bp = app.book.get(number)
        if bp is None:
            app.console_pane.say(f"*** no breakpoint number {number}", "error")
        else:
            found.append(bp)
    return found


def _one(app: "TdbApp", number: int) -> Breakpoint:
    bp = app.book.get(number)
    if bp is None:
        raise SpecError(f"no breakpoint number {number}")
    return bp


async def sync(app: "TdbApp", entries: Iterable[Breakpoint]) -> None:
    """Send the files (and the function breakpoints) these breakpoints belong to."""
    entries = list(entries)
    for path in sorted({bp.path for bp in entries if bp.path and not bp.function}):
        await app._sync_breakpoints(path, quiet=True)
    if any(bp.function for bp in entries):
        await app._sync_function_breakpoints(quiet=True)
    app._refresh_breakpoint_marks()


async def clear(app: "TdbApp", command: Command) -> None:
    if not command.argument:
        removed = app.book.clear()
        await sync(app, removed)
        app.console_pane.say(f"Deleted {len(removed)} breakpoint(s)" if removed else "No breakpoints.")
        return
    await delete(app, _numbered(app, parse_numbers(command.argument, "cl")))


async def delete(app: "TdbApp", entries: list[Breakpoint]) -> None:
    for bp in entries:
        app.book.remove(bp.number)
    await sync(app, entries)
    for bp in entries:
        app.console_pane.say(f"Deleted breakpoint {bp.number} at {bp.where()}")


async def enable_or_disable(app: "TdbApp", command: Command) -> None:
    """disable/enable [n ...]; no number: all of them."""
    numbers = parse_numbers(command.argument, command.name)
    entries = _numbered(app, numbers) if numbers else app.book.all()
    if not numbers and not entries:
        app.console_pane.say("No breakpoints.")
    await set_enabled(app, entries, command.name == "enable")


async def set_enabled(app: "TdbApp", entries: list[Breakpoint], enabled: bool) -> None:
    for bp in entries:
        bp.enabled = enabled
    await sync(app, entries)
    for bp in entries:
        app.console_pane.say(f"{'Enabled' if enabled else 'Disabled'} breakpoint {bp.number} at {bp.where()}")


async def ignore(app: "TdbApp", command: Command) -> None:
    number, rest = parse_number_and_rest(command.argument, "ignore", "ignore NUMBER [COUNT]")
    count = parse_ignore_count(rest)
    bp = _one(app, number)
    await set_ignore(app, bp, count)


async def set_ignore(app: "TdbApp", bp: Breakpoint, count: int) -> None:
    bp.ignore, bp.ignore_pending = count, True
    await sync(app, [bp])
    if count > 0:
        crossings = "1 crossing" if count == 1 else f"{count} crossings"
        app.console_pane.say(f"Will ignore next {crossings} of breakpoint {bp.number}.")
    else:
        app.console_pane.say(f"Will stop next time breakpoint {bp.number} is reached.")


async def condition(app: "TdbApp", command: Command) -> None:
    """pdb's `condition N [cond]`; `hits OP N` sets the hit condition; none removes both."""
    number, rest = parse_number_and_rest(command.argument, "condition", "condition NUMBER [CONDITION]")
    bp = _one(app, number)
    new_condition, new_hit_condition = split_condition(rest)
    problem = check_condition(new_condition) or check_hit_condition(new_hit_condition)
    if problem:
        raise SpecError(problem)
    if not rest:
        bp.condition = bp.hit_condition = None
    elif new_hit_condition:
        bp.hit_condition = new_hit_condition
    else:
        bp.condition = new_condition
    await sync(app, [bp])
    if rest:
        app.console_pane.say(f"New condition set for breakpoint {bp.number}.")
    else:
        app.console_pane.say(f"Breakpoint {bp.number} is now unconditional.")


# -- pdb's command lists ----------------------------------------------------------------


async def commands(app: "TdbApp", command: Command) -> None:
    """`commands [N]`: the lines that follow, up to `end`, run when breakpoint N stops; `commands N a;; b` at once."""
    if command.argument:
        number, rest = parse_number_and_rest(command.argument, "commands", "commands [NUMBER]")
        bp = _one(app, number)
    else:
        rest = ""
        last = app.book.last
        if last is None:
            raise SpecError("no breakpoint to give commands to: set one first")
        bp = last
    bp.commands = []
    if rest:
        for line in rest.split(";;"):
            if not _collect(bp, line.strip()):
                break
        _commands_set(app, bp)
        return
    app.book.collecting = bp
    prompt(app)
    app.console_pane.say(f"Commands for breakpoint {bp.number}, one per line; end to finish.", "info")


def _collect(bp: Breakpoint, line: str) -> bool:
    """Add one line to a command list; False when the list is complete."""
    if not line:
        return True
    if line == "end":
        return False
    bp.commands.append(line)
    parsed = parse(line)
    return parsed is None or parsed.name not in RESUMING


async def collect_line(app: "TdbApp", line: str) -> None:
    """A line typed while a command list is being collected."""
    bp = app.book.collecting
    if bp is None:
        return
    if not _collect(bp, line.strip()):
        app.book.collecting = None
        prompt(app)
        _commands_set(app, bp)


def _commands_set(app: "TdbApp", bp: Breakpoint) -> None:
    app._refresh_breakpoint_marks()
    count = len(bp.commands)
    app.console_pane.say(f"Breakpoint {bp.number} has {count} command{'s' if count != 1 else ''}." if count
                         else f"Breakpoint {bp.number} has no commands.", "info")


def prompt(app: "TdbApp") -> None:
    """The command line says when it collects a command list."""
    line = app.query_one("#command")
    collecting = app.book.collecting
    line.set_class(collecting is not None, "-collecting")
    if collecting is not None:
        line.placeholder = f"{COMMAND_PROMPT} a command for breakpoint {collecting.number}; end to finish"  # type: ignore[attr-defined]
    else:
        line.placeholder = app.COMMAND_PLACEHOLDER  # type: ignore[attr-defined]


def echo_prompt(app: "TdbApp") -> str:
    """What the console shows before an entered line."""
    return COMMAND_PROMPT if app.book.collecting is not None else ">"


# -- the engine's side --------------------------------------------------------------------


def at_stop(app: "TdbApp", body: dict[str, Any]) -> None:
    """A stop: the counts it brings; the command lists of the breakpoints it is for run once it shows."""
    snapshot = body.get("tdb/stop") or {}
    app.book.update_counts(list(snapshot.get("breakpoints") or []))
    hit = [app.book.by_engine_id(engine_id) for engine_id in body.get("hitBreakpointIds") or []]
    app.book.just_removed.clear()
    with_commands = [bp for bp in hit if bp is not None and bp.commands]
    if with_commands:
        app.run_worker(_run_commands(app, with_commands[0], body), group="breakpoint-commands")


async def _run_commands(app: "TdbApp", bp: Breakpoint, body: dict[str, Any]) -> None:
    """pdb's bp_commands: the stop line (unless `silent`), then each command, up to one that resumes."""
    commands = list(bp.commands)
    if "silent" not in commands:
        frames = (body.get("tdb/stop") or {}).get("stackFrames") or []
        if frames:
            top = frames[0]
            path = (top.get("source") or {}).get("path") or "?"
            app.console_pane.say(f"> {_display_path(path)}({top.get('line')}){top.get('name')}()")
    stop = app.stop
    for line in commands:
        if line == "silent":
            continue
        if app.stop is not stop or app.state != "stopped":
            return  # the program moved on (a command resumed it, or the user did)
        await app.run_command(line)


def engine_event(app: "TdbApp", body: dict[str, Any]) -> None:
    """DAP's `breakpoint` event: the engine removed a temporary breakpoint at its stop."""
    if body.get("reason") != "removed":
        return
    removed = app.book.removed_by_engine((body.get("breakpoint") or {}).get("id"))
    if removed is not None:
        app.console_pane.say(f"Deleted breakpoint {removed.number} at {removed.where()}")
        app._refresh_breakpoint_marks()


# -- the pane ---------------------------------------------------------------------------


async def pane_request(app: "TdbApp", action: str, number: int) -> None:
    bp = app.book.get(number)
    if bp is None:
        return
    if action == "toggle":
        await set_enabled(app, [bp], not bp.enabled)
    elif action == "delete":
        await delete(app, [bp])
    elif action == "edit":
        from .screens.breakpoint_edit import BreakpointEditScreen  # loaded when first opened

        app.push_screen(BreakpointEditScreen(bp, check_edit), lambda edit: _edited(app, number, edit))


def check_edit(edit: BreakpointEdit) -> str | None:
    """Why the dialog's values cannot be applied, or None."""
    if edit.ignore and (not edit.ignore.isdigit()):
        return f"the ignore count is a number of hits (0 or more), not {edit.ignore!r}"
    return (check_condition(edit.condition or None) or check_hit_condition(_hit_form(edit.hit_condition))
            or check_log_message(edit.log_message or None))


def _hit_form(text: str) -> str | None:
    """The hit condition field takes DAP's forms, and `hits >= N` as the command line writes it."""
    text = text.strip()
    if text.startswith("hits"):
        try:
            return split_condition(text)[1] or text
        except SpecError:
            return text
    return text or None


async def _edited(app: "TdbApp", number: int, edit: BreakpointEdit | None) -> None:
    bp = app.book.get(number)
    if edit is None or bp is None:
        return
    ignore = int(edit.ignore or 0)
    bp.condition = edit.condition or None
    bp.hit_condition = _hit_form(edit.hit_condition)
    bp.log_message = edit.log_message or None
    if ignore != bp.ignore:
        bp.ignore, bp.ignore_pending = ignore, True
    await sync(app, [bp])
    app.console_pane.say(f"Changed breakpoint {bp.number} at {bp.where()}")


HANDLERS: dict[str, Any] = {
    "break": break_, "tbreak": break_, "logpoint": logpoint, "clear": clear,
    "disable": enable_or_disable, "enable": enable_or_disable,
    "ignore": ignore, "condition": condition, "commands": commands,
}
