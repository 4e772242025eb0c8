"""The variables pane: scopes and their values, children fetched only when expanded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

# How many children one request fetches; the rest hide behind a "more" row.
PAGE_SIZE = 100

FetchChildren = Callable[[int, int, int], Awaitable[list[dict[str, Any]]]]


@dataclass
class VariableData:
    reference: int
    total: int
    loaded: int = 0
    error: str | None = None


@dataclass
class MoreData:
    """A "… N more" row: selecting it fetches the next page into its parent."""

    parent: TreeNode


def variable_label(variable: dict[str, Any]) -> Text:
    label = Text.assemble(
        (str(variable.get("name", "")), "bold"),
        ": " if variable.get("type") else " = ",
    )
    if variable.get("type"):
        label.append(str(variable["type"]), "dim italic")
        count = variable.get("indexedVariables") or variable.get("namedVariables")
        if count and variable.get("indexedVariables"):
            label.append(f"[{count}]", "dim")
        label.append(" = ")
    label.append(str(variable.get("value", "")).replace("\n", "\\n"))
    return label


class VariablesTree(Tree[Any]):
    """Scopes as roots, variables as nodes; expanding a node asks the engine for its children."""

    DEFAULT_CSS = """
    VariablesTree { background: $surface; }
    """

    def __init__(self, fetch: FetchChildren, **kwargs: Any) -> None:
        super().__init__("Variables", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._fetch = fetch

    def show_scopes(self, scopes: list[dict[str, Any]]) -> None:
        """Replace the tree with new scopes; the first non-expensive scope opens at once."""
        self.clear()
        for scope in scopes:
            total = int(scope.get("namedVariables") or scope.get("indexedVariables") or 0)
            label = Text.assemble((str(scope["name"]), "bold"), (f"  ({total})", "dim"))
            node = self.root.add(label, data=VariableData(int(scope["variablesReference"]), total))
            if not scope.get("expensive"):
                node.expand()

    async def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        data = event.node.data
        if isinstance(data, VariableData) and data.loaded == 0 and data.reference:
            await self._load_page(event.node)

    async def _on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        data = event.node.data
        if isinstance(data, MoreData):
            parent = data.parent
            event.node.remove()
            await self._load_page(parent)

    async def _load_page(self, node: TreeNode) -> None:
        data = node.data
        assert isinstance(data, VariableData)
        try:
            variables = await self._fetch(data.reference, data.loaded, PAGE_SIZE)
        except Exception as error:  # stale reference, engine gone: say so in place
            node.add_leaf(Text(f"<{error}>", "red"))
            data.loaded = data.total or 1
            return
        for variable in variables:
            reference = int(variable.get("variablesReference") or 0)
            total = int(variable.get("indexedVariables") or variable.get("namedVariables") or 0)
            label = variable_label(variable)
            if reference:
                node.add(label, data=VariableData(reference, total), allow_expand=True)
            else:
                node.add_leaf(label)
        data.loaded += len(variables)
        if variables and data.loaded < data.total:
            node.add_leaf(Text(f"… {data.total - data.loaded} more", "italic"), data=MoreData(node))
        if not variables and data.loaded == 0:
            node.add_leaf(Text("(empty)", "dim italic"))
            data.loaded = -1  # nothing to fetch again
