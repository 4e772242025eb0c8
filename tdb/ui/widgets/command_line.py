"""The command line: an Input with a history (Up/Down) and completion of names (Tab)."""

from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from ...dap.messages import index_at_utf16, utf16_length
from ..commands.registry import command_names

# (text, column) -> the DAP CompletionItems for the name at the column (1-based, UTF-16 units).
Completer = Callable[[str, int], Awaitable[list[dict[str, Any]]]]

# Candidates shown in the console after one Tab; more would bury the console.
MAX_SHOWN = 60


class History:
    """Lines entered, oldest first; walking back and forth keeps what was being typed."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._position: int | None = None  # index into lines while walking, None at the typed line
        self._typed = ""

    def add(self, line: str) -> None:
        if line.strip() and (not self.lines or self.lines[-1] != line):
            self.lines.append(line)
        self._position = None

    def back(self, current: str) -> str | None:
        """The line before the one shown; None when there is none."""
        if not self.lines or self._position == 0:
            return None
        if self._position is None:
            self._typed = current
            self._position = len(self.lines)
        self._position -= 1
        return self.lines[self._position]

    def forward(self) -> str | None:
        """The line after the one shown, ending with what was being typed; None when not walking."""
        if self._position is None:
            return None
        self._position += 1
        if self._position == len(self.lines):
            self._position = None
            return self._typed
        return self.lines[self._position]


class CommandLine(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history_back", "Previous line", show=False,
                tooltip="Earlier lines entered", id="command-line.history-back"),
        Binding("down", "history_forward", "Next line", show=False,
                tooltip="Forward to what you typed", id="command-line.history-forward"),
        # Input's Tab moves the focus away: here it completes, even when nothing matches.
        Binding("tab", "complete", "Complete", show=False, priority=True,
                tooltip="Complete a name or command", id="command-line.complete"),
    ]

    class Candidates(Message):
        """Several completions: the app shows them (as readline lists them)."""

        def __init__(self, labels: list[str]) -> None:
            super().__init__()
            self.labels = labels

    def __init__(self, complete: Completer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._complete = complete
        # What the line says when nothing else borrows its placeholder (interact, a command list).
        self.usual_placeholder = self.placeholder
        # Lives as long as the app: across stops and restarts.
        self.history = History()

    async def _on_key(self, event: events.Key) -> None:
        # Enter here, in the order the keys came: as a binding it would bubble up to the app and run
        # after the keys typed behind it ("p 1⏎p 2⏎" in one burst ran "p 1p 2" twice).
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        """The line as typed so far goes; the line is empty for what is typed next, at once."""
        line = self.value
        self.history.add(line)
        self.value = ""
        self.post_message(self.Submitted(self, line, None))

    def action_history_back(self) -> None:
        self._show(self.history.back(self.value))

    def action_history_forward(self) -> None:
        self._show(self.history.forward())

    def _show(self, line: str | None) -> None:
        if line is not None:
            self.value = line
            self.cursor_position = len(line)

    async def action_complete(self) -> None:
        text, cursor = self.value, self.cursor_position
        if not text[:cursor].strip():
            return
        targets = _command_targets(text[:cursor]) + await self._complete(text, utf16_length(text[:cursor]) + 1)
        if (self.value, self.cursor_position) != (text, cursor):
            return  # the user typed on meanwhile: the answer is stale
        heads: dict[str, str] = {}  # the text up to the cursor once completed -> the candidate's label
        for target in targets:
            head = _completed_head(text, cursor, target)
            if head is not None:
                heads.setdefault(head, str(target.get("label", "")))
        if not heads:
            return
        common = os.path.commonprefix(list(heads)) if len(heads) > 1 else next(iter(heads))
        if len(common) > cursor and common.startswith(text[:cursor]):
            self.value = common + text[cursor:]
            self.cursor_position = len(common)
        if len(heads) > 1:
            labels = sorted(set(heads.values()))
            shown = labels[:MAX_SHOWN] + ([f"… {len(labels) - MAX_SHOWN} more"] if len(labels) > MAX_SHOWN else [])
            self.post_message(self.Candidates(shown))


def _command_targets(head: str) -> list[dict[str, Any]]:
    """A single word may be a command: complete it from the command language (the engine knows only Python)."""
    word = head.lstrip()
    if not word or " " in word or word.startswith("!"):
        return []
    start = utf16_length(head) - utf16_length(word) + 1
    return [{"label": name, "text": name, "type": "keyword", "start": start, "length": utf16_length(word)}
            for name in command_names(word)]


def _completed_head(text: str, cursor: int, target: dict[str, Any]) -> str | None:
    """The text before the cursor with a DAP CompletionItem applied; None if it does not apply there."""
    insert = str(target.get("text") or target.get("label") or "")
    start = target.get("start")
    if not insert:
        return None
    begin = cursor if not isinstance(start, int) else index_at_utf16(text, start - 1)
    end = index_at_utf16(text, utf16_length(text[:begin]) + int(target.get("length") or 0))
    if not 0 <= begin <= end <= cursor:
        return None
    return text[:begin] + insert
