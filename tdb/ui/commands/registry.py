"""The command line's one registry: each command declared once, where its handler is.

A declaration gives the command's words (pdb's short and long forms), its help
lines, whether it may run while the program runs, whether it takes an
argument, whether it resumes the program, and its handler. The parser, `h`,
the help screen and completion read the registry; nothing else lists commands.

The command modules (stepping, breakpoints, inspection, source, exceptions,
help) fill it when first needed (`commands()`), not before the first screen.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Awaitable, Callable

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen

# Where the commands are declared, in the order `h` and the help screen list them.
MODULES = ("stepping", "threads", "breakpoints", "inspection", "source", "exceptions", "aliases", "help")

Handler = Callable[["DebuggerScreen", "Invocation"], Awaitable[None]]


@dataclass(frozen=True)
class Usage:
    """One line of help: how a command is typed and what it does."""

    usage: str
    summary: str


@dataclass(frozen=True)
class Command:
    name: str  # the canonical name ("next")
    words: tuple[str, ...]  # what the user types ("n", "next"): the first is pdb's short form
    usage: tuple[Usage, ...]
    handler: Handler | None  # None: Python, run in the selected frame
    while_running: bool = False  # needs no stop (breakpoints, watches, help, q)
    takes_argument: bool = True  # with one anyway, the line is Python (`n = 3`)
    resumes: bool = False  # ends a breakpoint's command list, as in pdb
    module: str = ""  # the module of MODULES that declares it: help lists by module


@dataclass(frozen=True)
class Invocation:
    """A line of the command line: the command it names (None: Python) and the rest of the line."""

    command: Command | None
    argument: str = ""

    @property
    def name(self) -> str:
        return self.command.name if self.command is not None else "python"


_COMMANDS: dict[str, Command] = {}  # by name, in declaration order
_WORDS: dict[str, Command] = {}
_loaded = False


def command(name: str, *words: str, usage: list[tuple[str, str]], while_running: bool = False,
            takes_argument: bool = True, resumes: bool = False) -> Callable[[Handler], Handler]:
    """Declare the command the decorated coroutine carries out: `@command("next", "n", usage=[...])`."""

    def register(handler: Handler) -> Handler:
        add(Command(name, words or (name,), tuple(Usage(*line) for line in usage), handler, while_running,
                    takes_argument, resumes, handler.__module__.rpartition(".")[2]))
        return handler

    return register


def add(entry: Command) -> None:
    if entry.name in _COMMANDS:
        raise ValueError(f"command {entry.name!r} is declared twice")
    for word in entry.words:
        if word in _WORDS:
            raise ValueError(f"{word!r} names both {_WORDS[word].name} and {entry.name}")
        _WORDS[word] = entry
    _COMMANDS[entry.name] = entry


def commands() -> list[Command]:
    """Every command, in the order help lists them: by module (MODULES), then as declared."""
    _load()
    return sorted(_COMMANDS.values(), key=lambda entry: MODULES.index(entry.module))


def named(word: str) -> Command | None:
    """The command a word names (any of its words; `!` is Python), or None."""
    _load()
    return _WORDS.get(word)


def command_names(prefix: str) -> list[str]:
    """Command words that start with `prefix`, for completion."""
    _load()
    return sorted(word for word in _WORDS if word.startswith(prefix) and word != "!")


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in MODULES:
            importlib.import_module(f"{__package__}.{module}")


# A command word followed by an assignment (`p = 3`, `n += 1`) or, right after it, by `.`, `[` or `(`
# (`c.x`, `d[0]`, `l(3)`) is Python; after a space they are the argument, as in pdb (`p (a, b)`, `pp [x]`).
_ASSIGNMENT = re.compile(r"^(\s*(=[^=]|\+=|-=|\*=|/=)|[.\[(])")


def parse(line: str) -> Invocation | None:
    """What a line asks for; None for a blank line. Anything that is not a command is Python."""
    text = line.strip()
    if not text:
        return None
    if text.startswith("!"):
        return Invocation(None, text[1:].strip())
    word, _, rest = text.partition(" ")
    entry = named(word)
    rest = rest.strip()
    if entry is None or entry.handler is None or _ASSIGNMENT.match(text[len(word):]):
        return Invocation(None, text)
    if not entry.takes_argument and rest:
        return Invocation(None, text)
    return Invocation(entry, rest)


def help_lines(word: str) -> list[Usage]:
    """The help lines of the command a word names (any of its words); none for an unknown word."""
    entry = named(word)
    return list(entry.usage) if entry is not None else []


def help_line(usage: Usage) -> str:
    """`h CMD` prints a command's lines as the help screen shows them."""
    return f"{usage.usage:<28}  {usage.summary}"
