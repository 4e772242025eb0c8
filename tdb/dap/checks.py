"""What a breakpoint may ask for, checked the same way by the interface (as the user types) and the engine.

A condition is a Python expression; a hit condition one of the forms below; a
log message DAP's text with `{expression}` fields (`{{` for a brace), read as
an f-string. Standard library only: the engine runs inside the program.
"""

from __future__ import annotations

import re
import types

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Callable

HIT_CONDITION_FORMS = "N (the Nth hit), == N, >= N, > N, < N, <= N or % N (every Nth hit)"

# DAP's hitCondition has no fixed syntax; these are the forms tdb (and most adapters) read.
_HIT_CONDITION = re.compile(r"\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*")
_HIT_TESTS: dict[str, Callable[[int, int], bool]] = {
    "==": lambda hits, n: hits == n,
    ">=": lambda hits, n: hits >= n,
    ">": lambda hits, n: hits > n,
    "<": lambda hits, n: hits < n,
    "<=": lambda hits, n: hits <= n,
    "%": lambda hits, n: hits % n == 0,
}


def check_condition(condition: str | None) -> str | None:
    """None if the condition compiles, else a one-line message."""
    if not condition:
        return None
    try:
        compile(condition, "<condition>", "eval")
    except SyntaxError as error:
        return f"syntax error in condition {condition!r}: {error.msg}"
    return None


def parse_hit_condition(text: str | None) -> tuple[Callable[[int], bool] | None, str | None]:
    """A hit condition as a test of the hit count: (test, None), or (None, why not); (None, None) for none.

    The count is the breakpoint's hits as pdb counts them: every time its line
    runs while it is enabled, the one being decided included.
    """
    if text is None or not str(text).strip():
        return None, None
    match = _HIT_CONDITION.fullmatch(str(text))
    if match is None:
        return None, f"hit condition {text!r} is not understood: use {HIT_CONDITION_FORMS}"
    operator, n = match.group(1) or "==", int(match.group(2))
    if operator == "%" and n == 0:
        return None, f"hit condition {text!r}: every 0th hit is never; use % 1 or more"
    test = _HIT_TESTS[operator]
    return (lambda hits: test(hits, n)), None


def check_hit_condition(text: str | None) -> str | None:
    """None if a hit condition is one tdb reads, else a one-line message."""
    return parse_hit_condition(text)[1]


def compile_log_message(message: str) -> tuple[tuple[str | types.CodeType, ...] | None, str | None]:
    """A logMessage compiled into its parts: (parts, None), or (None, why not).

    DAP's `{expression}` and `{{` are an f-string's: the message is read as
    one, and each field compiled on its own (text stays text), so that a field
    that fails at a hit shows its error in its place.
    """
    import ast  # only for logpoints: most programs never need it

    try:
        tree = ast.parse("f" + repr(message), mode="eval")
        parts: list[str | types.CodeType] = []
        for value in tree.body.values:  # type: ignore[attr-defined]
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                field = ast.Expression(ast.JoinedStr([value]))
                ast.fix_missing_locations(field)
                parts.append(compile(field, "<log message>", "eval", dont_inherit=True))
    except (SyntaxError, ValueError) as error:
        return None, f"{type(error).__name__}: {getattr(error, 'msg', None) or error}"
    return tuple(parts), None


def check_log_message(message: str | None) -> str | None:
    """None if a log message compiles, else a one-line message."""
    if not message:
        return None
    error = compile_log_message(message)[1]
    return f"log message {message!r} does not compile: {error}" if error else None
