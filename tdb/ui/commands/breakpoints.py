"""Breakpoints from the command line and the breakpoints pane, and what a stop means for them.

pdb's commands and messages: b (and its list), tbreak, cl, disable, enable,
ignore, condition, commands; tdb's `log` sets a logpoint. The pane's keys
come here too, so that a key and its command say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ...dap.checks import check_condition, check_hit_condition, check_log_message
from ..core.breakpoint_book import Breakpoint
from ..core.paths import display_path
from ..core.stop import StopView
from .parsing import (BreakSpec, SpecError, describe_hit_condition, parse_break, parse_ignore_count, parse_logpoint,
                      parse_number_and_rest, parse_numbers, split_condition)
from .registry import Invocation, command, parse

if TYPE_CHECKING:
    from ..screens.breakpoint_edit import BreakpointEdit
    from ..screens.main import DebuggerScreen

COMMAND_PROMPT = "(com)"


# -- setting and listing ------------------------------------------------------------


@command("break", "b", "break", while_running=True, usage=[
    ("b [file:]line[, condition]", "set a breakpoint"),
    ("b function[, condition]", "break when it is called"),
    ("b line, hits >= N", "stop at hits N and on (also == > < <=, hits % N == 0: every Nth); a variable named "
                          "hits: (hits) >= N"),
    ("b line, in task NAME", "stop only in the asyncio task(s) of that name (fetch-*); also after a condition: "
                             "x > 1 and in task NAME"),
    ("b", "list the breakpoints"),
])
async def break_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    """b: set one (a line, a function), or list them all."""
    if not invocation.argument:
        list_breakpoints(screen)
        return
    await _add_break(screen, invocation.argument, temporary=False)


@command("tbreak", "tbreak", while_running=True,
         usage=[("tbreak [file:]line[, cond]", "a breakpoint deleted at its first stop (or a function)")])
async def tbreak(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if not invocation.argument:
        list_breakpoints(screen)
        return
    await _add_break(screen, invocation.argument, temporary=True)


async def _add_break(screen: "DebuggerScreen", argument: str, *, temporary: bool) -> None:
    spec = parse_break(argument)
    await _add(screen, spec, temporary=temporary, condition=spec.condition, hit_condition=spec.hit_condition,
               task=spec.task)


@command("logpoint", "log", "lp", "logpoint", while_running=True, usage=[
    ("log [file:]line message", "log the message at each hit, never stop; {expression} fields, as in an f-string "
                                "(also lp)"),
])
async def logpoint(screen: "DebuggerScreen", invocation: Invocation) -> None:
    spec, message = parse_logpoint(invocation.argument)
    problem = check_log_message(message)
    if problem:
        raise SpecError(problem)
    await _add(screen, spec, log_message=message)


async def _add(screen: "DebuggerScreen", spec: BreakSpec, **options: Any) -> None:
    path = None
    if spec.function is None:
        path = screen.core.resolve_path(spec.path, screen.source_view.path)
        if path is None:
            raise SpecError("no current file: give one as b FILE:LINE")
    await screen.core.add_breakpoint(path, spec.line, spec.function, **options)


def list_breakpoints(screen: "DebuggerScreen") -> None:
    """pdb's table: Num Type Disp Enb Where, then what each one waits for and how often it was hit."""
    entries = screen.core.book.all()
    if not entries:
        screen.say("No breakpoints.")
        return
    screen.say("Num Type         Disp Enb   Where")
    for bp in entries:
        for line in describe(bp):
            screen.say(line)


