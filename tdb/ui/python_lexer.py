"""Pygments' Python lexer, ready in half the time.

PythonLexer compiles its ~110 regular expressions when it is first used: about
30 ms on the way to the first screen. Six of its rules spell out Python's
identifier characters as two Unicode classes of 3,500 characters, and those
alone take more than half of it. Python's `re` says nearly the same with `\\w`
(identifier characters are letters, digits, marks and `_`): `[^\\W\\d]\\w*`
compiles in a fraction of a millisecond and gives the same tokens for any
identifier in NFC form, which is how editors write them (a test compares the
two lexers on real modules).
"""

from __future__ import annotations

from typing import Any

from pygments import unistring
from pygments.lexers.python import PythonLexer

_IDENTIFIER_CLASSES = {
    f"[{unistring.xid_start}]": r"[^\W\d]",
    f"[{unistring.xid_continue}]": r"\w",
}


def _cheaper(rule: Any) -> Any:
    """A rule with the identifier classes of its pattern (if it is a plain string) swapped for `\\w`."""
    if not isinstance(rule, tuple) or not isinstance(rule[0], str):
        return rule
    pattern = rule[0]
    for spelled_out, short in _IDENTIFIER_CLASSES.items():
        pattern = pattern.replace(spelled_out, short)
    return (pattern, *rule[1:])


class QuickPythonLexer(PythonLexer):
    """PythonLexer with `\\w` for the identifier classes; everything else is pygments' own."""

    name = "Python"
    tokens = {state: [_cheaper(rule) for rule in rules] for state, rules in PythonLexer.tokens.items()}
