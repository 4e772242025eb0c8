"""The watches pane: expressions evaluated at every stop in the selected frame."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class WatchList(OptionList):
    DEFAULT_CSS = """
    WatchList { background: $surface; }
    """

    def show_results(self, results: list[tuple[str, str, bool]]) -> None:
        """(expression, value or error, ok) per watch."""
        self.clear_options()
        for expression, value, ok in results:
            label = Text.assemble((expression, "bold"), " = ", (value, "" if ok else "red italic"))
            self.add_option(Option(label))
