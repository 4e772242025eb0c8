"""A stop lets go of the program's objects when the program resumes: finalizers run when they would without tdb."""

from __future__ import annotations

import pytest

from .conftest import run_to_marker

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import weakref


    class Noisy:
        def __del__(self):
            print("finalized")


    def make():
        made = Noisy()
        return made  # stop


    make()  # the value is dropped here, and finalized at once
    print("after")
"""


def test_a_value_shown_at_a_return_stop_is_finalized_where_it_would_be_without_tdb(launch, write):
    debuggee, stop = run_to_marker(launch, write("prog.py", PROGRAM))
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()  # the return: the value is shown as "(return)"
    frame = stop["frames"][0]["id"]
    scopes = debuggee.request("scopes", frameId=frame)["scopes"]
    returned = next(scope for scope in scopes if scope["name"] == "Return value")
    shown = debuggee.request("variables", variablesReference=returned["variablesReference"])["variables"]
    assert shown[0]["name"] == "(return)" and shown[0]["type"] == "Noisy"
    debuggee.evaluate("made", frame)  # and looked at from the console
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    _, stdout, _ = debuggee.finish()
    assert stdout == "finalized\nafter\n"
