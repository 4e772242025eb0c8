"""`h`: the help screen, or a command's lines of help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parsing import SpecError
from .registry import Invocation, command, help_line, help_lines

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen


@command("help", "h", "help", usage=[("h [command]", "this help, or a command's")], while_running=True)
async def help_(screen: "DebuggerScreen", invocation: Invocation) -> None:
    if not invocation.argument:
        screen.action_help()
        return
    for word in invocation.argument.split():
        lines = help_lines(word)
        if not lines:
            raise SpecError(f"no command named {word!r}: h alone lists them")
        for usage in lines:
            screen.say(help_line(usage))
