"""The value view (v in the variables or watches pane): one value's whole repr, its str and its type.

The engine evaluates the item's expression (its DAP evaluateName) with the
`tdb/inspect` context. An item no expression reaches (a set member, a return
value) shows what the pane already knew.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...dap import extensions

# Evaluates an expression with the tdb/inspect context: the engine's response body, or raises with its message.
Inspect = Callable[[str], Awaitable[dict[str, Any]]]
HEADING = "bold underline"


def value_body(info: dict[str, Any], whole_repr: str) -> Text:
    """Type (qualified name, module, MRO), length, repr and str, as the dialog shows them."""
    inspected = info.get(extensions.INSPECT) or {}
    parts: list[Any] = [Text("Type", HEADING)]
    qualified = ".".join(part for part in (inspected.get("module"), inspected.get("type")) if part)
    parts.append(Text(qualified or str(info.get("type", "?"))))
    if inspected.get("mro"):
        parts.append(Text("MRO: " + " → ".join(inspected["mro"]), "dim"))
    if inspected.get("length") is not None:
        parts.append(Text(f"length {inspected['length']}", "dim"))
    parts += [Text(), Text("repr", HEADING), Text(whole_repr, "red" if _raised(whole_repr, "repr") else "")]
    text = inspected.get("str")
    if isinstance(text, str) and text != whole_repr:
        parts += [Text(), Text("str", HEADING), Text(text, "red" if _raised(text, "str") else "")]
    return Text("\n").join(parts)


def _raised(text: str, what: str) -> bool:
    return text.startswith(f"<{what} raised ") and text.endswith(">")


class ValueViewScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "dismiss", "Close", tooltip="Close the value view", id="value-view.close"),
    ]

    def __init__(self, title: str, expression: str | None, inspect: Inspect, known: dict[str, Any]) -> None:
        super().__init__()
        self._title = title
        self._expression = expression
        self._inspect = inspect
        self._known = known  # what the pane showed: the short value and the type

    def compose(self) -> ComposeResult:
        with Vertical(id="value-dialog"):
            with VerticalScroll(id="value-body"):
                yield Static(Text("evaluating…", "dim italic"), id="value-text")

    def on_mount(self) -> None:
        dialog = self.query_one("#value-dialog")
        dialog.border_title = self._title
        dialog.border_subtitle = "esc v q close · ↑ ↓ pgup pgdn scroll"
        self.query_one("#value-body").focus()
        if self._expression is None:
            note = Text("No expression reaches this item (a set member, a return value): its short repr.", "dim italic")
            body = value_body({"type": self._known.get("type")}, self._known.get("value", ""))
            self._show(Text("\n").join([note, Text(), body]))
        else:
            self._load(self._expression)

    @work(exclusive=True)
    async def _load(self, expression: str) -> None:
        try:
            body = await self._inspect(expression)
        except Exception as error:  # the engine's message: a NameError, the program moved on, it is gone
            self._show(Text(f"*** {error}", "red"))
            return
        self._show(value_body(body, str(body.get("result", ""))))

    def _show(self, text: Text) -> None:
        self.query_one("#value-text", Static).update(text)
