"""The bottom line: the keys that work here and now; a click on one presses it.

Textual's Footer is a container of one widget per key, composed anew each time
the bindings change, so on the first screen it arrives some 70 ms after the
rest. This is one widget drawing one line from the screen's active bindings:
it is there in the first paint, and a change of focus repaints one row.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget


class KeyHint(NamedTuple):
    key: str  # as Textual names it, for simulate_key
    shown: str  # as the user reads it
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """One row of key hints, like Textual's Footer; the palette key sits at the right end."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--separator { color: $foreground 20%; }
    }
    """

    compact: reactive[bool] = reactive(False)
    """Tighter hints (no padding around the key), for narrow screens."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, KeyHint]] = []  # cells start:end of each hint, from the last render
        self._rendered: tuple[list[KeyHint], KeyHint | None] | None = None  # the hints of the last render

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.hints() != self._rendered:  # (the first paint's hints come back right after it)
            self.refresh()

    def hints(self) -> tuple[list[KeyHint], KeyHint | None]:
        """The keys to show, one per action as the Footer does, and the command palette's key."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        hints = []
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                hints.append(KeyHint(binding.key, self.app.get_key_display(binding), binding.description, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = KeyHint(binding.key, self.app.get_key_display(binding), binding.description, enabled)
        return hints, palette

    def render(self) -> Text:
        hints, palette = self._rendered = self.hints()
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(hint: KeyHint) -> None:
            start = line.cell_len
            key, description = self._texts(hint)
            line.append(key, key_style)
            line.append(description, description_style)
            if not hint.enabled:
                line.stylize("dim", start)
            self._spans.append((start, line.cell_len, hint))

        for hint in hints:
            add(hint)
        if palette is not None:  # at the right end, always: the hints give way (as in Textual's Footer)
            room = self.size.width - cell_len("".join(self._texts(palette))) - 1
            if line.cell_len > room:
                line.truncate(max(0, room))
                self._spans = [(start, min(end, room), hint) for start, end, hint in self._spans if start < room]
            line.append(" " * (room - line.cell_len))
            line.append("▏", self.get_component_rich_style("key-bar--separator"))
            add(palette)
        return line

    def shown(self) -> list[KeyHint]:
        """The hints drawn in full on the bar as it is now (the palette's last)."""
        line = self.render()
        return [hint for start, end, hint in self._spans if end - start == cell_len("".join(self._texts(hint)))
                and hint.description in line.plain[start:end]]

    def _texts(self, hint: KeyHint) -> tuple[str, str]:
        """The key and the description as drawn: padded around the key, or tight when compact."""
        if self.compact:
            return hint.shown, f" {hint.description} "
        return f" {hint.shown} ", f"{hint.description} "

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, hint in self._spans:
            if start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return
