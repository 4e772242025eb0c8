"""The interface's list of breakpoints: numbered like pdb's, sent to the engine per file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass
class Breakpoint:
    number: int
    path: str | None  # None for a function breakpoint not yet resolved
    line: int | None
    function: str | None = None
    condition: str | None = None
    confirmed: bool = False

    def where(self) -> str:
        place = f"{os.path.basename(self.path)}:{self.line}" if self.path and self.line else ""
        if self.function:
            return f"{self.function}" + (f" ({place})" if place else "")
        return place

    def condition_spec(self) -> dict[str, str]:
        """The condition as DAP's SourceBreakpoint/FunctionBreakpoint spell it (nothing if none)."""
        return {"condition": self.condition} if self.condition else {}

    @property
    def kind(self) -> str:
        return "conditional" if self.condition else "enabled"


class BreakpointBook:
    def __init__(self) -> None:
        self._entries: dict[int, Breakpoint] = {}
        self._last_number = 0

    def _number(self) -> int:
        self._last_number += 1
        return self._last_number

    def all(self) -> list[Breakpoint]:
        return list(self._entries.values())

    def add(self, path: str, line: int, condition: str | None = None) -> Breakpoint:
        entry = Breakpoint(self._number(), path, line, condition=condition)
        self._entries[entry.number] = entry
        return entry

    def add_function(self, name: str, condition: str | None = None) -> Breakpoint:
        entry = Breakpoint(self._number(), None, None, function=name, condition=condition)
        self._entries[entry.number] = entry
        return entry

    def remove(self, number: int) -> Breakpoint | None:
        return self._entries.pop(number, None)

    def refuse(self, number: int) -> None:
        """The engine would not set it: forget it, and reuse its number as pdb does."""
        self._entries.pop(number, None)
        if number == self._last_number:
            self._last_number -= 1

    def clear(self) -> list[Breakpoint]:
        removed = self.all()
        self._entries.clear()
        return removed

    def at(self, path: str, line: int) -> Breakpoint | None:
        for entry in self._entries.values():
            if entry.function is None and entry.path == path and entry.line == line:
                return entry
        return None

    def in_file(self, path: str) -> list[Breakpoint]:
        return [e for e in self._entries.values() if e.function is None and e.path == path]

    def paths(self) -> list[str]:
        return sorted({e.path for e in self._entries.values() if e.function is None and e.path})

    def functions(self) -> list[Breakpoint]:
        return [e for e in self._entries.values() if e.function is not None]

    def marks(self, path: str) -> dict[int, str]:
        return {e.line: e.kind for e in self._entries.values() if e.path == path and e.line}

    def confirm(self, entry: Breakpoint, result: dict[str, Any]) -> None:
        """Record where the engine put it (it may have moved to the next line with code)."""
        entry.confirmed = True
        if result.get("verified"):
            entry.line = int(result.get("line") or entry.line or 0) or None
            entry.path = (result.get("source") or {}).get("path") or entry.path
