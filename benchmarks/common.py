"""What every benchmark group shares: the measurement record, medians, processes, the machine."""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = Path(__file__).resolve().parent / "programs"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOOLS = ("plain", "pdb", "pdb-monitoring", "pudb", "tdb")


class BenchError(Exception):
    """A measurement that could not be made; its cell says why."""


@dataclass
class Cell:
    """One tool's result in one scenario: samples (seconds, bytes, ...) or a word ("ok", "n/a: why")."""

    samples: list[float] = field(default_factory=list)
    text: str | None = None  # overrides the number: "ok", "OverflowError", "n/a: ..."
    note: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


@dataclass
class Row:
    """One scenario: a cell per tool, how to show its numbers, and the target it is held to."""

    group: str
    name: str
    unit: str  # "s" (seconds, with ratios to plain), "ms", "MB", "word"
    cells: dict[str, Cell] = field(default_factory=dict)
    ratio: bool = False  # show each cell as a ratio to the plain cell
    delta: bool = False  # show each cell as the difference from the plain cell
    versus: str = ""  # show tdb's cell also as a ratio to this tool's ("pudb")
    spread: bool = False  # show each cell's quartiles besides its median
    target: str = ""
    verdict: str = ""

    def cell(self, tool: str) -> Cell:
        return self.cells.setdefault(tool, Cell())

    def value(self, tool: str) -> float | None:
        cell = self.cells.get(tool)
        return cell.median if cell else None

    def to_ratio(self, tool: str) -> float | None:
        base, value = self.value("plain"), self.value(tool)
        if base is None or value is None or base <= 0:
            return None
        return value / base


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- processes ------------------------------------------------------------------


def python_version(python: str) -> str:
    out = subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise BenchError(f"{python} does not run: {out.stderr.strip()}")
    return out.stdout.strip()


def python_info(python: str) -> tuple[int, int]:
    major, minor, _ = python_version(python).split(".")
    return int(major), int(minor)


def has_module(python: str, module: str) -> bool:
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True, timeout=60).returncode == 0


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a measured program: ours without debugger hooks, tdb importable from the tree.

    Byte-code caches are written as Python does by default (a warm-up run fills them), whatever
    PYTHONDONTWRITEBYTECODE the calling shell has: a user's program does not compile tdb at every start.
    """
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONBREAKPOINT", "TDB_LISTEN", "TDB_DAP_LOG", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def rss_bytes(pid: int) -> int:
    """A process's resident set size now (VmRSS)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise BenchError(f"no VmRSS for process {pid}")


def descendants(pid: int) -> list[int]:
    """Every living process below pid (children first, then theirs)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        ppid = int(text.rpartition(")")[2].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        children = parents.get(queue.pop(0), [])
        found.extend(children)
        queue.extend(children)
    return found


def cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [part.decode(errors="replace") for part in f.read().split(b"\0") if part]
    except OSError:
        return []


class Workdir:
    """A private temporary directory (HOME too: no ~/.pdbrc, no pudb settings leak in)."""

    def __init__(self, prefix: str = "tdb-bench-") -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix=prefix)
        self.path = Path(self._tmp.name)
        (self.path / "home").mkdir()

    @property
    def home(self) -> Path:
        return self.path / "home"

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> "Workdir":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def marked_line(path: Path, mark: str) -> int:
    """The number of the line carrying `# BP:mark` in a program."""
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if re.search(rf"#\s*BP:{re.escape(mark)}\b", text):
            return number
    raise BenchError(f"no line marked BP:{mark} in {path}")


# -- the machine ------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tdb"], cwd=ROOT, capture_output=True,
                               text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{rev}{' + uncommitted changes in tdb/' if dirty else ''}" if rev else "unknown"


def header_lines(pythons: dict[str, str]) -> list[str]:
    """Date, machine and interpreters, for the top of a table."""
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        f"date: {now}",
        f"machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
        f"{platform.system()} {platform.release()}",
    ]
    for role, python in pythons.items():
        lines.append(f"{role}: Python {python_version(python)} ({python})")
    lines.append(f"tdb: {git_revision()}")
    return lines


def need_tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        raise BenchError("tmux is not installed (apt-get install tmux)")
    return path
