"""Scenario 1: `tdb examples/primes.py 20` in a real terminal: first screen, n, s, c, q."""

from __future__ import annotations

import inspect
import json

import pytest

from .conftest import ROOT, Soft
from .tdb_screen import current_line, press, status_at
from harness.tmux import Tmux

pytestmark = pytest.mark.e2e

PRIMES = ROOT / "examples" / "primes.py"


def assert_terminal_sane(term: Tmux, soft: Soft | None = None) -> None:
    """The shell is back on the normal screen, reads lines with echo, and runs commands."""
    modes = term.tty_modes()
    message = f"the terminal was left with modes {modes} (icanon and echo should be on)"
    if soft is not None:
        soft.check(modes.get("icanon") is True and modes.get("echo") is True, message, term.screen())
    else:
        assert modes.get("icanon") is True and modes.get("echo") is True, message
    term.run("echo alive-$((6 * 7))")
    term.wait_for("alive-42")
    assert not term.alternate_on()


def test_first_screen_step_next_continue_quit(term: Tmux, soft: Soft) -> None:
    term.run(f"tdb {PRIMES} 20")

    # The first screen: source with line numbers, ▶ on line 1, the status line, the stack.
    screen = term.wait_for(status_at("primes.py", 1, "<module>"))
    screen = term.wait_for("<module>  primes.py:1")  # the Stack pane
    assert "at the program's first line" in screen
    assert current_line(screen) == 1
    for number, text in [(1, '"""A small program to try tdb on'), (6, "def is_prime(n: int) -> bool:"),
                         (15, "def primes_up_to(limit: int) -> list[int]:")]:
        assert f"{number:>5}" in screen and text in screen
    assert "─ Stack " in screen

    # n moves through the module's statements as pdb's n does (functions are stepped over).
    for line in [3, 6, 15, 23, 31, 32]:
        screen = press(term, "n", status_at("primes.py", line, "<module>"))
        assert current_line(screen) == line, f"▶ should be on line {line}"

    # s enters main() at its def line (pdb's --Call--), then n steps inside it.
    screen = press(term, "s", status_at("primes.py", 23, "main"))
    assert current_line(screen) == 23
    press(term, "n", status_at("primes.py", 24, "main"))
    screen = press(term, "n", status_at("primes.py", 25, "main"))
    assert "limit: int = 20" in screen  # main's local

    # s into primes_up_to: the status names it, the Variables pane shows its argument, the stack grows.
    screen = press(term, "s", status_at("primes.py", 15, "primes_up_to"))
    screen = term.wait_for("limit: int = 20")
    assert current_line(screen) == 15
    assert "primes_up_to  primes.py:15" in screen and "main  primes.py:25" in screen

    # c runs to the end: the program's own screen shows its output and the exit, with the choice.
    term.send_keys("c")
    screen = term.wait_until(lambda s: not term.alternate_on() and "The program exited with code 0" in s, 5,
                             "the exit announced on the program's screen")
    assert "8 primes up to 20: [2, 3, 5, 7, 11, 13, 17, 19]" in screen
    assert "R: restart, q: quit" in screen
    # Any other key goes back to the debugger, which says the same.
    term.send_keys("Space")
    term.wait_until(lambda s: term.alternate_on() and "The program exited with code 0" in s, 5,
                    "the interface after the exit")

    # o shows the program's screen (its output is there) until a key is pressed.
    term.send_keys("o")
    screen = term.wait_until(lambda s: not term.alternate_on() and "8 primes up to 20" in s, 5,
                             "the program's screen with its output, after o")
    assert "squares: {2: 4" in screen
    term.send_keys("Space")
    term.wait_until(lambda s: term.alternate_on() and "The program exited with code 0" in s, 5,
                    "the interface back after a key")

    # q: the shell comes back with the program's output on the normal screen, and the terminal is sane.
    term.send_keys("q")
    screen = term.wait_for_prompt(own_line=False)
    soft.check("[tdb]" not in screen and screen.rstrip().splitlines()[-1].rstrip() == "e2e$",
               "after o, the hint '[tdb] the program's screen: press any key...' stays on the program's screen "
               "and the shell prompt lands at its end", screen)
    assert "8 primes up to 20: [2, 3, 5, 7, 11, 13, 17, 19]" in screen
    assert "squares: {2: 4, 3: 9" in screen
    assert_terminal_sane(term)
    soft.done()


REPORT = '''\
import json
import logging

logging.basicConfig(level=logging.INFO, format="log: %(message)s")


def report(values):
    print("values", values)
    logging.info("reported")
    return json.dumps(values)


text = report([1, 2])
print("done", text)
'''


def test_s_through_lines_that_print_log_and_call_json(term: Tmux, tmp_path) -> None:
    # `s` onto a print, then `s` again: the output is forwarded while stepping, and the stop comes back.
    (tmp_path / "report.py").write_text(REPORT)
    term.run("tdb report.py")
    term.wait_for(status_at("report.py", 1, "<module>"))
    for line in [2, 4, 7, 13]:
        press(term, "n", status_at("report.py", line, "<module>"))
    press(term, "s", status_at("report.py", 7, "report"))
    press(term, "s", status_at("report.py", 8, "report"))
    screen = press(term, "s", status_at("report.py", 9, "report"))  # print ran: held, shown in the console
    assert "values [1, 2]" in screen
    press(term, "n", status_at("report.py", 10, "report"))  # logging.info ran
    # Into json.dumps (the program's own call: stepped into, as pdb does), and back out of it.
    first = json.dumps.__code__.co_firstlineno
    default_return = first + next(i for i, text in enumerate(inspect.getsourcelines(json.dumps)[0])
                                  if "return _default_encoder.encode(obj)" in text)
    press(term, "s", status_at("__init__.py", first, "dumps"))
    press(term, "r", status_at("__init__.py", default_return, "dumps"))
    press(term, "n", status_at("report.py", 10, "report"))
    term.send_keys("c")
    screen = term.wait_until(lambda s: not term.alternate_on() and "The program exited with code 0" in s, 10,
                             "the program's screen after c")
    assert "values [1, 2]" in screen and "log: reported" in screen and 'done [1, 2]' in screen
    term.send_keys("q")
    term.wait_for_prompt(own_line=False)
    assert_terminal_sane(term)
