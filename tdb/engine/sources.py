"""Source files the program has loaded, and the source of an object (pdb's `ll` and `source`)."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Iterable

_SOURCE_SUFFIXES = (".py", ".pyw")


def loaded_sources(stack_files: Iterable[str], canonic: Any) -> list[dict[str, str]]:
    """DAP Source objects: the files of the current stack, then every module's file, by module name.

    The debugger's own modules (tdb) are left out, as their frames are.
    """
    found: dict[str, dict[str, str]] = {}
    for filename in stack_files:
        if not filename.startswith("<"):
            found.setdefault(canonic(filename), {"name": os.path.basename(filename), "path": canonic(filename)})
    modules = []
    for name, module in list(sys.modules.items()):
        if name == "tdb" or name.startswith("tdb."):
            continue
        filename = getattr(module, "__file__", None)
        if isinstance(filename, str) and filename.endswith(_SOURCE_SUFFIXES):
            modules.append((name, canonic(filename)))
    for name, path in sorted(modules):
        found.setdefault(path, {"name": name, "path": path})
    return list(found.values())


def source_lines(obj: Any) -> tuple[list[str], int]:
    """inspect.getsourcelines(obj), whose first line is 0 for a module: 1 then, as pdb has it."""
    import inspect  # only when asked: every program imports the engine

    lines, first = inspect.getsourcelines(obj)
    return lines, max(1, first)
