"""Browsing a stop's exception: pdb's `exceptions [n]` and the interface's exceptions screen.

The chain (causes, contexts), the members of exception groups, and the
traceback as Python prints it. Imported when the interface asks, not at every
stop: most programs never need it.
"""

from __future__ import annotations

import re
from types import FrameType

from .frames import is_engine_frame, one_line, program_frames
from .values import safe_repr

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any

# pdb's MAX_CHAINED_EXCEPTION_DEPTH: past it, the chain is cut.
MAX_EXCEPTIONS = 999


def chain_of(exception: BaseException) -> list[BaseException]:
    """pdb's chain: the exception and its causes (or contexts), oldest first."""
    found: list[BaseException] = []
    current: BaseException | None = exception
    while current is not None and len(found) < MAX_EXCEPTIONS:
        if any(current is known for known in found):
            break
        found.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    found.reverse()
    return found


class Entry:
    """One exception of the view: pdb's number for the chain, the next numbers for group members."""

    __slots__ = ("id", "exception", "depth", "relation", "index", "line", "end")  # (not a dataclass: stops.Stop)

    def __init__(self, id: int, exception: BaseException, depth: int, relation: str, index: int = 0) -> None:
        self.id = id
        self.exception = exception
        self.depth = depth  # 0 for the chain; members one deeper than their group
        self.relation = relation  # "cause" or "context": how the entry above led to it; "member" in a group
        self.index = index  # a member's place in its group, from 1
        self.line = 0  # where its part of the formatted traceback starts
        self.end = 0  # its summary line (`Type: message`)


class ExceptionView:
    """A stop's exception as `exceptions` and the exceptions screen browse it."""

    def __init__(self, exception: BaseException, frames: list[tuple[FrameType, int]]) -> None:
        self.root = exception
        self.original_frames = frames
        self.chain = chain_of(exception)
        self.selected = len(self.chain) - 1  # as in pdb: the exception of the stop
        self.entries: list[Entry] = []
        self._build()
        self.formatted = _format(exception)
        self._place_in(self.formatted)

    def _build(self) -> None:
        next_id = len(self.chain)
        seen = {id(exception) for exception in self.chain}

        def add_members(group: BaseException, depth: int) -> None:
            nonlocal next_id
            for index, member in enumerate(getattr(group, "exceptions", ()), 1):
                if id(member) in seen or next_id >= MAX_EXCEPTIONS:
                    continue
                seen.add(id(member))
                self.entries.append(Entry(next_id, member, depth, "member", index))
                next_id += 1
                if isinstance(member, BaseExceptionGroup):
                    add_members(member, depth + 1)

        for number, exception in enumerate(self.chain):
            relation = ""
            if number:
                relation = "cause" if exception.__cause__ is self.chain[number - 1] else "context"
            self.entries.append(Entry(number, exception, 0, relation))
            if isinstance(exception, BaseExceptionGroup):
                add_members(exception, 1)

    def _place_in(self, formatted: str) -> None:
        """Find each exception's summary line in Python's own text, in the order Python prints them."""
        lines = formatted.splitlines()
        position = 0
        for entry in self.entries:
            entry.line = position
            printed = _printed_type(entry.exception)
            for number in range(position, len(lines)):
                text = lines[number].lstrip(" |")
                if text == printed or text.startswith(printed + ":"):
                    entry.end = number
                    position = number + 1
                    break
            else:
                entry.end = entry.line

    def entry(self, number: Any) -> Entry:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise LookupError("Argument must be an integer") from None
        for entry in self.entries:
            if entry.id == number:
                return entry
        raise LookupError("No exception with that number")

    def select(self, number: Any, get_stack: Any) -> list[tuple[FrameType, int]]:
        """Make exception `number` the selected one; the frames of its traceback (pdb's messages if not)."""
        entry = self.entry(number)
        if entry.id == len(self.chain) - 1:
            frames = self.original_frames
        else:
            tb = entry.exception.__traceback__
            if tb is None:
                raise LookupError("This exception does not have a traceback, cannot jump to it")
            stack, _ = get_stack(None, tb)
            frames = program_frames(stack)
        self.selected = entry.id
        return frames

    @property
    def selected_exception(self) -> BaseException:
        return self.entry(self.selected).exception

    def describe(self) -> dict[str, Any]:
        """The tdb/exceptions response."""
        return {
            "exceptions": [
                {
                    "id": entry.id,
                    "depth": entry.depth,
                    "relation": entry.relation,
                    "index": entry.index,
                    "typeName": type(entry.exception).__qualname__,
                    "description": one_line(entry.exception),
                    "repr": _pdb_repr(entry.exception),
                    "hasTraceback": entry.exception.__traceback__ is not None,
                    "line": entry.line,
                    "summaryLine": entry.end,
                }
                for entry in self.entries
            ],
            "selected": self.selected,
            "current": len(self.chain) - 1,
            "formatted": self.formatted,
        }


def _pdb_repr(exception: BaseException) -> str:
    text = safe_repr(exception)
    return text if len(text) <= 80 else text[:77] + "..."


def _printed_type(exception: BaseException) -> str:
    """The type as a traceback prints it: qualified unless builtin or __main__'s."""
    cls = type(exception)
    module = cls.__module__
    return cls.__qualname__ if module in ("__main__", "builtins") else f"{module}.{cls.__qualname__}"


def _format(exception: BaseException) -> str:
    """Python's own traceback text, chain and groups included, with PEP 657 carets (3.11+).

    Without the debugger's frames that the program runs under (the launcher's), as a crash prints it.
    """
    tb = exception.__traceback__
    while tb is not None and tb.tb_next is not None and is_engine_frame(tb.tb_frame):
        tb = tb.tb_next
    try:
        import traceback  # at an exception view only

        return "".join(traceback.format_exception(type(exception), exception, tb))
    except Exception as error:  # a user's __str__ may raise; traceback copes, but be sure
        return f"<the traceback cannot be formatted: {type(error).__name__}: {error}>"

