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


def run_to_marker(launch, script, marker: str = "# stop"):
    """Start `script` with a breakpoint on the line that ends with `marker`, and continue to it:
    (debuggee, the stop with its frames)."""
    line = next(n for n, text in enumerate(script.read_text().splitlines(), 1) if text.endswith(marker))
    debuggee = launch(str(script))
    debuggee.start(breakpoints={str(script): [line]})
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])  # from the entry stop
    stop = debuggee.stopped()
    assert stop["frames"][0]["line"] == line
    return debuggee, stop
