"""A real program under the tdb engine, driven over DAP the way the interface drives it."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from tdb.dap.connection import Connection
from tdb.dap.extensions import PDB_MEANINGS

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 15.0


class DapError(Exception):
    pass


def connect_when_listening(address: str, process: subprocess.Popen, timeout: float = TIMEOUT,
                           poll: float = 0.01) -> socket.socket:
    """Connect to an engine waiting on `address`, retrying until it listens; DapError if the program ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else ""
            raise DapError(f"the program exited ({process.returncode}): {stderr}")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(address)
            return sock
        except OSError:
            sock.close()
            time.sleep(poll)
    raise DapError("the engine never listened")


class Debuggee:
    """pdb_meanings: initialize asks for pdb's meanings, as tdb's interface does (False: DAP's, as any
    other client gets them); an initialize that names tdb/pdbMeanings itself says so."""

    pdb_meanings = True  # (for subclasses that connect otherwise, without this __init__)

    def __init__(self, args: list[str], tmp_path: Path, *, python: str = sys.executable,
                 env: dict[str, str] | None = None, cwd: Path | None = None, pdb_meanings: bool = True,
                 stdin: Any = subprocess.PIPE) -> None:
        self.pdb_meanings = pdb_meanings
        self.address = str(tmp_path / "engine.sock")
        full_env = {**os.environ, "TDB_LISTEN": self.address, "PYTHONPATH": str(ROOT), **(env or {})}
        self.process = subprocess.Popen(
            [python, *args], env=full_env, cwd=cwd or tmp_path, stdin=stdin,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self._messages: "queue.Queue[dict[str, Any]]" = queue.Queue()
        self._responses: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.connection = Connection(self._connect())
        threading.Thread(target=self._read, daemon=True).start()

    def _connect(self) -> socket.socket:
        return connect_when_listening(self.address, self.process)

    def _read(self) -> None:
        for message in self.connection.messages():
            self._messages.put(message)
        self._messages.put({"type": "closed"})

    def _next(self, deadline: float) -> dict[str, Any]:
        try:
            message = self._messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise DapError("timed out waiting for the engine") from None
        if message["type"] == "event":
            self.events.append(message)
        return message

    def send(self, command: str, **arguments: Any) -> int:
        if command == "initialize" and self.pdb_meanings:
            arguments.setdefault(PDB_MEANINGS, True)
        message = {"type": "request", "command": command, "arguments": arguments}
        self.connection.send(message)
        return message["seq"]

    def request(self, command: str, **arguments: Any) -> dict[str, Any]:
        """Send a request, wait for its response; raise DapError if it failed."""
        response = self.response_to(self.send(command, **arguments))
        if not response["success"]:
            raise DapError(response.get("message"))
        return response.get("body") or {}

    def response_to(self, seq: int) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while seq not in self._responses:
            message = self._next(deadline)
            if message["type"] == "response":
                self._responses[message["request_seq"]] = message
            elif message["type"] == "closed":
                raise DapError("the engine closed the connection")
        return self._responses.pop(seq)

    def wait_event(self, name: str) -> dict[str, Any]:
        seen = len(self.events)
        deadline = time.monotonic() + TIMEOUT
        for event in self.events[: seen]:
            if event["event"] == name and not event.get("_taken"):
                event["_taken"] = True
                return event.get("body") or {}
        while True:
            message = self._next(deadline)
            if message["type"] == "response":
                self._responses[message["request_seq"]] = message
            elif message["type"] == "closed":
                raise DapError(f"the engine closed the connection while waiting for {name!r}")
            elif message["type"] == "event" and message["event"] == name:
                message["_taken"] = True
                return message.get("body") or {}

    # -- conveniences a test reads well with ------------------------------------------

    def start(self, breakpoints: dict[str, list[int]] | None = None) -> None:
        self.request("initialize", clientID="tests", adapterID="tdb")
        self.request("attach")
        for path, lines in (breakpoints or {}).items():
            self.request("setBreakpoints", source={"path": path}, breakpoints=[{"line": n} for n in lines])
        self.request("configurationDone")

    def stopped(self) -> dict[str, Any]:
        """Wait for the next stop; return its event body with `frames` added (innermost first)."""
        body = self.wait_event("stopped")
        body["frames"] = self.request("stackTrace", threadId=body["threadId"])["stackFrames"]
        return body

    def stopped_on(self, thread_id: int) -> dict[str, Any]:
        """The next stop of one thread (other threads' stops stay to be taken), as stopped() gives it."""
        event = self.event_where(lambda event: event["event"] == "stopped"
                                 and (event.get("body") or {}).get("threadId") == thread_id,
                                 f"thread {thread_id} to stop")
        body = dict(event["body"])
        body["frames"] = self.request("stackTrace", threadId=thread_id)["stackFrames"]
        return body

    def event_where(self, accepts: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The first event not taken yet that `accepts` (the whole message); waits for it, and takes it."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for event in self.events:
                if not event.get("_taken") and accepts(event):
                    event["_taken"] = True
                    return event
            message = self._next(deadline)
            if message["type"] == "response":
                self._responses[message["request_seq"]] = message
            elif message["type"] == "closed":
                raise DapError(f"the engine closed the connection while waiting for {what}")

    def forget_events(self) -> None:
        """The events so far are stale (every thread was resumed): wait only for later ones."""
        for event in self.events:
            event["_taken"] = True

    def stopped_or_exited(self) -> dict[str, Any] | None:
        """The next stop (as stopped() gives it), or None if the program exits first."""
        deadline = time.monotonic() + TIMEOUT
        for event in self.events:
            if event["event"] in ("stopped", "exited") and not event.get("_taken"):
                message = event
                break
        else:
            while True:
                message = self._next(deadline)
                if message["type"] == "response":
                    self._responses[message["request_seq"]] = message
                elif message["type"] == "closed":
                    raise DapError("the engine closed the connection while waiting for a stop")
                elif message["type"] == "event" and message["event"] in ("stopped", "exited"):
                    break
        message["_taken"] = True
        if message["event"] == "exited":
            return None
        body = dict(message.get("body") or {})
        body["frames"] = self.request("stackTrace", threadId=body["threadId"])["stackFrames"]
        return body

    def where(self) -> tuple[str, int]:
        stop = self.stopped()
        top = stop["frames"][0]
        return top["name"], top["line"]

    def locals(self, frame_id: int) -> dict[str, str]:
        scopes = self.request("scopes", frameId=frame_id)["scopes"]
        scope = next(s for s in scopes if s["name"] == "Locals")
        variables = self.request("variables", variablesReference=scope["variablesReference"])["variables"]
        return {v["name"]: v["value"] for v in variables}

    def evaluate(self, expression: str, frame_id: int | None = None, context: str = "repl") -> dict[str, Any]:
        args: dict[str, Any] = {"expression": expression, "context": context}
        if frame_id is not None:
            args["frameId"] = frame_id
        return self.request("evaluate", **args)

    def output(self) -> str:
        return "".join(e["body"]["output"] for e in self.events if e["event"] == "output")

    def finish(self, timeout: float = TIMEOUT) -> tuple[int, str, str]:
        """Wait for the program to end; (returncode, stdout, stderr)."""
        try:
            stdout, stderr = self.process.communicate(timeout=timeout)
        finally:
            self.connection.close()
        return self.process.returncode, stdout, stderr

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.connection.close()
        self.process.communicate()
