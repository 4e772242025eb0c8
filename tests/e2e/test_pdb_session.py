"""A pdb session replayed on tdb's command line, in a real terminal at 120x40 and at 80x24.

Each command is typed as a pdb user would type it; after each, the test reads
what the screen shows: the status line, the ▶ line of the source, the console's
answer, the Variables and Watches panes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import Soft
from .tdb_screen import (command, console, current_line, has_breakpoint_mark, open_command_line, status_at,
                         status_line)
from harness.tmux import Timeout, Tmux, TmuxMissing
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

PROGRAM = """\
def square(x):
    y = x * x
    return y


def main():
    x = 3
    d = {"name": "tdb", "sizes": [1, 2, 3], "nested": {"x": x}}
    y = 0
    total = 0
    for i in range(2):
        total += i
        y = square(x + i)
        total += y
    print("total", total)
    return total


main()
"""


@pytest.fixture(params=[(120, 40), (80, 24)], ids=["120x40", "80x24"])
def pane(request, tmp_path: Path) -> Iterator[Tmux]:
    """A tmux pane of the parametrized size running bash in tmp_path (HOME, and so tdb's settings, inside it)."""
    home = tmp_path / "home"
    home.mkdir()
    width, height = request.param
    try:
        terminal = Tmux(cwd=tmp_path, home=home, width=width, height=height)
    except TmuxMissing as error:
        pytest.fail(str(error), pytrace=False)
    try:
        terminal.start()
        yield terminal
    finally:
        terminal.close()


def flat(text: str) -> str:
    """Text without whitespace and scrollbar glyphs: the console wraps long lines, anywhere, at 80 columns."""
    return re.sub(r"[\s\u2581-\u258f\u2595]+", "", text)


def answer_shows(term: Tmux, line: str, *expected: str, echo: bool = True, timeout: float = 10.0) -> str:
    """Type `line`; wait until the console shows each expected text after the echo of `line`.

    A long answer scrolls its echo out of a small console: echo=False looks at the tail alone.
    """
    if echo:
        command(term, line)
    else:
        _type_and_enter(term, line)

    def shown(screen: str) -> bool:
        text = flat("\n".join(console(screen)))
        echoed = flat(f"> {line}")
        if echo:
            return echoed in text and all(flat(part) in text.rpartition(echoed)[2] for part in expected)
        # The answer's last line is the console's last line: this answer, not an earlier one.
        return text.endswith(flat(expected[-1])) and all(flat(part) in text for part in expected)

    return term.wait_until(shown, timeout, f"{expected} in the console after {line!r}")


def stop_shows(term: Tmux, line: str, file_line: int, function: str, reason: str | None = None) -> str:
    """Type a command that moves the program; wait for the status line of the stop it makes."""
    command(term, line, status_at("prog.py", file_line, function))
    screen = term.wait_until(lambda s: current_line(s) == file_line, 5, f"▶ on line {file_line}")
    if reason is not None:
        assert reason in status_line(screen), status_line(screen)
    return screen


def test_a_pdb_session_on_the_command_line(pane: Tmux, write, soft: Soft) -> None:
    term = pane
    write("prog.py", PROGRAM)
    term.run("tdb prog.py")
    screen = term.wait_for(status_at("prog.py", 1, "<module>"))
    assert current_line(screen) == 1 and "first line" in status_line(screen)

    # b LINE: confirmed, and a ● in the gutter.
    answer_shows(term, "b 12", "Breakpoint 1 at prog.py:12")
    term.wait_until(lambda s: has_breakpoint_mark(s, 12), 5, "a ● on line 12")

    # c: to the breakpoint; the Variables pane shows main's locals.
    stop_shows(term, "c", 12, "main", "at a breakpoint")
    screen = term.wait_for("x: int = 3")
    assert "i: int = 0" in screen

    # n: over line 12.
    stop_shows(term, "n", 13, "main", "after a step")
    # s: into square() at its def line, as pdb's --Call--; its argument in the Variables pane.
    stop_shows(term, "s", 1, "square")
    term.wait_for("x: int = 3")
    stop_shows(term, "n", 2, "square")

    # p, in the selected frame.
    answer_shows(term, "p x", "3")

    # w: the stack, oldest first, the selected frame marked.
    screen = answer_shows(term, "w", "prog.py(2)square()", echo=False)
    tail = flat("\n".join(console(screen)))
    assert re.search(r">/\S*prog\.py\(2\)square\(\)$", tail), f"w: the selected frame last, marked >: {tail[-80:]}"

    # u: main's frame; its locals, and pp of a dict there.
    command(term, "u", re.compile(r"prog\.py:13\s+in main .*\[frame 1 of \d\]"))
    screen = term.wait_until(lambda s: current_line(s) == 13, 5, "▶ on line 13 in main")
    term.wait_for(re.compile(r"d: dict(\[3\])? = "))
    answer_shows(term, "pp d", "'name': 'tdb'", "'nested': {'x': 3}", "'sizes': [1, 2, 3]")
    # d: back to square.
    command(term, "d", status_at("prog.py", 2, "square"))
    screen = term.wait_until(lambda s: "[frame" not in status_line(s) and current_line(s) == 2, 5, "square again")

    # l: eleven lines around the current line (a small console shows their tail); l FIRST, LAST: -> marks it.
    answer_shows(term, "l", "10 total = 0", "11 for i in range(2):", echo=False)
    answer_shows(term, "l 1, 3", "1 def square(x):", "2 -> y = x * x", "3 return y", echo=False)

    # display: a watch, evaluated now (y is not set yet) and at each stop.
    command(term, "display y")
    term.wait_for(re.compile(r"y\s*=\s*.*NameError"))
    stop_shows(term, "n", 3, "square")
    term.wait_for(re.compile(r"(?m)^.*y\s*=\s*9\b"))
    screen = term.screen()
    soft.check(re.search(r"─\s*Watches", screen) is not None, "the Watches pane shows with a watch", screen)
    # undisplay: the watch and its pane go.
    command(term, "undisplay")
    term.wait_until(lambda s: re.search(r"─\s*Watches", s) is None, 5, "the Watches pane to go")

    # cl NUMBER: the breakpoint goes, its ● too.
    answer_shows(term, "cl 1", "Deleted breakpoint 1 at prog.py:12")
    term.wait_until(lambda s: not has_breakpoint_mark(s, 12), 5, "the ● on line 12 to go")

    # r: out of square, back in main.
    screen = command(term, "r", re.compile(r"prog\.py:\d+\s+in (square|main)"))
    status = term.wait_until(lambda s: "running" not in status_line(s) and "prog.py:" in status_line(s), 5,
                             "the stop after r")
    # pdb's r stops at the return (--Return--) of square; either way y is 9 there or back in main.
    soft.check(re.search(r"prog\.py:(3\s+in square|13\s+in main)", status_line(status)) is not None,
               f"r: expected the return of square (line 3) or line 13 in main, got {status_line(status)!r}", status)

    # whatis.
    answer_shows(term, "whatis x", "<class 'int'>")

    # c: the program runs to its end (the breakpoint is gone): its output and the exit, then q.
    _type_and_enter(term, "c")
    try:
        screen = term.wait_until(lambda s: not term.alternate_on() and "The program exited with code 0" in s, 10,
                                 "the exit announced on the program's screen")
    except Timeout as error:
        pytest.fail(str(error), pytrace=False)
    assert "total 26" in screen  # 0 + 9 + 1 + 16
    term.send_keys("q")
    term.wait_for_prompt(own_line=False)
    assert_terminal_sane(term)
    soft.done()


def _type_and_enter(term: Tmux, line: str) -> None:
    """Type a command and press Enter, without waiting for its echo (gone from a small console, or from the
    screen when the program takes the terminal)."""
    open_command_line(term)
    term.type(line)
    term.wait_until(lambda screen: screen.splitlines()[-2].strip() == line, 5, f"{line!r} in the command line")
    term.send_keys("Enter")
