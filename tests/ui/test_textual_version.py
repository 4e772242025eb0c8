"""The snapshot tests compare pictures drawn by one exact Textual: the one the test extra pins."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pinned_textual() -> str:
    text = (ROOT / "pyproject.toml").read_text()
    match = re.search(r'^\s*"textual==([^"]+)",', text, re.M)
    assert match, "the test extra in pyproject.toml must pin textual (textual==X.Y.Z)"
    return match.group(1)


def test_the_installed_textual_is_the_one_the_snapshots_were_drawn_with():
    installed, pinned = version("textual"), pinned_textual()
    assert installed == pinned, (
        f"Textual {installed} is installed, but the snapshots in tests/ui/__snapshots__ were drawn with "
        f"{pinned} (the test extra's pin): pip install -e '.[test]' installs it; a new pin means new "
        "snapshots, looked at before they are accepted")
