"""A screen whose first showing is one paint.

Textual shows a new screen in five or six paints, 106 KB at 120x40 where one is 25, about 40 ms
of a first screen: it lays the screen out and paints it when the screen resumes, while messages the
widgets posted while they were built still wait (each a repaint or a layout after); it asks for a
whole repaint right after; the layout itself resizes every widget, and each then asks for a repaint
and its parents for a layout; the screen posts itself a Resize, of the size it has, and lays out
again for it (so does the driver's first Resize); the toast rack sets its display at its first
showing. The scrollbars a pane needs are found only once it is laid out: the source's is tdb's
business (widgets/source.py `_expect_scrollbars`).

Here the resume waits until the screen's queue is empty; what was asked before the first paint is
met by it; a Resize of the size the screen has is no layout. At its first showing the resume does
not style every widget again (3 ms of a cold first screen): each was styled as it was mounted, and
Textual restyles a widget whose classes change, and all of them when the theme or stylesheet does.

This reaches into Textual 8's internals (pinned below 9 in pyproject.toml); tests/e2e/test_step_paint.py
fails if the first screen takes more than one paint, and tests/ui/test_paint.py if the names change.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

ResultType = TypeVar("ResultType")

# How many times a resume that lays the screen out goes to the back of the queue, at most (messages
# keep coming while a stop is shown; each wait is one round of them).
MAX_RESUME_WAITS = 50


class FirstPaintScreen(Screen[ResultType], Generic[ResultType]):
    """The base of the debugger's screen: its first showing in one paint."""

    def __init__(self) -> None:
        super().__init__()
        self._resume_waits = 0
        self._painted = False

    def _on_mount(self, event: events.Mount) -> None:
        for rack in self.query(ToastRack):  # (none in tests: run_test turns notifications off)
            rack.display = False  # (what its first showing sets, set before the first layout)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self.is_attached or self._size == self.app.size:
            return  # (Textual's handler lays nothing out: it repaints, as after a dialog)
        if not self._message_queue.empty() and self._resume_waits < MAX_RESUME_WAITS:
            self._resume_waits += 1
            event.prevent_default()  # (Textual's handler runs for the one posted now)
            self.post_message(events.ScreenResume(refresh_styles=event.refresh_styles))
            return
        self._resume_waits = 0
        if not self._painted:  # (styled as they were mounted, against this stylesheet: not again)
            event.refresh_styles = False
        self.call_next(self._drop_repaint)  # (Textual's handler asks for a whole repaint after its paint)

    def _drop_repaint(self) -> None:
        self._repaint_required = False

    def _compositor_refresh(self) -> None:
        if not self._painted and self._compositor.size:
            self._painted = True  # the first paint after the first layout: every widget as it is now
            self._layout_required = False
            for widget in self.walk_children(Widget):
                for part in (widget, widget._vertical_scrollbar, widget._horizontal_scrollbar):
                    if part is not None:
                        part._layout_required = part._repaint_required = False
        super()._compositor_refresh()

    def _screen_resized(self, size: Size) -> None:
        if size != self._compositor.size:
            super()._screen_resized(size)
