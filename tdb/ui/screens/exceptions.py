"""The exceptions screen (`e`): the stop's exception as Python prints it, and every exception in it to choose from.

Above, the chain (oldest first, as pdb numbers it, with Python's words for how
each led to the next) and the members of exception groups, indented; below,
Python's own traceback text with PEP 657 carets, scrolled to the highlighted
exception's part. Enter chooses one (the stack moves to its frames); Esc closes.
Everything shown came in the engine's tdb/exceptions response.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

# Python's words between the parts of a chain (traceback.py's).
RELATIONS = {
    "cause": "The above exception was the direct cause of the following exception:",
    "context": "During handling of the above exception, another exception occurred:",
}
_CARETS = re.compile(r"^[\s|]*[~^]+[\s~^]*$")
_FILE_LINE = re.compile(r'^[\s|]*File "')


class ExceptionsScreen(ModalScreen[int | None]):
    """Dismissed with the number of the chosen exception, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", tooltip="Close the exceptions view", id="exceptions.close"),
    ]

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__()
        self._entries: list[dict[str, Any]] = list(body.get("exceptions") or [])
        self._selected = body.get("selected")
        self._text = str(body.get("formatted") or "")

    def compose(self) -> ComposeResult:
        with Vertical(id="exceptions-dialog"):
            yield OptionList(*self._options(), id="exceptions-list")
            with ScrollableContainer(id="exceptions-traceback"):
                yield Static(self._styled_traceback(), id="exceptions-text")

    def _options(self) -> list[Option]:
        options = []
        for entry in self._entries:
            depth = int(entry.get("depth") or 0)
            relation = RELATIONS.get(str(entry.get("relation")))
            if relation:
                options.append(Option(Text("      " + "  " * depth + relation, style="italic dim"), disabled=True))
            marker = ">" if entry["id"] == self._selected else " "
            number = f"{entry['id']:>3}" if entry.get("hasTraceback") else "  -"
            prompt = Text(f"{marker} {number}  " + "  " * depth)
            if entry.get("relation") == "member":
                prompt.append(f"[{entry.get('index')}] ", style="dim")
            type_name, colon, message = str(entry.get("description", "")).partition(":")
            prompt.append(type_name, style="bold red")
            prompt.append(colon + message)
            options.append(Option(prompt, id=str(entry["id"])))
        return options

    def _styled_traceback(self) -> Text:
        summaries = {int(entry.get("summaryLine") or 0) for entry in self._entries}
        text = Text(no_wrap=True, overflow="ignore")
        for number, line in enumerate(self._text.splitlines()):
            if number in summaries:
                style = "bold red"
            elif _CARETS.match(line):
                style = "red"
            elif _FILE_LINE.match(line):
                style = "dim"
            elif line.strip(" |") in RELATIONS.values() or line.startswith("Traceback"):
                style = "italic"
            else:
                style = ""
            text.append(line + "\n", style=style)
        return text

    def on_mount(self) -> None:
        dialog = self.query_one("#exceptions-dialog")
        dialog.border_title = "Exceptions: the chain, groups and traceback"
        dialog.border_subtitle = "↑ ↓ choose · enter show its frames · esc close"
        options = self.query_one(OptionList)
        options.focus()
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == str(self._selected):
                options.highlighted = index
                break

    def _entry(self, option_id: str | None) -> dict[str, Any] | None:
        return next((entry for entry in self._entries if str(entry["id"]) == option_id), None)

    @on(OptionList.OptionHighlighted, "#exceptions-list")
    def _show_part(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entry(event.option.id)
        if entry is not None:
            self.query_one("#exceptions-traceback").scroll_to(y=int(entry.get("line") or 0), animate=False)

    @on(OptionList.OptionSelected, "#exceptions-list")
    def _choose(self, event: OptionList.OptionSelected) -> None:
        entry = self._entry(event.option.id)
        if entry is not None:
            self.dismiss(int(entry["id"]))
