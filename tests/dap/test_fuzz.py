"""Any byte sequence, on either side: an error response or a clean disconnect, never a crash or a hang.

Hypothesis makes the bytes: wrong and huge lengths, deep nesting, invalid UTF-8,
wrong types, unknown commands, split anywhere. Three subjects: the framing both
sides share, the interface's client (with the real session core reading what it
decodes), and a real engine in a program that stops again and again, which must
answer or hang up and then take the next client.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.debuggee import ROOT, connect_when_listening
from tdb.dap.connection import Connection
from tdb.dap.framing import FrameDecoder, ProtocolError
from tdb.engine.router import ROUTES
from tdb.ui.core.session import DebugSession

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def framed(body: bytes, length: int | None = None) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def deeply_nested(depth: int) -> bytes:
    return framed(b'{"type":"request","command":"threads","arguments":' + b"[" * depth + b"]" * depth + b"}")


hostile_frames = st.one_of(
    st.binary(max_size=200),  # anything at all
    st.binary(max_size=100).map(framed),  # a right length, a body that is not JSON (or not UTF-8)
    st.tuples(st.binary(max_size=50), st.integers(-10, 10**12)).map(lambda pair: framed(*pair)),  # wrong lengths
    st.integers(2_000, 200_000).map(deeply_nested),
    json_values.map(lambda value: framed(json.dumps(value).encode())),  # JSON that is not a message
    st.fixed_dictionaries({"type": st.sampled_from(["request", "response", "event", "x"]),
                           "seq": json_values, "command": json_values, "event": json_values,
                           "arguments": json_values, "body": json_values, "request_seq": json_values,
                           "success": json_values}).map(lambda m: framed(json.dumps(m).encode())),
)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)])]


# -- the framing both sides use ------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(hostile_frames, max_size=4), st.lists(st.integers(0, 10**6), max_size=5))
def test_the_decoder_yields_messages_or_refuses_never_anything_else(frames, cuts):
    decoder = FrameDecoder()
    try:
        for chunk in split(b"".join(frames), cuts):
            for message in decoder.feed(chunk):
                assert isinstance(message, dict) and isinstance(message["type"], str)
    except ProtocolError:
        pass


def test_a_message_nested_100000_deep_is_refused_not_a_recursion_error():
    with pytest.raises(ProtocolError, match="nested too deeply"):
        list(FrameDecoder().feed(deeply_nested(100_000)))


# -- the interface's side ------------------------------------------------------------------


class Recorder:
    """The screen as the session core sees it: records what it is told."""

    def __init__(self) -> None:
        self.closed: list[str | None] = []

    def disconnected(self, reason):
        self.closed.append(reason)

    def __getattr__(self, name):
        return lambda *args: None


@settings(max_examples=200, deadline=None)
@given(st.lists(hostile_frames, max_size=4), st.lists(st.integers(0, 10**6), max_size=4))
def test_the_interface_reads_any_bytes_to_a_clean_end(frames, cuts):
    core = DebugSession(Recorder())
    core.can_restart = True

    async def read() -> None:
        reader = asyncio.StreamReader()
        for chunk in split(b"".join(frames), cuts):
            reader.feed_data(chunk)
        reader.feed_eof()
        await asyncio.wait_for(core.client._read(reader, FrameDecoder()), 5)

    asyncio.run(read())
    assert len(core.observer.closed) == 1  # told once that the connection ended, with or without a reason


# -- the engine's side ---------------------------------------------------------------------

# Requests that move or end the program would end the fuzzing, not test it.
_MOVING = {"continue", "next", "stepIn", "stepOut", "disconnect", "terminate", "restart", "goto",
           "tdb/until", "tdb/runToLine", "pause"}
SAFE_COMMANDS = sorted(set(ROUTES) - _MOVING) + ["", "nope", "__class__"]

requests = st.fixed_dictionaries({
    "type": st.just("request"),
    "command": st.sampled_from(SAFE_COMMANDS) | json_values,
    "arguments": st.one_of(json_values, st.dictionaries(
        st.sampled_from(["frameId", "threadId", "variablesReference", "expression", "source", "breakpoints",
                         "context", "start", "count", "text", "column", "requestId", "filters", "levels"]),
        json_values, max_size=4)),
}).map(lambda m: framed(json.dumps(m).encode()))

PROGRAM = """
import tdb

stops = 0
while True:
    tdb.set_trace()
    stops += 1
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """A program that stops again and again, listening for the next client each time."""
    work = tmp_path_factory.mktemp("fuzz")
    script = work / "again.py"
    script.write_text(PROGRAM)
    address = str(work / "engine.sock")
    process = subprocess.Popen([sys.executable, str(script)], cwd=work, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TDB_LISTEN": address, "PYTHONPATH": str(ROOT)})
    yield address, process
    process.kill()
    process.communicate()


def _session(address: str, process: subprocess.Popen) -> tuple[socket.socket, Connection]:
    sock = connect_when_listening(address, process, timeout=10)
    connection = Connection(sock)
    for command in ("initialize", "attach", "configurationDone"):
        connection.send({"type": "request", "command": command, "arguments": {}})
    return sock, connection


def _until(messages, predicate, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    for message in messages:
        if predicate(message):
            return True
        if time.monotonic() > deadline:
            raise AssertionError("the engine neither answered nor hung up")
    return False  # the engine hung up


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(requests, hostile_frames), min_size=1, max_size=4))
def test_the_engine_answers_or_hangs_up_and_then_takes_the_next_client(engine, payload):
    address, process = engine
    sock, connection = _session(address, process)
    # A frame cut short leaves the engine waiting for the rest (as it should): after a while without
    # a word, the test hangs up; the next example's connection shows that the engine took it.
    sock.settimeout(2)
    try:
        messages = connection.messages()
        assert _until(messages, lambda m: m.get("event") == "stopped"), "no stop for a well-behaved client"
        try:
            sock.sendall(b"".join(payload))
        except OSError:
            pass  # it hung up on an earlier frame of the payload: allowed
        probe = {"type": "request", "command": "threads", "arguments": {}}
        try:
            connection.send(probe)
        except Exception:
            pass  # it hung up already: allowed
        _until(messages, lambda m: m.get("type") == "response" and m.get("request_seq") == probe.get("seq"))
    finally:
        sock.close()
    assert process.poll() is None, f"the program died: {process.stderr.read() if process.stderr else ''}"
