"""Reading tdb's screen, and driving its keys and command line, on top of the Tmux helper."""

from __future__ import annotations

import re

from harness.tmux import Tmux

# The source pane's gutter: "│●  12 ▶     z = compute(x)" (breakpoint mark, line number, current-line marker).
_GUTTER = re.compile(r"^│(?P<mark>[^\s\d│]?)\s*(?P<line>\d+) (?P<here>▶| )")


def source_lines(screen: str) -> dict[int, str]:
    """{line number: the gutter's marks ("●", "▶", "●▶" or "")} for every source line on the screen."""
    lines: dict[int, str] = {}
    for row in screen.splitlines():
        if row.startswith("╰"):
            break  # the source pane ends; below, the console may list lines (`l`) that look alike
        match = _GUTTER.match(row)
        if match:
            lines[int(match["line"])] = match["mark"] + match["here"].strip()
    return lines


def current_line(screen: str) -> int | None:
    """The line number the ▶ marker is on, or None."""
    for number, marks in source_lines(screen).items():
        if "▶" in marks:
            return number
    return None


def has_breakpoint_mark(screen: str, line: int) -> bool:
    return "●" in source_lines(screen).get(line, "")


def status_at(file: str, line: int, function: str | None = None) -> re.Pattern[str]:
    """The status line for a stop: " primes.py:3  in <module> — after a step"."""
    where = rf"{re.escape(file)}:{line}\s+in " + (re.escape(function) if function else r"\S+")
    return re.compile(rf"^ {where}\s+— ", re.M)


def status_line(screen: str) -> str:
    """The status row (third from the bottom: status, command line, footer)."""
    rows = screen.splitlines()
    return rows[-3].strip() if len(rows) >= 3 else ""


def footer(screen: str) -> str:
    rows = screen.splitlines()
    return rows[-1] if rows else ""


def in_command_line(screen: str) -> bool:
    """While the command line has the focus, the footer hides the single-key bindings.

    The palette hint must be there too: a footer still being drawn at startup is blank.
    """
    row = footer(screen)
    return "palette" in row and "Next" not in row


def press(term: Tmux, key: str, then: re.Pattern[str] | str, timeout: float = 10.0) -> str:
    """Press a single-key command and wait for what it should show."""
    term.send_keys(key)
    return term.wait_for(then, timeout)


def open_command_line(term: Tmux) -> None:
    if not in_command_line(term.screen()):
        term.send_keys(":")
        term.wait_until(in_command_line, 5, "the command line to take the focus (footer without key hints)")


def leave_command_line(term: Tmux) -> None:
    if in_command_line(term.screen()):
        term.send_keys("Escape")
        term.wait_until(lambda screen: not in_command_line(screen), 5, "the source view to take the focus back")


def command(term: Tmux, line: str, expect: re.Pattern[str] | str | None = None, timeout: float = 10.0) -> str:
    """Type a command on tdb's command line and press Enter; wait for its echo (and `expect`)."""
    open_command_line(term)
    term.type(line)
    # The text is in the input row before Enter: no keystroke went elsewhere.
    term.wait_until(lambda screen: screen.splitlines()[-2].strip() == line, 5, f"{line!r} in the command line")
    term.send_keys("Enter")
    echo = re.compile(r"^│> " + re.escape(line) + r"\s", re.M)
    screen = term.wait_for(expect if expect is not None else echo, timeout)
    return screen


def console(screen: str) -> list[str]:
    """The rows inside the Console pane, without the borders."""
    rows = screen.splitlines()
    start = next((index for index, row in enumerate(rows) if "─ Console " in row), None)
    if start is None:
        return []
    inside = []
    for row in rows[start + 1:]:
        if row.startswith("╰"):
            break
        inside.append(row.strip("│▁▂▃▄▅▆▇█ ").rstrip())
    return inside
