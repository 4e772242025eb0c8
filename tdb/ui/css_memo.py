"""Parsed stylesheets kept for the whole process, not per app, and on disk for the next interface.

Textual parses each stylesheet (app.tcss, every widget class's DEFAULT_CSS: about 20) for each app
it starts, into a cache that the app owns: 15 ms of every first screen. A pre-started server
draws one screen before it forks (rehearsal.py), and this keeps what it parsed for every interface
it forks. The parse depends on the CSS, where it came from and the theme's variables: all three
are the key. Parsed rules are only read after the parse, so apps may share them.

An interface's process (run.py, the pre-started server) also keeps them on disk (keep_on_disk,
save): the next cold interface reads them back in 3 ms instead of parsing. The file is this user's
alone, in the user's cache directory; one is kept per Python and installed Textual, and a file
that is not exactly what this module wrote is not read.

This replaces a method of Textual 8's (pinned below 9 in pyproject.toml); tests/ui/test_css_memo.py
fails if it changes.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
import time
from typing import Any

import textual
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from ..dap.listen import private_directory

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}
_variables_seen: tuple[dict[str, str], tuple[tuple[str, str], ...]] | None = None
_textual_parse_rules = Stylesheet._parse_rules

FORMAT = 1  # (of the file: a change of what is pickled changes it)
MAX_BYTES = 4 << 20  # a bigger file is none of ours
MAX_ENTRIES = 200  # (themes add entries: beyond this, only what this process used is saved)
STALE_DAYS = 30  # other files (other Pythons, other Textuals) unused that long are removed
_disk: str | None = None  # the file this process reads and saves (keep_on_disk)
_used: set[tuple[Any, ...]] = set()
_unsaved = False


def _parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                 tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
    global _unsaved
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self._variables))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        _unsaved = True
    _used.add(key)
    return rules


def _variables_key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The variables as a key, made once per dict (Textual replaces the dict, it does not change it)."""
    global _variables_seen
    if _variables_seen is None or _variables_seen[0] is not variables:
        _variables_seen = (variables, tuple(variables.items()))
    return _variables_seen[1]


def install() -> None:
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def keep_on_disk() -> None:
    """Read what an earlier interface parsed (if it can be trusted), and save() this one's for the next."""
    global _disk
    if _disk is not None:  # (read already: in the pre-started server this interface was forked from)
        return
    _disk = disk_file()
    if _disk is not None:
        for key, rules in _read(_disk).items():
            _parsed.setdefault(key, rules)


def save() -> None:
    """Write the parsed stylesheets for the next interface if this one parsed any (atomically)."""
    global _unsaved
    if _disk is None or not _unsaved:
        return
    kept = _parsed if len(_parsed) <= MAX_ENTRIES else {key: _parsed[key] for key in _used}
    temporary = f"{_disk}.{os.getpid()}.tmp"
    try:
        data = pickle.dumps((FORMAT, kept), protocol=pickle.HIGHEST_PROTOCOL)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, _disk)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        _remove(temporary)  # (nothing kept: the next interface parses, as this one did)
        return
    _unsaved = False
    _remove_stale(os.path.dirname(_disk), keep=_disk)


def disk_file() -> str | None:
    """This Python's and this Textual's file in the user's private cache directory (None: no such directory)."""
    cache = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(cache):  # (the XDG spec: a relative path is to be ignored)
        cache = os.path.join(os.path.expanduser("~"), ".cache")
    try:
        os.makedirs(os.path.join(cache, "tdb"), mode=0o700, exist_ok=True)
    except OSError:
        return None
    directory = private_directory(os.path.join(cache, "tdb", "stylesheets"))
    if directory is None:
        return None
    try:
        installed = os.stat(textual.__file__)  # (rewritten by any install of Textual)
    except (OSError, TypeError):
        return None
    which = f"{sys.version}|{textual.__file__}|{installed.st_mtime_ns}|{installed.st_size}"
    return os.path.join(directory, f"py{sys.version_info[0]}{sys.version_info[1]}-{_crc(which):08x}.pickle")


def _read(path: str) -> dict[tuple[Any, ...], list[RuleSet]]:
    """The file's stylesheets, or none: missing, not this user's alone, too big, or not what save() wrote."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return {}
    try:
        status = os.fstat(descriptor)
        if not _private(status) or status.st_size > MAX_BYTES:
            return {}
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
        found = pickle.loads(data)
    except Exception:  # (a file cut short, or written by another version: parsed again, and saved)
        return {}
    finally:
        os.close(descriptor)
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == FORMAT and isinstance(found[1], dict)):
        return {}
    return {key: rules for key, rules in found[1].items()
            if isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules)}


def _private(status: os.stat_result) -> bool:
    """A file of this user's that nobody else may write."""
    return stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid() and not status.st_mode & 0o022


def _crc(text: str) -> int:
    import zlib

    return zlib.crc32(text.encode("utf-8", "surrogateescape"))


def _remove_stale(directory: str, keep: str) -> None:
    cutoff = time.time() - STALE_DAYS * 86400
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        path = os.path.join(directory, name)
        try:
            if path != keep and os.lstat(path).st_mtime < cutoff:
                os.unlink(path)
        except OSError:
            pass


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
