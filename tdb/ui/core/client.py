"""An asyncio DAP client: requests are awaited, events go to a callback."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import socket
import threading
import time
from typing import Any, Awaitable, Callable

from ...dap import extensions, messages
from ...dap.framing import FrameDecoder, ProtocolError, encode
from ...timeline import mark
from .handshake import Handshake

# Called from the reader: it must not await requests (their responses arrive through
# this same reader), so the app turns events into Textual messages.
EventHandler = Callable[[str, dict[str, Any]], None]


class RequestFailed(Exception):
    """The debugger answered a request with an error message."""


class ConnectionLost(Exception):
    """The debugger is gone."""


# tdb's own requests, in the words a user knows them by: another DAP server (debugpy) has none of them.
OWN_REQUESTS = {
    extensions.UNTIL: "until", extensions.RUN_TO_LINE: "run to this line", extensions.SOURCE_LINES: "ll and source",
    extensions.RELOAD_SOURCE: "reloading a file", extensions.RELEASE_TERMINAL: "the program's terminal",
    extensions.ARGUMENTS: "args", extensions.INTERACT: "interact", extensions.EXCEPTIONS: "exceptions",
    extensions.SELECT_EXCEPTION: "exceptions N", extensions.TASKS: "asyncio tasks",
    extensions.TASK_STACK: "a task's stack", extensions.THREAD_POLICY: "all-stop and non-stop",
    extensions.VALUE_FORMAT: "values shown as str",
}


class DapClient:
    def __init__(self, on_event: EventHandler, on_close: Callable[[str | None], None]) -> None:
        self._on_event = on_event
        self._on_close = on_close
        self._seq = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._commands: dict[int, str] = {}  # the command of each pending request, by seq
        self._writer: asyncio.StreamWriter | None = None
        # Every write takes it: the input thread writes too (send_from_thread), and a message is never cut.
        self._write_lock = threading.Lock()
        self._handed_to_loop = 0  # writes the loop has yet to make (send_from_thread's): the next go after them
        self.connected = asyncio.Event()  # set once connect() has the socket (a first stop may come before)
        self._reader_task: asyncio.Task[None] | None = None
        self.round_trips = 0  # counted so that a stop's cost can be measured
        self.tdb_engine = True  # False: another DAP server (debugpy), without tdb's own requests
        # TDB_DAP_LOG=FILE records every message both ways, for debugging the protocol.
        log_path = os.environ.get("TDB_DAP_LOG")
        self._log = open(log_path, "a", buffering=1) if log_path else None

    def _record(self, direction: str, message: dict[str, Any]) -> None:
        if self._log is not None:
            self._log.write(f"{time.monotonic():.3f} {direction} {json.dumps(message)}\n")

    async def connect(self, sock: socket.socket, handshake: Handshake) -> None:
        """Carry on from a finished handshake: its sequence numbers, its half-read bytes, its events."""
        self._seq = itertools.count(handshake.next_seq)
        reader, self._writer = await asyncio.open_connection(sock=sock)
        self.connected.set()
        for event in handshake.events:
            self._handle(event)
        self._reader_task = asyncio.create_task(self._read(reader, handshake.decoder))

    def expect(self, seq: int, command: str) -> "asyncio.Future[dict[str, Any]]":
        """The response to a request sent before this client took over (the handshake's attach)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[seq], self._commands[seq] = future, command
        return future

    async def request(self, command: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a request and return its response body; raise RequestFailed on an error response."""
        return await self.send(command, arguments)

    def send(self, command: str, arguments: dict[str, Any] | None = None) -> Awaitable[dict[str, Any]]:
        """Send a request now, before this returns; the result, awaited, is request()'s."""
        if self._writer is None or self._writer.is_closing():
            raise ConnectionLost("the debugger is not connected")
        if not self.tdb_engine and command.startswith("tdb/"):
            what = OWN_REQUESTS.get(command, command)
            raise RequestFailed(f"{what}: not offered by this debugger (a DAP server other than tdb's engine)")
        seq, future = self._expecting(asyncio.get_running_loop(), command)
        message = messages.request(seq, command, arguments)
        self._record(">", message)
        self._write(encode(message))
        mark("client: >", command)
        return self._response(seq, future, command)

    def send_from_thread(self, loop: asyncio.AbstractEventLoop, command: str, arguments: dict[str, Any],
                         announce: Callable[[Awaitable[dict[str, Any]]], None]) -> bool:
        """send() from another thread (key_lane.py): the request is written now, and `announce` is given
        the awaitable of its answer just before (it hands it to the loop, ahead of the answer). False, with
        nothing sent, if not connected."""
        writer = self._writer
        if writer is None or writer.is_closing():
            return False
        seq, future = self._expecting(loop, command)
        message = messages.request(seq, command, arguments)
        data = encode(message)
        self._record(">", message)
        announce(self._response(seq, future, command))  # (what fails up to here sent nothing)
        with self._write_lock:
            sent = 0
            if not self._handed_to_loop and not writer.transport.get_write_buffer_size():
                try:
                    sent = os.write(writer.transport.get_extra_info("socket").fileno(), data)
                except BlockingIOError:
                    pass
                except OSError as error:  # (gone: the reader says so; this request fails now)
                    loop.call_soon_threadsafe(_fail, future, ConnectionLost(str(error)))
                    return True
            if sent < len(data):  # (the socket is full, or the loop has writes of its own to make first)
                self._handed_to_loop += 1
                loop.call_soon_threadsafe(self._write_handed, data[sent:])
        mark("client: > (from the input thread)", command)
        return True

    def _expecting(self, loop: asyncio.AbstractEventLoop, command: str) -> tuple[int, asyncio.Future[dict[str, Any]]]:
        """A new request's sequence number, and the future its response will settle."""
        seq = next(self._seq)
        future: asyncio.Future[dict[str, Any]] = loop.create_future()
        self._pending[seq] = future
        self._commands[seq] = command
        self.round_trips += 1
        return seq, future

    def _write(self, data: bytes) -> None:
        """On the loop: after the writes handed to it, if some are still to make."""
        assert self._writer is not None
        with self._write_lock:
            if self._handed_to_loop:
                self._handed_to_loop += 1
                asyncio.get_running_loop().call_soon(self._write_handed, data)
            else:
                self._writer.write(data)

    def _write_handed(self, data: bytes) -> None:
        with self._write_lock:
            self._handed_to_loop -= 1
            if self._writer is not None and not self._writer.is_closing():
                self._writer.write(data)

    async def _response(self, seq: int, future: "asyncio.Future[dict[str, Any]]", command: str) -> dict[str, Any]:
        try:
            response = await future
        finally:
            self._commands.pop(seq, None)
        if not response.get("success"):
            raise RequestFailed(response.get("message") or f"{command} failed")
        return response.get("body") or {}

    def cancel(self, command: str) -> int:
        """DAP cancel for every pending `command` request; each fails now with "interrupted" (the
        engine's own answer, when it comes, is dropped). How many there were."""
        if self._writer is None or self._writer.is_closing():
            return 0
        cancelled = 0
        for seq, pending in list(self._commands.items()):
            future = self._pending.pop(seq, None)
            if pending != command or future is None:
                if future is not None:
                    self._pending[seq] = future
                continue
            message = messages.request(next(self._seq), "cancel", {"requestId": seq})
            self._record(">", message)
            self._write(encode(message))  # (its response has no future: dropped)
            if not future.done():
                future.set_exception(RequestFailed("interrupted"))
            cancelled += 1
        return cancelled

    async def _read(self, reader: asyncio.StreamReader, decoder: FrameDecoder) -> None:
        reason: str | None = None
        try:
            while data := await reader.read(65536):
                mark("client: read", len(data))
                for message in decoder.feed(data):
                    self._handle(message)
        except ProtocolError as error:
            reason = f"the debugger sent a malformed message: {error}"
        except (ConnectionError, OSError) as error:
            reason = str(error)
        except Exception as error:  # a message of the right shape with contents we cannot use
            reason = f"the debugger sent a message tdb cannot use ({type(error).__name__}: {error})"
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionLost("the debugger went away"))
            self._pending.clear()
            self._on_close(reason)

    def _handle(self, message: dict[str, Any]) -> None:
        self._record("<", message)
        kind = message.get("type")
        mark("client: <", kind, message.get("command") or message.get("event"))
        if kind == "response":
            future = self._pending.pop(message.get("request_seq", -1), None)
            if future is not None and not future.done():
                future.set_result(message)
        elif kind == "event":
            self._on_event(str(message.get("event")), message.get("body") or {})

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


def _fail(future: asyncio.Future[dict[str, Any]], error: Exception) -> None:
    if not future.done():
        future.set_exception(error)
