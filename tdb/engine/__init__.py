"""The debugger engine: runs inside the debugged program, standard library only.

What it imports, every program that stops pays for in memory. So the modules the program loads (the
engine's, tdb.dap's, and tdb's own entry points) never import `typing` (0.5 MB): they name its types
for readers and type checkers only, under `TYPE_CHECKING = False; if TYPE_CHECKING: ...`, a constant
the checkers take as true; nor `dataclasses` (0.25 MB): records are plain classes. tests/engine/test_imports.py
holds the rule.
"""
