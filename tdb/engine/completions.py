"""Completing the name at the cursor in a frame, for the DAP `completions` request.

rlcompleter matches, as at Python's prompt and in pdb. Completing an
attribute evaluates the path before it (`a.b` for `a.b.c`), which may run the
program's code (properties, `__getattr__`): whatever fails there yields fewer
candidates, never an error.
"""

from __future__ import annotations

import io
import keyword
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from types import ModuleType

from ..dap.messages import index_at_utf16, utf16_length

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Mapping

# The dotted name that ends at the cursor: `sys.ar` in `p len(sys.ar`.
_NAME_PATH = re.compile(r"(?:[^\W\d]\w*\.)*(?:[^\W\d]\w*)?$")
_NAME_AND_SUFFIX = re.compile(r"(\w*)(.*)", re.DOTALL)


def completions(text: str, column: int, frame_globals: Mapping[str, Any], frame_locals: Mapping[str, Any]) -> list[dict[str, Any]]:
    """DAP CompletionItems for the name ending at `column` of `text`.

    Columns are 1-based and count UTF-16 code units, as DAP's do. Each item
    replaces the last part of the name (`ar` of `sys.ar`): `start` and `length`
    say where it is.
    """
    before = text[: index_at_utf16(text, column - 1)]
    match = _NAME_PATH.search(before)
    path = match.group() if match else ""
    if not path or (match.start() and (before[match.start() - 1] == "." or before[match.start() - 1].isalnum())):
        return []  # nothing typed, or an attribute of an expression (`f().x`, `a[0].x`) we won't evaluate
    namespace = dict(frame_globals)
    namespace.update(frame_locals)
    word = path.rpartition(".")[2]
    start = utf16_length(before[: len(before) - len(word)]) + 1
    items: dict[str, dict[str, Any]] = {}
    for candidate in _matches(path, namespace):
        # rlcompleter adds what readline would type next: `(` or `()` after a callable, ` ` or `:` after a keyword.
        label, suffix = _NAME_AND_SUFFIX.match(candidate.rpartition(".")[2]).groups()  # type: ignore[union-attr]
        if not label or label in items:
            continue
        kind = "function" if suffix.startswith("(") else "keyword" if "." not in path and _is_keyword(label, namespace) else "variable"
        items[label] = {"label": label, "text": label, "type": kind, "start": start, "length": utf16_length(word)}
    # Private names after public ones, as dir() readers expect.
    return [items[label] for label in sorted(items, key=lambda name: (name.startswith("_"), name))]


def _matches(path: str, namespace: dict[str, Any]) -> list[str]:
    completer = _rlcompleter().Completer(namespace)
    # Code run by a lookup must not print into the program's output.
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        try:
            return completer.attr_matches(path) if "." in path else completer.global_matches(path)
        except Exception:
            pass
        return _names_without_lookup(path, namespace)


def _names_without_lookup(path: str, namespace: dict[str, Any]) -> list[str]:
    """After a lookup raised: the names dir() gives, without reading any of them."""
    if "." not in path:
        return []
    expression, _, word = path.rpartition(".")
    try:
        names = dir(eval(expression, namespace))
    except Exception:
        return []
    hidden = "__" if word.startswith("_") else "_"
    return [f"{expression}.{name}" for name in names
            if isinstance(name, str) and name.startswith(word) and (word.startswith(hidden) or not name.startswith(hidden))]


def _is_keyword(label: str, namespace: dict[str, Any]) -> bool:
    return (keyword.iskeyword(label) or keyword.issoftkeyword(label)) and label not in namespace


def _rlcompleter() -> ModuleType:
    """rlcompleter, imported without changing the program's readline.

    Its import makes itself readline's completer, and imports readline (which
    changes how the program's input() reads lines).
    """
    if "rlcompleter" in sys.modules:
        return sys.modules["rlcompleter"]
    if "readline" not in sys.modules:
        sys.modules["readline"] = None  # type: ignore[assignment]  # the import sees no readline
        try:
            import rlcompleter
        finally:
            if sys.modules.get("readline", 0) is None:
                del sys.modules["readline"]
        return rlcompleter
    readline = sys.modules["readline"]
    previous = readline.get_completer() if readline is not None else None
    import rlcompleter

    if readline is not None:
        readline.set_completer(previous)
    return rlcompleter
