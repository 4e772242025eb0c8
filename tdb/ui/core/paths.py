"""How the interface shows a path."""

from __future__ import annotations

import os


def display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it: shorter, and what the user typed."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative
