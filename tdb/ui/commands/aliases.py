"""pdb's `alias` and `unalias`: names for command lines (expanded by runner.py before a line is read)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.aliases import check_alias
from .parsing import SpecError
from .registry import Invocation, command

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen


@command("alias", "alias", while_running=True, usage=[
    ("alias [name [command]]", "name a command line: %1..%9 its arguments, %* all; alone: list them"),
])
async def alias(screen: "DebuggerScreen", invocation: Invocation) -> None:
    aliases = screen.core.aliases
    name, _, body = invocation.argument.strip().partition(" ")
    body = body.strip()
    if not name:
        for known, line in aliases.all():
            screen.say(f"{known} = {line}")
        return
    if not body:
        line = aliases.get(name)
        if line is None:
            raise SpecError(f"Unknown alias '{name}'")
        screen.say(f"{name} = {line}")
        return
    problem = check_alias(body)
    if problem:
        raise SpecError(problem)
    aliases.set(name, body)


@command("unalias", "unalias", while_running=True, usage=[("unalias name", "forget an alias")])
async def unalias(screen: "DebuggerScreen", invocation: Invocation) -> None:
    name = invocation.argument.strip()
    if not name:
        raise SpecError("unalias needs an alias's name")
    if not screen.core.aliases.remove(name):
        raise SpecError(f"Unknown alias '{name}'")
