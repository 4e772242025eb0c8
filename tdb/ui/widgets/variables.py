"""The variables pane: scopes and their values, children fetched only when expanded.

Between stops the tree is updated in place: what the user expanded stays
expanded, values that changed since the last stop are marked, and a step that
only changes values repaints without re-laying out the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

# How many children one request fetches; the rest hide behind a "more" row.
PAGE_SIZE = 100
CHANGED_STYLE = "bold yellow"

FetchChildren = Callable[[int, int, int], Awaitable[list[dict[str, Any]]]]


@dataclass
class VariableData:
    """A scope or a variable: its engine reference (valid for one stop) and what it showed last."""

    name: str
    reference: int
    total: int
    value: str = ""
    loaded: int = 0


@dataclass
class MoreData:
    """A "… N more" row: selecting it fetches the next page into its parent."""

    parent: TreeNode


def variable_label(variable: dict[str, Any], changed: bool = False) -> Text:
    label = Text.assemble((str(variable.get("name", "")), "bold"), ": " if variable.get("type") else " = ")
    if variable.get("type"):
        label.append(str(variable["type"]), "dim italic")
        if variable.get("indexedVariables"):
            label.append(f"[{variable['indexedVariables']}]", "dim")
        label.append(" = ")
    label.append(str(variable.get("value", "")).replace("\n", "\\n"), CHANGED_STYLE if changed else "")
    return label


def scope_label(scope: dict[str, Any], total: int) -> Text:
    return Text.assemble((str(scope["name"]), "bold"), (f"  ({total})", "dim"))


def _total(item: dict[str, Any]) -> int:
    return int(item.get("indexedVariables") or item.get("namedVariables") or 0)


def _children_of(node: TreeNode) -> list[TreeNode]:
    return [child for child in node.children if isinstance(child.data, VariableData)]


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

    def show_scopes(self, scopes: list[dict[str, Any]], pages: dict[int, list[dict[str, Any]]]) -> list[TreeNode]:
        """Show a stop's scopes, with the first pages already fetched (keyed by reference).

        Returns the expanded nodes whose children still need fetching (see refresh_nodes).
        """
        if [child.data.name for child in _children_of(self.root)] != [scope["name"] for scope in scopes]:
            self.clear()
            for scope in scopes:
                node = self.root.add(scope_label(scope, _total(scope)),
                                     data=VariableData(str(scope["name"]), int(scope["variablesReference"]), _total(scope)))
                if int(scope["variablesReference"]) in pages:
                    self._add_children(node, pages[int(scope["variablesReference"])])
                if not scope.get("expensive"):
                    node.expand()
            return []
        stale: list[TreeNode] = []
        for node, scope in zip(_children_of(self.root), scopes):
            data = node.data
            data.reference, data.total = int(scope["variablesReference"]), _total(scope)
            node.set_label(scope_label(scope, data.total))
            if not node.is_expanded:
                data.loaded = 0  # fetched afresh when next expanded
            elif data.reference in pages:
                stale.extend(self._reconcile(node, pages[data.reference]))
            else:
                stale.append(node)
        return stale

    async def refresh_nodes(self, nodes: list[TreeNode]) -> None:
        """Fetch the children of expanded nodes again and update them in place, recursively."""
        while nodes:
            node = nodes.pop()
            try:
                variables = await self._fetch(node.data.reference, 0, max(PAGE_SIZE, node.data.loaded))
            except Exception as error:  # the program moved on: the next stop refreshes again
                self._show_error(node, error)
                continue
            nodes.extend(self._reconcile(node, variables))

    def _reconcile(self, node: TreeNode, variables: list[dict[str, Any]]) -> list[TreeNode]:
        """Make node's children show `variables`; return the expanded children to refetch."""
        children = _children_of(node)
        same_shape = [child.data.name for child in children] == [str(v.get("name")) for v in variables] and all(
            bool(child.data.reference) == bool(v.get("variablesReference")) for child, v in zip(children, variables)
        )
        if not same_shape:
            node.remove_children()
            node.data.loaded = 0
            self._add_children(node, variables)
            return []
        stale = []
        for child, variable in zip(children, variables):
            data = child.data
            value = str(variable.get("value", ""))
            child.set_label(variable_label(variable, changed=value != data.value))
            data.value, data.reference, data.total = value, int(variable.get("variablesReference") or 0), _total(variable)
            if child.is_expanded and data.reference:
                stale.append(child)
            else:
                data.loaded = 0
        return stale

    def _add_children(self, node: TreeNode, variables: list[dict[str, Any]]) -> None:
        for variable in variables:
            reference = int(variable.get("variablesReference") or 0)
            data = VariableData(str(variable.get("name")), reference, _total(variable), str(variable.get("value", "")))
            if reference:
                node.add(variable_label(variable), data=data, allow_expand=True)
            else:
                node.add_leaf(variable_label(variable), data=data)
        node.data.loaded += len(variables)
        if variables and node.data.loaded < node.data.total:
            node.add_leaf(Text(f"… {node.data.total - node.data.loaded} more", "italic"), data=MoreData(node))
        if not variables and node.data.loaded == 0:
            node.add_leaf(Text("(empty)", "dim italic"))
            node.data.loaded = -1  # nothing to fetch again

    def _show_error(self, node: TreeNode, error: Exception) -> None:
        node.remove_children()
        node.add_leaf(Text(f"<{error}>", "red"))
        node.data.loaded = -1

    async def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        data = event.node.data
        if isinstance(data, VariableData) and data.loaded == 0 and data.reference:
            event.node.remove_children()
            await self._load_page(event.node)

    async def _on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        data = event.node.data
        if isinstance(data, MoreData):
            event.node.remove()
            await self._load_page(data.parent)

    async def _load_page(self, node: TreeNode) -> None:
        try:
            variables = await self._fetch(node.data.reference, node.data.loaded, PAGE_SIZE)
        except Exception as error:  # stale reference, engine gone: say so in place
            self._show_error(node, error)
            return
        self._add_children(node, variables)
