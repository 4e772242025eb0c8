"""tdb's settings, in one table (SETTINGS): the user's config.toml over what tdb remembers.

Where a setting's value comes from, the weakest first:

1. its default (SETTINGS);
2. settings.json: what tdb remembers (settings.py), the theme and layout last chosen in
   tdb and the thread policy last chosen in each project. tdb writes it;
3. config.toml: what the user wrote, `$XDG_CONFIG_HOME/tdb/config.toml` (else
   `~/.config/tdb/config.toml`), read with tomllib. tdb never writes it, and what it sets wins:
   a change made in tdb to a setting config.toml sets lasts for the session (tdb says so).

The keymap (binding id -> keys) is merged the same way: settings.json's `keys`, then config.toml's
`[keymap]`, entry by entry.

A mistake in config.toml is one line naming the file, the setting and what was expected (an
unknown setting, a value of the wrong type, a TOML syntax error with its line and column); the
rest of the file applies, except after a syntax error (tomllib reads a file whole or not at all):
then none of it does. The names only the interface knows (Textual's themes, the bindings' ids)
are checked by config_check.py, which imports Textual; this module does not, so that
`tdb --config` answers at once.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import settings
from .layout import CONSOLE_MIN, PANES, SIDE_MAX, SIDE_MIN, PaneLayout

if TYPE_CHECKING:
    import tomllib

DEFAULT = "default"
REMEMBERED = "settings.json"
WRITTEN = "config.toml"


@dataclass(frozen=True)
class Kind:
    """What a setting's value may be: `expected` says it in an error, `accepts` checks it."""

    expected: str
    accepts: Callable[[Any], bool]
    normal: Callable[[Any], Any] = lambda value: value  # an accepted value as tdb keeps it


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def whole(low: int, high: int | None = None) -> Kind:
    expected = f"a whole number from {low} to {high}" if high is not None else f"a whole number, {low} or more"
    return Kind(expected, lambda value: _is_int(value) and low <= value and (high is None or value <= high))


def one_of(*choices: str) -> Kind:
    return Kind("one of " + ", ".join(f'"{choice}"' for choice in choices),
                lambda value: isinstance(value, str) and value in choices)


BOOL = Kind("true or false", lambda value: isinstance(value, bool))
NAME = Kind("a name, as a string", lambda value: isinstance(value, str) and bool(value.strip()))
PANE_LIST = Kind("a list of panes, of " + ", ".join(f'"{pane}"' for pane in PANES),
                 lambda value: isinstance(value, list) and all(isinstance(item, str) and item in PANES
                                                                for item in value),
                 lambda value: [pane for pane in PANES if pane in value])  # (in order, each once)
# Textual's key names, comma-separated: "f10", "ctrl+n,n".
KEYS = Kind('keys, Textual\'s names, comma-separated (as "f10" or "ctrl+n,n")',
            lambda value: isinstance(value, str) and all(part.strip() and " " not in part.strip()
                                                          for part in value.split(",")))


@dataclass(frozen=True)
class Setting:
    name: str  # as config.toml spells it: "theme", or "section.key" for a key of [section]
    kind: Kind
    default: Any
    help: str
    default_text: str = ""  # how `tdb --config` shows a default that TOML cannot write (None)

    @property
    def section(self) -> str:
        return self.name.rpartition(".")[0]

    @property
    def key(self) -> str:
        return self.name.rpartition(".")[2]


# Every setting, once: the validation, `tdb --config`, the app and the README read this table.
SETTINGS: tuple[Setting, ...] = (
    Setting("theme", NAME, "textual-dark", 'the colours: one of Textual\'s themes (Ctrl-P "Theme" lists them)'),
    Setting("confirm_quit", BOOL, False, '`q` asks "Quit? y/n" before it ends a program that still runs'),
    Setting("thread_policy", one_of("non-stop", "all-stop"), "non-stop",
            "when a thread stops, the others run on (non-stop) or stop too (all-stop)"),
    Setting("layout.side_width", whole(SIDE_MIN, SIDE_MAX), None,
            "the side column's width, in percent of the screen", "(automatic)"),
    Setting("layout.console_height", whole(CONSOLE_MIN), None,
            "the console's height in rows, its border included", "(automatic)"),
    Setting("layout.hidden", PANE_LIST, [], "the panes hidden at start (a pane's key shows it again)"),
    Setting("display.line_numbers", BOOL, True, "line numbers in the source pane"),
    Setting("display.types", BOOL, True, "the type (and length) of each variable before its value"),
    Setting("display.values", one_of("repr", "str"), "repr",
            "what a variable shows of its value: its repr, as pdb's `p` (repr), or its str, as print() (str)"),
    Setting("display.private_names", BOOL, True, "`_private` names in the variables pane (`p` shows or hides them)"),
    Setting("display.dunder_names", BOOL, False, "`__dunder__` names in the variables pane (`D` shows or hides them)"),
    Setting("display.page_size", whole(1, 10000), 100,
            'how many items of a value the variables pane fetches at a time (expanding it, or its "… more" row)'),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}
