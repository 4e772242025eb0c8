"""pytest with tdb as its debugger, in a real terminal: --pdb --pdbcls=tdb:Tdb, --trace, --tdb, breakpoint()."""

from __future__ import annotations

import re

import pytest

from harness.tmux import Tmux

from .conftest import Soft
from .tdb_screen import status_at
from .test_stepping import assert_terminal_sane

pytestmark = pytest.mark.e2e

TESTS = """
    def add(a, b):
        total = a + b
        return total


    def test_add():
        assert add(2, 2) == 4


    def test_broken():
        value = add(2, 2)
        assert value == 5


    def test_with_breakpoint():
        x = 41
        breakpoint()
        x += 1
        print("printed after the stop")
        assert x == 42
"""
SUMMARY = re.compile(r"\d+ (passed|failed)[^\n]* in [\d.]+s|Quitting debugger")
FINAL_COUNTS = re.compile(r"\d+ (passed|failed)[^\n]* in [\d.]+s")  # (pytest's last line: after "Quitting debugger")


def pytest_command(options: str) -> str:
    # (-p no:cacheprovider: nothing written beside the tests; PYTHONBREAKPOINT unset: pytest's own hook)
    return f"python -m pytest -q -p no:cacheprovider {options} test_calc.py"


def test_pdb_with_tdb_stops_at_the_failure_and_c_resumes_capturing(term: Tmux, soft: Soft, write) -> None:
    write("test_calc.py", TESTS)
    term.run(pytest_command("--pdb --pdbcls=tdb:Tdb -k 'add or broken'"))
    screen = term.wait_for(status_at("test_calc.py", 12, "test_broken"), 20)
    soft.check("AssertionError: assert 4 == 5" in screen, "the stop names the exception (3.11 too)", screen)
    term.send_keys("c")
    screen = term.wait_for(SUMMARY, 20)
    soft.check("PDB continue (IO-capturing resumed)" in screen, "c ended the stop as pdb's c does", screen)
    soft.check("1 failed, 1 passed" in screen, "the run went on to its end", screen)
    term.wait_for_prompt(10)
    assert_terminal_sane(term, soft)
    soft.done()


def test_q_at_the_failure_ends_the_run_as_pdbs_q(term: Tmux, soft: Soft, write) -> None:
    write("test_calc.py", TESTS)
    term.run(pytest_command("--tdb -k 'add or broken'"))  # the plugin's option: --pdb --pdbcls=tdb:Tdb
    term.wait_for(status_at("test_calc.py", 12, "test_broken"), 20)
    term.send_keys("q")
    screen = term.wait_for(SUMMARY, 20)
    soft.check("Exit: Quitting debugger" in screen, "pytest says the debugger quit", screen)
    term.wait_for_prompt(10)
    assert_terminal_sane(term, soft)
    soft.done()


def test_trace_stops_at_each_tests_first_line(term: Tmux, soft: Soft, write) -> None:
    write("test_calc.py", TESTS)
    term.run(pytest_command("--trace --pdbcls=tdb:Tdb -k 'add or broken'"))
    term.wait_for(status_at("test_calc.py", 7, "test_add"), 20)
    term.send_keys("s")  # into add()
    term.wait_for(status_at("test_calc.py", 1, "add"), 10)
    term.send_keys("c")
    term.wait_for(status_at("test_calc.py", 11, "test_broken"), 20)
    term.send_keys("q")
    screen = term.wait_for(FINAL_COUNTS, 20)
    soft.check("Quitting debugger" in screen and "1 passed" in screen, "q ended the run after the first test", screen)
    term.wait_for_prompt(10)
    soft.done()


def test_breakpoint_in_a_test_stops_in_tdb(term: Tmux, soft: Soft, write) -> None:
    write("test_calc.py", TESTS)
    term.run(pytest_command("--pdbcls=tdb:Tdb -k breakpoint"))
    term.wait_for(status_at("test_calc.py", 18, "test_with_breakpoint"), 20)
    term.send_keys("n")
    term.wait_for(status_at("test_calc.py", 19, "test_with_breakpoint"), 10)
    term.send_keys("c")
    screen = term.wait_for(SUMMARY, 20)
    soft.check("1 passed" in screen, "the test passed", screen)
    soft.check("PDB continue (IO-capturing resumed)" in screen, "c resumed pytest's capture, as pdb's c", screen)
    soft.check("printed after the stop" not in screen, "the test's later output was captured again", screen)
    term.wait_for_prompt(10)
    assert_terminal_sane(term, soft)
    soft.done()


def test_q_at_a_breakpoint_in_a_test_ends_the_run_as_pdbs_q(term: Tmux, soft: Soft, write) -> None:
    write("test_calc.py", TESTS)
    term.run(pytest_command("--pdbcls=tdb:Tdb -k breakpoint"))
    term.wait_for(status_at("test_calc.py", 18, "test_with_breakpoint"), 20)
    term.send_keys("q")
    screen = term.wait_for(SUMMARY, 20)
    soft.check("Exit: Quitting debugger" in screen, "pytest says the debugger quit", screen)
    soft.check("printed after the stop" not in screen, "the test did not run on", screen)
    term.wait_for_prompt(10)
    assert_terminal_sane(term, soft)
    soft.done()
