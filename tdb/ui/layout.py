"""The layout the user chose: the side column's width, the console's height, the panes they hid.

The stylesheet gives the defaults (smaller on short screens); what the user
changes with `[ ] { }` or the palette is applied on top as inline styles and
classes, and is remembered between sessions (settings.py). Panes are found by
id, so a pane that does not exist (yet) is simply left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (no Textual at import: `tdb --config` reads the limits below without it)
    from textual.screen import Screen
    from textual.widget import Widget

# The panes a key or the palette can show, hide and focus, in the order the side column stacks them.
SIDE_PANES = ("variables", "watches", "stack", "breakpoints", "threads", "tasks")
PANES = (*SIDE_PANES, "console")
PANE_TITLES = {"variables": "Variables", "watches": "Watches", "stack": "Stack", "breakpoints": "Breakpoints",
               "threads": "Threads", "tasks": "Tasks", "console": "Console"}

# The side column, in percent of the screen's width: one key press moves it by SIDE_STEP.
SIDE_MIN, SIDE_MAX, SIDE_STEP = 15, 70, 4
# The console, in rows with its border: MIN shows one line; the rest of the screen keeps MAIN_MIN rows.
CONSOLE_MIN, CONSOLE_STEP, MAIN_MIN = 3, 2, 8
HIDDEN_CLASS = "-hidden"
ASKED_CLASS = "-asked"  # its focus key was pressed: shown while focused, even when empty
# Narrower than this, the footer packs its key hints tighter.
COMPACT_FOOTER_WIDTH = 110


@dataclass
class PaneLayout:
    side_width: int | None = None  # percent of the screen; None: the stylesheet's
    console_height: int | None = None  # rows; None: the stylesheet's
    hidden: set[str] = field(default_factory=set)

    # -- between sessions -------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {"side_width": self.side_width, "console_height": self.console_height, "hidden": sorted(self.hidden)}

    @classmethod
    def from_json(cls, data: Any) -> "PaneLayout":
        """Whatever a settings file holds: anything unexpected falls back to the default."""
        if not isinstance(data, dict):
            return cls()
        side, console, hidden = data.get("side_width"), data.get("console_height"), data.get("hidden")
        return cls(
            side_width=_clamp(side, SIDE_MIN, SIDE_MAX) if _is_int(side) else None,
            console_height=max(CONSOLE_MIN, console) if _is_int(console) else None,
            hidden={name for name in hidden if name in PANES} if isinstance(hidden, list) else set(),
        )

    # -- changes ----------------------------------------------------------------------

    def resize_side(self, steps: int, current_percent: int) -> bool:
        """Widen (steps > 0) or narrow the side column; False if it is already at its limit."""
        start = self.side_width if self.side_width is not None else current_percent
        wanted = _clamp(start + steps * SIDE_STEP, SIDE_MIN, SIDE_MAX)
        changed = wanted != start
        self.side_width = wanted
        return changed

    def resize_console(self, steps: int, current_rows: int, screen_rows: int) -> bool:
        """Grow (steps > 0) or shrink the console; False if it is already at its limit."""
        start = self.console_height if self.console_height is not None else current_rows
        wanted = _clamp(start + steps * CONSOLE_STEP, CONSOLE_MIN, console_max(screen_rows))
        changed = wanted != start
        self.console_height = wanted
        return changed


def console_max(screen_rows: int) -> int:
    # Status, command line and footer take 3 rows; the source keeps MAIN_MIN.
    return max(CONSOLE_MIN, screen_rows - 3 - MAIN_MIN)


def apply(screen: Screen[Any], layout: PaneLayout) -> None:
    """Make the debugger's screen show `layout`."""
    side = _find(screen, "side")
    if side is not None:
        _set_style(side, "width", f"{layout.side_width}%" if layout.side_width is not None else None)
        # With every pane hidden the source takes the whole width.
        present = [name for name in SIDE_PANES if _find(screen, name) is not None]
        side.set_class(bool(present) and all(name in layout.hidden for name in present), HIDDEN_CLASS)
    console = _find(screen, "console")
    if console is not None:
        rows = layout.console_height
        _set_style(console, "height", min(rows, console_max(screen.app.size.height)) if rows is not None else None)
        _set_style(console, "min_height", CONSOLE_MIN if rows is not None else None)  # below the stylesheet's
    for name in PANES:
        pane = _find(screen, name)
        if pane is not None:
            pane.set_class(name in layout.hidden, HIDDEN_CLASS)


# What apply() last set on each widget: setting a style, even to what it is, lays the screen out again
# (and paints it again: five times on the way to a first screen, at every resize).
_applied: WeakKeyDictionary[Widget, dict[str, object]] = WeakKeyDictionary()


def _set_style(widget: Widget, name: str, value: object) -> None:
    applied = _applied.setdefault(widget, {})
    if applied.get(name) == value:  # (None, never set: the stylesheet's)
        return
    applied[name] = value
    setattr(widget.styles, name, value)


def pane(screen: Screen[Any], name: str) -> Widget | None:
    """The pane called `name`, if it exists."""
    return _find(screen, name) if name in PANES else None


def side_percent(screen: Screen[Any]) -> int:
    """The side column's width now, in percent of the screen."""
    side = _find(screen, "side")
    if side is None or not screen.app.size.width:
        return SIDE_MIN
    return round(side.outer_size.width * 100 / screen.app.size.width)


def _find(screen: Screen[Any], name: str) -> Widget | None:
    from textual.css.query import NoMatches  # (not at import: see above)

    # (query_one by id: Textual finds it by id, and keeps it; a query walked the screen twice, 70 µs a
    # pane, and a layout looks for each pane in turn)
    try:
        return screen.query_one(f"#{name}")
    except NoMatches:
        return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
