"""No garbage collection while the interface starts, nor while a step is out.

Starting allocates hundreds of thousands of objects (Textual's import, the
stylesheet, the widgets) and each collection walks them again: measured, some
40 ms of collections came before the first screen, one of 18 ms just before
it. Collection is held from the start (of the process, or of the app) until
the first screen is drawn. In the interface's own process the objects of the
start are then frozen out of later collections, which makes every later one
shorter; a process that runs apps one after another (the tests) only gets its
collector back.

A step allocates enough for a collection of the youngest generation every other
step, 0.2 ms each: from a step's key until its stop is painted (or the step
ends otherwise) the collector waits, and runs after the paint.
"""

from __future__ import annotations

import gc

_held = False
_freeze = False
_paused = False


def hold(*, freeze: bool = False) -> None:
    """Stop collecting until release(); with `freeze`, release() freezes what exists by then."""
    global _held, _freeze
    _freeze = _freeze or freeze
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Collect again (if hold() stopped it)."""
    global _held, _freeze
    if _held:
        if _freeze:
            gc.freeze()
        gc.enable()
    _held = _freeze = False


def pause() -> None:
    """A step is out: no collection until resume()."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """The step's stop is painted, or the step ended otherwise: collect again (if pause() stopped it)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
