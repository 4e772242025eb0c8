"""Parsed stylesheets kept for the whole process, not per app.

Textual parses each stylesheet (app.tcss, every widget class's DEFAULT_CSS: about 20) for each app
it starts, into a cache that the app owns: 10-15 ms of every first screen. A pre-started server
draws one screen before it forks (rehearsal.py), and this keeps what it parsed for every interface
it forks. The parse depends on the CSS, where it came from and the theme's variables: all three
are the key. Parsed rules are only read after the parse, so apps may share them.

This replaces a method of Textual 8's (pinned below 9 in pyproject.toml); tests/ui/test_css_memo.py
fails if it changes.
"""

from __future__ import annotations

from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}
_variables_seen: tuple[dict[str, str], tuple[tuple[str, str], ...]] | None = None
_textual_parse_rules = Stylesheet._parse_rules


def _parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                 tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self._variables))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


def _variables_key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The variables as a key, made once per dict (Textual replaces the dict, it does not change it)."""
    global _variables_seen
    if _variables_seen is None or _variables_seen[0] is not variables:
        _variables_seen = (variables, tuple(variables.items()))
    return _variables_seen[1]


def install() -> None:
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
