"""A step's stop is painted in the call that shows it (tdb/ui/paint.py), in one piece, and the panes'
kept styles follow a restyle (widgets/kept_styles.py). Both lean on Textual 8's internals: these
tests fail if those change."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widget import Widget

from tdb.ui.screens.main import DebuggerScreen
from tdb.ui.widgets.stack import StackList
from tdb.ui.widgets.variables import VariablesTree

ROOT = Path(__file__).resolve().parents[2]
PRIMES = str(ROOT / "examples" / "primes.py")
SIZE = (120, 40)


def test_the_textual_internals_paint_now_uses_are_there():
    assert callable(getattr(Screen, "_on_timer_update", None))
    screen = Screen()
    assert isinstance(screen._dirty_widgets, set) and isinstance(screen._layout_required, bool)
    widget = Widget()
    for flag in ("_repaint_required", "_layout_required", "_scroll_required", "_refresh_styles_required"):
        assert isinstance(getattr(widget, flag), bool), flag


def test_the_textual_internals_the_first_paint_uses_are_there():
    """screens/first_paint.py, widgets/variables.py's resize and widgets/source.py's scrollbars."""
    from textual.geometry import Size
    from textual.widgets import Tree

    for name in ("_compositor_refresh", "_screen_resized", "_on_screen_resume", "_refresh_layout"):
        assert callable(getattr(Screen, name, None)), name
    screen = Screen()
    assert isinstance(screen._compositor.size, Size) and not screen._compositor.size
    assert screen._message_queue.empty() and isinstance(screen._repaint_required, bool)
    widget = Widget()
    assert widget._vertical_scrollbar is None and widget._horizontal_scrollbar is None
    assert isinstance(widget.show_vertical_scrollbar, bool) and isinstance(widget.show_horizontal_scrollbar, bool)
    tree = Tree("t")
    assert tree._tree_lines_cached is None and callable(tree._line_cache.grow)
    assert callable(getattr(Tree, "_on_resize", None))


async def test_each_pane_is_styled_once_before_the_first_screen(ui_program, monkeypatch):
    """Textual styles every widget again when a screen resumes; at its first showing that is
    work done twice (screens/first_paint.py). The source is styled again as it takes the focus."""
    from collections import Counter

    from textual.css.stylesheet import Stylesheet

    styled: Counter[str] = Counter()
    textuals = Stylesheet.apply

    def counted(self, node, *args, **kwargs):
        if isinstance(node, Widget) and node.id:
            styled[node.id] += 1
        return textuals(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    session = ui_program(PRIMES, "20")
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        assert styled.pop("source") == 2
        assert set(styled.values()) == {1} and len(styled) >= 10, styled
        assert session.app.query_one("#variables").styles.border_top[0] == "round"  # (its style, once is enough)


LOOP = '''
def work():
    total = 0
    for i in range(100):
        total += i
        half = total // 2
    return total


work()
'''


async def test_a_step_is_painted_in_the_call_that_shows_it(ui_program, write, monkeypatch):
    session = ui_program(str(write("loop.py", LOOP)))
    app = session.app
    painted: list[int] = []
    shown: list[tuple[int, int, list[str]]] = []
    original_display = type(app)._display
    original_show = DebuggerScreen._show_view

    def display(self, screen, renderable):
        painted.append(1)
        return original_display(self, screen, renderable)

    def show_view(self, view):
        before = len(painted)
        original_show(self, view)
        left = [type(widget).__name__ for widget in self.walk_children(Widget) if widget._repaint_required]
        shown.append((before, len(painted), left))

    monkeypatch.setattr(type(app), "_display", display)
    monkeypatch.setattr(DebuggerScreen, "_show_view", show_view)
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for key in ["n", "s"] + ["n"] * 12:  # into work()'s loop, round it: values change, not which there are
            await session.press(pilot, key)
        steps = shown[-4:]
        assert len(steps) == 4
        for before, after, left in steps:
            assert after > before, "the stop was not painted in the call that showed it"
            assert left == [], f"left for a later paint: {left}"
        tree = app.query_one(VariablesTree)
        assert any(str(child.label).startswith("half") for child in tree.root.children[0].children)


async def test_kept_styles_follow_a_theme_change(ui_program):
    session = ui_program(PRIMES, "20")
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        stack = app.query_one(StackList)
        dark = stack.get_component_rich_style("row-list--cursor"), stack.rich_style
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = stack.get_component_rich_style("row-list--cursor"), stack.rich_style
        assert light != dark
        assert light == (Widget.get_component_rich_style(stack, "row-list--cursor"), Widget.rich_style.fget(stack))


async def test_render_changed_writes_what_textuals_own_render_would(ui_program, write):
    """The rows paint.render_changed asks for make the same bytes as Textual's render of the same regions:
    a step's own regions, every row, and boxes across panes."""
    import random

    from textual.geometry import Region

    from tdb.ui.paint import render_changed

    session = ui_program(str(write("loop.py", LOOP)))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        for key in ["n", "s", "n", "n"]:
            await session.press(pilot, key)
        compositor = app.screen._compositor
        width, height = SIZE
        rng = random.Random(14)
        cases = [[Region(0, y, width, 1)] for y in range(height)]
        screen = Region(0, 0, width, height)  # (Textual's regions are clipped to the screen: update_widgets)
        cases += [[Region(x, y, w, h).intersection(screen) for x, y, w, h in
                   ((rng.randrange(width), rng.randrange(height), rng.randrange(1, 40), rng.randrange(1, 6))
                    for _ in range(rng.randrange(1, 5)))] for _ in range(60)]
        cases.append([Region(1, 6, 50, 1), Region(0, height - 3, width, 1), Region(80, 4, 40, 1)])
        for regions in cases:
            ours = render_changed(compositor, regions)
            compositor._dirty_regions.update(regions)
            theirs = compositor.render_update()
            assert ours is not None and theirs is not None
            assert ours.render_segments(app.console) == theirs.render_segments(app.console), regions