SECTIONS = ("layout", "display")  # and [keymap]
KEYMAP = "keymap"


def config_path() -> Path:
    return settings.settings_path().with_name("config.toml")


def shown_path(path: Path | str) -> str:
    """A path as the user would type it: ~ for the home directory."""
    text, home = str(path), os.path.expanduser("~")
    return "~" + text[len(home):] if home not in ("", "/") and text.startswith(home + os.sep) else text


def toml_text(value: Any) -> str:
    """A value as TOML writes it (what an error says it got, what `tdb --config` shows)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "a table"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


# -- config.toml ------------------------------------------------------------------------------


@dataclass
class Config:
    """What config.toml sets (only what it sets rightly), and its mistakes."""

    path: Path
    found: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # setting name -> value
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    errors: list[str] = field(default_factory=list)


def read_config(path: Path | None = None) -> Config:
    """config.toml, read and checked; a file that is not there is no error."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return Config(path, True, errors=[f"{shown_path(path)}: cannot be read ({reason}); none of it applies"])
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    import tomllib  # (only with a config file: 2 ms of a first screen without one)

    config = Config(path, True)
    where = shown_path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.errors.append(f"{where}:{_syntax_error(error)}; none of it applies")
        return config
    for key, value in data.items():
        if key == KEYMAP:
            _read_keymap(config, where, value)
        elif key in SECTIONS:
            if not isinstance(value, dict):
                config.errors.append(f"{where}: {key}: expected a table, [{key}], got {toml_text(value)}")
                continue
            for inner, inner_value in value.items():
                _read_value(config, where, f"{key}.{inner}", inner_value)
        elif isinstance(value, dict) and key not in BY_NAME:
            config.errors.append(f"{where}: [{key}]: {_unknown_section(key)}")
        else:
            _read_value(config, where, key, value)
    return config


def _syntax_error(error: tomllib.TOMLDecodeError) -> str:
    """`3:7: not valid TOML: Invalid value` from tomllib's `Invalid value (at line 3, column 7)`."""
    found = re.fullmatch(r"(?s)(.*) \(at line (\d+), column (\d+)\)", str(error))
    if found:
        return f"{found[2]}:{found[3]}: not valid TOML: {found[1]}"
    return f" not valid TOML: {error}"


def _read_value(config: Config, where: str, name: str, value: Any) -> None:
    setting = BY_NAME.get(name)
    if setting is None:
        config.errors.append(f"{where}: {_spelled(name)}: {_unknown(name)}")
    elif not setting.kind.accepts(value):
        config.errors.append(f"{where}: {_spelled(name)}: expected {setting.kind.expected}, got {toml_text(value)}")
    else:
        config.values[name] = setting.kind.normal(value)


def _read_keymap(config: Config, where: str, value: Any) -> None:
    if not isinstance(value, dict):
        config.errors.append(f"{where}: {KEYMAP}: expected a table, [{KEYMAP}], got {toml_text(value)}")
        return
    for ident, keys in _flat(value):
        if KEYS.accepts(keys):
            config.keymap[ident] = keys
        else:
            config.errors.append(f"{where}: [{KEYMAP}] {ident}: expected {KEYS.expected}, got {toml_text(keys)}")


