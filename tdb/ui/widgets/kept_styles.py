"""A widget's styles kept from one repaint to the next, until it is restyled.

Textual forgets a widget's component styles at every refresh() and works them out again, through
every ancestor, at the next render: for a pane that repaints one row at a step that is most of
the row's cost (0.1-0.2 ms a pane, and a step repaints four). Restyling (a theme, a class, the
focus) reaches the widget as notify_style_update, which forgets them here too.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style


class KeptStyles:
    _kept_styles: dict[Any, Style]

    def _kept(self) -> dict[Any, Style]:
        try:
            return self._kept_styles
        except AttributeError:
            self._kept_styles = {}
            return self._kept_styles

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        kept = self._kept()
        key = (names, partial)
        style = kept.get(key)
        if style is None:
            style = super().get_component_rich_style(*names, partial=partial, default=default)  # type: ignore[misc]
            if default is None:  # (a default stands in for a missing component: not kept)
                kept[key] = style
        return style

    @property
    def rich_style(self) -> Style:
        kept = self._kept()
        style = kept.get("")
        if style is None:
            style = kept[""] = super().rich_style  # type: ignore[misc]
        return style

    def notify_style_update(self) -> None:
        self._kept().clear()
        super().notify_style_update()  # type: ignore[misc]
