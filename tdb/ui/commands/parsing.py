"""The arguments of pdb's commands, read as pdb reads them: places, conditions, numbers, counts.

SpecError carries the one line the console shows for an argument that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BreakSpec:
    """`b [file:]line[, cond]` or `b function[, cond]`; a condition `hits OP N` is a hit condition, and
    `in task NAME` (alone or after `and`) limits the breakpoint to the asyncio tasks of that name."""

    path: str | None
    line: int | None
    function: str | None
    condition: str | None
    hit_condition: str | None = None
    task: str | None = None


class SpecError(ValueError):
    pass


def parse_break(argument: str) -> BreakSpec:
    where, _, condition_text = argument.partition(",")
    where = where.strip()
    condition_text, task = split_task(condition_text)
    condition, hit_condition = split_condition(condition_text)
    place = _parse_place(where)
    return BreakSpec(place.path, place.line, place.function, condition, hit_condition, task)


# `in task NAME` at the end of a condition: the asyncio tasks the breakpoint is for (a pattern: fetch-*).
_TASK = re.compile(r"(?:^|\s+and\s+)in\s+task\s+(\S+)\s*$")


def split_task(text: str) -> tuple[str, str | None]:
    """(the rest of the condition, the task pattern) from `x > 1 and in task fetch-*`."""
    match = _TASK.search(text.strip())
    if match is None:
        if re.search(r"\bin\s+task\s*$", text):
            raise SpecError("in task needs a task's name (or a pattern: fetch-*)")
        return text, None
    return text.strip()[: match.start()], match.group(1).strip("'\"")


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
