"""`make bench` cannot rot: every scenario runs once, tiny (`python -m benchmarks --smoke`), and gives a number.

The numbers mean nothing at this size; what is checked is that each tool's
path through each scenario still works. pudb comes with the test extra (as
`tdb[bench]`); without it the tdb and pdb checks still run and the pudb one
fails, saying how to install it. Needs tmux, as the e2e tests do.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE_TIMEOUT = 150


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """{scenario number: its row}, from one --smoke run of the whole suite."""
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    process = subprocess.Popen([sys.executable, "-m", "benchmarks", "--smoke", "--quiet", "--json", str(out)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=SMOKE_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.terminate()  # SIGTERM: the suite closes its tmux servers on the way out
        try:
            stdout, stderr = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        pytest.fail(f"the smoke run took over {SMOKE_TIMEOUT} s:\n{stdout}\n{stderr}")
    assert out.exists(), f"the suite wrote no results (exit {process.returncode}):\n{stdout}\n{stderr}"
    rows = json.loads(out.read_text())
    by_number = {row["scenario"].split(" ", 1)[0].rstrip("."): row for row in rows}
    by_number["_report"] = {"stdout": stdout, "stderr": stderr, "code": process.returncode}
    return by_number


def number(row: dict, tool: str) -> float:
    cell = row["cells"].get(tool)
    assert cell is not None, f"{row['scenario']}: no {tool} cell"
    assert cell["median"] is not None and cell["median"] > 0, f"{row['scenario']} / {tool}: {cell['text']}"
    return cell["median"]


def test_the_suite_ran_without_errors(smoke):
    report = smoke["_report"]
    assert report["code"] == 0, f"{report['stdout']}\n{report['stderr']}"
    assert "| scenario |" in report["stdout"] and "machine:" in report["stdout"]


@pytest.mark.parametrize("scenario", ["1", "2", "3", "4", "5"])
def test_tracer_scenarios_time_plain_pdb_and_tdb(smoke, scenario):
    row = smoke[scenario]
    for tool in ("plain", "pdb", "tdb"):
        number(row, tool)
    if sys.version_info >= (3, 14):
        number(row, "pdb-monitoring")


@pytest.mark.parametrize("scenario", ["1", "2", "3", "4", "5", "6b", "7b", "7x", "8a"])
def test_pudb_is_measured(smoke, scenario):
    try:
        import pudb  # noqa: F401
    except ImportError:
        pytest.fail("pudb is missing: pip install -e '.[bench]' (make test installs it through the test extra)")
    number(smoke[scenario], "pudb")


def test_the_overflow_check_answers_where_there_is_sys_monitoring(smoke):
    cells = smoke["3+"]["cells"]
    if sys.version_info >= (3, 12):
        assert cells["tdb"]["text"] in ("ok", "OverflowError")
    if sys.version_info >= (3, 14):
        assert cells["pdb-monitoring"]["text"] in ("ok", "OverflowError")


def test_interface_at_the_pty(smoke):
    for scenario in ("6a", "6b", "6c", "6t", "7a", "7a'", "7b", "7b'", "7c", "7c'", "7L", "7L'", "7B", "7C"):
        for tool in ("pudb", "tdb"):
            number(smoke[scenario], tool)
    assert "× pudb" in smoke["_report"]["stdout"]  # tdb's figures are said as ratios to pudb's, too
    number(smoke["6w"], "tdb")  # the pre-started interface's first screen
    for scenario in ("6p", "6q", "7p", "7q"):  # tdb -p, cold and pre-started; a step in it, and locally
        attach = smoke[scenario]["cells"]["tdb"]
        if sys.version_info >= (3, 14):
            number(smoke[scenario], "tdb")
        else:  # (measured when scripts/python314.sh's Python is there; said so when not)
            assert attach["median"] or attach["text"].startswith("n/a: needs a Python 3.14")


def test_interface_scenarios_in_the_terminal(smoke):
    for scenario in ("7x", "8a"):
        for tool in ("plain", "pdb", "tdb"):
            number(smoke[scenario], tool)
    number(smoke["8a'"], "tdb")  # PageUp at the big file's stop


def test_scale_scenarios_under_run_test(smoke):
    for scenario in ("8b", "8c", "8c'", "8d", "8e", "8f", "8f'", "8h"):
        number(smoke[scenario], "tdb")


def test_threads_scenarios_time_plain_and_tdb(smoke):
    for scenario in ("10a", "10b"):
        for tool in ("plain", "tdb"):
            number(smoke[scenario], tool)


def test_memory_and_import_time(smoke):
    assert number(smoke["9a"], "tdb") > 10e6  # an interface process's RSS, in bytes
    for tool in ("plain", "pdb", "tdb"):
        number(smoke["9b"], tool)
    for tool in ("pdb", "tdb"):
        assert number(smoke["9c"], tool) < 1.0  # seconds
    number(smoke["9d"], "tdb")
