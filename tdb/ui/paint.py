"""A stop painted at once, not after Textual's rounds of messages, and only the lines it changed.

Textual paints a changed widget four hops later: the widget's Idle posts an Update to the screen,
the screen's Idle resumes its update timer, the timer's tick renders. After a step's panes are
updated that is 0.5-0.8 ms of message passing (every touched widget has its own queue). The stop
is what the user waits for: when the change is a repaint only (no layout, scroll or restyle to
work out first, which Textual's own rounds do), the changed widgets' lines are rendered here and
written; the later Idle finds nothing left to do.

Textual's own partial render asks every widget that overlaps the box around all the changed
regions for all of its lines: a step changes the source at the top and the status line at the
bottom, so that is every widget on the screen, whole (2 ms of a 6 ms step). `render_changed` asks
only the widgets under a changed span, for only those rows.

This reaches into Textual 8's internals (pinned below 9 in pyproject.toml);
tests/ui/test_paint.py fails if they change, and checks `render_changed` writes what Textual's
own render would.
"""

from __future__ import annotations

from contextlib import nullcontext

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from .terminal_driver import HandoffDriver


def paint_now(screen: Screen, only: Widget | None = None) -> bool:
    """Render the screen's repainted widgets now (or `only` that one: the others stay for Textual);
    False (Textual paints at its pace) if it cannot."""
    app = screen.app
    widgets = [only] if only is not None else list(screen.walk_children(Widget))
    if not _can_paint(screen, widgets):
        return False
    dirty = {widget for widget in widgets if widget._repaint_required and widget.display}
    for widget in widgets:
        widget._repaint_required = False
    compositor = screen._compositor
    if only is None:
        dirty |= screen._dirty_widgets
        screen._dirty_widgets.clear()
    compositor.update_widgets(dirty)
    regions = list(compositor._dirty_regions)
    compositor._dirty_regions.clear()
    if compositor.size.region in regions:  # (the whole screen: Textual's full render, at its pace for `only`)
        compositor._dirty_regions.update(regions)
        if only is not None:
            only.refresh()  # (marked again: Textual's round paints it, and these regions with it)
            return False
        screen._compositor_refresh()
        return True
    update = render_changed(compositor, regions)
    if update is not None:
        driver = app._driver
        with driver.at_once() if isinstance(driver, HandoffDriver) else nullcontext():
            app._display(screen, update)
    return True


def _can_paint(screen: Screen, widgets: list[Widget]) -> bool:
    """Nothing to work out first (a layout, a scroll, a restyle) that Textual's own rounds would."""
    app = screen.app
    if (app._batch_count or not screen.is_current or screen._layout_required or screen._repaint_required
            or app.is_inline or app._background_screens):
        return False
    return not any(widget._layout_required or widget._scroll_required or widget._refresh_styles_required
                   for widget in widgets)


class RepeatedPaint:
    """One widget's paint that comes back the same, written again from the bytes it wrote the first
    time: the status line's "stepping…" is the same line at every step, and writing it costs 0.05 ms
    where rendering it costs 0.6 (on the app's thread, while the engine takes about 1 ms to answer:
    its stop waits for the paint). Kept while the screen around it is the same (its size, the theme,
    the widgets over that row, the cursor)."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._text = ""

    def paint(self, screen: Screen, widget: Widget, content: object) -> None:
        """Paint `widget`, which shows `content` (what makes its look: its text, its kind)."""
        driver = screen.app._driver
        key = _surroundings(screen, widget, content)
        if not isinstance(driver, HandoffDriver) or key is None:
            paint_now(screen, only=widget)
            return
        if key == self._key and _can_paint(screen, [widget]):
            widget._repaint_required = False
            widget._exchange_repaint_regions()
            driver.write_at_once(self._text)
            return
        with driver.at_once() as written:
            painted = paint_now(screen, only=widget)
        self._key, self._text = (key, "".join(written)) if painted and written else (None, "")


def _surroundings(screen: Screen, widget: Widget, content: object) -> tuple[object, ...] | None:
    compositor = screen._compositor
    placed = compositor.visible_widgets.get(widget)
    if placed is None:
        return None
    region = placed[0].intersection(placed[1])
    over = tuple((id(other), other_region, clip) for other, (other_region, clip) in compositor.visible_widgets.items()
                 if other_region.intersection(clip).overlaps(region))
    app = screen.app
    return (content, compositor.size, over, app.theme, app.ansi_color, app._sync_available, app.cursor_position)


def render_changed(compositor: Compositor, regions: list[Region]) -> ChopsUpdate | None:
    """The update for `regions` (screen coordinates): the rows of the widgets under them."""
    screen_region = compositor.size.region
    regions = [clipped for region in regions if (clipped := region.intersection(screen_region))]
    if not regions:
        return None
    spans = list(compositor._regions_to_spans(regions))
    on_row: dict[int, list[tuple[int, int]]] = {}
    for y, x1, x2 in spans:
        on_row.setdefault(y, []).append((x1, x2))
    cuts = compositor.cuts
    chops: list[dict[int, Strip | None]] = [{}] * len(cuts)  # (read only at the rows of `spans`)
    for y in on_row:
        chops[y] = dict.fromkeys(cuts[y][:-1])
    # Front to back, as Textual paints: the first strip for a cut wins. A widget is asked only for
    # rows where a changed span still has a piece of it uncovered (not a container behind its children).
    for widget, (region, clip) in compositor.visible_widgets.items():
        visible = region.intersection(clip)
        if not visible:
            continue
        left, right = visible.x, visible.right
        rows = [y for y in visible.line_range if y in on_row and _uncovered(chops[y], cuts[y], on_row[y], left, right)]
        for top, bottom in _runs(rows):
            strips = widget.render_lines(Region(left - region.x, top - region.y, visible.width, bottom - top))
            for y, strip in zip(range(top, bottom), strips):
                chops_line = chops[y]
                line_cuts = [cut for cut in cuts[y] if right >= cut >= left]
                for cut, piece in zip(line_cuts, strip.divide([cut - left for cut in line_cuts[1:]])):
                    if chops_line[cut] is None:
                        chops_line[cut] = piece
    return ChopsUpdate(chops, spans, [cut_set[1:] for cut_set in cuts])


def _uncovered(chops_line: dict[int, Strip | None], line_cuts: list[int], spans: list[tuple[int, int]],
               left: int, right: int) -> bool:
    """Whether a piece between `left` and `right` that a changed span touches has no strip yet."""
    for cut, end in zip(line_cuts, line_cuts[1:]):
        if left <= cut < right and chops_line[cut] is None and any(x1 < end and x2 > cut for x1, x2 in spans):
            return True
    return False


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (top, bottom) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for y in rows:
        if runs and runs[-1][1] == y:
            runs[-1] = (runs[-1][0], y + 1)
        else:
            runs.append((y, y + 1))
    return runs
