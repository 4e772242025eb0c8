"""The user's own keys: every binding has an id, and settings.json's "keys" rebinds it (Textual's keymap)."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

from textual.binding import Binding

import tdb.ui
from tdb.ui import settings
from tdb.ui.screens.help import HelpScreen
from tdb.ui.widgets.key_bar import KeyBar
from tdb.ui.widgets.source import SourceView
from tests.ui.test_help import help_lines, open_help

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def every_binding() -> list[tuple[str, Binding]]:
    """(class, binding) for each binding declared by a class of tdb.ui."""
    found = []
    for module_info in pkgutil.walk_packages(tdb.ui.__path__, "tdb.ui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and "BINDINGS" in vars(value):
                found += [(value.__qualname__, binding) for binding in vars(value)["BINDINGS"]]
    return found


def test_every_binding_of_tdb_has_an_id_of_its_own() -> None:
    bindings = every_binding()
    assert len(bindings) > 40  # the walk found the screens and the widgets
    assert [(owner, binding.action) for owner, binding in bindings if not binding.id] == []
    idents = [binding.id for _, binding in bindings]
    assert sorted({ident for ident in idents if idents.count(ident) > 1}) == []


def write_settings(data: dict) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


async def test_keys_from_the_settings_rebind_n_and_survive_the_next_save(ui_program) -> None:
    write_settings({"keys": {"next": "f10", "source.cursor-down": "j,down", "nothing.such": "f3", "up": 7}})
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        source = app.query_one(SourceView)
        start = source.current_line
        await pilot.press("n")  # no longer Next
        await pilot.pause()
        assert source.current_line == start
        await session.press(pilot, "f10")
        assert source.current_line > start
        cursor = source.cursor_line
        await pilot.press("j")
        await pilot.pause()
        assert source.cursor_line == cursor + 1
        await pilot.press("u")  # a value that is not a string is left out: u is still Up
        await session.until(lambda: "Oldest frame" in session.console(), pilot, "u to answer")
        # The key bar and the help screen show the user's key.
        hints, _palette = app.screen.query_one(KeyBar).hints()
        assert ("f10", "Next") in [(hint.key, hint.description) for hint in hints]
        await open_help(session, pilot, "question_mark")
        lines = help_lines(app)
        assert any(line.startswith("f10 Next") for line in lines), lines
        assert any(line.startswith("j ↓ Cursor down") for line in lines)
        names = " ".join(lines[lines.index("Your own keys"):]).split()  # the ids one can rebind
        assert {"next", "step", "source.cursor-down", "watches.add", "command-line.complete"} <= set(names)
        await pilot.press("escape")
        await session.until(lambda: not isinstance(app.screen, HelpScreen), pilot, "the help screen to close")
        app.theme = "solarized-light"  # a change the app saves
        await session.until(lambda: json.loads(settings.settings_path().read_text()).get("theme") == "solarized-light",
                            pilot, "the theme to be saved")
    saved = json.loads(settings.settings_path().read_text())
    assert saved["keys"] == {"next": "f10", "source.cursor-down": "j,down", "nothing.such": "f3", "up": 7}
