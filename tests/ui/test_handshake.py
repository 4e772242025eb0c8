"""The handshake done before Textual is imported: against a real engine, and against broken peers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading

import pytest

from tdb.dap.connection import Connection
from tdb.ui.core.handshake import HandshakeFailed, handshake
from harness.ui_session import ROOT, connect_to


@pytest.fixture
def waiting_program(tmp_path, write):
    script = write("prog.py", """
        def add(a, b):
            total = a + b
            return total

        add(2, 3)
    """)
    address = str(tmp_path / "engine.sock")
    env = {**os.environ, "TDB_LISTEN": address, "PYTHONPATH": str(ROOT)}
    program = subprocess.Popen([sys.executable, "-m", "tdb", str(script)], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield script, connect_to(address, program)
    program.kill()
    program.communicate()


def test_handshake_brings_the_first_stop_and_its_source(waiting_program):
    script, sock = waiting_program
    done = handshake(sock, first_stop=True)
    assert done.capabilities["supportsConfigurationDoneRequest"] is True
    assert done.capabilities["supportsRestartRequest"] is True  # a program tdb started
    stop = done.first_stop
    assert stop is not None and stop["reason"] == "entry"
    snapshot = stop["tdb/stop"]
    assert [(f["name"], f["line"]) for f in snapshot["stackFrames"]] == [("<module>", 1)]
    assert [s["name"] for s in snapshot["scopes"]] == ["Globals"]
    assert done.sources[str(script)] == script.read_text()
    assert not any(event.get("event") == "stopped" for event in done.events)  # taken out, not replayed
    # The connection carries on from the handshake's sequence numbers.
    connection = Connection(sock)
    connection.send({"type": "request", "command": "threads", "seq": 0})
    response = next(m for m in connection.messages() if m.get("type") == "response")
    assert response["command"] == "threads" and response["success"]


def test_the_stop_snapshot_matches_the_standard_requests(launch, write):
    script = write("prog.py", """
        def add(a, b):
            total = a + b
            return total

        add(2, 3)
    """)
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [3]})
    debuggee.wait_event("stopped")
    debuggee.request("continue", threadId=0)
    body = debuggee.wait_event("stopped")
    snapshot = body["tdb/stop"]
    frames = debuggee.request("stackTrace", threadId=body["threadId"])["stackFrames"]
    assert [(f["name"], f["line"]) for f in snapshot["stackFrames"]] == [(f["name"], f["line"]) for f in frames]
    locals_scope = next(s for s in snapshot["scopes"] if s["name"] == "Locals")
    values = {v["name"]: v["value"] for v in snapshot["variables"][str(locals_scope["variablesReference"])]}
    assert values == {"a": "2", "b": "3", "total": "5"}
    # The references in the snapshot are live for this stop.
    variables = debuggee.request("variables", variablesReference=locals_scope["variablesReference"])["variables"]
    assert {v["name"]: v["value"] for v in variables} == values


def _peer(script):
    """A fake engine on a socketpair, playing `script(connection)` on its side."""
    ours, theirs = socket.socketpair()
    threading.Thread(target=script, args=(Connection(theirs),), daemon=True).start()
    return ours


def _answer_all(connection, then=None):
    for message in connection.messages():
        connection.send({"type": "response", "request_seq": message["seq"], "command": message["command"],
                         "success": True, "body": {}})
        if message["command"] == "configurationDone":
            break
    if then:
        then(connection)


def test_a_peer_that_never_stops_gives_no_first_stop():
    sock = _peer(lambda connection: _answer_all(connection, then=lambda c: list(c.messages())))
    done = handshake(sock, first_stop=True)
    assert done.first_stop is None and done.next_seq == 4


def test_a_peer_that_closes_fails_the_handshake():
    sock = _peer(lambda connection: connection.close())
    with pytest.raises(HandshakeFailed, match="closed the connection"):
        handshake(sock)


def test_a_refused_request_fails_the_handshake():
    def refuse(connection):
        for message in connection.messages():
            connection.send({"type": "response", "request_seq": message["seq"], "command": message["command"],
                             "success": message["command"] != "attach", "message": "no attaching today"})
    sock = _peer(refuse)
    with pytest.raises(HandshakeFailed, match="attach failed: no attaching today"):
        handshake(sock)
