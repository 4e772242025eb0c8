"""config.toml in the running interface: its keymap rebinds keys, its settings take effect, its mistakes are
said in the console, and a change made in tdb to what it sets lasts for the session."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from tdb.ui import config, settings
from tdb.ui.screens.confirm import ConfirmQuitScreen
from tdb.ui.widgets.source import SourceView
from tdb.ui.widgets.variables import VariablesTree
from tests.ui.test_inspect_panes import expand, labels, names, node
from tests.ui.test_layout import settled, shown

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def said(session) -> str:
    """The console's text, its lines unwrapped."""
    return re.sub(r" *\n *", " ", session.console())


def write_config(text: str) -> Path:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def write_settings(data: dict) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


async def test_a_keymap_entry_rebinds_a_key_and_wins_over_settings_json(ui_program) -> None:
    write_settings({"keys": {"next": "f9", "up": "k"}})
    write_config("""
        [keymap]
        next = "f10"
        source.cursor-down = "j,down"  # an id with a dot: TOML's dotted key, or quoted
    """)
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        source = app.query_one(SourceView)
        start = source.current_line
        for key in ("n", "f9"):  # neither the default key nor settings.json's
            await pilot.press(key)
            await pilot.pause()
            assert source.current_line == start
        await session.press(pilot, "f10")
        assert source.current_line > start
        cursor = source.cursor_line
        await pilot.press("j")
        await pilot.pause()
        assert source.cursor_line == cursor + 1
        await pilot.press("k")  # settings.json's key for Up, config.toml left it
        await session.until(lambda: "Oldest frame" in session.console(), pilot, "k to answer")
        assert "error" not in session.console().lower()


async def test_the_settings_take_effect(ui_program) -> None:
    write_config("""
        [layout]
        hidden = ["stack"]
        [display]
        line_numbers = false
        types = false
        page_size = 3
    """)
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        assert not shown(app, "stack") and shown(app, "variables")
        source = app.query_one(SourceView)
        assert source.gutter_width == 4
        first = "".join(segment.text for segment in source.render_line(0))
        assert first.startswith("  ▶ \"\"\"A small program"), first  # mark, marker, the code: no number
        for key in ("n",) * 6 + ("s", "s", "n", "n"):  # into main, past primes = primes_up_to(limit)
            await session.press(pilot, key)
        assert source.current_line == 26
        assert "limit = 20" in labels(node(app, "Locals"))
        primes = node(app, "Locals", "primes")
        await expand(session, pilot, primes)
        assert names(primes) == ["[0]", "[1]", "[2]"] and labels(primes)[-1] == "… 5 more"
        assert app.query_one(VariablesTree).page_size == 3


async def test_mistakes_are_said_in_the_console_and_the_rest_applies(ui_program) -> None:
    path = write_config("""
        theme = "no-such-theme"
        [display]
        line_numbers = false
        page_size = "ten"
        [keymap]
        nxt = "f10"
    """)
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        console = said(session)
        where = config.shown_path(path)
        assert f'{where}: theme: expected one of Textual\'s themes (Ctrl-P "Theme" lists them), ' \
               'got "no-such-theme"' in console
        assert f'{where}: [display] page_size: expected a whole number from 1 to 10000, got "ten"' in console
        assert f"{where}: [keymap] nxt: no key has this id (did you mean next?" in console
        assert app.query_one(SourceView).gutter_width == 4  # the rest of the file applies
        assert app.theme == "textual-dark"


async def test_a_toml_syntax_error_is_said_with_its_line(ui_program) -> None:
    path = write_config('[display]\nline_numbers = false\npage_size = ten\n')
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        assert f"{config.shown_path(path)}:3:13: not valid TOML: Invalid value; none of it applies" in said(session)
        assert app.query_one(SourceView).line_numbers  # none of it applied


async def test_a_change_in_tdb_to_what_config_toml_sets_lasts_for_the_session(ui_program) -> None:
    write_config('theme = "nord"\n[layout]\nhidden = ["stack"]\n')
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        assert app.theme == "nord"
        app.theme = "dracula"
        await session.until(lambda: "For this session only" in session.console(), pilot, "the note on the theme")
        assert 'sets theme = "nord", which the next start uses' in session.console()
        await pilot.press("S")  # shows the stack pane that config.toml hides
        await session.until(lambda: 'sets layout.hidden = ["stack"]' in session.console(), pilot, "the layout note")
        app.theme = "monokai"  # said once per setting
        await pilot.pause()
        assert session.console().count("For this session only") == 2
    saved = json.loads(settings.settings_path().read_text())  # remembered all the same
    assert saved["theme"] == "monokai" and saved["layout"]["hidden"] == []


async def test_confirm_quit_asks_before_q_ends_the_program(ui_program) -> None:
    write_config("confirm_quit = true\n")
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("q")
        await session.until(lambda: isinstance(app.screen, ConfirmQuitScreen), pilot, "the question")
        await pilot.press("n")
        await session.until(lambda: not isinstance(app.screen, ConfirmQuitScreen), pilot, "the question to go")
        await session.press(pilot, "n")  # still debugging
        assert app.query_one(SourceView).current_line == 3
        await pilot.press("q")
        await session.until(lambda: isinstance(app.screen, ConfirmQuitScreen), pilot, "the question again")
        await pilot.press("y")
        await session.until(lambda: session.program.poll() is not None, pilot, "the program to end")
        await session.until(lambda: app.return_code is not None, pilot, "tdb to leave")


async def test_values_str_shows_each_value_as_print_does(ui_program, tmp_path) -> None:
    program = tmp_path / "greet.py"
    program.write_text('class Point:\n    def __str__(self):\n        return "(1, 2)"\n\n\n'
                       'name = "tdb"\npoint = Point()\nprint(name, point)\n')
    write_config('[display]\nvalues = "str"\n')
    session = ui_program(str(program))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for _ in range(3):  # past name = ..., point = ...
            await session.press(pilot, "n")
        await session.until(lambda: any("point" in label for label in labels(node(app, "Globals"))), pilot,
                            "the globals to show point")
        shown_labels = labels(node(app, "Globals"))
        assert "name: str = tdb" in shown_labels  # (its repr would be 'tdb')
        assert "point: Point = (1, 2)" in shown_labels
