"""pdb's command language, parsed into what the interface should do.

Anything that is not a command is Python, run in the selected frame; a
leading `!` forces Python (`!n = 3` assigns to n rather than stepping).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALIASES = {
    "n": "next", "next": "next",
    "s": "step", "step": "step",
    "r": "return", "return": "return",
    "c": "continue", "cont": "continue", "continue": "continue",
    "u": "up", "up": "up",
    "d": "down", "down": "down",
    "q": "quit", "quit": "quit", "exit": "quit",
    "b": "break", "break": "break",
    "cl": "clear", "clear": "clear",
    "p": "print",
    "pp": "pprint",
    "w": "where", "where": "where", "bt": "where",
    "display": "display",
    "undisplay": "undisplay",
    "restart": "restart", "run": "restart",
    "h": "help", "help": "help",
    "l": "list", "list": "list",
    "whatis": "whatis",
    "retval": "retval", "rv": "retval",
}
# Commands that take no argument: with one, the line is Python (`n = 3`, `c.x`).
NO_ARGUMENT = {"next", "step", "return", "continue", "quit", "where", "restart", "retval"}
# Commands whose argument is not `=`-led: `p = 3` is an assignment, not a print.
_ASSIGNMENT = re.compile(r"^\s*(=[^=]|\+=|-=|\*=|/=|\.|\[|\()")


@dataclass(frozen=True)
class Command:
    name: str  # a canonical name from ALIASES' values, or "python"
    argument: str = ""


def parse(line: str) -> Command | None:
    """The command a line asks for; None for a blank line."""
    text = line.strip()
    if not text:
        return None
    if text.startswith("!"):
        return Command("python", text[1:].strip())
    word, _, rest = text.partition(" ")
    name = ALIASES.get(word)
    rest = rest.strip()
    if name is None or _ASSIGNMENT.match(text[len(word):]):
        return Command("python", text)
    if name in NO_ARGUMENT and rest:
        return Command("python", text)
    return Command(name, rest)


@dataclass(frozen=True)
class BreakSpec:
    """`b [file:]line[, cond]` or `b function[, cond]`."""

    path: str | None
    line: int | None
    function: str | None
    condition: str | None


class SpecError(ValueError):
    pass


def parse_break(argument: str) -> BreakSpec:
    where, _, condition = argument.partition(",")
    where = where.strip()
    condition = condition.strip() or None
    if not where:
        raise SpecError("missing location: use b LINE, b FILE:LINE or b FUNCTION")
    path: str | None = None
    location = where
    if ":" in where:
        path, _, location = where.rpartition(":")
        path = path.strip()
        location = location.strip()
        if not path:
            raise SpecError(f"missing file name in {where!r}")
    if location.isdigit():
        line = int(location)
        if line < 1:
            raise SpecError(f"line numbers start at 1, not {line}")
        return BreakSpec(path, line, None, condition)
    if path is not None:
        raise SpecError(f"{location!r} is not a line number")
    if not re.fullmatch(r"[A-Za-z_][\w.]*", location):
        raise SpecError(f"{where!r} is neither a line number nor a function name")
    return BreakSpec(None, None, location, condition)


def parse_list(argument: str) -> tuple[int, int] | None:
    """`l` arguments as pdb takes them: none (None: go on), `first`, or `first, last`."""
    if not argument:
        return None
    first_text, _, last_text = argument.partition(",")
    try:
        first = int(first_text)
        last = int(last_text) if last_text.strip() else first + 10
    except ValueError:
        raise SpecError(f"l takes line numbers, not {argument!r}") from None
    if first < 1 or last < first:
        raise SpecError(f"no lines from {first} to {last}")
    return first, last


def parse_count(argument: str, command: str) -> int:
    """The optional count of `u [n]` / `d [n]`."""
    if not argument:
        return 1
    try:
        count = int(argument)
    except ValueError:
        raise SpecError(f"{command} takes a number of frames, not {argument!r}") from None
    if count < 1:
        raise SpecError(f"{command} takes a positive number of frames")
    return count


@dataclass(frozen=True)
class CommandHelp:
    """One line of help: how a command is typed and what it does."""

    name: str  # the canonical name (a value of ALIASES), or "python"
    usage: str
    summary: str


# The one table of the command language's help: `h`, `h CMD` and the help screen show it.
HELP_TABLE = (
    CommandHelp("next", "n", "next line (step over)"),
    CommandHelp("step", "s", "into the call (step into)"),
    CommandHelp("return", "r", "to the return (step out)"),
    CommandHelp("continue", "c", "run to a breakpoint or end"),
    CommandHelp("up", "u [count]", "select an older frame"),
    CommandHelp("down", "d [count]", "select a newer frame"),
    CommandHelp("where", "w", "print the stack (also bt)"),
    CommandHelp("break", "b [file:]line[, condition]", "set a breakpoint"),
    CommandHelp("break", "b function[, condition]", "break when it is called"),
    CommandHelp("break", "b", "list the breakpoints"),
    CommandHelp("clear", "cl [number ...]", "delete breakpoints (all without a number)"),
    CommandHelp("print", "p expression", "print a value"),
    CommandHelp("pprint", "pp expression", "pretty-print a value"),
    CommandHelp("list", "l [first[, last]]", "list 11 lines around the current one (again: the next 11)"),
    CommandHelp("whatis", "whatis expression", "the type of a value"),
    CommandHelp("retval", "retval", "the value being returned, at a return (also rv)"),
    CommandHelp("display", "display [expression]", "watch an expression (list without one)"),
    CommandHelp("undisplay", "undisplay [expression]", "stop watching (all without one)"),
    CommandHelp("restart", "restart", "rerun the ended program"),
    CommandHelp("help", "h [command]", "this help, or a command's"),
    CommandHelp("quit", "q", "end the program and leave"),
    CommandHelp("python", "!statement", "run Python in the frame (any other line too)"),
)


def help_for(word: str) -> list[CommandHelp]:
    """The help lines of the command `word` names (any alias); none for an unknown word."""
    name = "python" if word == "!" else ALIASES.get(word)
    return [entry for entry in HELP_TABLE if entry.name == name]


def aliases_of(name: str) -> list[str]:
    return [alias for alias, canonical in ALIASES.items() if canonical == name]


def command_names(prefix: str) -> list[str]:
    """Command words (every alias) that start with `prefix`, for completion."""
    return sorted(alias for alias in ALIASES if alias.startswith(prefix))
