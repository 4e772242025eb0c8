"""What tdb remembers between sessions: the theme, the layout, the thread policy per project, in one small JSON file.

$XDG_CONFIG_HOME/tdb/settings.json, else ~/.config/tdb/settings.json. tdb writes it
when the user changes these in tdb; the user's own settings are config.toml's, beside
it, and win over it (config.py). A file that cannot be read or parsed is ignored (and
replaced at the next change): a debugger must start whatever is on the disk. Keys the
user added there before config.toml's [keymap] still apply: `"keys": {"next": "f10"}`
binds a binding's id (the help screen lists them) to other keys, and is written back as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .core.json_files import write_json


def settings_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "tdb" / "settings.json"


def load() -> dict[str, Any]:
    """The saved settings; {} when there are none or they are unreadable."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def keymap(data: dict[str, Any]) -> dict[str, str]:
    """The user's keys, binding id -> keys; what is not a string there is left out."""
    keys = data.get("keys")
    if not isinstance(keys, dict):
        return {}
    return {ident: value for ident, value in keys.items() if isinstance(ident, str) and isinstance(value, str)}


def save(data: dict[str, Any]) -> str | None:
    """Write the settings at once (a half-written file is never left); the error's text if it failed."""
    return write_json(str(settings_path()), data, indent=2, sort_keys=True)


def project_of(directory: str) -> str:
    """The project a directory is in: its git root, else the directory itself."""
    here = os.path.abspath(directory)
    probe = here
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return here
        probe = parent


def all_stop(data: dict[str, Any], project: str) -> bool:
    """Whether the user chose all-stop for this project (`"all_stop": {project: true}`)."""
    chosen = data.get("all_stop")
    return isinstance(chosen, dict) and chosen.get(project) is True
