"""QuickPythonLexer highlights exactly as pygments' PythonLexer does, only sooner."""

from __future__ import annotations

import inspect
import json
import textwrap

import pytest
from pygments.lexers.python import PythonLexer

from tdb.ui import app
from tdb.ui.python_lexer import QuickPythonLexer

NON_ASCII = textwrap.dedent('''\
    from café import naïve as π_ish
    @décorateur
    class Straße(Base):
        def größe(self, ñ=1):
            return f"{ñ!r:>10} {self.größe}" + 'ü' * ñ
    变量 = Straße().größe(ñ=2)
    _1x = __größe__ = None
''')


@pytest.mark.parametrize("source", [inspect.getsource(inspect), inspect.getsource(json.decoder),
                                    inspect.getsource(app), NON_ASCII], ids=["inspect", "json.decoder", "tdb.ui.app", "non-ascii"])
def test_the_same_tokens_as_pygments(source):
    quick = list(QuickPythonLexer(stripnl=False).get_tokens(source))
    assert quick == list(PythonLexer(stripnl=False).get_tokens(source))
    assert len(quick) > 50


def test_the_identifier_classes_were_replaced():
    # Otherwise the lexer would be as slow to build as pygments' own, and this file pointless.
    patterns = [rule[0] for rules in QuickPythonLexer.tokens.values() for rule in rules
                if isinstance(rule, tuple) and isinstance(rule[0], str)]
    assert max(map(len, patterns)) < 1000
    assert sum(r"[^\W\d]\w*" in pattern for pattern in patterns) == 6
