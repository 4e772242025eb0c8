"""pdb's convenience variables (pdb 3.12+), on every Python tdb runs on: `$name` in a typed line.

pdb users type `p $_retval`, `$_exception.args`, `$_frame.f_back`, and keep values of their own
with `$seen = obj` (`p $seen is obj` later). Why a module of its own: a line is rewritten before it
is compiled (tokenize, as pdb does: `$x` in a string literal stays text; on 3.11, where an f-string
is one token, its fields are rewritten too), and the names must reach the code without touching
the program. pdb puts its dictionary in the frame's globals; here the rewritten line reads one
extra name from the locals mapping it runs with (`prepare`), so the program's modules never see
it. A `$name` is therefore seen where the frame's locals are: anywhere on 3.12+ but inside a
lambda or a generator expression; on 3.11 not inside a comprehension either (`explain` says so).
An unknown one is pdb's `KeyError: 'y'`.

The stop's names are the stop's (one stopped thread's), made for each line: `$_frame` (the frame
the line runs in, as pdb's after `up`), `$_retval` at a return, `$_exception` at an exception or
post-mortem (the one `exceptions N` chose), `$_asynctask` inside an asyncio task; assigning one is
an error. The user's names live for the session (`Debugger.convenience`), shared by every thread:
unlike pdb's, they outlast the stop.
"""

from __future__ import annotations

import io
import re
import sys
import token
import tokenize
from collections import ChainMap
from types import FrameType

from . import tasks as loop_tasks

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any
    from .stops import Stop

# The one name a rewritten line reads: `$x` becomes `__tdb_convenience__.x` (an attribute, not a
# subscript: no quotes to clash with an enclosing f-string's on 3.11).
NAME = "__tdb_convenience__"
STOP_NAMES = ("_frame", "_retval", "_exception", "_asynctask")
_F_STRING = re.compile(r"([A-Za-z]*)('''|\"\"\"|'|\")", re.DOTALL)


class Variables:
    """What `$name` reads and writes at one stop: the stop's names first, then the session's."""

    __slots__ = ("_stop_names", "_user")

    def __init__(self, stop_names: dict[str, Any], user: dict[str, Any]) -> None:
        object.__setattr__(self, "_stop_names", stop_names)
        object.__setattr__(self, "_user", user)

    def __getattribute__(self, name: str) -> Any:
        stop_names, user = object.__getattribute__(self, "_stop_names"), object.__getattribute__(self, "_user")
        if name in stop_names:
            return stop_names[name]
        try:
            return user[name]
        except KeyError:
            raise KeyError(name) from None  # pdb's `*** KeyError: 'y'`

    def __setattr__(self, name: str, value: Any) -> None:
        _writable(name)
        object.__getattribute__(self, "_user")[name] = value

    def __delattr__(self, name: str) -> None:
        _writable(name)
        try:
            del object.__getattribute__(self, "_user")[name]
        except KeyError:
            raise KeyError(name) from None


def _writable(name: str) -> None:
    if name in STOP_NAMES:
        raise TypeError(f"${name} is the stop's: tdb sets it at each stop")


def variables(stop: "Stop", frame: FrameType, user: dict[str, Any]) -> Variables:
    """The names of `stop` (read on its stopped thread: `$_asynctask` is this thread's task) and the session's."""
    names: dict[str, Any] = {"_frame": frame}
    if stop.has_return_value:
        names["_retval"] = stop.return_value
    if stop.exception is not None:
        names["_exception"] = stop.exception
    if loop_tasks.running_loop() is not None:
        task = sys.modules["asyncio"].current_task()
        if task is not None:
            names["_asynctask"] = task
    return Variables(names, user)


def prepare(source: str, frame_locals: Any, names: Variables) -> tuple[str, Any]:
    """(the source to compile, the locals to run it with): unchanged without a `$name`; else rewritten,
    with locals whose reads and writes are the frame's, NAME apart."""
    rewritten = rewrite(source)
    if rewritten == source:
        return source, frame_locals
    return rewritten, ChainMap(frame_locals, {NAME: names})


def rewrite(source: str) -> str:
    """`source` with each `$name` outside string literals made `__tdb_convenience__.name`.

    Unchanged when it has none, or cannot be tokenized (compiling it then says what is wrong).
    """
    if "$" not in source:
        return source
    try:
        spans = _dollar_names(source)
    except (tokenize.TokenError, SyntaxError):
        return source
    for start, end, name in reversed(spans):
        source = f"{source[:start]}{NAME}.{name}{source[end:]}"
    return source


def _dollar_names(source: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every `$name` in source, as offsets: tokenize's `$` then a NAME right after it."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(position: tuple[int, int]) -> int:
        return starts[position[0] - 1] + position[1]

    found = []
    dollar_end = None
    for kind, text, start, end, _ in tokenize.generate_tokens(io.StringIO(source).readline):
        if text == "$" and kind in (token.OP, token.ERRORTOKEN):  # (3.11: an ERRORTOKEN)
            dollar_end = end
        elif kind == token.NAME and start == dollar_end:
            found.append((offset(start) - 1, offset(end), text))
        elif kind == token.STRING and sys.version_info < (3, 12):
            # An f-string is one token before 3.12: its fields' expressions are Python to rewrite too.
            found.extend((offset(start) + a, offset(start) + b, name) for a, b, name in _in_f_string(text))
    return found


def _in_f_string(text: str) -> list[tuple[int, int, str]]:
    """The `$name`s in the replacement fields of an f-string token (3.11), as offsets into the token."""
    match = _F_STRING.match(text)
    if match is None or "f" not in match.group(1).lower() or "$" not in text:
        return []
    raw = "r" in match.group(1).lower()
    body, n = match.end(), len(text) - len(match.group(2))
    found: list[tuple[int, int, str]] = []

    def field(i: int) -> int:
        """From just after a field's `{`: rewrite its expression, skip its conversion and format spec;
        the index after its `}`."""
        start, depth = i, 0
        while i < n:
            char = text[i]
            if char in "'\"":  # a string inside the expression (3.11: not the f-string's own quote)
                quote = char * 3 if text.startswith(char * 3, i) else char
                close = text.find(quote, i + len(quote))
                i = n if close < 0 else close + len(quote)
                continue
            if char in "([{":
                depth += 1
            elif char in ")]}" and depth:
                depth -= 1
            elif depth == 0 and (char in "}:" or (char == "!" and not text.startswith("!=", i))):
                break
            i += 1
        found.extend((start + a, start + b, name) for a, b, name in _dollar_names(text[start:i]))
        while i < n and text[i] == "!":  # !r, !s, !a
            i += 2
        if i < n and text[i] == ":":  # the format spec: text, and nested fields
            i += 1
            while i < n and text[i] != "}":
                i = field(i + 1) if text[i] == "{" else i + 1
        return i + 1

    i = body
    while i < n:
        if text[i] == "\\" and not raw:
            # `\N{DOLLAR SIGN}` is a character, not a field
            close = text.find("}", i) if text.startswith("\\N{", i) else i + 1
            i = n if close < 0 else close + 1
        elif text.startswith("{{", i):
            i += 2
        elif text[i] == "{":
            i = field(i + 1)
        else:
            i += 1
    return found


def explain(error: BaseException) -> BaseException:
    """A NameError for NAME is a `$name` where the line's locals are not seen: say so, not our name."""
    if isinstance(error, NameError) and getattr(error, "name", None) == NAME:
        return NameError("$names are not seen inside a lambda or a generator expression here"
                         + (" (nor a comprehension, before Python 3.12)" if sys.version_info < (3, 12) else "")
                         + ": bind the value to a name first")
    return error
