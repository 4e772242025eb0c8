"""The interface's list of breakpoints: numbered like pdb's, sent to the engine per file.

The book is the user's view: its numbers stay put while the engine's ids change
at every re-send (DAP replaces a file's set whole); `engine_id` links the two.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ...dap import extensions


@dataclass
class Breakpoint:
    number: int
    path: str | None  # None for a function breakpoint not yet resolved
    line: int | None
    function: str | None = None
    condition: str | None = None
    hit_condition: str | None = None  # DAP's: `>= 100`, `5`, `% 10` ...
    log_message: str | None = None  # a logpoint: logs this, never stops
    enabled: bool = True
    temporary: bool = False  # tbreak: gone at its first stop
    ignore: int = 0
    task: str | None = None  # only in the asyncio tasks of this name (a pattern: fetch-*)
    hits: int = 0
    commands: list[str] = field(default_factory=list)  # pdb's `commands`: run when it stops the program
    confirmed: bool = False
    engine_id: int | None = None
    # An ignore count the user just set: sent once; after that the engine's runs down on its own.
    ignore_pending: bool = False

    def where(self) -> str:
        place = f"{os.path.basename(self.path)}:{self.line}" if self.path and self.line else ""
        if self.function:
            return f"{self.function}" + (f" ({place})" if place else "")
        return place

    def spec(self) -> dict[str, Any]:
        """What DAP's SourceBreakpoint/FunctionBreakpoint (and tdb's extension keys) say beyond the place."""
        spec: dict[str, Any] = {}
        if self.condition:
            spec["condition"] = self.condition
        if self.hit_condition:
            spec["hitCondition"] = self.hit_condition
        if self.log_message:
            spec["logMessage"] = self.log_message
        if not self.enabled:
            spec[extensions.ENABLED] = False
        if self.temporary:
            spec[extensions.TEMPORARY] = True
        if self.ignore_pending:
            spec[extensions.IGNORE] = self.ignore
        if self.task:
            spec[extensions.TASK] = self.task
        return spec

    @property
    def kind(self) -> str:
        """How the gutter and the pane draw it (SourceView.MARKS)."""
        if not self.enabled:
            return "disabled"
        if self.log_message:
            return "logpoint"
        if self.condition or self.hit_condition or self.task:
            return "conditional"
        return "temporary" if self.temporary else "enabled"

    def announcement(self) -> str:
        """What the console says when it is set (pdb: `Breakpoint 1 at file:line`)."""
        if self.log_message:
            return f"Logpoint {self.number} at {self.where()}: {self.log_message}"
        conditions = self.conditions()
        return f"Breakpoint {self.number} at {self.where()}" + (f", if {conditions}" if conditions else "")

    def conditions(self) -> str:
        """Its condition and hit condition as the user types them after `b LINE, `."""
        parts = [self.condition or "", f"hits {self.hit_condition}" if self.hit_condition else "",
                 f"in task {self.task}" if self.task else ""]
        return " and ".join(part for part in parts if part)


class BreakpointBook:
    def __init__(self) -> None:
        self._entries: dict[int, Breakpoint] = {}
        self._last_number = 0
        # The breakpoint whose command list the command line is collecting (pdb's `commands`).
        self.collecting: Breakpoint | None = None
        # Removed by the engine since the last stop (a tbreak at its stop): that stop still names it.
        self.just_removed: dict[int, Breakpoint] = {}

    def _number(self) -> int:
        self._last_number += 1
        return self._last_number

    def all(self) -> list[Breakpoint]:
        return list(self._entries.values())

    def get(self, number: int) -> Breakpoint | None:
        return self._entries.get(number)

    @property
    def last(self) -> Breakpoint | None:
        """The breakpoint set last (pdb's `commands` without a number)."""
        return self._entries.get(self._last_number)

    def add(self, path: str, line: int, condition: str | None = None, **options: Any) -> Breakpoint:
        entry = Breakpoint(self._number(), path, line, condition=condition, **options)
        self._entries[entry.number] = entry
        return entry

    def add_function(self, name: str, condition: str | None = None, **options: Any) -> Breakpoint:
        entry = Breakpoint(self._number(), None, None, function=name, condition=condition, **options)
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
        """Line -> kind for the gutter; where several share a line, an enabled one shows."""
        marks: dict[int, str] = {}
        for entry in self._entries.values():
            if entry.path == path and entry.line and (entry.line not in marks or marks[entry.line] == "disabled"):
                marks[entry.line] = entry.kind
        return marks

    def confirm(self, entry: Breakpoint, result: dict[str, Any]) -> None:
        """Record where the engine put it (it may have moved to the next line with code)."""
        entry.confirmed = True
        if result.get("verified"):
            entry.line = int(result.get("line") or entry.line or 0) or None
            entry.path = (result.get("source") or {}).get("path") or entry.path
            entry.engine_id = result.get("id") if isinstance(result.get("id"), int) else None
            entry.ignore_pending = False

    def by_engine_id(self, engine_id: Any) -> Breakpoint | None:
        for entry in self._entries.values():
            if entry.engine_id == engine_id:
                return entry
        return self.just_removed.get(engine_id)

    def update_counts(self, counts: list[dict[str, Any]]) -> None:
        """The engine's hits and ignore counts at a stop (the stop snapshot's `breakpoints`)."""
        for count in counts:
            entry = self.by_engine_id(count.get("id"))
            if entry is not None:
                entry.hits = int(count.get("hits") or 0)
                entry.ignore = int(count.get("ignore") or 0)

    def removed_by_engine(self, engine_id: Any) -> Breakpoint | None:
        """The engine deleted one (a temporary breakpoint at its stop): drop it, remember it for that stop."""
        entry = self.by_engine_id(engine_id)
        if entry is not None and self._entries.pop(entry.number, None) is not None:
            self.just_removed[engine_id] = entry
            if self.collecting is entry:
                self.collecting = None
        return entry
