"""A stop painted at once, not after Textual's rounds of messages.

Textual paints a changed widget four hops later: the widget's Idle posts an Update to the screen,
the screen's Idle resumes its update timer, the timer's tick renders. After a step's panes are
updated that is 0.5-0.8 ms of message passing (every touched widget has its own queue). The stop
is what the user waits for: when the change is a repaint only (no layout, scroll or restyle to
work out first, which Textual's own rounds do), the changed widgets go to the screen here and
the screen renders them with the tick's own code; the later Idle finds nothing left to do.

This reaches into Textual 8's internals (pinned below 9 in pyproject.toml);
tests/ui/test_paint.py fails if they change.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget


def paint_now(screen: Screen) -> bool:
    """Render the screen's repainted widgets now; False (Textual paints at its pace) if it cannot."""
    app = screen.app
    if app._batch_count or not screen.is_current or screen._layout_required:
        return False
    widgets = list(screen.walk_children(Widget))
    if any(widget._layout_required or widget._scroll_required or widget._refresh_styles_required
           for widget in widgets):
        return False
    for widget in widgets:
        if widget._repaint_required:
            widget._repaint_required = False
            if widget.display:
                screen._dirty_widgets.add(widget)
    screen._on_timer_update()
    return True
