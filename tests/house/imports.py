"""The import graph of tdb's own modules, read from their source (no module is imported)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tdb"


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, *, type_checking: bool = False) -> set[str]:
    """The tdb modules `path` imports, at its top or inside functions; those only for type checkers left out."""
    return {module for module in modules_imported(path, type_checking=type_checking)
            if module == "tdb" or module.startswith("tdb.")}


def modules_imported(path: Path, *, type_checking: bool = False) -> set[str]:
    """Every module `path` imports, tdb's and others (the standard library's, third parties')."""
    name = module_name(path)
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    return imported_in(ast.parse(path.read_text(), str(path)), package, type_checking=type_checking)


def imported_in(tree: ast.AST, package: str, *, type_checking: bool = False) -> set[str]:
    """The modules a module of `package` whose source is `tree` imports; with `type_checking`, also those
    under `if TYPE_CHECKING:` (only type checkers import them)."""
    found: set[str] = set()
    known = modules()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test) and not type_checking:
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = _resolve(package, child.module, child.level)
                for alias in child.names:
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if candidate in known else base)
            visit(child)

    visit(tree)
    return found


def graph() -> dict[str, set[str]]:
    """Each tdb module and the tdb modules it imports (a package counts as importing its __init__)."""
    return {name: imports_of(path) for name, path in modules().items()}


def cycles(edges: dict[str, set[str]], within: str) -> list[list[str]]:
    """The import circles among the modules under `within` (each once, from its smallest name)."""
    nodes = {name for name in edges if name == within or name.startswith(within + ".")}
    found: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()

    def walk(path: list[str]) -> None:
        for target in sorted(edges.get(path[-1], set()) & nodes):
            if target == path[0]:
                circle = _rotated(path)
                if tuple(circle) not in seen:
                    seen.add(tuple(circle))
                    found.append(circle)
            elif target not in path and target > path[0]:
                walk([*path, target])

    for node in sorted(nodes):
        walk([node])
    return found


def _rotated(path: list[str]) -> list[str]:
    start = path.index(min(path))
    return path[start:] + path[:start]


def _resolve(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
