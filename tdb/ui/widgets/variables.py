"""The variables pane: scopes and their values, children fetched only when expanded.

Between stops the tree is updated in place: what the user expanded stays
expanded, values that changed since the last stop are marked, and a step that
only changes values repaints without re-laying out the screen.

Names can be hidden: `_private` ones (shown by default) and `__dunder__` ones
(hidden by default); the border's subtitle says what is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, ClassVar

from rich.text import Span, Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...dap import extensions
from .kept_styles import KeptStyles
from .repaint import refresh_rows

# How many children one request fetches; the rest hide behind a "more" row (config.toml: display.page_size).
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
    loaded: int = 0  # children fetched from the engine, hidden ones included
    evaluate_name: str | None = None  # the expression that reaches it (DAP evaluateName)
    type: str = ""
    # The children as the engine sent them, hidden ones included: a toggle re-filters them.
    fetched: list[dict[str, Any]] = field(default_factory=list)
    hidden_private: int = 0
    hidden_dunder: int = 0


@dataclass
class MoreData:
    """A "… N more" row: selecting it fetches the next page into its parent."""

    parent: TreeNode


def variable_label(variable: dict[str, Any], changed: bool = False, types: bool = True) -> Text:
    """`name: type[length] = value`; without `types`, `name = value`.

    Made from its parts and their spans at once: a third faster than Text.append piece by piece
    (a step that changes 50 locals makes 50)."""
    parts: list[tuple[str, str]] = [(str(variable.get("name", "")), "bold")]
    if types and variable.get("type"):
        parts += [(": ", ""), (str(variable["type"]), "dim italic")]
        # tdb's engine sends the length of every container (a dict's too); other engines, the indexed count.
        size = variable.get(extensions.LENGTH, variable.get("indexedVariables"))
        if size is not None:
            parts.append((f"[{size}]", "dim"))
        parts.append((" = ", ""))
    else:
        parts.append((" = ", ""))
    parts.append((str(variable.get("value", "")).replace("\n", "\\n"), CHANGED_STYLE if changed else ""))
    spans, start = [], 0
    for text, style in parts:
        if style and text:
            spans.append(Span(start, start + len(text), style))
        start += len(text)
    return Text("".join(text for text, _ in parts), spans=spans)


def scope_label(scope: dict[str, Any], total: int) -> Text:
    if "namedVariables" not in scope and "indexedVariables" not in scope:
        return Text(str(scope["name"]), "bold")  # (a server that does not count them: debugpy)
    return Text.assemble((str(scope["name"]), "bold"), (f"  ({total})", "dim"))


def _total(item: dict[str, Any]) -> int:
    return int(item.get("indexedVariables") or item.get("namedVariables") or 0)


def _children_of(node: TreeNode) -> list[TreeNode]:
    return [child for child in node.children if isinstance(child.data, VariableData)]


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__") and name.isidentifier()


def is_private(name: str) -> bool:
    """`_name` (and mangled `_Class__name`), not a dunder; dict keys ('_k') and indexes never are."""
    return name.startswith("_") and name.isidentifier() and not is_dunder(name)


def _forget(data: VariableData) -> None:
    """Its children are to be fetched afresh (they belong to an earlier stop, or are re-filtered)."""
    data.loaded, data.fetched, data.hidden_private, data.hidden_dunder = 0, [], 0, 0


def _variable_data(variable: dict[str, Any]) -> VariableData:
    return VariableData(str(variable.get("name")), int(variable.get("variablesReference") or 0), _total(variable),
                        str(variable.get("value", "")), evaluate_name=variable.get("evaluateName"),
                        type=str(variable.get("type") or ""))


class VariablesTree(KeptStyles, Tree[Any]):
    """Scopes as roots, variables as nodes; expanding a node asks the engine for its children."""

    DEFAULT_CSS = """
    VariablesTree { background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "view_value", "View", tooltip="The selected value in full: repr, str, type", id="variables.view"),
        Binding("p", "toggle_private", "Private", tooltip="Show or hide _private names", id="variables.toggle-private"),
        Binding("D", "toggle_dunder", "Dunders", tooltip="Show or hide __dunder__ names", id="variables.toggle-dunder"),
    ]

    show_private: reactive[bool] = reactive(True, init=False)
    show_dunder: reactive[bool] = reactive(False, init=False)

    class ViewValue(Message):
        """The user asked to see a value in full (the app opens the value view)."""

        def __init__(self, data: VariableData) -> None:
            super().__init__()
            self.data = data

    def __init__(self, fetch: FetchChildren, **kwargs: Any) -> None:
        super().__init__("Variables", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._fetch = fetch
        self._relabelled: list[TreeNode] = []  # relabelled since the last repaint (_repaint_relabelled)
        self.page_size = PAGE_SIZE
        self.show_types = True  # each value's type (and length) before it

    def _on_resize(self, event: events.Resize) -> None:
        # Tree's own handler builds every line again and lays the whole screen out. The lines do not
        # depend on the pane's size (their cache is keyed by its width; a new size is repainted by
        # Textual's layout). Empty, the tree is as wide as the pane (Tree._build): Tree's way then.
        if self._tree_lines_cached:
            event.prevent_default()
            self._line_cache.grow(event.size.height)

    # -- hiding names ------------------------------------------------------------------

    def _shown(self, variables: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
        """The variables to show, and how many private and dunder names were left out."""
        shown, private, dunder = [], 0, 0
        for variable in variables:
            name = str(variable.get("name", ""))
            if not self.show_dunder and is_dunder(name):
                dunder += 1
            elif not self.show_private and is_private(name):
                private += 1
            else:
                shown.append(variable)
        return shown, private, dunder

    def action_toggle_private(self) -> None:
        self.show_private = not self.show_private

    def action_toggle_dunder(self) -> None:
        self.show_dunder = not self.show_dunder

    def watch_show_private(self) -> None:
        self._refilter(self.root)

    def watch_show_dunder(self) -> None:
        self._refilter(self.root)

    def _refilter(self, node: TreeNode) -> None:
        """Show what the toggles now allow, from what was fetched (no round trip); expanded nodes stay so."""
        for child in _children_of(node):
            if child.data.fetched:
                self._apply_filter(child)
            self._refilter(child)
        if node is self.root:
            self.update_subtitle()

    def _apply_filter(self, node: TreeNode) -> None:
        data = node.data
        shown, data.hidden_private, data.hidden_dunder = self._shown(data.fetched)
        wanted = [str(variable.get("name")) for variable in shown]
        if [child.data.name for child in _children_of(node)] == wanted:
            return
        existing = {child.data.name: child for child in _children_of(node)}
        if len(existing) != len(_children_of(node)) or len(set(wanted)) != len(wanted):
            fetched = data.fetched  # two rows of one name (keys with the same repr): build them again
            node.remove_children()
            _forget(data)
            self._add_children(node, fetched)
            return
        for child in list(node.children):
            is_variable = isinstance(child.data, VariableData)
            if is_variable and child.data.name not in wanted or not is_variable and not isinstance(child.data, MoreData):
                child.remove()  # now hidden, or a "(empty)" / "(all hidden)" row
        previous: TreeNode | None = None
        for variable in shown:
            name = str(variable.get("name"))
            if name in wanted and name in existing and existing[name].parent is node:
                previous = existing[name]
                continue
            item = _variable_data(variable)
            position: dict[str, Any] = {"after": previous} if previous else (
                {"before": node.children[0]} if node.children else {})
            previous = node.add(self._label(variable), data=item, allow_expand=bool(item.reference), **position)
        if not _children_of(node) and data.loaded >= data.total:
            hidden = data.hidden_private + data.hidden_dunder
            node.add_leaf(Text(f"(all {hidden} hidden: p, D show them)" if hidden else "(empty)", "dim italic"))

    def _label(self, variable: dict[str, Any], changed: bool = False) -> Text:
        return variable_label(variable, changed, self.show_types)

    def update_subtitle(self) -> None:
        """Say in the border what the toggles hide from the expanded part of the tree."""
        private = dunder = 0
        pending = [self.root]
        while pending:
            node = pending.pop()
            for child in _children_of(node):
                if child.is_expanded:
                    private += child.data.hidden_private
                    dunder += child.data.hidden_dunder
                    pending.append(child)
        parts = []
        if private:
            parts.append(f"{private} _private hidden (p)")
        if dunder:
            parts.append(f"{dunder} __dunder__ hidden (D)")
        subtitle = " · ".join(parts)
        if subtitle != (self.border_subtitle or ""):  # setting it repaints the whole pane
            self.border_subtitle = subtitle

    def action_view_value(self) -> None:
        node = self.cursor_node
        if node is None or not isinstance(node.data, VariableData) or node.parent is self.root:
            self.app.bell()  # a scope, or a row that is not a value
            return
        self.post_message(self.ViewValue(node.data))

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
            self.update_subtitle()
            return []
        stale: list[TreeNode] = []
        for node, scope in zip(_children_of(self.root), scopes):
            data = node.data
            data.reference, data.total = int(scope["variablesReference"]), _total(scope)
            self._relabel(node, scope_label(scope, data.total))
            if not node.is_expanded:
                _forget(data)  # fetched afresh when next expanded
            elif data.reference in pages:
                stale.extend(self._reconcile(node, pages[data.reference]))
            else:
                stale.append(node)
        self._repaint_relabelled()
        self.update_subtitle()
        return stale

    async def refresh_nodes(self, nodes: list[TreeNode]) -> None:
        """Fetch the children of expanded nodes again and update them in place, recursively."""
        while nodes:
            node = nodes.pop()
            try:
                variables = await self._fetch(node.data.reference, 0, max(self.page_size, node.data.loaded))
            except Exception as error:  # the program moved on: the next stop refreshes again
                self._show_error(node, error)
                continue
            nodes.extend(self._reconcile(node, variables))
            self._repaint_relabelled()
        self.update_subtitle()

    def _relabel(self, node: TreeNode, label: Text) -> None:
        """Set a node's label only if it differs; its row is repainted with the others (_repaint_relabelled).

        As TreeNode.set_label, but without its call_later (a stop is painted in one piece: paint.py),
        and only the node's own row (Textual's looks for the rows of the node and of its children among
        every row in view). tests/ui/test_paint.py holds it to Textual's."""
        if node.label != label:
            node._label = self.process_label(label)
            node._updates += 1
            self._relabelled.append(node)

    def _repaint_relabelled(self) -> None:
        refresh_rows(self, (node.line for node in self._relabelled if node.line >= 0))
        self._relabelled.clear()

    def _reconcile(self, node: TreeNode, variables: list[dict[str, Any]]) -> list[TreeNode]:
        """Make node's children show `variables`; return the expanded children to refetch."""
        children = _children_of(node)
        fetched = variables
        variables, node.data.hidden_private, node.data.hidden_dunder = self._shown(fetched)
        same_shape = [child.data.name for child in children] == [str(v.get("name")) for v in variables] and all(
            bool(child.data.reference) == bool(v.get("variablesReference")) for child, v in zip(children, variables)
        )
        if not same_shape:
            node.remove_children()
            _forget(node.data)
            self._add_children(node, fetched)
            return []
        node.data.fetched = list(fetched)
        stale = []
        for child, variable in zip(children, variables):
            data = child.data
            value = str(variable.get("value", ""))
            self._relabel(child, self._label(variable, changed=value != data.value))
            data.value, data.reference, data.total = value, int(variable.get("variablesReference") or 0), _total(variable)
            data.evaluate_name, data.type = variable.get("evaluateName"), str(variable.get("type") or "")
            if child.is_expanded and data.reference:
                stale.append(child)
            else:
                _forget(data)
        return stale

    def _add_children(self, node: TreeNode, variables: list[dict[str, Any]]) -> None:
        shown, private, dunder = self._shown(variables)
        for variable in shown:
            data = _variable_data(variable)
            if data.reference:
                node.add(self._label(variable), data=data, allow_expand=True)
            else:
                node.add_leaf(self._label(variable), data=data)
        node.data.loaded += len(variables)
        node.data.fetched.extend(variables)
        node.data.hidden_private += private
        node.data.hidden_dunder += dunder
        if variables and node.data.loaded < node.data.total:
            node.add_leaf(Text(f"… {node.data.total - node.data.loaded} more", "italic"), data=MoreData(node))
        if not _children_of(node) and node.data.loaded >= node.data.total:
            hidden = node.data.hidden_private + node.data.hidden_dunder
            node.add_leaf(Text(f"(all {hidden} hidden: p, D show them)" if hidden else "(empty)", "dim italic"))
        if not variables and node.data.loaded == 0:
            node.data.loaded = -1  # nothing to fetch again

    def _show_error(self, node: TreeNode, error: Exception) -> None:
        node.remove_children()
        node.add_leaf(Text(f"<{error}>", "red"))
        node.data.loaded = -1

    async def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        data = event.node.data
        if isinstance(data, VariableData) and data.loaded == 0 and data.reference:
            event.node.remove_children()
            _forget(data)
            await self._load_page(event.node)
        self.update_subtitle()

    def _on_tree_node_collapsed(self, event: Tree.NodeCollapsed[Any]) -> None:
        self.update_subtitle()

    async def _on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        data = event.node.data
        if isinstance(data, MoreData):
            event.node.remove()
            await self._load_page(data.parent)

    async def _load_page(self, node: TreeNode) -> None:
        try:
            variables = await self._fetch(node.data.reference, node.data.loaded, self.page_size)
        except Exception as error:  # stale reference, engine gone: say so in place
            self._show_error(node, error)
            return
        self._add_children(node, variables)
