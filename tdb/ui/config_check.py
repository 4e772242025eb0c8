"""The checks of config.toml that need the interface's names: Textual's themes, and the ids of the
key bindings of tdb's screens and panes that `[keymap]` may rebind.

This imports Textual (config.py does not); `tdb --config` imports it only when config.toml sets a
theme or a keymap.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:  # (config.py imports this module for `tdb --config`)
    from .config import Effective

THEME_EXPECTED = 'one of Textual\'s themes (Ctrl-P "Theme" lists them)'
# Where the bindings are declared: the debugger's screen (actions.py), the dialogs and the panes.
BINDING_PACKAGES = ("tdb.ui.screens", "tdb.ui.widgets")


def check(effective: Effective, themes: Iterable[str] | None = None) -> None:
    """Say config.toml's unknown theme or binding ids in `effective.errors`; an unknown theme falls
    back to settings.json's, then to the default. `themes`: the app's; else Textual's own."""
    if themes is None:
        from textual.theme import BUILTIN_THEMES

        themes = BUILTIN_THEMES
    known_themes = set(themes)
    if effective["theme"] not in known_themes and effective.written("theme"):
        effective.reject("theme", THEME_EXPECTED)
    if effective["theme"] not in known_themes:
        effective.use_default("theme")  # (settings.json's, from a Textual that had it)
    written = effective.written_keymap()
    if written:
        known = binding_ids(written)
        for ident in written:
            if ident not in known:
                effective.reject_binding(ident, sorted(known))


def binding_ids(wanted: Iterable[str] = ()) -> set[str]:
    """The ids of tdb's key bindings: those of the modules loaded already (at start-up, the screen's and
    the panes'), or, if `wanted` is not among them, of every screen and pane (the dialogs are loaded)."""
    found = _declared(_loaded())
    if set(wanted) <= found:
        return found
    for name in BINDING_PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(info.name)
    return _declared(_loaded())


def _loaded() -> list[ModuleType]:
    return [module for name, module in list(sys.modules.items())
            if name.startswith("tdb.ui.") and isinstance(module, ModuleType)]


def _declared(modules: list[ModuleType]) -> set[str]:
    found: set[str] = set()
    for module in modules:
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__ and "BINDINGS" in vars(value):
                found.update(binding.id for binding in vars(value)["BINDINGS"]
                             if isinstance(binding, Binding) and binding.id)
    return found
