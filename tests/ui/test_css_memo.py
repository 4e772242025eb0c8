"""Stylesheets parsed once per process (tdb/ui/css_memo.py), and the pre-started server's rehearsal
that parses them, among the rest, before it forks (tdb/ui/rehearsal.py). The memo replaces a method
of Textual 8's: the first test fails if it changes."""

from __future__ import annotations

import inspect
import subprocess
import sys

from textual.css.stylesheet import Stylesheet

from tdb.ui import css_memo
from tdb.ui.app import TdbApp

from .test_paint import ROOT

SIZE = (80, 24)


def test_the_memo_replaces_textuals_parse_of_one_stylesheet():
    assert list(inspect.signature(css_memo._textual_parse_rules).parameters) == \
        ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    assert Stylesheet._parse_rules is css_memo._parse_rules  # (installed with the app)


async def test_a_second_app_parses_nothing_a_first_one_parsed(monkeypatch):
    parsed: list[object] = []
    textuals = css_memo._textual_parse_rules

    def counted(self, css, read_from, *rest):
        parsed.append(read_from)
        return textuals(self, css, read_from, *rest)

    monkeypatch.setattr(css_memo, "_textual_parse_rules", counted)
    monkeypatch.setattr(css_memo, "_parsed", {})
    after_each = []
    for _ in range(2):
        app = TdbApp(None, owns_program_terminal=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.query_one("#source").styles.border_top[0] == "round"  # (app.tcss applied)
        after_each.append(len(parsed))
    assert after_each[0] >= 10, parsed  # app.tcss and the widgets' own
    assert after_each[1] == after_each[0], parsed[after_each[0]:]


async def test_each_theme_gets_its_own_colours_back():
    app = TdbApp(None, owns_program_terminal=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        source = app.query_one("#source")
        colours = []
        for theme in ("textual-dark", "textual-light", "textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            colours.append(source.styles.background)
        assert colours[0] != colours[1]
        assert colours[2:] == colours[:2]


def test_the_rehearsal_parses_the_stylesheets_and_leaves_no_thread(tmp_path):
    """It runs in the server before it forks (a fork copies one thread only): in a process of its own here."""
    code = ("import threading; from tdb.ui.rehearsal import rehearse; from tdb.ui import css_memo; "
            "rehearse(); print(len(css_memo._parsed), threading.active_count())")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_STATE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    parsed, threads = map(int, done.stdout.split())
    assert parsed >= 10 and threads == 1, done.stdout
    assert not (tmp_path / "tdb").exists() or not any((tmp_path / "tdb").rglob("*.log")), "the rehearsal logged"
