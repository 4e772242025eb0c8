"""The interface on a DAP server that is not tdb's engine, scripted here: a stop where the server shows
no frame of the thread (debugpy paused during its start-up, its library frames hidden by justMyCode).

tests/e2e/test_debugpy.py meets it now and then against the real debugpy; this makes it every time.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

from tdb.dap import messages
from tdb.dap.framing import FrameDecoder, encode
from tdb.ui.app import TdbApp
from tdb.ui.core.handshake import handshake
from tdb.ui.widgets.source import SourceView
from tdb.ui.widgets.threads import ThreadList

SIZE = (120, 40)
PROGRAM = "a = 1\nb = a + 1\nprint(b)\n"


class ScriptedServer(threading.Thread):
    """Pauses at once where it shows no frame; after `stepIn`, stops at line 2 of `path`."""

    def __init__(self, sock: socket.socket, path: str) -> None:
        super().__init__(daemon=True)
        self.sock, self.path = sock, path
        self.seq = 0
        self.asked: list[str] = []
        self._attach: dict[str, Any] | None = None
        self._stepped = False

    def run(self) -> None:
        decoder = FrameDecoder()
        while data := self.sock.recv(65536):
            for request in decoder.feed(data):
                if not self._answer(request):
                    return

    def _answer(self, request: dict[str, Any]) -> bool:
        command = request["command"]
        self.asked.append(command)
        if command == "attach":  # (as debugpy: answered after configurationDone)
            self._attach = request
            return True
        self._send(messages.response(self._next(), request, self._body(command)))
        if command == "configurationDone":
            assert self._attach is not None
            self._send(messages.response(self._next(), self._attach, {}))
            self._stopped("pause")
        elif command == "stepIn":
            self._stepped = True
            self._stopped("step")
        return command != "disconnect"

    def _body(self, command: str) -> dict[str, Any]:
        if command == "initialize":
            return {"supportsConfigurationDoneRequest": True}
        if command == "threads":
            return {"threads": [{"id": 1, "name": "MainThread"}]}
        if command == "stackTrace":
            frames = [{"id": 5, "name": "<module>", "line": 2, "column": 1,
                       "source": {"path": self.path}}] if self._stepped else []
            return {"stackFrames": frames, "totalFrames": len(frames)}
        if command == "scopes":
            return {"scopes": [{"name": "Locals", "variablesReference": 7, "expensive": False}]}
        if command == "variables":
            return {"variables": [{"name": "a", "value": "1", "type": "int", "variablesReference": 0}]}
        return {}

    def _stopped(self, reason: str) -> None:
        self._send(messages.event(self._next(), "stopped", {"reason": reason, "threadId": 1, "allThreadsStopped": True}))

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def _send(self, message: dict[str, Any]) -> None:
        self.sock.sendall(encode(message))


async def test_a_stop_where_the_server_shows_no_frame_says_so_and_s_goes_on_to_the_programs_line(tmp_path):
    script = tmp_path / "svc.py"
    script.write_text(PROGRAM)
    ours, theirs = socket.socketpair()
    server = ScriptedServer(theirs, str(script))
    server.start()
    app = TdbApp(ours, handshake=handshake(ours, any_server=True), owns_program_terminal=False)
    async with app.run_test(size=SIZE) as pilot:
        status = app.query_one("#status")
        for _ in range(300):
            if "shows no frame" in str(status.message):
                break
            await pilot.pause(0.01)
        assert str(status.message) == ("thread MainThread — paused where the debugger shows no frame "
                                       "(s: to the program's next line, c: runs on)")
        assert "MainThread" in str(app.query_one(ThreadList)._rows[0])
        assert app.core.state == "stopped" and app.screens_shown == 0

        await pilot.press("s")
        for _ in range(300):
            if app.screens_shown:
                break
            await pilot.pause(0.01)
        view = app.query_one(SourceView)
        assert view.path == str(script) and view.current_line == 2
        assert "svc.py:2" in str(status.message)
    assert server.asked[:3] == ["initialize", "attach", "configurationDone"] and "stepIn" in server.asked
    ours.close()
    theirs.close()
