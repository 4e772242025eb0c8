"""`tdb.Tdb`: what tools that take a pdb class call on it (`pytest --pdb --pdbcls=tdb:Tdb`, `--trace`).

pytest makes one per stop (`_init_pdb`), wraps it in a subclass whose
`do_continue` resumes its output capture and whose `do_quit` ends the run,
then calls `reset()` + `interaction(None, tb_or_exc)` and reads `quitting`
(post-mortem), `runcall(test)` (`--trace`) or `set_trace(frame)`. tdb's own
command loop is in another process: when a stop this object started ends,
it calls `do_continue` or `do_quit` as pdb's loop would have, so that the
wrapper does what it does after pdb's `c` or `q`.
"""

from __future__ import annotations

import sys
from types import FrameType, TracebackType

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable


class Tdb:
    """pdb's entry points and the attributes pdb-class users read (quitting, botframe)."""

    def __init__(self, completekey: str = "tab", stdin: Any = None, stdout: Any = None, skip: Any = None,
                 nosigint: bool = False, readrc: bool = True, **kwargs: Any) -> None:
        self.quitting = False
        self.botframe: FrameType | None = None

    def reset(self) -> None:
        self.quitting = False
        self.botframe = None

    def set_trace(self, frame: FrameType | None = None, *, header: str | None = None, **kwargs: Any) -> None:
        """Stop at the next line of `frame` (the caller); returns at once, as pdb's does.

        When the user leaves with c (not a step), do_continue runs, or do_quit after q, as in pdb's loop."""
        from .entry import _debugger

        debugger = _debugger()
        if debugger is not None:
            debugger.set_trace(frame or sys._getframe(1), on_leave=self._left_with)

    def _left_with(self, quit: bool) -> None:
        self.quitting = quit
        if quit:
            self.do_quit("")
        else:
            self.do_continue("")

    def interaction(self, frame: FrameType | None, tb_or_exc: TracebackType | BaseException | None) -> None:
        """Post-mortem of an exception (pytest --pdb); after it, do_continue or do_quit as pdb's loop would."""
        from .entry import post_mortem

        session = _session()
        post_mortem(_exception_of(tb_or_exc))
        self._after_stop(session)

    def post_mortem(self, tb_or_exc: TracebackType | BaseException | None = None) -> None:
        self.reset()
        self.interaction(None, tb_or_exc)

    def runcall(self, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Call `func` stopped at its first line (pytest --trace); `q` there ends it as pdb's does."""
        from .entry import runcall

        session = _session()
        result = runcall(func, *args, **kwargs)  # (bdb's runcall ends quietly after q)
        self._after_stop(session)
        return result

    def _after_stop(self, session: Any) -> None:
        """What pdb's loop would call after the stop: do_quit if the user pressed q there, else do_continue."""
        self._left_with(bool(session is not None and session.quit_requested))

    # What pdb's loop calls for `c` and `q`; subclasses (pytest's wrapper) add their own steps.
    def do_continue(self, arg: str) -> int:
        return 1

    do_c = do_cont = do_continue

    def do_quit(self, arg: str) -> int:
        self.quitting = True
        return 1

    do_q = do_exit = do_quit

    def setup(self, frame: FrameType | None, tb: TracebackType | None) -> bool:
        return False

    def get_stack(self, frame: FrameType | None, tb: TracebackType | None) -> tuple[list[Any], int]:
        stack: list[Any] = []
        while tb is not None:
            stack.append((tb.tb_frame, tb.tb_lineno))
            tb = tb.tb_next
        return stack, max(0, len(stack) - 1)


def _session() -> Any:
    """The set_trace session the stop will use (started now if there is none); None if none can start."""
    from .launch import current_session

    try:
        return current_session()
    except OSError:
        return None  # (the stop itself then says why, and the program runs on)


def _exception_of(tb_or_exc: TracebackType | BaseException | None) -> TracebackType | BaseException | None:
    """The exception, where only its traceback was given (pytest before 3.13): the one Python keeps as the last."""
    if isinstance(tb_or_exc, TracebackType):
        for exception in (getattr(sys, "last_exc", None), getattr(sys, "last_value", None), sys.exc_info()[1]):
            if isinstance(exception, BaseException) and tb_or_exc in (exception.__traceback__,
                                                                      getattr(sys, "last_traceback", None)):
                return exception
    return tb_or_exc
