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
    "tbreak": "tbreak",
    "log": "logpoint", "lp": "logpoint", "logpoint": "logpoint",
    "disable": "disable", "enable": "enable",
    "ignore": "ignore", "condition": "condition", "commands": "commands",
    "cl": "clear", "clear": "clear",
    "p": "print",
    "pp": "pprint",
    "w": "where", "where": "where", "bt": "where",
    "display": "display",
    "undisplay": "undisplay",
    "restart": "restart", "run": "restart",
    "h": "help", "help": "help",
    "l": "list", "list": "list",
    "unt": "until", "until": "until",
    "j": "jump", "jump": "jump",
    "ll": "longlist", "longlist": "longlist",
    "source": "source",
    "whatis": "whatis",
    "a": "args", "args": "args",
    "interact": "interact",
    "retval": "retval", "rv": "retval",
    "catch": "catch",
    "exceptions": "exceptions",
}
# Commands that take no argument: with one, the line is Python (`n = 3`, `c.x`).
NO_ARGUMENT = {"longlist", "next", "step", "return", "continue", "quit", "where", "restart", "retval", "args", "interact"}
# A command word followed by an assignment (`p = 3`, `n += 1`) or, right after it, by `.`, `[` or `(`
# (`c.x`, `d[0]`, `l(3)`) is Python; after a space they are the argument, as in pdb (`p (a, b)`, `pp [x]`).
_ASSIGNMENT = re.compile(r"^(\s*(=[^=]|\+=|-=|\*=|/=)|[.\[(])")


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
    """`b [file:]line[, cond]` or `b function[, cond]`; a condition `hits OP N` is a hit condition."""

    path: str | None
    line: int | None
    function: str | None
    condition: str | None
    hit_condition: str | None = None


class SpecError(ValueError):
    pass


def parse_break(argument: str) -> BreakSpec:
    where, _, condition_text = argument.partition(",")
    where = where.strip()
    condition, hit_condition = split_condition(condition_text)
    place = _parse_place(where)
    return BreakSpec(place.path, place.line, place.function, condition, hit_condition)


# `hits OP N`, exactly: the breakpoint's hit count (DAP's hitCondition), not a variable named hits.
_HITS = re.compile(r"hits\s*(==|>=|<=|>|<)\s*(\d+)")
_EVERY_NTH = re.compile(r"hits\s*%\s*(\d+)\s*==\s*0")
_BARE_MODULO = re.compile(r"hits\s*%\s*(\d+)")


def split_condition(text: str) -> tuple[str | None, str | None]:
    """(condition, hit condition) from what follows `b LINE,` or `condition N`.

    `hits >= 100` (also ==, >, <, <=, and `hits % 10 == 0` for every 10th hit)
    is a hit condition; anything else is Python. `(hits) >= 100` is Python
    about a variable named hits.
    """
    text = text.strip()
    if not text:
        return None, None
    if match := _HITS.fullmatch(text):
        return None, f"{match.group(1)} {match.group(2)}"
    if match := _EVERY_NTH.fullmatch(text):
        return None, f"% {match.group(1)}"
    if match := _BARE_MODULO.fullmatch(text):
        raise SpecError(f"{text!r} would stop at every hit but each {match.group(1)}th: "
                        f"write hits % {match.group(1)} == 0 to stop at every {match.group(1)}th hit")
    return text, None


def describe_hit_condition(hit_condition: str) -> str:
    """A DAP hit condition as the user writes it: `5` -> `hits == 5`, `% 10` -> `hits % 10 == 0`."""
    text = hit_condition.strip()
    if text.startswith("%"):
        return f"hits % {text[1:].strip()} == 0"
    if text[:1].isdigit():
        return f"hits == {text}"
    return f"hits {text}"


def parse_logpoint(argument: str) -> tuple[BreakSpec, str]:
    """`log [file:]line message` or `log function message`: the place and the message."""
    where, _, message = argument.strip().partition(" ")
    if not where:
        raise SpecError("log needs a place and a message: log [file:]line message with {expression}")
    if not message.strip():
        raise SpecError(f"log needs a message after {where}: log [file:]line message with {{expression}}")
    place = _parse_place(where.rstrip(","))
    return place, message.strip()


def parse_numbers(argument: str, command: str) -> list[int]:
    """Breakpoint numbers (`disable 1 2`, `cl 3,4`); SpecError for a word that is not one."""
    numbers = []
    for word in argument.replace(",", " ").split():
        if not word.isdigit():
            raise SpecError(f"{command} takes breakpoint numbers, not {word!r}")
        numbers.append(int(word))
    return numbers


