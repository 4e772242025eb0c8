"""While a stop is served, threads switch quickly (engine/switching.py); the program's own interval comes back."""

from __future__ import annotations

import sys

import pytest

from tdb.engine import switching

from .conftest import run_to_marker

PROGRAM = """
    import sys

    sys.setswitchinterval(0.004)
    x = 1  # stop
    print("interval", sys.getswitchinterval())
"""


def test_a_stop_switches_quickly_and_the_programs_interval_comes_back(launch, write) -> None:
    debuggee, stop = run_to_marker(launch, write("prog.py", PROGRAM))
    value = debuggee.request("evaluate", expression="sys.getswitchinterval()", frameId=stop["frames"][0]["id"],
                             context="repl")["result"]
    assert float(value) == pytest.approx(switching.QUICK)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    code, stdout, _ = debuggee.finish()
    assert code == 0 and "interval 0.004" in stdout


@pytest.fixture
def interval():
    saved = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield
    sys.setswitchinterval(saved)


def test_nested_holds_restore_once_at_the_last_release(interval) -> None:
    switching.hold()
    switching.hold()
    assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    switching.release()
    assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    switching.release()
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_an_interval_the_program_sets_meanwhile_stays(interval) -> None:
    with switching.quick():
        sys.setswitchinterval(0.01)
    assert sys.getswitchinterval() == pytest.approx(0.01)


def test_the_interval_before_the_attach_script_cut_it_comes_back(interval) -> None:
    sys.setswitchinterval(switching.QUICK)  # (as tdb -p's script does first)
    switching.hold(previous=0.003)
    switching.release()
    assert sys.getswitchinterval() == pytest.approx(0.003)