def describe(bp: Breakpoint) -> list[str]:
    """One breakpoint as pdb's `b` lists it (bdb's bpformat), with tdb's hit condition, log message, commands."""
    kind = "logpoint" if bp.log_message else "breakpoint"
    disposition = "del" if bp.temporary else "keep"
    where = f"{display_path(bp.path)}:{bp.line}" if bp.path and bp.line else f"{bp.function}()"
    if bp.function and bp.path:
        where += f" ({bp.function})"
    lines = [f"{bp.number:<4}{kind:<13}{disposition:<5}{'yes' if bp.enabled else 'no':<5} at {where}"]
    indent = " " * 8  # pdb's tab
    if bp.condition:
        lines.append(f"{indent}stop only if {bp.condition}")
    if bp.hit_condition:
        lines.append(f"{indent}stop only if {describe_hit_condition(bp.hit_condition)}")
    if bp.task:
        lines.append(f"{indent}stop only in task {bp.task}")
    if bp.log_message:
        lines.append(f"{indent}log {bp.log_message}")
    if bp.ignore:
        lines.append(f"{indent}ignore next {bp.ignore} hits")
    if bp.hits:
        lines.append(f"{indent}breakpoint already hit {bp.hits} time{'s' if bp.hits > 1 else ''}")
    if bp.commands:
        lines.append(f"{indent}commands {';; '.join(bp.commands)}")
    return lines


# -- changing -------------------------------------------------------------------------


def _numbered(screen: "DebuggerScreen", numbers: Iterable[int]) -> list[Breakpoint]:
    """The breakpoints with these numbers; an error line for each number that has none."""
    found = []
    for number in numbers:
        bp = screen.core.book.get(number)
        if bp is None:
            screen.say(f"*** no breakpoint number {number}", "error")
        else:
            found.append(bp)
    return found


def _one(screen: "DebuggerScreen", number: int) -> Breakpoint:
    bp = screen.core.book.get(number)
    if bp is None:
        raise SpecError(f"no breakpoint number {number}")
    return bp


@command("clear", "cl", "clear", while_running=True,
         usage=[("cl [number ...]", "delete breakpoints (all without a number)")])
