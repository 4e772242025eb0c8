"""Some rows of a scrolling pane repainted in one refresh.

Textual's refresh_line is a refresh each (about 10 µs: a message to the widget's queue among
them), and a step that changes 50 locals changes 50 rows of the variables pane.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.geometry import Region
from textual.scroll_view import ScrollView


def refresh_rows(view: ScrollView, rows: Iterable[int]) -> None:
    """Repaint these rows (0-based, of the whole content) where they are in view."""
    top, height = view.scroll_offset.y, view.size.height
    # The width in view, not Textual's refresh_line's content width: a region past the content's
    # right edge is repainted too, the scrollbar beside it (and whatever lies there) with it.
    width = view.scrollable_content_region.width
    regions = [Region(0, row - top, width, 1) for row in set(rows) if top <= row < top + height]
    if regions:
        view.refresh(*regions)
