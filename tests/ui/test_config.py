"""config.toml: read, checked (each mistake one line naming the file, the setting and what was expected),
merged over settings.json, and `tdb --config`. The app's side is in test_config_app.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness.debuggee import ROOT
from tdb.ui import config, config_check, settings
from tdb.ui.config import DEFAULT, REMEMBERED, SETTINGS, WRITTEN, merge, parse_config, read_config


def parsed(text: str) -> config.Config:
    return parse_config(textwrap.dedent(text), Path("/cfg/tdb/config.toml"))


def write_config(text: str) -> Path:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def write_settings(data: dict) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


# -- reading config.toml ------------------------------------------------------------------------------


def test_every_setting_is_read_from_its_place() -> None:
    got = parsed("""
        theme = "nord"
        confirm_quit = true
        thread_policy = "all-stop"
        [layout]
        side_width = 40
        console_height = 9
        hidden = ["tasks", "stack", "tasks"]
        [display]
        line_numbers = false
        types = false
        values = "str"
        private_names = false
        dunder_names = true
        page_size = 20
        [keymap]
        next = "f10"
        step = "f11, s"
    """)
    assert got.errors == []
    assert got.values == {"theme": "nord", "confirm_quit": True, "thread_policy": "all-stop",
                          "layout.side_width": 40, "layout.console_height": 9,
                          "layout.hidden": ["stack", "tasks"],  # the panes' order, each once
                          "display.line_numbers": False, "display.types": False, "display.values": "str",
                          "display.private_names": False,
                          "display.dunder_names": True, "display.page_size": 20}
    assert got.keymap == {"next": "f10", "step": "f11, s"}
    assert set(got.values) == {setting.name for setting in SETTINGS}  # (the test covers them all)


def test_a_wrong_type_is_one_line_and_the_rest_of_the_file_applies() -> None:
    got = parsed("""
        confirm_quit = "yes"
        [display]
        page_size = "ten"
        line_numbers = false
        [layout]
        side_width = 90
        hidden = ["tasks", "nothing"]
    """)
    assert got.errors == [
        '/cfg/tdb/config.toml: confirm_quit: expected true or false, got "yes"',
        '/cfg/tdb/config.toml: [display] page_size: expected a whole number from 1 to 10000, got "ten"',
        "/cfg/tdb/config.toml: [layout] side_width: expected a whole number from 15 to 70, got 90",
        '/cfg/tdb/config.toml: [layout] hidden: expected a list of panes, of "variables", "watches", "stack", '
        '"breakpoints", "threads", "tasks", "console", got ["tasks", "nothing"]',
    ]
    assert got.values == {"display.line_numbers": False}


def test_a_whole_number_is_not_a_boolean_nor_a_float() -> None:
    got = parsed("[display]\npage_size = true\n[layout]\nconsole_height = 4.5\n")
    assert [error.partition(": ")[2] for error in got.errors] == [
        "[display] page_size: expected a whole number from 1 to 10000, got true",
        "[layout] console_height: expected a whole number, 3 or more, got 4.5",
    ]


def test_unknown_settings_and_sections_are_named_with_what_was_likely_meant() -> None:
    got = parsed("""
        colour = "red"
        page_size = 50
        [display]
        pagesize = 50
        [colours]
        background = "red"
        [keymap]
        step = 7
    """)
    assert [error.partition(": ")[2] for error in got.errors] == [
        "colour: unknown setting (the settings of the top level: theme, confirm_quit, thread_policy, [layout], "
        "[display], [keymap])",
        "page_size: unknown setting here: it belongs in [display]",
        "[display] pagesize: unknown setting (did you mean page_size?)",
        "[colours]: unknown section (the sections: [layout], [display], [keymap])",
        '[keymap] step: expected keys, Textual\'s names, comma-separated (as "f10" or "ctrl+n,n"), got 7',
    ]
    assert got.values == {} and got.keymap == {}


def test_a_section_that_is_not_a_table_is_named() -> None:
    got = parsed('display = 3\nkeymap = "f10"\n')
    assert [error.partition(": ")[2] for error in got.errors] == [
        "display: expected a table, [display], got 3",
        'keymap: expected a table, [keymap], got "f10"',
    ]


def test_a_toml_syntax_error_names_the_line_and_column_and_none_of_the_file_applies() -> None:
    got = parsed('theme = "nord"\n[display]\npage_size = ten\n')
    assert got.errors == ["/cfg/tdb/config.toml:3:13: not valid TOML: Invalid value; none of it applies"]
    assert got.values == {} and got.keymap == {}


def test_no_config_toml_is_no_error_and_an_unreadable_one_is_said(tmp_path: Path) -> None:
    assert read_config(tmp_path / "none.toml") == config.Config(tmp_path / "none.toml")
    folder = tmp_path / "a folder.toml"
    folder.mkdir()
    got = read_config(folder)
    assert got.found and len(got.errors) == 1 and got.errors[0].startswith(f"{folder}: cannot be read (")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"theme = \"\xff\"\n")
    assert read_config(binary).errors[0].startswith(f"{binary}: cannot be read")


def test_the_file_is_named_with_a_tilde_under_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    got = parse_config("confirm_quit = 1\n", tmp_path / ".config" / "tdb" / "config.toml")
    assert got.errors == ["~/.config/tdb/config.toml: confirm_quit: expected true or false, got 1"]


def test_config_toml_lives_beside_settings_json(_private_settings: Path) -> None:
    assert config.config_path() == _private_settings / "tdb" / "config.toml"


# -- the order: default < settings.json < config.toml --------------------------------------------------


def test_config_toml_wins_over_settings_json_which_wins_over_the_defaults() -> None:
    saved = {"theme": "dracula", "layout": {"side_width": 30, "console_height": None, "hidden": ["stack"]},
             "keys": {"next": "n,f8", "up": "k"}, "all_stop": {"/project": True, "/other": False}}
    written = parsed("""
        theme = "nord"
        [layout]
        hidden = ["tasks"]
        [keymap]
        next = "f10"
    """)
    effective = merge(written, saved, "/project")
    assert (effective["theme"], effective.sources["theme"]) == ("nord", WRITTEN)
    assert (effective["layout.side_width"], effective.sources["layout.side_width"]) == (30, REMEMBERED)
    assert (effective["layout.console_height"], effective.sources["layout.console_height"]) == (None, DEFAULT)
    assert (effective["layout.hidden"], effective.sources["layout.hidden"]) == (["tasks"], WRITTEN)
    assert (effective["thread_policy"], effective.sources["thread_policy"]) == ("all-stop", REMEMBERED)
    assert (effective["display.page_size"], effective.sources["display.page_size"]) == (100, DEFAULT)
    assert effective.keymap == {"next": "f10", "up": "k"}
    assert effective.keymap_sources == {"next": WRITTEN, "up": REMEMBERED}
    assert merge(written, saved, "/other")["thread_policy"] == "non-stop"
    assert merge(written, saved, "/elsewhere").sources["thread_policy"] == DEFAULT
    layout = effective.layout()
    assert (layout.side_width, layout.console_height, layout.hidden) == (30, None, {"tasks"})


def test_what_settings_json_holds_wrongly_is_left_out_unsaid() -> None:
    saved = {"theme": 3, "layout": {"side_width": "wide", "hidden": ["nothing", "stack"]}, "all_stop": ["x"],
             "keys": {"up": 7}}
    effective = merge(parsed(""), saved, "/project")
    assert effective.errors == []
    assert effective.sources == {setting.name: DEFAULT for setting in SETTINGS} | {"layout.hidden": REMEMBERED}
    assert effective["layout.hidden"] == ["stack"]
    assert effective.keymap == {}


def test_the_defaults_are_the_interfaces_own() -> None:
    """Each default is what the pane does without a config: the table says the truth."""
    from textual.app import App

    from tdb.ui.widgets.source import SourceView
    from tdb.ui.widgets.variables import PAGE_SIZE, VariablesTree

    defaults = {setting.name: setting.default for setting in SETTINGS}
    tree = VariablesTree(lambda *_: None)  # type: ignore[arg-type, return-value]
    assert defaults["theme"] == App().theme
    assert defaults["display.line_numbers"] == SourceView().line_numbers
    assert (defaults["display.types"], defaults["display.page_size"]) == (tree.show_types, tree.page_size) \
        == (True, PAGE_SIZE)
    assert (defaults["display.private_names"], defaults["display.dunder_names"]) == (
        VariablesTree.show_private._default, VariablesTree.show_dunder._default)


# -- the names only the interface knows ---------------------------------------------------------------


def test_an_unknown_theme_or_binding_id_is_named_and_the_theme_falls_back() -> None:
    written = parsed("""
        theme = "no-such-theme"
        [keymap]
        nxt = "f10"
        step = "f11"
        help.close = "f1"
    """)
    effective = merge(written, {"theme": "nord"}, "/project")
    config_check.check(effective)
    assert [error.partition(": ")[2] for error in effective.errors] == [
        'theme: expected one of Textual\'s themes (Ctrl-P "Theme" lists them), got "no-such-theme"',
        '[keymap] nxt: no key has this id (did you mean next? the help screen, ?, lists them under "Your own keys")',
    ]
    assert (effective["theme"], effective.sources["theme"]) == ("nord", REMEMBERED)
    gone = merge(parsed('theme = "no-such-theme"'), {"theme": "gone-since"}, "/project")
    config_check.check(gone)
    assert (gone["theme"], gone.sources["theme"]) == ("textual-dark", DEFAULT)


def test_the_binding_ids_config_check_knows_are_every_binding_of_tdb() -> None:
    from tests.ui.test_keymap import every_binding

    assert config_check.binding_ids(["no-such-id"]) == {binding.id for _, binding in every_binding()}


# -- the README --------------------------------------------------------------------------------------


def readme() -> str:
    return (ROOT / "README.md").read_text()


def test_the_readme_s_example_config_toml_has_no_mistakes() -> None:
    example = re.search(r"```toml\n(.*?)```", readme(), re.S)
    assert example is not None
    got = parse_config(example[1], Path("README.md"))
    effective = merge(got, {}, "/project")
    config_check.check(effective)
    assert effective.errors == []
    assert len(got.values) >= 6 and got.keymap


def test_the_readme_lists_every_setting_as_the_table_says() -> None:
    rows = config.readme_rows()
    text = readme()
    assert "\n".join(rows) in text
    assert len(rows) == len(SETTINGS) + 2


# -- tdb --config --------------------------------------------------------------------------------------


def tdb_config(cwd: Path = ROOT, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tdb", "--config", *extra], capture_output=True, text=True,
                          cwd=cwd, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})


def line_of(output: str, start: str) -> str:
    found = [line for line in output.splitlines() if line.startswith(start)]
    assert len(found) == 1, (start, output)
    return re.sub(r" +", " ", found[0])


def test_tdb_config_prints_each_setting_and_where_it_came_from(tmp_path: Path) -> None:
    write_settings({"theme": "dracula", "layout": {"side_width": 30, "console_height": None, "hidden": []},
                    "keys": {"up": "k"}, "all_stop": {str(tmp_path): True}})
    path = write_config("""
        theme = "nord"
        [display]
        line_numbers = false
        page_size = "ten"
        [keymap]
        next = "f10"
    """)
    result = tdb_config(tmp_path)
    assert result.returncode == 1, result.stderr  # a mistake
    out = result.stdout
    assert f"# config.toml:   {path}" in out and f"# settings.json: {settings.settings_path()}" in out
    assert line_of(out, "theme =") == 'theme = "nord" # config.toml'
    assert line_of(out, "confirm_quit =") == "confirm_quit = false # default"
    assert line_of(out, "thread_policy =") == f'thread_policy = "all-stop" # settings.json, for {tmp_path}'
    assert line_of(out, "side_width =") == "side_width = 30 # settings.json"
    assert line_of(out, "console_height =") == "console_height = (automatic) # default"
    assert line_of(out, "line_numbers =") == "line_numbers = false # config.toml"
    assert line_of(out, "page_size =") == "page_size = 100 # default"
    assert line_of(out, "next =") == 'next = "f10" # config.toml'
    assert line_of(out, "up =") == 'up = "k" # settings.json'
    assert out.index("[keymap]") < out.index("1 error (what each names is left out; the rest applies):")
    assert out.endswith(f'  {path}: [display] page_size: expected a whole number from 1 to 10000, got "ten"\n')


def test_tdb_config_with_no_files_says_so_and_imports_no_textual(tmp_path: Path) -> None:
    code = ("import sys; from tdb.cli import main; code = main(['--config']); "
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich')), code)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "(not there)" in line_of(result.stdout, "# config.toml:")
    assert line_of(result.stdout, "theme =") == 'theme = "textual-dark" # default'
    assert result.stdout.endswith("No errors.\n[] 0\n")


def test_tdb_config_checks_the_keymap_s_ids_and_takes_no_arguments(tmp_path: Path) -> None:
    write_config('[keymap]\nnxt = "f10"\n')
    result = tdb_config(tmp_path)
    assert result.returncode == 1
    assert "[keymap] nxt: no key has this id (did you mean next?" in result.stdout
    wrong = tdb_config(tmp_path, "prog.py")
    assert wrong.returncode == 2 and "--config takes nothing more" in wrong.stderr


def test_the_help_names_config_toml_and_tdb_config() -> None:
    from tdb.cli import help_text

    text = help_text()
    assert "tdb --config" in text and "config.toml" in text


@pytest.mark.parametrize("name", [setting.name for setting in SETTINGS])
def test_every_setting_has_help_and_a_default_of_its_own_kind(name: str) -> None:
    setting = config.BY_NAME[name]
    assert setting.help and setting.kind.expected
    assert setting.kind.accepts(setting.default) or (setting.default is None and setting.default_text)
