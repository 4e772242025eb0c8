"""What runs at the first stop as if typed: pdb's .pdbrc (tdb's .tdbrc too), then `tdb -c` commands.

As pdb reads them: the home directory's file, then the working directory's (once
if they are the same file); blank lines and `#` comments skipped. A line that
moves the program (c, n, ...) ends the run; the lines after it run at the next
stop.
"""

from __future__ import annotations

import os

RC_NAMES = (".pdbrc", ".tdbrc")


def rc_files(home: str, cwd: str) -> list[str]:
    """The rc files that exist, in the order they run."""
    found: list[str] = []
    seen: set[str] = set()
    for directory in (home, cwd):
        for name in RC_NAMES:
            path = os.path.join(directory, name)
            real = os.path.realpath(path)
            if real not in seen and os.path.isfile(path):
                seen.add(real)
                found.append(path)
    return found


def read_rc_lines(home: str, cwd: str) -> tuple[list[str], list[str]]:
    """(the rc files' lines, one message per file that could not be read)."""
    lines: list[str] = []
    problems: list[str] = []
    for path in rc_files(home, cwd):
        try:
            with open(path, encoding="utf-8") as rc:
                text = rc.read()
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: not read ({getattr(error, 'strerror', None) or error})")
            continue
        lines += [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return lines, problems