async def clear(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if not invocation.argument:
        removed = screen.core.book.clear()
        await screen.core.sync(removed)
        screen.say(f"Deleted {len(removed)} breakpoint(s)" if removed else "No breakpoints.")
        return
    await delete(screen, _numbered(screen, parse_numbers(invocation.argument, "cl")))


async def delete(screen: "DebuggerScreen", entries: list[Breakpoint]) -> None:
    for bp in entries:
        screen.core.book.remove(bp.number)
    await screen.core.sync(entries)
    for bp in entries:
        screen.say(f"Deleted breakpoint {bp.number} at {bp.where()}")


@command("disable", "disable", while_running=True,
         usage=[("disable [number ...]", "disable breakpoints (all without a number)")])
async def disable(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await _enable_or_disable(screen, invocation, enabled=False)


@command("enable", "enable", while_running=True,
         usage=[("enable [number ...]", "enable breakpoints (all without a number)")])
async def enable(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await _enable_or_disable(screen, invocation, enabled=True)


async def _enable_or_disable(screen: "DebuggerScreen", invocation: Invocation, *, enabled: bool) -> None:
    """disable/enable [n ...]; no number: all of them."""
    numbers = parse_numbers(invocation.argument, invocation.name)
    entries = _numbered(screen, numbers) if numbers else screen.core.book.all()
    if not numbers and not entries:
        screen.say("No breakpoints.")
    await set_enabled(screen, entries, enabled)


async def set_enabled(screen: "DebuggerScreen", entries: list[Breakpoint], enabled: bool) -> None:
    for bp in entries:
        bp.enabled = enabled
    await screen.core.sync(entries)
    for bp in entries:
        screen.say(f"{'Enabled' if enabled else 'Disabled'} breakpoint {bp.number} at {bp.where()}")


@command("ignore", "ignore", while_running=True,
         usage=[("ignore number [count]", "pass a breakpoint count times (no count: stop next time)")])
async def ignore(screen: "DebuggerScreen", invocation: Invocation) -> None:
    number, rest = parse_number_and_rest(invocation.argument, "ignore", "ignore NUMBER [COUNT]")
    count = parse_ignore_count(rest)
    bp = _one(screen, number)
    bp.ignore, bp.ignore_pending = count, True
    await screen.core.sync([bp])
    if count > 0:
        crossings = "1 crossing" if count == 1 else f"{count} crossings"
        screen.say(f"Will ignore next {crossings} of breakpoint {bp.number}.")
    else:
        screen.say(f"Will stop next time breakpoint {bp.number} is reached.")


@command("task", "task", while_running=True,
         usage=[("task number [name]", "a breakpoint only in the asyncio task(s) of that name (fetch-*); none: any")])
async def task(screen: "DebuggerScreen", invocation: Invocation) -> None:
    number, rest = parse_number_and_rest(invocation.argument, "task", "task NUMBER [NAME]")
    bp = _one(screen, number)
    bp.task = rest.strip() or None
    await screen.core.sync([bp])
    if bp.task:
        screen.say(f"Breakpoint {bp.number} stops only in task {bp.task}.")
    else:
        screen.say(f"Breakpoint {bp.number} stops in any task.")


@command("condition", "condition", while_running=True,
         usage=[("condition number [cond]", "set a breakpoint's condition (hits >= N too); none: remove it")])
async def condition(screen: "DebuggerScreen", invocation: Invocation) -> None:
    """pdb's `condition N [cond]`; `hits OP N` sets the hit condition; none removes both."""
    number, rest = parse_number_and_rest(invocation.argument, "condition", "condition NUMBER [CONDITION]")
    bp = _one(screen, number)
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
    await screen.core.sync([bp])
    if rest:
        screen.say(f"New condition set for breakpoint {bp.number}.")
    else:
        screen.say(f"Breakpoint {bp.number} is now unconditional.")


# -- pdb's command lists ----------------------------------------------------------------


@command("commands", "commands", while_running=True, usage=[
    ("commands [number]", "commands run when a breakpoint stops: one per line, then end; silent: no stop line"),
    ("commands number a;; b", "the same on one line"),
])
async def commands(screen: "DebuggerScreen", invocation: Invocation) -> None:
    """`commands [N]`: the lines that follow, up to `end`, run when breakpoint N stops; `commands N a;; b` at once."""
    book = screen.core.book
    if invocation.argument:
        number, rest = parse_number_and_rest(invocation.argument, "commands", "commands [NUMBER]")
        bp = _one(screen, number)
    else:
        rest = ""
        if book.last is None:
            raise SpecError("no breakpoint to give commands to: set one first")
        bp = book.last
    bp.commands = []
    if rest:
        for line in rest.split(";;"):
            if not _collect(bp, line.strip()):
                break
        _commands_set(screen, bp)
        return
    book.collecting = bp
    prompt(screen)
    screen.say(f"Commands for breakpoint {bp.number}, one per line; end to finish.", "info")


def _collect(bp: Breakpoint, line: str) -> bool:
    """Add one line to a command list; False when the list is complete (`end`, or a command that resumes)."""
    if not line:
        return True
    if line == "end":
        return False
    bp.commands.append(line)
    parsed = parse(line)
    return parsed is None or parsed.command is None or not parsed.command.resumes


def collect_line(screen: "DebuggerScreen", line: str) -> None:
    """A line typed while a command list is being collected."""
    bp = screen.core.book.collecting
    if bp is not None and not _collect(bp, line.strip()):
        screen.core.book.collecting = None
        prompt(screen)
        _commands_set(screen, bp)


def _commands_set(screen: "DebuggerScreen", bp: Breakpoint) -> None:
    screen.show_breakpoints()
    count = len(bp.commands)
    screen.say(f"Breakpoint {bp.number} has {count} command{'s' if count != 1 else ''}." if count
               else f"Breakpoint {bp.number} has no commands.", "info")


def prompt(screen: "DebuggerScreen") -> None:
    """The command line says when it collects a command list."""
    line = screen.command_line
    collecting = screen.core.book.collecting
    line.set_class(collecting is not None, "-collecting")
    if collecting is not None:
        line.placeholder = f"{COMMAND_PROMPT} a command for breakpoint {collecting.number}; end to finish"
    else:
        line.placeholder = line.usual_placeholder


def echo_prompt(screen: "DebuggerScreen") -> str:
    """What the console shows before an entered line."""
    return COMMAND_PROMPT if screen.core.book.collecting is not None else ">"


def run_command_lists(screen: "DebuggerScreen", stop: StopView) -> bool:
    """A stop is shown: the command list of the first breakpoint it is for (with one) runs now; whether
    there was one."""
    with_commands = [bp for bp in stop.hit if bp.commands]
    if with_commands:
        screen.run_worker(_run_commands(screen, with_commands[0], stop), group="breakpoint-commands")
    return bool(with_commands)


async def _run_commands(screen: "DebuggerScreen", bp: Breakpoint, stop: StopView) -> None:
    """pdb's bp_commands: the stop line (unless `silent`), then each command, up to one that resumes."""
    lines = list(bp.commands)
    if "silent" not in lines and stop.frames:
        top = stop.frames[0]
        path = (top.get("source") or {}).get("path") or "?"
        screen.say(f"> {display_path(path)}({top.get('line')}){top.get('name')}()")
    for line in lines:
        if line == "silent":
            continue
        if screen.core.stop is not stop:
            return  # the program moved on (a command resumed it, or the user did)
        await screen.run_command(line)


# -- the pane ---------------------------------------------------------------------------


async def pane_request(screen: "DebuggerScreen", action: str, number: int) -> None:
    bp = screen.core.book.get(number)
    if bp is None:
        return
    if action == "toggle":
        await set_enabled(screen, [bp], not bp.enabled)
    elif action == "delete":
        await delete(screen, [bp])
    elif action == "edit":
        from ..screens.breakpoint_edit import BreakpointEditScreen  # loaded when first opened

        async def edited(edit: BreakpointEdit | None) -> None:
            await _edited(screen, number, edit)

        screen.app.push_screen(BreakpointEditScreen(bp, check_edit), edited)


def check_edit(edit: "BreakpointEdit") -> str | None:
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


async def _edited(screen: "DebuggerScreen", number: int, edit: "BreakpointEdit | None") -> None:
    bp = screen.core.book.get(number)
    if edit is None or bp is None:
        return
    ignore = int(edit.ignore or 0)
    bp.condition = edit.condition or None
    bp.hit_condition = _hit_form(edit.hit_condition)
    bp.log_message = edit.log_message or None
    bp.task = edit.task or None
    if ignore != bp.ignore:
        bp.ignore, bp.ignore_pending = ignore, True
    await screen.core.sync([bp])
    screen.say(f"Changed breakpoint {bp.number} at {bp.where()}")


# -- what lasts between sessions ------------------------------------------------------------------


@command("save", "save", while_running=True, usage=[
    ("save", "remember this project's breakpoints and watches now (tdb does at each change and at the end)")],
    takes_argument=False)
async def save(screen: "DebuggerScreen", invocation: Invocation) -> None:
    core = screen.core
    if core.project is None:
        raise SpecError("no project to remember for")
    core.remembering = True
    problem = core.remember()
    if problem:
        raise SpecError(f"not saved: {problem}")
    screen.say(f"Saved {len([bp for bp in core.book.all() if not bp.temporary])} breakpoint(s) and "
               f"{len(core.watches)} watch(es) for {core.project}.")


@command("forget", "forget", while_running=True, usage=[
    ("forget", "drop what this project remembers; this session's breakpoints stay, unsaved until `save`")],
    takes_argument=False)
async def forget(screen: "DebuggerScreen", invocation: Invocation) -> None:
    from ..core import remembered

    core = screen.core
    if core.project is None:
        raise SpecError("no project to forget")
    core.remembering = False
    had = remembered.forget(core.project)
    screen.say(f"Forgot the breakpoints and watches of {core.project}." if had
               else f"Nothing was remembered for {core.project}.")
