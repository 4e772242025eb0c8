"""Engine tests whose outcome depends on the tracing backend run once per backend the running Python has.

A test module opts in with `pytestmark = pytest.mark.usefixtures("tracer_backend")`:
the programs it starts get TDB_TRACER (monitoring on 3.12+, settrace everywhere).
"""

from __future__ import annotations

import pytest

from tdb.engine.tracer import available_backends


@pytest.fixture(params=available_backends())
def tracer_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TDB_TRACER", request.param)
    return request.param
