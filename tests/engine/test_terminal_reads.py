"""A read of the terminal while the interface has it waits for the terminal, and asks for it.

A step over `input()` would otherwise read the user's keys raw from under the
interface, and its prompt would be drawn on the interface's screen and lost.
With pdb's meanings (tdb's interface shares the program's terminal) the read
asks for the terminal (tdb/terminalWanted) and waits until it is handed over
(tdb/releaseTerminal). A read of a pipe takes no keys: it reads at once, and so
does every read with DAP's meanings.
"""

from __future__ import annotations

import functools
import os
import subprocess

import pytest

from tdb.dap import extensions

from .conftest import run_to_marker

pytestmark = pytest.mark.usefixtures("tracer_backend")

READS = {
    "input()": 'name = input("Name? ")',
    "sys.stdin.readline()": 'name = sys.stdin.readline().strip()',
    "for line in sys.stdin": 'name = next(iter(sys.stdin)).strip()',
}


def _program(read: str) -> str:
    return f"import sys\nx = 1  # stop\n{read}\nprint('got', repr(name))\n"


def _stops_so_far(debuggee) -> list[dict]:
    debuggee.request("threads")  # (answered while the program runs: what was sent before it is read by now)
    return [event for event in debuggee.events if event["event"] == "stopped" and not event.get("_taken")]


@pytest.fixture
def terminal():
    """A pty for the program's stdin: (the program's end, ours)."""
    ours, programs = os.openpty()
    yield programs, ours
    os.close(ours)
    os.close(programs)


@pytest.mark.parametrize("read", READS)
def test_a_step_over_a_read_asks_for_the_terminal_and_reads_once_it_is_handed_over(launch, write, terminal, read):
    programs, ours = terminal
    debuggee, stop = run_to_marker(functools.partial(launch, stdin=programs), write("prog.py", _program(READS[read])))
    debuggee.request("next", threadId=stop["threadId"])
    debuggee.stopped()  # at the read
    debuggee.request("next", threadId=stop["threadId"])
    wanted = debuggee.wait_event(extensions.TERMINAL_WANTED)
    assert wanted["threadId"] == stop["threadId"]
    os.write(ours, b"bob\n")
    assert not _stops_so_far(debuggee), "the read went on while the interface had the terminal"
    debuggee.request(extensions.RELEASE_TERMINAL)
    after = debuggee.stopped()
    assert after["frames"][0]["line"] == 4
    assert debuggee.evaluate("name", after["frames"][0]["id"])["result"] == "'bob'"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    _, stdout, _ = debuggee.finish()
    assert stdout.endswith("got 'bob'\n")
    if read == "input()":
        assert "Name? " in stdout  # the prompt, written once the terminal was the program's


@pytest.mark.parametrize("meanings", ["pdb's", "DAP's"])
def test_a_read_of_a_pipe_reads_at_once(launch, write, meanings):
    script = write("prog.py", _program(READS["input()"]))
    debuggee = launch(str(script), stdin=subprocess.PIPE, pdb_meanings=meanings == "pdb's")
    debuggee.start(breakpoints={str(script): [2]})
    if meanings == "pdb's":  # (the entry stop first)
        debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()
    debuggee.process.stdin.write("bob\n")
    debuggee.process.stdin.flush()
    debuggee.request("next", threadId=stop["threadId"])
    debuggee.stopped()
    debuggee.request("next", threadId=stop["threadId"])
    after = debuggee.stopped()  # with no releaseTerminal
    assert debuggee.evaluate("name", after["frames"][0]["id"])["result"] == "'bob'"
    assert not [event for event in debuggee.events if event["event"] == extensions.TERMINAL_WANTED]


@pytest.mark.parametrize("thread", ["the main thread", "another thread"])
def test_a_read_typed_at_a_stop_waits_and_cancel_ends_it(launch, write, terminal, thread):
    """`p input()` typed at a stop: the terminal is the interface's, so the read waits (and says so); a
    cancel (Ctrl-C) ends the wait on any thread, and the stop goes on."""
    programs, _ours = terminal
    body = "def work():\n    number = 7\n    return number  # stop\n\n"
    body += ("work()\n" if thread == "the main thread" else
             "import threading\nworker = threading.Thread(target=work)\nworker.start()\nworker.join()\n")
    debuggee, stop = run_to_marker(functools.partial(launch, stdin=programs), write("prog.py", body))
    frame = stop["frames"][0]["id"]
    seq = debuggee.send("evaluate", expression="input()", frameId=frame, context="repl")
    assert debuggee.wait_event(extensions.TERMINAL_WANTED)["threadId"] == stop["threadId"]
    debuggee.request("cancel", requestId=seq)
    assert debuggee.response_to(seq)["message"] == "cancelled"
    assert debuggee.evaluate("number", frame)["result"] == "7"
