"""The stack pane: one row per frame, innermost first; the selected frame drives the other panes."""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text

from .row_list import RowList


def frame_label(frame: dict[str, Any]) -> Text:
    source = frame.get("source") or {}
    name = source.get("name") or os.path.basename(source.get("path") or "?")
    label = Text.assemble((str(frame.get("name", "?")), "bold"), "  ", (f"{name}:{frame.get('line', '?')}", "dim"))
    if frame.get("presentationHint") == "subtle":  # the standard library or an installed package
        label.stylize("dim")
    return label


class StackList(RowList):
    """A step changes a line number: that row is drawn again, the rest come from the cache (RowList)."""

    def show_frames(self, frames: list[dict[str, Any]], selected: int) -> None:
        self.set_rows([frame_label(frame) for frame in frames])
        if frames:
            self.move_cursor_to(selected)
