"""The console: command output, errors, and the program's output while it is stopped."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

STYLES = {"error": "red", "stderr": "red", "stdout": "", "echo": "dim", "info": "cyan", "console": ""}


class Console(RichLog):
    DEFAULT_CSS = """
    Console { background: $surface; }
    """

    def __init__(self, **kwargs: object) -> None:
        # min_width=1: RichLog's default (78) would wrap wider than the pane on an 80-column screen.
        super().__init__(wrap=True, markup=False, highlight=False, max_lines=5000, min_width=1,
                         **kwargs)  # type: ignore[arg-type]
        self._partial = ""

    def say(self, text: str, kind: str = "console") -> None:
        self.write(Text(text.rstrip("\n"), style=STYLES.get(kind, "")))

    def program_output(self, text: str, category: str) -> None:
        """The program writes in pieces; show whole lines, keep the tail for later."""
        text = self._partial + text
        *lines, self._partial = text.split("\n")
        for line in lines:
            self.write(Text(line, style=STYLES.get(category, "")))
