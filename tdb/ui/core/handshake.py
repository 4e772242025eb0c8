"""The DAP handshake, done on the bare socket while Textual is still being imported.

initialize, attach and configurationDone need nothing from the screen. Sent
first thing, they let the engine report its stop while the interface is
still importing Textual (about 150 ms), instead of after. The first stop and
its source file are read here too, so that the first paint shows them.

`tdb --connect` may reach a DAP server other than tdb's engine (debugpy,
say): there the program runs from configurationDone on, so that request
waits until the interface has set the project's breakpoints (`Handshake.configured`).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ...dap import extensions, messages
from ...dap.framing import FrameDecoder, encode

INITIALIZE = ("initialize", {"clientID": "tdb", "clientName": "tdb", "adapterID": "tdb", "linesStartAt1": True,
                             "columnsStartAt1": True, "pathFormat": "path", "supportsVariableType": True,
                             extensions.PDB_MEANINGS: True})
ATTACH = ("attach", {"request": "attach", "name": "tdb"})  # (debugpy refuses an attach without arguments)
REQUESTS = (INITIALIZE, ATTACH, ("configurationDone", None))


# A program attached to is normally stopped already; don't hold the screen back long if not.
FIRST_STOP_WAIT = 1.0


class HandshakeFailed(Exception):
    pass


@dataclass
class Handshake:
    """What the handshake learnt, and what arrived after it, for the client to carry on from."""

    capabilities: dict[str, Any]
    next_seq: int
    decoder: FrameDecoder  # holds any bytes of a message only partly read
    events: list[dict[str, Any]] = field(default_factory=list)  # to replay, in order
    first_stop: dict[str, Any] | None = None  # the first `stopped` event's body, taken out of events
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for the first stop's file
    configured: bool = True  # False: another DAP server, whose configurationDone is still to be sent

    @property
    def tdb_engine(self) -> bool:
        return bool(self.capabilities.get(extensions.ENGINE))


def handshake(sock: socket.socket, timeout: float = 30.0, *, first_stop: bool = False,
              any_server: bool = False, token: str | None = None) -> Handshake:
    """Send the three requests at once and read until all three are answered.

    With first_stop, also wait (briefly) for the program's first stop and fetch its source.
    With any_server, the server may not be tdb's engine: initialize is answered before the rest is sent.
    token: the session's, for a program that listens on TCP (`tdb --connect tcp:... --token`).
    """
    link = _Link(sock, timeout)
    initialize = INITIALIZE if token is None else (INITIALIZE[0], {**INITIALIZE[1], extensions.TOKEN: token})
    try:
        if any_server:
            link.send(initialize, ATTACH)
            capabilities = link.read_until(lambda: 1 in link.responses)[1]
            if not capabilities.get("success"):
                raise HandshakeFailed(f"initialize failed: {capabilities.get('message')}")
            done = Handshake(capabilities.get("body") or {}, 3, link.decoder, link.events)
            if not done.tdb_engine:
                done.configured = False  # (its attach is answered after configurationDone)
                return done
            link.send(REQUESTS[2], first_seq=3)
        else:
            link.send(initialize, *REQUESTS[1:])
        answered = link.read_until(lambda: all(seq in link.responses for seq in range(1, len(REQUESTS) + 1)))
        for seq, (command, _) in enumerate(REQUESTS, 1):
            if not answered[seq].get("success"):
                raise HandshakeFailed(f"{command} failed: {answered[seq].get('message')}")
        done = Handshake(answered[1].get("body") or {}, len(REQUESTS) + 1, link.decoder, link.events)
        if first_stop and not done.capabilities.get(extensions.LIVE):  # (tdb -p --live: the program runs on)
            _read_first_stop(link, done)
        return done
    except (BrokenPipeError, ConnectionResetError):
        raise HandshakeFailed("the program closed the connection during the handshake") from None
    except OSError as error:
        raise HandshakeFailed(f"no answer from the program: {error}") from None
    finally:
        sock.settimeout(None)


def _read_first_stop(link: "_Link", done: Handshake) -> None:
    deadline = time.monotonic() + FIRST_STOP_WAIT
    try:
        link.read_until(lambda: any(e.get("event") == "stopped" for e in link.events), deadline)
    except TimeoutError:
        return
    event = next(e for e in link.events if e.get("event") == "stopped")
    link.events.remove(event)
    done.first_stop = event.get("body") or {}
    frames = (done.first_stop.get(extensions.STOP) or {}).get("stackFrames") or []
    path = ((frames[0].get("source") or {}).get("path") if frames else None)
    if path:
        seq = done.next_seq
        link.send(("source", {"source": {"path": path}, "sourceReference": 0}), first_seq=seq)
        done.next_seq += 1
        response = link.read_until(lambda: seq in link.responses)[seq]
        if response.get("success"):
            done.sources[path] = str((response.get("body") or {}).get("content", ""))


class _Link:
    """The bare socket, read message by message."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        self.sock = sock
        self.timeout = timeout
        self.decoder = FrameDecoder()
        self.responses: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []

    def send(self, *requests: tuple[str, dict[str, Any] | None], first_seq: int = 1) -> None:
        self.sock.sendall(b"".join(
            encode(messages.request(seq, command, args)) for seq, (command, args) in enumerate(requests, first_seq)
        ))

    def read_until(self, done: Any, deadline: float | None = None) -> dict[int, dict[str, Any]]:
        while not done():
            wait = self.timeout if deadline is None else deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError()
            self.sock.settimeout(wait)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                if deadline is None:
                    raise HandshakeFailed("the program did not answer") from None
                raise TimeoutError() from None
            if not data:
                raise HandshakeFailed("the program closed the connection during the handshake")
            for message in self.decoder.feed(data):
                if message.get("type") == "response":
                    self.responses[int(message.get("request_seq", 0))] = message
                elif message.get("type") == "event":
                    self.events.append(message)
        return self.responses


class PendingHandshake:
    """The handshake with the engine, talked in a thread while this process does something slower."""

    def __init__(self, sock: socket.socket, any_server: bool = False, token: str | None = None) -> None:
        self._outcome: list[Handshake | HandshakeFailed] = []
        self._talker = threading.Thread(target=self._talk, args=(sock, any_server, token), name="tdb-handshake")
        self._talker.start()

    def _talk(self, sock: socket.socket, any_server: bool, token: str | None) -> None:
        try:
            self._outcome.append(handshake(sock, first_stop=True, any_server=any_server, token=token))
        except HandshakeFailed as error:
            self._outcome.append(error)

    def done(self, timeout: float) -> bool:
        """Whether the talk is over, waiting at most `timeout` seconds."""
        self._talker.join(timeout)
        return not self._talker.is_alive()

    def outcome(self) -> Handshake | HandshakeFailed:
        self._talker.join()
        return self._outcome[0]
