"""tdb -p --live: the running threads' stacks, and the watches sampled at logpoints (engine/live.py)."""

from __future__ import annotations


from ..live import compile_watches, live_stacks
from ..requests import Call, RequestError

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any


def stacks(call: Call) -> dict[str, Any]:
    return live_stacks(call.debugger)


def watches(call: Call) -> None:
    expressions = call.args.get("expressions")
    if not isinstance(expressions, list) or not all(isinstance(text, str) for text in expressions):
        raise RequestError("expressions: a list of strings")
    call.session.live_watches = compile_watches(expressions)