def parse_number_and_rest(argument: str, command: str, usage: str) -> tuple[int, str]:
    """`ignore 3 10`, `condition 3 x > 1`, `commands 3`: the breakpoint number and the rest."""
    word, _, rest = argument.strip().partition(" ")
    if not word:
        raise SpecError(f"{command} needs a breakpoint number: {usage}")
    if not word.isdigit():
        raise SpecError(f"{command} takes a breakpoint number, not {word!r}: {usage}")
    return int(word), rest.strip()


def parse_ignore_count(text: str) -> int:
    """pdb's `ignore N [count]`: no count is 0 (stop next time)."""
    if not text:
        return 0
    try:
        count = int(text)
    except ValueError:
        raise SpecError(f"the ignore count is a number of hits, not {text!r}") from None
    if count < 0:
        raise SpecError(f"the ignore count is a number of hits (0 or more), not {count}")
    return count


def _parse_place(where: str) -> BreakSpec:
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
        return BreakSpec(path, line, None, None)
    if path is not None:
        raise SpecError(f"{location!r} is not a line number")
    if not re.fullmatch(r"[A-Za-z_][\w.]*", location):
        raise SpecError(f"{where!r} is neither a line number nor a function name")
    return BreakSpec(None, None, location, None)


def parse_list(argument: str) -> tuple[int, int, int] | None:
    """`l` arguments as pdb takes them: none (None: go on), `line` (11 lines around it), or `first, last`
    (a last smaller than first is a count). (first, last, the line asked for)."""
    if not argument:
        return None
    first_text, comma, last_text = argument.partition(",")
    try:
        asked = int(first_text)
        last = int(last_text) if comma else 0
    except ValueError:
        raise SpecError(f"l takes line numbers, not {argument!r}") from None
    if asked < 1:
        raise SpecError(f"line numbers start at 1, not {asked}")
    if not comma:
        first = max(1, asked - 5)
        return first, first + 10, asked
    if last < asked:
        last = asked + last  # pdb: `l 5, 3` is 3 lines after 5
    if last < asked:
        raise SpecError(f"no lines from {asked} to {last}")
    return asked, last, asked


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
    CommandHelp("break", "b line, hits >= N", "stop at hits N and on (also == > < <=, hits % N == 0: every "
                "Nth); a variable named hits: (hits) >= N"),
    CommandHelp("break", "b", "list the breakpoints"),
    CommandHelp("tbreak", "tbreak [file:]line[, cond]", "a breakpoint deleted at its first stop (or a function)"),
    CommandHelp("logpoint", "log [file:]line message", "log the message at each hit, never stop; {expression} "
                "fields, as in an f-string (also lp)"),
    CommandHelp("clear", "cl [number ...]", "delete breakpoints (all without a number)"),
    CommandHelp("disable", "disable [number ...]", "disable breakpoints (all without a number)"),
    CommandHelp("enable", "enable [number ...]", "enable breakpoints (all without a number)"),
    CommandHelp("ignore", "ignore number [count]", "pass a breakpoint count times (no count: stop next time)"),
    CommandHelp("condition", "condition number [cond]", "set a breakpoint's condition (hits >= N too); none: "
                "remove it"),
    CommandHelp("commands", "commands [number]", "commands run when a breakpoint stops: one per line, then end; "
                "silent: no stop line"),
    CommandHelp("commands", "commands number a;; b", "the same on one line"),
    CommandHelp("print", "p expression", "print a value"),
    CommandHelp("pprint", "pp expression", "pretty-print a value"),
    CommandHelp("list", "l [first[, last]]", "list 11 lines around the current one (again: the next 11)"),
    CommandHelp("longlist", "ll", "the whole current function (also longlist)"),
    CommandHelp("source", "source expression", "the source of a function, class or module"),
    CommandHelp("until", "unt [line]", "run to a greater line in this frame, or its return (also until)"),
    CommandHelp("jump", "j line", "go on at another line of the innermost frame (also jump)"),
    CommandHelp("whatis", "whatis expression", "the type of a value"),
    CommandHelp("args", "a", "the selected frame's arguments (also args)"),
    CommandHelp("interact", "interact", "a Python console in the selected frame (Ctrl-D, exit() or Esc leaves)"),
    CommandHelp("retval", "retval", "the value being returned, at a return (also rv)"),
    CommandHelp("catch", "catch raised [Type ...]", "break where exceptions are raised (of these types)"),
    CommandHelp("catch", "catch uncaught [Type ...]", "break before an exception ends the program"),
    CommandHelp("catch", "catch off [raised|uncaught]", "stop breaking on exceptions; catch alone lists"),
    CommandHelp("exceptions", "exceptions [number]", "list the exception's chain, or show one's frames"),
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
