"""The layout: pane focus keys, hiding panes, resizing the side column and the console, and the
theme and layout remembered between sessions (in the test's own XDG_CONFIG_HOME, tests/conftest.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.command import CommandPalette

from tdb.ui import layout, settings
from tdb.ui.layout import PaneLayout
from tdb.ui.widgets.source import SourceView
from harness import scenarios

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)
SMALL = (80, 24)


def saved() -> dict:
    return json.loads(settings.settings_path().read_text())


def shown(app, name: str) -> bool:
    """The pane takes room on the screen (not hidden by the user, nor by the stylesheet)."""
    pane = app.query_one(f"#{name}")
    return pane.display and pane.region.area > 0 and all(ancestor.display for ancestor in pane.ancestors[:-1])


async def settled(pilot) -> None:
    """Styles and layout follow class changes at the next refresh."""
    await pilot.pause()
    await pilot.pause()


# -- focus keys ------------------------------------------------------------------------


@pytest.mark.parametrize("key, pane", [("V", "variables"), ("S", "stack"), ("K", "console")])
async def test_focus_keys_move_the_focus_to_their_pane(ui_program, key, pane):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(key)
        await session.until(lambda: app.focused is app.query_one(f"#{pane}"), pilot, f"the focus on #{pane}")
        # n still steps from a pane, and the pane keeps the focus.
        await session.press(pilot, "n")
        assert app.query_one(SourceView).current_line == 3
        assert app.focused is app.query_one(f"#{pane}")


async def test_W_shows_the_empty_watches_pane_while_it_has_the_focus(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        assert not shown(app, "watches")  # no watch yet: the pane steps aside
        await pilot.press("W")
        await session.until(lambda: app.focused is app.query_one("#watches"), pilot, "the focus on #watches")
        assert shown(app, "watches")
        await session.press(pilot, "n")  # a stop with still no watch: it stays while focused
        await settled(pilot)
        assert shown(app, "watches")
        await pilot.press("escape")  # and steps aside again once left
        await session.until(lambda: isinstance(app.focused, SourceView), pilot, "the focus back on the source")
        await settled(pilot)
        assert not shown(app, "watches")


@pytest.mark.parametrize("key, pane", [("B", "breakpoints"), ("T", "threads")])
async def test_focus_keys_of_the_other_side_panes(ui_program, key, pane):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press(key)
        await session.until(lambda: app.focused is app.query_one(f"#{pane}"), pilot, f"the focus on #{pane}")
        assert shown(app, pane)


async def test_escape_from_a_pane_gives_the_source_the_focus(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("V")
        await session.until(lambda: app.focused is app.query_one("#variables"), pilot, "the focus on #variables")
        await pilot.press("escape")
        await session.until(lambda: isinstance(app.focused, SourceView), pilot, "the focus back on the source")


# -- hiding panes --------------------------------------------------------------------------


async def run_from_palette(session, pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    await session.until(lambda: isinstance(session.app.screen, CommandPalette), pilot, "the palette")
    await pilot.press(*name)
    await session.until(lambda: _best_match(session.app) == name, pilot, f"{name!r} as the best match")
    await pilot.press("enter")
    await session.until(lambda: not isinstance(session.app.screen, CommandPalette), pilot, "the palette to close")
    await settled(pilot)


def _best_match(app) -> str:
    from textual.command import CommandList

    commands = app.screen.query(CommandList)
    if not commands or not commands.first().option_count:
        return ""
    return str(commands.first().get_option_at_index(0).hit.text)


async def test_palette_hides_a_pane_and_its_focus_key_shows_it_again(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        assert shown(app, "stack")
        stack_height = app.query_one("#stack").region.height
        await run_from_palette(session, pilot, "Toggle Stack pane")
        assert not shown(app, "stack")
        # The room goes to the panes that stay.
        assert app.query_one("#variables").region.height > stack_height
        assert saved()["layout"]["hidden"] == ["stack"]
        await session.press(pilot, "n")  # a stop does not bring it back
        await settled(pilot)
        assert not shown(app, "stack")
        await pilot.press("S")
        await session.until(lambda: app.focused is app.query_one("#stack"), pilot, "the focus on #stack")
        assert shown(app, "stack")
        assert saved()["layout"]["hidden"] == []


async def test_toggling_twice_shows_the_pane_again(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await run_from_palette(session, pilot, "Toggle Console")
        assert not shown(app, "console")
        assert app.query_one(SourceView).region.height > 30  # the source takes the room
        await run_from_palette(session, pilot, "Toggle Console")
        assert shown(app, "console")


async def test_hiding_the_focused_pane_gives_the_source_the_focus(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("V")
        await session.until(lambda: app.focused is app.query_one("#variables"), pilot, "the focus on #variables")
        await app.main_screen.run_action("toggle_pane('variables')")
        await settled(pilot)
        assert isinstance(app.focused, SourceView)
        assert not shown(app, "variables")


async def test_hiding_every_side_pane_gives_the_source_the_whole_width(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        present = [name for name in layout.SIDE_PANES if app.query(f"#{name}")]
        for name in present:
            await app.main_screen.run_action(f"toggle_pane('{name}')")
        await settled(pilot)
        assert not app.query_one("#side").display
        assert app.query_one(SourceView).outer_size.width == SIZE[0]
        await pilot.press("V")  # one pane back brings the column back
        await session.until(lambda: app.focused is app.query_one("#variables"), pilot, "the focus on #variables")
        assert shown(app, "variables")
        assert app.query_one(SourceView).outer_size.width < SIZE[0]


async def test_an_unknown_pane_is_a_message_not_a_crash(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await app.main_screen.run_action("toggle_pane('nosuch')")
        await app.main_screen.run_action("focus_pane('nosuch')")
        await settled(pilot)
        assert session.console().count("there is no nosuch pane") == 2


# -- resizing ------------------------------------------------------------------------------


async def test_brackets_narrow_and_widen_the_side_column_within_limits(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        side = app.query_one("#side")
        start = side.outer_size.width
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert side.outer_size.width > start
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settled(pilot)
        assert side.outer_size.width < start
        assert saved()["layout"]["side_width"] == app.main_screen.pane_layout.side_width
        for _ in range(30):  # far past the limit: it stops there, readable
            await pilot.press("left_square_bracket")
        await settled(pilot)
        assert app.main_screen.pane_layout.side_width == layout.SIDE_MIN
        assert side.outer_size.width >= 24  # the stylesheet's min-width
        for _ in range(30):
            await pilot.press("right_square_bracket")
        await settled(pilot)
        assert app.main_screen.pane_layout.side_width == layout.SIDE_MAX
        assert app.query_one(SourceView).outer_size.width >= SIZE[0] * (100 - layout.SIDE_MAX) // 100


async def test_braces_shrink_and_grow_the_console_within_limits(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        console = app.query_one("#console")
        start = console.outer_size.height
        await pilot.press("right_curly_bracket")
        await settled(pilot)
        assert console.outer_size.height == start + layout.CONSOLE_STEP
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        await settled(pilot)
        assert console.outer_size.height == start - layout.CONSOLE_STEP
        for _ in range(30):
            await pilot.press("left_curly_bracket")
        await settled(pilot)
        assert console.outer_size.height == layout.CONSOLE_MIN
        for _ in range(30):
            await pilot.press("right_curly_bracket")
        await settled(pilot)
        # The source keeps its rows: status, command line and footer below, MAIN_MIN above.
        assert console.outer_size.height == SIZE[1] - 3 - layout.MAIN_MIN
        assert app.query_one(SourceView).outer_size.height == layout.MAIN_MIN
        assert saved()["layout"]["console_height"] == console.outer_size.height


async def test_a_tall_console_gives_way_on_a_smaller_screen(ui_program):
    settings.save({"layout": {"console_height": 30}})
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SMALL) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        assert app.query_one("#console").outer_size.height == SMALL[1] - 3 - layout.MAIN_MIN
        assert app.query_one(SourceView).outer_size.height == layout.MAIN_MIN


# -- settings between sessions ---------------------------------------------------------------


async def test_theme_and_layout_are_remembered_by_the_next_session(ui_program):
    first = ui_program(PRIMES, "20")
    async with first.app.run_test(size=SIZE) as pilot:
        await first.next_screen(pilot)
        first.app.theme = "solarized-light"
        await pilot.press("left_square_bracket", "right_curly_bracket")
        await first.app.main_screen.run_action("toggle_pane('stack')")
        await settled(pilot)
        await first.until(lambda: settings.settings_path().exists() and saved().get("theme") == "solarized-light",
                          pilot, "the theme to be saved")
        side, console = first.app.main_screen.pane_layout.side_width, first.app.main_screen.pane_layout.console_height
    second = ui_program(PRIMES, "20")
    async with second.app.run_test(size=SIZE) as pilot:
        await second.next_screen(pilot)
        await settled(pilot)
        app = second.app
        assert app.theme == "solarized-light"
        assert app.main_screen.pane_layout == PaneLayout(side_width=side, console_height=console, hidden={"stack"})
        assert not shown(app, "stack")
        assert app.query_one("#console").outer_size.height == console


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"theme": "no-such-theme", "layout": "wide"}',
                                     '{"theme": 3, "layout": {"side_width": "x", "console_height": -4, "hidden": 5}}',
                                     "\udcff"])
async def test_a_corrupt_settings_file_is_ignored(ui_program, content):
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        assert app.theme == "textual-dark"
        assert app.main_screen.pane_layout.hidden == set() and app.main_screen.pane_layout.side_width is None
        assert app.main_screen.pane_layout.console_height in (None, layout.CONSOLE_MIN)
        assert shown(app, "variables") and shown(app, "stack") and shown(app, "console")
        # The next change writes a good file over it.
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert saved()["layout"]["side_width"] == app.main_screen.pane_layout.side_width


async def test_an_unwritable_settings_place_is_one_line_in_the_console(ui_program, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked))
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await pilot.press("right_square_bracket")
        await session.until(lambda: "settings not saved" in session.console(), pilot, "the error")
        await session.press(pilot, "n")  # and the session goes on


def test_settings_path_follows_xdg_and_ignores_a_relative_one(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings.settings_path() == tmp_path / "tdb" / "settings.json"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for value in ("relative/dir", ""):
        monkeypatch.setenv("XDG_CONFIG_HOME", value)
        assert settings.settings_path() == tmp_path / "home" / ".config" / "tdb" / "settings.json"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert settings.settings_path() == tmp_path / "home" / ".config" / "tdb" / "settings.json"


def test_save_then_load_round_trips_and_leaves_no_temporary_file():
    assert settings.load() == {}
    assert settings.save({"theme": "nord", "layout": {"hidden": ["stack"]}}) is None
    assert settings.load() == {"theme": "nord", "layout": {"hidden": ["stack"]}}
    assert os.listdir(settings.settings_path().parent) == ["settings.json"]


def test_pane_layout_clamps_what_it_reads():
    assert PaneLayout.from_json({"side_width": 500, "console_height": 1, "hidden": ["stack", "bogus", 3]}) == \
        PaneLayout(side_width=layout.SIDE_MAX, console_height=layout.CONSOLE_MIN, hidden={"stack"})
    assert PaneLayout.from_json({"side_width": True}) == PaneLayout()


# -- pictures ----------------------------------------------------------------------------------


@pytest.fixture
def _from_the_project_root(monkeypatch):
    monkeypatch.chdir(scenarios.ROOT)


def test_layout_at_80x24(snap_compare, ui_program, _from_the_project_root):
    """The smallest usual terminal: compact side panes, a short console, the source the widest."""
    session = ui_program("examples/primes.py", "20")
    assert snap_compare(session.app, terminal_size=SMALL,
                        run_before=lambda pilot: scenarios.main_screen(session, pilot))


# -- themes ------------------------------------------------------------------------------------


async def test_the_code_colours_follow_a_light_or_dark_theme(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        source = app.query_one(SourceView)
        assert source._syntax_name == "monokai"
        for theme, style in [("textual-light", "default"), ("solarized-light", "solarized-light"),
                             ("nord", "nord"), ("textual-dark", "monokai")]:
            app.theme = theme
            await session.until(lambda: source._syntax_name == style, pilot, f"the {style} colours under {theme}")


@pytest.mark.parametrize("size, height_class", [(SIZE, "-tall"), (SMALL, "-short")])
async def test_the_height_class_is_there_before_the_first_layout(ui_program, size, height_class):
    # Set at compose, not at Textual's first resize (which would style every widget a second time).
    session = ui_program(PRIMES, "20")
    seen_at_mount: list[set[str]] = []

    class Probe(type(session.app.main_screen)):
        def on_mount(self) -> None:  # runs before DebuggerScreen.on_mount, before any layout
            seen_at_mount.append(set(self.classes))

    app = session.app
    app.main_screen.__class__ = Probe
    async with app.run_test(size=size) as pilot:
        await session.next_screen(pilot)
        assert height_class in app.screen.classes
    assert seen_at_mount and height_class in seen_at_mount[0]


async def test_a_change_of_focus_restyles_the_panes_it_concerns_not_the_screen(ui_program, monkeypatch):
    # A `*:focus-within` rule used to make Textual restyle every widget at every change of focus.
    from textual.css.stylesheet import Stylesheet

    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await settled(pilot)
        restyled: list = []
        original = Stylesheet.update_nodes

        def counting(self, nodes, animate=False):
            nodes = list(nodes)
            restyled.extend(nodes)
            return original(self, nodes, animate)

        monkeypatch.setattr(Stylesheet, "update_nodes", counting)
        await pilot.press("V")
        await session.until(lambda: app.focused is app.query_one("#variables"), pilot, "the focus on #variables")
        await settled(pilot)
        assert app.query_one("#source") in restyled and app.query_one("#variables") in restyled
        assert app.screen not in restyled
        assert len(set(restyled)) <= 6, sorted({type(node).__name__ for node in restyled})
