"""Breakpoints and watches that last: kept per project, restored at the next session.

One JSON file a project under $XDG_STATE_HOME/tdb/projects/ (else
~/.local/state/tdb/projects/), named by a hash of the project's path and
holding that path too, so that one project never gets another's. Written
whole (a temporary file, then a rename). A file that cannot be read as
tdb wrote it is set aside (renamed `*.corrupt`) with one line saying so.

A line breakpoint keeps its line's text: at restore, a line that changed is
looked for in the file; found once, the breakpoint follows it; else it is
not restored, and the user is told which.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from .json_files import write_json

VERSION = 1
# What a breakpoint record keeps besides its place: the options the book's Breakpoint has.
OPTIONS = ("condition", "hit_condition", "log_message", "task")


def projects_dir() -> str:
    state = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):  # the XDG spec: a relative path is to be ignored
        state = os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "tdb", "projects")


def _sha256(data: bytes) -> str:
    """hashlib's sha256 without hashlib, which loads OpenSSL first (2 ms of a first screen): CPython's own."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  (3.12 and later)
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found, no-redef]  (3.11)
        except ImportError:  # (a Python built without them)
            from hashlib import sha256  # type: ignore[no-redef]
    return sha256(data).hexdigest()


def file_of(project: str) -> str:
    digest = _sha256(project.encode("utf-8", "surrogateescape"))[:20]
    return os.path.join(projects_dir(), f"{digest}.json")


@dataclass
class Remembered:
    """What a project's last session left: breakpoint records and watch expressions."""

    breakpoints: list[dict[str, Any]] = field(default_factory=list)
    watches: list[str] = field(default_factory=list)


def load(project: str) -> tuple[Remembered, str | None]:
    """The project's remembered state (empty if none), and a line to show if its file was set aside."""
    path = file_of(project)
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except FileNotFoundError:
        return Remembered(), None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return Remembered(), _set_aside(path, f"not readable ({getattr(error, 'strerror', None) or error})")
    if not isinstance(data, dict) or data.get("project") != project:
        if isinstance(data, dict) and isinstance(data.get("project"), str):
            return Remembered(), None  # another project's (a hash collision): not ours to touch
        return Remembered(), _set_aside(path, "not a file tdb wrote")
    breakpoints = [record for record in data.get("breakpoints") or [] if _valid(record)]
    watches = [text for text in data.get("watches") or [] if isinstance(text, str) and text.strip()]
    return Remembered(breakpoints, watches), None


def save(project: str, remembered: Remembered) -> str | None:
    """Write the project's state at once (never half a file); the error's text if it failed."""
    data = {"version": VERSION, "project": project, "breakpoints": remembered.breakpoints,
            "watches": remembered.watches}
    return write_json(file_of(project), data, indent=1)


def forget(project: str) -> bool:
    """Remove the project's state; whether there was any."""
    try:
        os.unlink(file_of(project))
    except FileNotFoundError:
        return False
    return True


def _set_aside(path: str, why: str) -> str:
    aside = path + ".corrupt"
    try:
        os.replace(path, aside)
    except OSError:
        return f"{path}: {why}; left as it is"
    return f"{path}: {why}; set aside as {os.path.basename(aside)}, nothing restored"


def _valid(record: Any) -> bool:
    if not isinstance(record, dict):
        return False
    if isinstance(record.get("function"), str):
        return True
    return isinstance(record.get("path"), str) and isinstance(record.get("line"), int) and record["line"] > 0


def relocate(record: dict[str, Any], lines: list[str]) -> int | None:
    """The line a remembered breakpoint belongs on now: its own if its text is still there, else the one
    line that has that text; None if the text is gone or ambiguous (no text kept: its own line)."""
    line, text = int(record["line"]), record.get("text")
    if not isinstance(text, str):
        return line if line <= len(lines) else None
    if line <= len(lines) and lines[line - 1].strip() == text:
        return line
    found = [number for number, current in enumerate(lines, 1) if current.strip() == text]
    return found[0] if len(found) == 1 else None
