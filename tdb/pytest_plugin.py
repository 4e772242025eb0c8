"""`pytest --tdb`: tdb at a failing test, as `--pdb --pdbcls=tdb:Tdb` (registered as a pytest plugin).

Loaded into every pytest run where tdb is installed: it adds one option and
imports nothing of tdb's.
"""

from __future__ import annotations

from typing import Any

import pytest


def pytest_addoption(parser: Any) -> None:
    parser.getgroup("general").addoption(
        "--tdb", action="store_true", default=False,
        help="start tdb (the full-screen debugger) on errors: the same as --pdb --pdbcls=tdb:Tdb")


@pytest.hookimpl(tryfirst=True)  # before pytest's own debugging plugin reads --pdb and --pdbcls
def pytest_configure(config: Any) -> None:
    if config.getoption("tdb", False):
        config.option.usepdb = True
        config.option.usepdb_cls = ("tdb", "Tdb")
