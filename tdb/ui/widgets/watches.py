"""The watches pane: expressions evaluated at every stop in the selected frame.

Keys add, edit and remove watches (the app keeps the list: `display` and
`undisplay` change the same one); a value that changed since the last stop is
marked as the variables pane marks it; an error shows in red in its place.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..screens.expression import ExpressionScreen
from .options import show_prompts
from .variables import CHANGED_STYLE

EMPTY_HINT = "(no watches: a adds one)"


class WatchList(OptionList):
    DEFAULT_CSS = """
    WatchList { background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "add_watch", "Add", tooltip="Watch a new expression", id="watches.add"),
        Binding("enter", "edit_watch", "Edit", tooltip="Change the selected watch", id="watches.edit"),
        Binding("delete,x", "remove_watch", "Remove",
                tooltip="Stop watching the selected expression", id="watches.remove"),
        Binding("v", "view_watch", "View",
                tooltip="The selected watch's value in full: repr, str, type", id="watches.view"),
    ]

    class Changed(Message):
        """Add (index None), replace or remove (expression None) a watch: the app changes its list."""

        def __init__(self, index: int | None, expression: str | None) -> None:
            super().__init__()
            self.index = index
            self.expression = expression

    class ViewValue(Message):
        def __init__(self, expression: str) -> None:
            super().__init__()
            self.expression = expression

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.expressions: list[str] = []
        self._values: dict[str, str] = {}  # what each watch showed last
        self._at_last_stop: dict[str, str] = {}  # ... and at the stop before the current one
        self._stop: object = None

    def show_results(self, results: list[tuple[str, str, bool]], stop: object = None) -> None:
        """(expression, value or error, ok) per watch; `stop` says which stop they belong to."""
        if stop is not self._stop:
            self._stop, self._at_last_stop = stop, self._values
        self._values = {expression: value for expression, value, ok in results if ok}
        highlighted = self.highlighted
        self.expressions = [expression for expression, _, _ in results]
        prompts = []
        for expression, value, ok in results:
            changed = ok and expression in self._at_last_stop and self._at_last_stop[expression] != value
            style = CHANGED_STYLE if changed else "" if ok else "red italic"
            prompts.append(Text.assemble((expression, "bold"), " = ", (value.replace("\n", "\\n"), style)))
        showing_hint = self.option_count == 1 and self.get_option_at_index(0).disabled
        if not results:
            if not showing_hint:
                self.clear_options()
                self.add_option(Option(Text(EMPTY_HINT, "dim italic"), disabled=True))
            return
        if showing_hint:
            self.clear_options()
        show_prompts(self, prompts)
        if highlighted is not None:
            self.highlighted = min(highlighted, len(results) - 1)

    def on_focus(self) -> None:
        # Keys act on the highlighted watch: with none highlighted, Enter would add instead of edit.
        if self.highlighted is None and self.expressions:
            self.highlighted = 0

    def _selected(self) -> int | None:
        index = self.highlighted
        return index if index is not None and index < len(self.expressions) else None

    def action_add_watch(self) -> None:
        self.app.push_screen(ExpressionScreen("Add a watch", ""), lambda text: self._changed(None, text))

    def action_edit_watch(self) -> None:
        index = self._selected()
        if index is None:
            self.action_add_watch()
            return
        self.app.push_screen(ExpressionScreen("Edit the watch", self.expressions[index]),
                             lambda text: self._changed(index, text))

    def action_remove_watch(self) -> None:
        index = self._selected()
        if index is None:
            self.app.bell()
            return
        self.post_message(self.Changed(index, None))

    def action_view_watch(self) -> None:
        index = self._selected()
        if index is None:
            self.app.bell()
            return
        self.post_message(self.ViewValue(self.expressions[index]))

    def _changed(self, index: int | None, text: str | None) -> None:
        if text is not None and text.strip():  # None or blank: cancelled
            self.post_message(self.Changed(index, text.strip()))