def _flat(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """A keymap's entries: `source.cursor-down = "j"` is TOML's table {"source": {"cursor-down": "j"}}; an id
    with a dot may be written so, or quoted."""
    entries: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            entries += _flat(value, f"{prefix}{key}.")
        else:
            entries.append((f"{prefix}{key}", value))
    return entries


def _spelled(name: str) -> str:
    """`[display] page_size` as the file has it; a key of the top level as itself."""
    section, _, key = name.rpartition(".")
    return f"[{section}] {key}" if section else key


def _unknown(name: str) -> str:
    """Why a name is not a setting, and which one was likely meant."""
    section, _, key = name.rpartition(".")
    elsewhere = [setting for setting in SETTINGS if setting.key == key and setting.section != section]
    if elsewhere:
        return f"unknown setting here: it belongs in {_place(elsewhere[0].section)}"
    here = [setting.key for setting in SETTINGS if setting.section == section]
    close = difflib.get_close_matches(key, here, n=1)
    if close:
        return f"unknown setting (did you mean {close[0]}?)"
    tables = [] if section else [f"[{table}]" for table in (*SECTIONS, KEYMAP)]
    return f"unknown setting (the settings of {_place(section)}: " + ", ".join([*here, *tables]) + ")"


def _place(section: str) -> str:
    return f"[{section}]" if section else "the top level"


def _unknown_section(section: str) -> str:
    tables = [f"[{table}]" for table in (*SECTIONS, KEYMAP)]
    close = difflib.get_close_matches(section, [*SECTIONS, KEYMAP], n=1)
    hint = f"did you mean [{close[0]}]? " if close else ""
    return f"unknown section ({hint}the sections: {', '.join(tables)})"


# -- settings.json ------------------------------------------------------------------------------


def remembered(data: dict[str, Any], project: str) -> dict[str, Any]:
    """The settings tdb remembered, by setting name; what is unexpected there is left out, unsaid
    (tdb wrote that file: the user is not told about its insides)."""
    found: dict[str, Any] = {}
    if NAME.accepts(data.get("theme")):
        found["theme"] = data["theme"]
    chosen = data.get("layout")
    if isinstance(chosen, dict):
        kept = PaneLayout.from_json(chosen)
        for key, value in (("side_width", kept.side_width), ("console_height", kept.console_height)):
            if value is not None:
                found[f"layout.{key}"] = value
        if isinstance(chosen.get("hidden"), list):
            found["layout.hidden"] = [pane for pane in PANES if pane in kept.hidden]
    policy = data.get("all_stop")
    if isinstance(policy, dict) and isinstance(policy.get(project), bool):
        found["thread_policy"] = "all-stop" if policy[project] else "non-stop"
    return found


# -- both -------------------------------------------------------------------------------------------


@dataclass
class Effective:
    """Every setting's value and where it came from (DEFAULT, REMEMBERED or WRITTEN), the keymap
    likewise, and config.toml's mistakes."""

    config: Config
    values: dict[str, Any]
    sources: dict[str, str]
    keymap: dict[str, str]
    keymap_sources: dict[str, str]
    project: str = ""
    _remembered: dict[str, Any] = field(default_factory=dict, repr=False)  # settings.json's, by setting

    @property
    def errors(self) -> list[str]:
        return self.config.errors

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def written(self, name: str) -> bool:
        """config.toml sets it: a change made in tdb does not last."""
        return self.sources.get(name) == WRITTEN

    def written_keymap(self) -> list[str]:
        """The binding ids config.toml's [keymap] names."""
        return [ident for ident, source in self.keymap_sources.items() if source == WRITTEN]

    def layout(self) -> PaneLayout:
        return PaneLayout(self["layout.side_width"], self["layout.console_height"], set(self["layout.hidden"]))

    def reject(self, name: str, expected: str) -> None:
        """A value of config.toml that only the interface can tell is wrong (a theme's name): said,
        and the next source's value used instead."""
        value = self.values[name]
        self.config.errors.append(f"{shown_path(self.config.path)}: {_spelled(name)}: expected {expected}, "
                                  f"got {toml_text(value)}")
        self.config.values.pop(name, None)
        del self.values[name], self.sources[name]
        self._fill(name, self._remembered)

    def reject_binding(self, ident: str, known: list[str]) -> None:
        """A [keymap] entry that names no binding."""
        close = difflib.get_close_matches(ident, known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        self.config.errors.append(f'{shown_path(self.config.path)}: [{KEYMAP}] {ident}: no key has this id ({hint}the '
                                  'help screen, ?, lists them under "Your own keys")')

    def _fill(self, name: str, remembered: dict[str, Any]) -> None:
        for source, values in ((WRITTEN, self.config.values), (REMEMBERED, remembered)):
            if name in values:
                self.values[name], self.sources[name] = values[name], source
                return
        self.use_default(name)

    def use_default(self, name: str) -> None:
        default = BY_NAME[name].default
        self.values[name], self.sources[name] = list(default) if isinstance(default, list) else default, DEFAULT


def merge(config: Config, saved: dict[str, Any], project: str) -> Effective:
    """The effective settings: config.toml over settings.json (`saved`) over the defaults."""
    kept = remembered(saved, project)
    effective = Effective(config, {}, {}, {}, {}, project, kept)
    for setting in SETTINGS:
        effective._fill(setting.name, kept)
    for source, keymap in ((REMEMBERED, settings.keymap(saved)), (WRITTEN, config.keymap)):
        for ident, keys in keymap.items():
            effective.keymap[ident], effective.keymap_sources[ident] = keys, source
    return effective


def load(project: str) -> Effective:
    """Read both files: the settings tdb starts with, in `project` (the thread policy is per project)."""
    return merge(read_config(), settings.load(), project)


# -- tdb --config ---------------------------------------------------------------------------------


def report(effective: Effective, checked: str = "") -> str:
    """What `tdb --config` prints: each setting, its value and where it came from; the keymap; the errors.

    `checked`: a line on how the names only the interface knows were checked."""
    config = effective.config
    json_path = settings.settings_path()
    lines = [
        "# Each setting comes from the last of: its default < settings.json (what tdb remembers: the theme and",
        "# layout chosen in tdb, the thread policy per project) < config.toml (what you wrote: it wins).",
        f"# config.toml:   {shown_path(config.path)}{'' if config.found else ' (not there)'}",
        f"# settings.json: {shown_path(json_path)}{'' if json_path.exists() else ' (not there)'}",
    ]
    rows: list[tuple[str, str]] = []  # (line, source)
    section = None
    for setting in SETTINGS:
        if setting.section != section:
            section = setting.section
            rows += [("", ""), (f"[{section}]", "")] if section else [("", "")]
        value = effective[setting.name]
        shown = setting.default_text if value is None else toml_text(value)
        rows.append((f"{setting.key} = {shown}", _source(effective, setting.name)))
    rows += [("", ""), (f"[{KEYMAP}]", "")]
    for ident, keys in sorted(effective.keymap.items()):
        rows.append((f"{ident} = {toml_text(keys)}", effective.keymap_sources[ident]))
    if not effective.keymap:
        rows.append(("# none: the default keys (the help screen, ?, lists them)", ""))
    width = max(len(line) for line, source in rows if source)
    lines += [f"{line:<{width}}  # {source}" if source else line for line, source in rows]
    if checked:
        lines += ["", checked]
    lines.append("")
    if effective.errors:
        count = len(effective.errors)
        lines.append(f"{count} error{'s' if count > 1 else ''} (what each names is left out; the rest applies):")
        lines += [f"  {error}" for error in effective.errors]
    else:
        lines.append("No errors.")
    return "\n".join(lines) + "\n"


def _source(effective: Effective, name: str) -> str:
    source = effective.sources[name]
    if source == REMEMBERED and name == "thread_policy":
        return f"{source}, for {shown_path(effective.project)}"
    return source


def print_report(directory: str) -> int:
    """`tdb --config`: print the report for a session started in `directory`; 1 if config.toml has mistakes.

    Textual is imported only to check the names config.toml gives that only it knows (a theme, a keymap's ids)."""
    effective = load(settings.project_of(directory))
    checked = ""
    if effective.written("theme") or effective.written_keymap():
        try:
            from .config_check import check
        except ImportError as error:  # (a broken install: the interface could not start either)
            checked = f"# the theme and the keymap's ids are not checked: {error}"
        else:
            check(effective)
    print(report(effective, checked), end="")
    return 1 if effective.errors else 0


def readme_rows() -> list[str]:
    """The README's table of the settings (a test holds the README to it)."""
    rows = ["| setting | what it does | its value | default |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = setting.default_text or f"`{toml_text(setting.default)}`"
        rows.append(f"| `{_spelled(setting.name)}` | {setting.help} | {setting.kind.expected} | {default} |")
    return rows
