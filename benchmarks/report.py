"""The one table `make bench` prints: a Markdown table, so that it can go into RESULTS.md as it is."""

from __future__ import annotations

import statistics

from .common import TOOLS, Row

HEADINGS = {"plain": "plain", "pdb": "pdb", "pdb-monitoring": "pdb monitoring", "pudb": "pudb", "tdb": "tdb"}


def _number(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value * 1000:.0f} ms" if value >= 0.0095 else f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value / 1e6:.1f} MB"
    if unit == "B":
        return f"{value / 1e3:.1f} KB"
    return f"{value:g}"


def cell_text(row: Row, tool: str) -> str:
    cell = row.cells.get(tool)
    if cell is None:
        return ""
    if cell.text is not None:
        text = cell.text
        if text.startswith("n/a"):
            return "n/a"
        if text.startswith("error"):
            return "error"
        if cell.median is not None and row.unit == "word":
            return f"{text} ({_number(cell.median, 's')})"
        return text
    value = cell.median
    if value is None:
        return ""
    text = _number(value, row.unit)
    if row.ratio:
        ratio = row.to_ratio(tool)
        if ratio is not None:
            text = f"{ratio:.1f}× ({text})" if ratio < 100 else f"{ratio:.0f}× ({text})"
    if row.spread and len(cell.samples) >= 4:
        low, _, high = statistics.quantiles(cell.samples, n=4)
        text += f" [{_number(low, row.unit)}–{_number(high, row.unit)}]"
    if row.versus and tool == "tdb":
        base = row.value(row.versus)
        if base:
            text = f"**{value / base:.2f}× {HEADINGS[row.versus]}**, {text}"
    if row.delta and tool != "plain":
        base = row.value("plain")
        if base is not None:
            text = f"+{_number(value - base, row.unit)} ({text})"
    return text


def table(rows: list[Row], tools: tuple[str, ...] = TOOLS) -> list[str]:
    """A Markdown table: scenario, one column per tool that has a cell, target and verdict."""
    used = [tool for tool in tools if any(tool in row.cells for row in rows)]
    lines = ["| scenario | " + " | ".join(HEADINGS[tool] for tool in used) + " | target |",
             "|---|" + "---|" * len(used) + "---|"]
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            lines.append(f"| **{GROUP_TITLES.get(group, group)}** |" + " |" * (len(used) + 1))
        target = row.target + (f" — **{row.verdict}**" if row.verdict else "")
        lines.append(f"| {row.name} | " + " | ".join(cell_text(row, tool) for tool in used) + f" | {target} |")
    return lines


def problems(rows: list[Row]) -> list[str]:
    """Every cell that holds an explanation rather than a number (n/a, error), once each."""
    where: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        for tool, cell in row.cells.items():
            if cell.text and cell.text.startswith(("n/a", "error")):
                where.setdefault((tool, cell.text), []).append(row.name.split(" ", 1)[0].rstrip("."))
            elif cell.note and row.unit == "word":
                where.setdefault((tool, cell.note), []).append(row.name.split(" ", 1)[0].rstrip("."))
    return [f"- {HEADINGS[tool]} ({', '.join(names)}): {text}" for (tool, text), names in where.items()]


GROUP_TITLES = {
    "tracer": "Tracer overhead: the loop's time (median), × the plain program",
    "pty": "Interface at the pty: when the terminal gets the bytes (median [quartiles]; tdb as × pudb, same run)",
    "interface": "Interface: end-to-end through a 120×40 tmux pane, polled (median)",
    "scale": "Scale: 8a as in 6; 8b–8g: tdb's real interface under Textual's run_test, real engine (median)",
    "memory": "Memory and import time (median)",
}
