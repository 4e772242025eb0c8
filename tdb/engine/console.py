"""pdb's `interact` and `args`, on the stopped thread.

`interact` runs Python in a new namespace made from the frame's globals and
locals, as pdb does: assignments stay in that namespace (the frame's own
variables are not changed); objects changed through it are the program's.
"""

from __future__ import annotations

import inspect
import io
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from types import FrameType

from .cancelling import Cancelled
from .values import full_repr

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any


def arguments_of(frame: FrameType, frame_locals: Any) -> list[tuple[str, str]]:
    """(name, repr) of a frame's arguments, as pdb's `args` lists them (`*** undefined ***` once deleted)."""
    code = frame.f_code
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & inspect.CO_VARARGS) + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    listed = []
    for name in code.co_varnames[:count]:
        listed.append((name, full_repr(frame_locals[name]) if name in frame_locals else "*** undefined ***"))
    return listed


class InteractiveNamespace:
    """One `interact` session: its namespace, and running blocks of source in it."""

    def __init__(self, frame: FrameType, frame_locals: Any) -> None:
        self.namespace: dict[str, Any] = {**frame.f_globals, **frame_locals}

    def run(self, source: str) -> dict[str, Any]:
        """Run one complete statement as the interactive interpreter does.

        {output: what it printed, failed: it raised, exited: exit() asked to leave the console}.
        Expression values are echoed (repr, via sys.displayhook); an exception prints its traceback.
        """
        captured = io.StringIO()
        try:
            code = compile(source, "<console>", "single")
        except (SyntaxError, ValueError, OverflowError) as error:
            output = "".join(traceback.format_exception_only(type(error), error))
            return {"output": output, "failed": True, "exited": False}
        with redirect_stdout(captured), redirect_stderr(captured):
            hook, sys.displayhook = sys.displayhook, self._echo
            try:
                exec(code, self.namespace)
            except SystemExit:  # exit() / quit(): leave the console, not the program
                return {"output": captured.getvalue(), "failed": False, "exited": True}
            except Cancelled:  # Ctrl-C in the interface (DAP cancel)
                return {"output": captured.getvalue() + "Interrupted\n", "failed": True, "exited": False}
            except BaseException as error:
                # Without the debugger's own frames: the traceback starts at the typed line.
                captured.write("".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next)))
                return {"output": captured.getvalue(), "failed": True, "exited": False}
            finally:
                sys.displayhook = hook
        return {"output": captured.getvalue(), "failed": False, "exited": False}

    def _echo(self, value: Any) -> None:
        """sys.displayhook for the console: a repr that never raises; `_` kept in the namespace, not in builtins."""
        if value is None:
            return
        self.namespace["_"] = value
        sys.stdout.write(full_repr(value) + "\n")


