"""The output gate (tdb/engine/output.py): while it holds, the program's reads of the terminal ask for it and
wait; after, the program's streams and input are its own again."""

from __future__ import annotations

import builtins
import io
import sys
import threading
import time

import pytest

from tdb.engine.output import OutputGate

class _Terminal(io.StringIO):
    """What a user types, as a terminal's stdin (a pipe's is read as ever: see the last test)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch):
    asked: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda prompt="": f"typed after {prompt!r}")
    monkeypatch.setattr(sys, "stdin", _Terminal("one\ntwo\n"))
    held = OutputGate(lambda category, text: None, lambda: asked.append(threading.current_thread().name))
    held.asked = asked  # type: ignore[attr-defined]
    yield held
    held.release()


def _in_a_thread(read) -> tuple[threading.Thread, list]:
    got: list = []
    thread = threading.Thread(target=lambda: got.append(read()), name="reader", daemon=True)
    thread.start()
    return thread, got


@pytest.mark.parametrize("read", [lambda: input("Name? "), lambda: sys.stdin.readline(), lambda: sys.stdin.read(3),
                                  lambda: sys.stdin.readlines(), lambda: next(iter(sys.stdin))],
                         ids=["input", "readline", "read", "readlines", "iterate"])
def test_a_read_while_held_asks_once_and_waits_for_the_release(gate, read):
    gate.hold()
    thread, got = _in_a_thread(read)
    thread.join(0.3)
    assert thread.is_alive() and not got, "the read did not wait for the terminal"
    assert gate.asked == ["reader"]
    gate.release()
    thread.join(10)
    assert got and got[0] in ("typed after 'Name? '", "one\n", "one", ["one\n", "two\n"])


def test_a_reads_prompt_comes_after_what_was_printed_while_held(gate, monkeypatch):
    """The held text is written first at the release; only then does the waiting read go on."""

    class Terminal(io.StringIO):  # (slow, as a terminal's write is: the reader's thread could run meanwhile)
        def write(self, text: str) -> int:
            time.sleep(0.02)
            return super().write(text)

    out = Terminal()
    monkeypatch.setattr(sys, "stdout", out)

    def typed(prompt: str = "") -> str:  # as input() does: the prompt, then the answer
        sys.stdout.write(prompt)
        return "bob"

    monkeypatch.setattr(builtins, "input", typed)
    gate.hold()
    print("hello", "there")
    thread, got = _in_a_thread(lambda: input("name? "))
    thread.join(0.3)
    assert not got
    gate.release()
    thread.join(10)
    assert got == ["bob"] and out.getvalue() == "hello there\nname? "


def test_the_programs_streams_and_input_are_its_own_again_after_the_release(gate):
    stdin, real_input = sys.stdin, builtins.input
    gate.hold()
    kept = builtins.input  # the program keeps the input of the moment
    assert sys.stdin is not stdin and kept is not real_input
    gate.release()
    assert sys.stdin is stdin and builtins.input is real_input
    assert kept("? ") == "typed after '? '"  # at once: nothing is held now
    assert gate.asked == []


def test_a_stream_or_input_the_program_set_while_held_is_left_alone(gate):
    gate.hold()
    mine = io.StringIO("mine\n")
    sys.stdin, builtins.input = mine, str
    gate.release()
    assert sys.stdin is mine and builtins.input is str


def test_output_while_held_is_forwarded_and_written_at_the_release_in_order(monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    forwarded: list[tuple[str, str]] = []
    gate = OutputGate(lambda category, text: forwarded.append((category, text)))
    gate.hold()
    print("one")
    print("two", file=sys.stderr)
    assert out.getvalue() == err.getvalue() == ""
    gate.release()
    assert (out.getvalue(), err.getvalue()) == ("one\n", "two\n")
    assert forwarded == [("stdout", "one"), ("stdout", "\n"), ("stderr", "two"), ("stderr", "\n")]
    print("three")  # the terminal is the program's: straight through
    assert out.getvalue() == "one\nthree\n" and len(forwarded) == 4


def test_a_pipe_or_a_file_on_stdin_is_left_alone(monkeypatch):
    piped = io.StringIO("one\n")
    monkeypatch.setattr(sys, "stdin", piped)
    real_input = builtins.input
    gate = OutputGate(lambda category, text: None, lambda: pytest.fail("asked for the terminal"))
    gate.hold()
    try:
        assert sys.stdin is piped and builtins.input is real_input
        assert sys.stdin.readline() == "one\n"
    finally:
        gate.release()
