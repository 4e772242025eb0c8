"""The rooms and what each may import, held from the import graph (read from the source, see imports.py).

The engine and tdb.dap import only the standard library (tests/engine/test_imports.py holds that by
importing them); here: the interface knows the engine only through DAP, the DAP package knows neither
side, the interface's core knows no Textual, the editors' adapter (tdb/adapter.py) imports only its share
and never the interface, and no circle of imports runs through tdb; tdb, harness/ and benchmarks/ never
import the test suite.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.house.imports import PACKAGE, ROOT, cycles, graph, imports_of, modules

GRAPH = graph()


def importers_of(target: str, among: str) -> list[str]:
    return sorted(name for name, imported in GRAPH.items() if name.startswith(among)
                  and any(module == target or module.startswith(target + ".") for module in imported))


def test_the_interface_never_imports_the_engine():
    assert importers_of("tdb.engine", "tdb.ui") == []


def test_the_engine_never_imports_the_interface():
    assert importers_of("tdb.ui", "tdb.engine") == []


def test_the_protocol_package_imports_neither_side():
    assert importers_of("tdb.engine", "tdb.dap") == [] and importers_of("tdb.ui", "tdb.dap") == []


# python -m tdb.adapter (an editor's DAP adapter): the protocol, the engine's capabilities, how a program
# listens (launch.py) and tdb -p's injection (attach.py); never the interface. Nothing imports it.
ADAPTER_MAY_IMPORT = ("tdb.dap", "tdb.engine.handlers.lifecycle", "tdb.launch", "tdb.attach")


def test_the_adapter_imports_only_its_share_and_nothing_imports_it():
    imported = GRAPH["tdb.adapter"]
    assert imported and [module for module in imported
                         if not any(module == allowed or module.startswith(allowed + ".")
                                    for allowed in ADAPTER_MAY_IMPORT)] == []
    assert importers_of("tdb.adapter", "tdb") == []


def test_the_interfaces_core_imports_no_textual_and_nothing_of_the_screens():
    for name, path in modules().items():
        if name.startswith("tdb.ui.core"):
            text = path.read_text()
            assert "import textual" not in text and "from textual" not in text, name
            assert not [module for module in GRAPH[name] if module.startswith("tdb.ui")
                        and not module.startswith("tdb.ui.core")], name


@pytest.mark.parametrize("package", ["tdb.engine", "tdb.ui", "tdb.dap", "tdb"])
def test_no_import_circles(package):
    assert cycles(GRAPH, package) == []


def test_the_graph_would_notice_a_circle_and_a_forbidden_import(tmp_path):
    # The checks above are only worth something if they can fail.
    assert cycles({"tdb.a": {"tdb.b"}, "tdb.b": {"tdb.a"}}, "tdb") == [["tdb.a", "tdb.b"]]
    probe = PACKAGE / "ui" / "core" / "session.py"
    assert "tdb.ui.core.client" in imports_of(probe)
    assert importers_of("tdb.ui.core.client", "tdb.ui") != []


def top_level_imports(path: Path) -> set[str]:
    """The first name of every absolute import in `path` (`harness` for `from harness.tmux import Tmux`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return found


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("tdb", {"tests", "harness", "benchmarks"}),  # what users install stands alone
    ("harness", {"tests", "benchmarks"}),  # shared by the tests, the benchmarks and make screenshots
    ("benchmarks", {"tests"}),  # the benchmarks do not import the test suite
])
def test_what_the_project_s_own_folders_may_import(folder, forbidden):
    importers = {str(path.relative_to(ROOT)): sorted(top_level_imports(path) & forbidden)
                 for path in sorted((ROOT / folder).rglob("*.py"))}
    assert len(importers) > 3
    assert {path: names for path, names in importers.items() if names} == {}
