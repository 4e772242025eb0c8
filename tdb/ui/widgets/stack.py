"""The stack pane: one row per frame, innermost first; the selected frame drives the other panes."""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def frame_label(frame: dict[str, Any]) -> Text:
    source = frame.get("source") or {}
    name = source.get("name") or os.path.basename(source.get("path") or "?")
    label = Text.assemble((str(frame.get("name", "?")), "bold"), "  ", (f"{name}:{frame.get('line', '?')}", "dim"))
    if frame.get("presentationHint") == "subtle":  # the standard library or an installed package
        label.stylize("dim")
    return label


class StackList(OptionList):
    DEFAULT_CSS = """
    StackList { background: $surface; }
    """

    def show_frames(self, frames: list[dict[str, Any]], selected: int) -> None:
        labels = [frame_label(frame) for frame in frames]
        if len(labels) == self.option_count:
            # A step within the same depth changes line numbers only: repaint, don't re-lay out.
            for index, label in enumerate(labels):
                if str(self.get_option_at_index(index).prompt) != str(label):
                    self.replace_option_prompt_at_index(index, label)
        else:
            self.clear_options()
            self.add_options(Option(label) for label in labels)
        if frames:
            self.highlighted = selected
