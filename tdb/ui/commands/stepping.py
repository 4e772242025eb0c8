"""Moving the program and along its stack: n s r c, unt, j, u d w, restart, q."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parsing import SpecError, parse_count
from .registry import Invocation, command

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen


@command("next", "n", "next", usage=[("n", "next line (step over)")], takes_argument=False, resumes=True)
async def next_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await screen.action_step("next")


@command("step", "s", "step", usage=[("s", "into the call (step into)")], takes_argument=False, resumes=True)
async def step(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await screen.action_step("stepIn")


@command("return", "r", "return", usage=[("r", "to the return (step out)")], takes_argument=False, resumes=True)
async def return_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await screen.action_step("stepOut")


@command("continue", "c", "cont", "continue", usage=[("c", "run to a breakpoint or end"),
                                                   ("c all", "every stopped thread runs on")], resumes=True)
async def continue_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if invocation.argument not in ("", "all"):
        raise SpecError(f"continue takes `all` or nothing, not {invocation.argument!r}")
    if invocation.argument == "all":
        await screen.action_continue_all()
    else:
        await screen.action_continue()


@command("until", "unt", "until", usage=[("unt [line]", "run to a greater line in this frame, or its return (also until)")],
         resumes=True)
async def until(screen: "DebuggerScreen", invocation: Invocation) -> None:
    line: int | None = None
    if invocation.argument:
        try:
            line = int(invocation.argument)
        except ValueError:
            raise SpecError(f"Error in argument: {invocation.argument!r}") from None
    await screen.move(lambda: screen.core.until(line), continuing=False)


@command("jump", "j", "jump", usage=[("j line", "go on at another line of the innermost frame (also jump)")],
         resumes=True)
async def jump(screen: "DebuggerScreen", invocation: Invocation) -> None:
    try:
        line = int(invocation.argument)
    except ValueError:
        raise SpecError("The 'jump' command requires a line number") from None
    await screen.core.jump(line)


@command("up", "u", "up", usage=[("u [count]", "select an older frame")])
async def up(screen: "DebuggerScreen", invocation: Invocation) -> None:
    screen.core.move_frame(parse_count(invocation.argument, "up"))
    await screen.show_frame()


@command("down", "d", "down", usage=[("d [count]", "select a newer frame")])
async def down(screen: "DebuggerScreen", invocation: Invocation) -> None:
    screen.core.move_frame(-parse_count(invocation.argument, "down"))
    await screen.show_frame()


@command("where", "w", "where", "bt", usage=[("w", "print the stack (also bt)")], takes_argument=False)
async def where(screen: "DebuggerScreen", invocation: Invocation) -> None:
    stop = screen.core.require_stop()
    for index, frame in reversed(list(enumerate(stop.frames))):
        source = frame.get("source") or {}
        marker = ">" if index == stop.selected else " "
        screen.say(f"{marker} {source.get('path', '?')}({frame.get('line')}){frame.get('name')}()")


@command("restart", "restart", "run", usage=[("restart", "rerun the ended program")], while_running=True,
         takes_argument=False)
async def restart(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await screen.action_restart()


@command("quit", "q", "quit", "exit", usage=[("q", "end the program and leave")], while_running=True,
         takes_argument=False, resumes=True)
async def quit_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await screen.action_quit_debugger()


@command("detach", "detach", usage=[("detach", "leave; the program runs on without tdb, every thread released")],
         while_running=True, takes_argument=False, resumes=True)
async def detach(screen: "DebuggerScreen", invocation: Invocation) -> None:
    await screen.action_quit_debugger(detach=True)
