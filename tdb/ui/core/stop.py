"""What the interface knows of the current stop: its frames, the one selected, and what the stop brought."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...dap import extensions


@dataclass
class StopView:
    thread_id: int
    reason: str
    description: str
    frames: list[dict[str, Any]] = field(default_factory=list)
    selected: int = 0
    # The engine's stop snapshot: scopes and first pages of the innermost frame.
    snapshot: dict[str, Any] = field(default_factory=dict)
    listed_through: int = 0  # where `l` left off, as pdb goes on from there
    threads: list[dict[str, Any]] = field(default_factory=list)  # the program's threads at this stop
    # The thread whose stack the panes show (another one's is read-only), and the stopped thread's own frames then.
    viewed_thread: int = 0
    own_frames: list[dict[str, Any]] = field(default_factory=list)
    hit: list[Any] = field(default_factory=list)  # the book's breakpoints this stop is for
    tasks: list[dict[str, Any]] = field(default_factory=list)  # the asyncio tasks of its event loop, if one runs
    viewed_task: int | None = None  # the task whose suspended frames the panes show (read-only), if any

    @classmethod
    def from_event(cls, body: dict[str, Any]) -> "StopView":
        snapshot = body.get(extensions.STOP) or {}
        thread_id = int(body.get("threadId", 0))
        return cls(thread_id, str(body.get("reason", "")),
                   str(body.get("description") or body.get("text") or ""),
                   frames=list(snapshot.get("stackFrames") or []), snapshot=snapshot,
                   threads=list(snapshot.get("threads") or []), viewed_thread=thread_id,
                   tasks=list(snapshot.get("tasks") or []))

    @property
    def frame(self) -> dict[str, Any] | None:
        return self.frames[self.selected] if self.frames else None

    @property
    def read_only(self) -> bool:
        """Another thread's stack is shown: it cannot be stepped from here."""
        return self.viewed_thread not in (0, self.thread_id) or self.viewed_task is not None

    def forget_snapshot(self) -> None:
        """Code ran in the program (a statement from the console): what the stop brought is stale."""
        self.snapshot = {}

    def prefetched(self) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]] | None:
        """(scopes, first pages) of the selected frame if the stop came with them."""
        if self.selected != 0 or "scopes" not in self.snapshot:
            return None
        pages = {int(ref): variables for ref, variables in (self.snapshot.get("variables") or {}).items()}
        return list(self.snapshot["scopes"]), pages


def frame_path(frame: dict[str, Any]) -> str:
    """The file of a DAP stack frame ("" when it has none)."""
    return str((frame.get("source") or {}).get("path") or "")


def expression_span(frame: dict[str, Any]) -> tuple[int, int, int, int] | None:
    """(line, column, end line, end column) of the sub-expression a DAP stack frame runs, if the engine sent it."""
    values = (frame.get("line"), frame.get("column"), frame.get("endLine"), frame.get("endColumn"))
    if not all(isinstance(value, int) for value in values):
        return None
    return values  # type: ignore[return-value]


REASONS = {"entry": "at the program's first line", "breakpoint": "at a breakpoint", "exception": "on an exception",
           "pause": "paused", "step": "after a step", "goto": "after a jump"}


def describe_reason(stop: StopView) -> str:
    """Why a thread stopped, in words: `at a breakpoint`, `exception: ValueError: bad`."""
    if stop.description and stop.reason == "exception":
        return f"exception: {stop.description}"
    return REASONS.get(stop.reason, stop.reason)


def thread_name(stop: StopView) -> str:
    """A stopped thread's name, as the threads list of its stop has it (else its id)."""
    name = next((t.get("name") for t in stop.threads if t.get("id") == stop.thread_id), None)
    return str(name) if name else str(stop.thread_id)


def describe(stop: StopView, frame: dict[str, Any]) -> str:
    """The status line of a stop: `prog.py:12  in main — after a step`."""
    import os

    where = f"{os.path.basename(frame_path(frame))}:{frame.get('line')}  in {frame.get('name')}"
    reason = describe_reason(stop)
    if stop.viewed_task is not None:
        task = next((t.get("name") for t in stop.tasks if t.get("id") == stop.viewed_task), stop.viewed_task)
        return f"{where} — task {task}, read-only" + (f"   [frame {stop.selected}]" if stop.selected else "")
    if stop.read_only:
        name = next((t.get("name") for t in stop.threads if t.get("id") == stop.viewed_thread), stop.viewed_thread)
        return f"{where} — thread {name}, read-only" + (f"   [frame {stop.selected}]" if stop.selected else "")
    thread = f"thread {thread_name(stop)}, " if len(stop.threads) > 1 else ""
    running = next((task.get("name") for task in stop.tasks if task.get("state") == "running"), None)
    task = f"task {running}, " if running else ""
    return f"{where} — {thread}{task}{reason}" + (f"   [frame {stop.selected} of {len(stop.frames)}]" if stop.selected else "")
