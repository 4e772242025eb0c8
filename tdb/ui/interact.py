"""pdb's `interact` on the command line: every line is Python until Ctrl-D, exit() or Escape.

The lines of a block gather here until codeop says the block is complete
(`...` continues it); the engine runs each complete block in the console's
own namespace (tdb/interact), as pdb's interact does.
"""

from __future__ import annotations

import codeop
from typing import TYPE_CHECKING

from ..dap import extensions
from .core.client import ConnectionLost, RequestFailed

if TYPE_CHECKING:
    from .screens.main import DebuggerScreen

PROMPT, MORE = ">>> ", "... "
INTERACT_CLASS = "-interact"


class InteractSession:
    def __init__(self, screen: "DebuggerScreen", frame_id: int, where: str) -> None:
        self.screen = screen
        self.frame_id = frame_id
        self.where = where
        self.lines: list[str] = []

    @property
    def prompt(self) -> str:
        return MORE if self.lines else PROMPT

    def begin(self) -> None:
        self.screen.command_line.add_class(INTERACT_CLASS)
        self.screen.say(f"*interactive* Python in {self.where}: Ctrl-D, exit() or Esc leaves; "
                                  "assignments stay in this console, as in pdb", "info")
        self._show_prompt()

    def _show_prompt(self) -> None:
        hint = "an empty line ends the block" if self.lines else f"Python in {self.where}"
        self.screen.command_line.placeholder = f"{self.prompt}{hint}"

    async def feed(self, line: str) -> None:
        """One line typed: run the block once it is complete."""
        self.screen.say(self.prompt + line, "echo")
        self.lines.append(line)
        source = "\n".join(self.lines)
        try:
            complete = codeop.compile_command(source, "<console>", "single") is not None
        except (SyntaxError, ValueError, OverflowError):
            complete = True  # the engine reports it, as the interpreter would
        if not complete:
            self._show_prompt()
            return
        self.lines = []
        self._show_prompt()
        if not source.strip():
            return
        try:
            body = await self.screen.core.client.request(extensions.INTERACT, {"frameId": self.frame_id,
                                                                                  "source": source})
        except (RequestFailed, ConnectionLost) as error:
            self.screen.say(f"*** {error}", "error")
            self.screen.end_interact()
            return
        output = str(body.get("output", ""))
        if output:
            self.screen.say(output, "error" if body.get("failed") else "console")
        if body.get("exited"):
            self.screen.end_interact()

    def end(self) -> None:
        command_line = self.screen.command_line
        command_line.remove_class(INTERACT_CLASS)
        command_line.placeholder = command_line.usual_placeholder
        self.screen.say("now exiting the interactive console", "info")