async def test_a_step_says_stepping_at_once_then_paints_its_stop(ui_program, write, monkeypatch):
    from tdb.ui.widgets.status import StatusLine

    session = ui_program(str(write("loop.py", LOOP)))
    app = session.app
    shown: list[tuple[str, str]] = []
    original = StatusLine.show

    def show(self, text, kind):
        shown.append((text, kind))
        return original(self, text, kind)

    monkeypatch.setattr(StatusLine, "show", show)
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        shown.clear()
        await session.press(pilot, "n")
        assert shown[0] == ("stepping…", "running")
        assert shown[-1][1] == "stopped" and "loop.py:" in shown[-1][0]
        assert app.query_one(StatusLine).kind == "stopped"


async def test_painting_only_one_widget_leaves_the_others_to_textual(ui_program, write, monkeypatch):
    from tdb.ui.paint import paint_now
    from tdb.ui.widgets.source import SourceView
    from tdb.ui.widgets.status import StatusLine

    session = ui_program(str(write("loop.py", LOOP)))
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        rendered: list[list[str]] = []
        original = Widget.render_lines

        def render_lines(self, crop):
            rendered[-1].append(type(self).__name__)
            return original(self, crop)

        monkeypatch.setattr(Widget, "render_lines", render_lines)
        status, source = app.query_one(StatusLine), app.query_one(SourceView)
        status.show("stepping…", "running")
        source.refresh()
        rendered.append([])
        assert paint_now(app.screen, only=status)
        assert rendered[-1] == ["StatusLine"]
        assert not status._repaint_required and source._repaint_required
        await pilot.pause()
        assert not source._repaint_required  # (Textual painted it at its pace)



async def test_a_repainted_row_is_the_row_in_view_not_the_scrollbar_beside_it():
    """Textual's refresh_line marks a row as wide as the pane's content, which takes in the vertical
    scrollbar beside it: a step rendered the scrollbar's rows too (widgets/repaint.py)."""
    from textual.app import App, ComposeResult

    from tdb.ui.widgets.repaint import refresh_rows
    from tdb.ui.widgets.source import SourceView

    class Pane(App[None]):
        def compose(self) -> ComposeResult:
            yield SourceView()

    app = Pane()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(SourceView)
        view.load("long.py", "\n".join(f"a{k} = {k}  # " + "x" * 100 for k in range(80)) + "\n")
        await pilot.pause()
        assert view.show_vertical_scrollbar
        compositor = app.screen._compositor
        compositor._dirty_regions.clear()
        refresh_rows(view, [3])
        compositor.update_widgets({view})
        in_view = view.scrollable_content_region
        assert compositor._dirty_regions and all(in_view.contains_region(region)
                                                 for region in compositor._dirty_regions), compositor._dirty_regions
