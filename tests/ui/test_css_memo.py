"""Stylesheets parsed once per process (tdb/ui/css_memo.py) and kept on disk for the next cold
interface, and the pre-started server's rehearsal that parses them, among the rest, before it forks
(tdb/ui/rehearsal.py). The memo replaces a method of Textual 8's: the first test fails if it changes."""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys

import pytest

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


# A cold interface's process: what it parsed, and each stylesheet's rules, described whole.
COLD_INTERFACE = """
import hashlib, sys
from tdb.ui import css_memo
from tdb.ui.rehearsal import rehearse
parsed = []
textuals = css_memo._textual_parse_rules
def counted(self, css, read_from, *rest):
    parsed.append(read_from)
    return textuals(self, css, read_from, *rest)
css_memo._textual_parse_rules = counted
css_memo.keep_on_disk()
rehearse()
css_memo.save()
def described(rule):
    return repr((rule.selector_set, sorted(rule.styles._rules.items()), sorted(rule.styles.important), rule.errors,
                 rule.is_default_rules, rule.tie_breaker, sorted(rule.selector_names), sorted(rule.pseudo_classes)))
rules = "\\n".join(described(rule) for key in sorted(css_memo._used, key=repr) for rule in css_memo._parsed[key])
print(len(parsed), len(css_memo._used), hashlib.sha256(rules.encode()).hexdigest())
"""


def cold_interface(tmp_path) -> tuple[int, int, str]:
    """(stylesheets parsed, stylesheets used, a digest of their rules) in a process of its own."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_STATE_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", COLD_INTERFACE], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    parsed, used, digest = done.stdout.split()
    return int(parsed), int(used), digest


def kept_files(tmp_path) -> list:
    return sorted((tmp_path / "cache" / "tdb" / "stylesheets").iterdir())


def test_the_next_cold_interface_reads_what_one_parsed_the_same_rules(tmp_path):
    parsed, used, digest = cold_interface(tmp_path)
    assert parsed == used >= 10
    [kept] = kept_files(tmp_path)
    assert kept.stat().st_mode & 0o777 == 0o600 and kept.parent.stat().st_mode & 0o777 == 0o700
    assert cold_interface(tmp_path) == (0, used, digest)


def test_a_file_others_may_write_is_not_read(tmp_path):
    parsed, used, digest = cold_interface(tmp_path)
    [kept] = kept_files(tmp_path)
    kept.chmod(0o666)
    assert cold_interface(tmp_path) == (used, used, digest)


# What the file may hold instead of what tdb wrote (made from what it wrote: the real keys and rules).
NOT_WHAT_TDB_WROTE = {
    "empty": lambda kept: b"",
    "not a pickle": lambda kept: b"not a pickle",
    "cut short": lambda kept: pickle.dumps(kept)[:-100],
    "another format": lambda kept: pickle.dumps((kept[0] + 1, kept[1])),
    "not rules": lambda kept: pickle.dumps((kept[0], {key: ["not rules"] for key in kept[1]})),
    "not keys": lambda kept: pickle.dumps((kept[0], {str(key): rules for key, rules in kept[1].items()})),
}


@pytest.mark.parametrize("spoil", NOT_WHAT_TDB_WROTE.values(), ids=NOT_WHAT_TDB_WROTE)
def test_a_file_that_is_not_what_tdb_wrote_is_parsed_again_and_replaced(tmp_path, spoil):
    parsed, used, digest = cold_interface(tmp_path)
    [kept] = kept_files(tmp_path)
    kept.write_bytes(spoil(pickle.loads(kept.read_bytes())))
    assert cold_interface(tmp_path) == (used, used, digest)
    assert cold_interface(tmp_path) == (0, used, digest)


def test_nothing_is_kept_where_the_cache_directory_is_not_private(tmp_path):
    (tmp_path / "cache" / "tdb" / "stylesheets").mkdir(parents=True, mode=0o755)
    (tmp_path / "cache" / "tdb" / "stylesheets").chmod(0o755)
    parsed, used, _ = cold_interface(tmp_path)
    assert parsed == used and kept_files(tmp_path) == []
