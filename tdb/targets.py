"""The program `tdb script.py` and `tdb -m module` run: found, read and compiled as python would.

Imported by the debugged program's process (tdb itself), so standard library only.
"""

from __future__ import annotations

import io
import os
import sys

TYPE_CHECKING = False  # (neither typing nor dataclasses in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any


class TargetError(Exception):
    """The program to run cannot be found or loaded."""


class Target:
    """What to run as __main__, and how the program's view of the world looks."""

    def __init__(self, kind: str, name: str, filename: str, argv: list[str], path0: str,
                 namespace: dict[str, Any]) -> None:
        self.kind = kind  # "script" or "module"
        self.name = name  # the path or module name as the user gave it
        self.filename = filename
        self.argv = argv
        self.path0 = path0
        self.namespace = namespace
        self.source_code: Any = None  # a code object, or None when the source failed to compile
        self.compile_error: BaseException | None = None

    def reload(self) -> "Target":
        """The same program read again, for a restart after the user edited it."""
        make = script_target if self.kind == "script" else module_target
        return make(self.name, self.argv[1:])


def script_target(path: str, args: list[str]) -> Target:
    if not os.path.exists(path):
        raise TargetError(f"no such file: {path}")
    if os.path.isdir(path):
        raise TargetError(f"{path} is a directory, not a Python script")
    # As python does: __file__ is the path joined to the working directory (not
    # normalised), and sys.path[0] the directory of the real file behind symlinks.
    filename = os.path.join(os.getcwd(), path)
    target = Target(
        kind="script",
        name=path,
        filename=filename,
        argv=[path, *args],
        path0=os.path.dirname(os.path.realpath(filename)),
        namespace={"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__},
    )
    try:
        with io.open_code(filename) as source:
            target.source_code = compile(source.read(), filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        target.compile_error = error
    return target


def module_target(name: str, args: list[str]) -> Target:
    import importlib.util  # only for -m: set_trace programs never pay for it

    sys.path.insert(0, os.getcwd())
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            spec = importlib.util.find_spec(name + ".__main__")
    except (ImportError, ValueError) as error:
        raise TargetError(f"cannot find module {name!r}: {error}") from None
    finally:
        sys.path.pop(0)
    if spec is None or spec.loader is None or spec.origin is None:
        raise TargetError(f"no module named {name!r}")
    filename = os.path.abspath(spec.origin)
    target = Target(
        kind="module",
        name=name,
        filename=filename,
        argv=[filename, *args],
        path0=os.getcwd(),
        namespace={
            "__name__": "__main__",
            "__file__": filename,
            "__package__": spec.parent,
            "__loader__": spec.loader,
            "__spec__": spec,
            "__builtins__": __builtins__,
        },
    )
    try:
        target.source_code = spec.loader.get_code(spec.name)  # type: ignore[attr-defined]
    except SyntaxError as error:
        target.compile_error = error
    return target
