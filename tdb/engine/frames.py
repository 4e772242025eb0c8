"""Whose a frame is, and how the engine names frames and exceptions: the helpers every engine module may import.

A frame is the engine's own when its module is tdb's, bdb's, runpy's or
importlib's: never shown, never stopped in. Imports only the standard library
and nothing of tdb's, so that no import circle can pass through it.
"""

from __future__ import annotations

import os
from types import CodeType, FrameType, TracebackType

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Iterable

# Modules whose frames are the debugger's own (bdb's `skip` patterns): never stopped in, never shown.
ENGINE_MODULES = ("tdb", "tdb.*", "bdb", "runpy", "importlib.*")


def is_engine_frame(frame: FrameType) -> bool:
    """A frame of the debugger's own machinery (tdb, bdb, runpy, importlib): never shown or stopped in."""
    name = frame.f_globals.get("__name__") or ""
    return name in ("tdb", "bdb", "runpy") or name.startswith(("tdb.", "importlib."))


def is_tdb_frame(frame: FrameType) -> bool:
    """A frame of tdb's own code (not bdb's or importlib's, which run the program's code too)."""
    name = frame.f_globals.get("__name__") or ""
    return name == "tdb" or name.startswith("tdb.")


def engine_on_stack(frame: FrameType | None) -> bool:
    """Whether the debugger's own code is anywhere on this stack."""
    while frame is not None:
        if is_engine_frame(frame):
            return True
        frame = frame.f_back
    return False


def called_by_tdb(frame: FrameType, bottom: FrameType | None, runners: frozenset[CodeType]) -> bool:
    """Whether tdb's own code is among the callers of `frame`, short of the runner that started the program.

    `runners`: the code of the functions that run the program (Debugger.run and the like);
    `bottom`: the program's outermost frame, if known.
    """
    caller = frame.f_back
    while caller is not None and caller is not bottom and caller.f_code not in runners:
        if is_tdb_frame(caller):
            return True
        caller = caller.f_back
    return False


def outside_tdb(frame: FrameType, runners: frozenset[CodeType]) -> FrameType:
    """The innermost frame on `frame`'s stack where a stop may be: neither tdb's nor called_by_tdb().

    Code can run inside tdb's without being called by the program: a finalizer that the
    engine's last reference to an object set off (the previous session's socket closing),
    which is where the program's main thread takes `tdb -p`'s script. The program is below it.
    `frame` itself if there is no such frame.
    """
    stack: list[FrameType] = []
    caller: FrameType | None = frame
    while caller is not None:
        stack.append(caller)
        caller = caller.f_back
    # From the outermost frame in: is tdb's code among a frame's callers since the last runner?
    called = False
    found = frame
    for candidate in reversed(stack):
        if not called and not is_tdb_frame(candidate):
            found = candidate
        if candidate.f_code in runners:
            called = False
        elif is_tdb_frame(candidate):
            called = True
    return found


def program_frames(stack: list[tuple[FrameType, int]]) -> list[tuple[FrameType, int]]:
    """bdb's stack without the engine's frames (the innermost one if nothing else is left)."""
    return [(frame, line) for frame, line in stack if not is_engine_frame(frame)] or stack[-1:]


def code_name(code: CodeType) -> str:
    """The qualified name where Python has one (3.11+: co_qualname)."""
    return getattr(code, "co_qualname", code.co_name)


def one_line(exception: BaseException | None) -> str:
    """`Type: first line of the message`, for a status line."""
    if exception is None:
        return ""
    if isinstance(exception, SyntaxError):  # its own lines show the code; the last one is the summary
        import traceback  # (here and below: only for an exception; the program need not pay for it at each stop)

        text = "".join(traceback.format_exception_only(type(exception), exception)).strip()
        return text.splitlines()[-1]
    try:
        message = str(exception).strip().splitlines()
    except Exception:  # a user's __str__ may raise
        message = []
    name = type(exception).__qualname__
    return f"{name}: {message[0]}" if message else name


def format_exception(exception: BaseException, tb: TracebackType | None = None) -> str:
    """The traceback as Python prints it."""
    import traceback

    return "".join(traceback.format_exception(type(exception), exception, tb or exception.__traceback__))


def without_engine_frames(tb: TracebackType | None) -> TracebackType | None:
    """A traceback from its first frame that is not the engine's (the whole one if all are)."""
    first = tb
    while first is not None and is_engine_frame(first.tb_frame):
        first = first.tb_next
    return first or tb


_library_roots: tuple[str, ...] | None = None


def is_library(path: str) -> bool:
    """Code from the standard library or an installed package (or frozen), rather than the user's own."""
    global _library_roots
    if _library_roots is None:
        import site  # (loaded at start-up already, unless python -S; sysconfig would cost the program 0.1 MB)

        stdlib = os.path.dirname(getattr(os, "__file__", None) or "") or None  # (an embedded Python may have none)
        packages = getattr(site, "getsitepackages", list)()  # (an old virtualenv's own site.py has none)
        _library_roots = _roots(filter(None, [stdlib, *packages, site.getusersitepackages()]))
    return path.startswith("<frozen ") or os.path.normcase(path).startswith(_library_roots)


def _roots(paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({os.path.normcase(os.path.abspath(path)) + os.sep for path in paths}))


def describe_frame(frame: FrameType, line: int) -> dict[str, Any]:
    """Where a frame is, as tdb's additions to DAP name it: {name, line, source}."""
    path = frame.f_code.co_filename
    return {"name": code_name(frame.f_code), "line": line, "source": {"path": path, "name": os.path.basename(path)}}
