"""Safe repr and DAP variable references.

A reference names something whose children the interface may ask for later:
a frame's locals or globals, or an object. References live for one stop.
"""

from __future__ import annotations

import builtins
import reprlib
from collections.abc import Mapping
from typing import Any, Callable

# Children are sent a page at a time; the interface asks for the rest.
DEFAULT_PAGE = 200
_SEQUENCES = (list, tuple, range)
_SETS = (set, frozenset)


class _ShortRepr(reprlib.Repr):
    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = 30
        self.maxdeque = self.maxarray = 30
        self.maxdict = 20
        self.maxstring = 400
        self.maxlong = 200
        self.maxother = 400

    def repr_instance(self, x: Any, level: int) -> str:
        # reprlib hides a raising __repr__ as "<X instance at 0x...>": say what happened.
        try:
            text = builtins.repr(x)
        except Exception as error:
            return _raised(error)
        if len(text) > self.maxother:
            i = max(0, (self.maxother - 3) // 2)
            j = max(0, self.maxother - 3 - i)
            text = text[:i] + "..." + text[len(text) - j :]
        return text


_short = _ShortRepr()


def _raised(error: BaseException) -> str:
    try:
        detail = str(error)
    except Exception:
        detail = "?"
    return f"<repr raised {type(error).__name__}: {detail}>"


def safe_repr(value: Any) -> str:
    """A bounded repr that never raises: big containers and strings are cut."""
    try:
        return _short.repr(value)
    except Exception as error:  # a user's __repr__ may raise anything
        return _raised(error)


# `p` shows a whole repr as pdb does, but a 100 MB one would only stall both sides.
# `p` shows a whole repr as pdb does, but past this a console line is unreadable and slow to lay out.
FULL_REPR_LIMIT = 250_000


def full_repr(value: Any, *, pretty: bool = False) -> str:
    """The whole repr (pprint-formatted with pretty), cut at FULL_REPR_LIMIT characters."""
    if isinstance(value, (str, bytes, bytearray)) and len(value) > FULL_REPR_LIMIT:
        # Cut before repr: a 100 MB string would cost a 100 MB repr only to be thrown away.
        return repr(value[:FULL_REPR_LIMIT]) + f"… ({len(value) - FULL_REPR_LIMIT} more characters)"
    try:
        if pretty:
            import pprint

            text = pprint.pformat(value)
        else:
            text = repr(value)
    except Exception as error:
        return _raised(error)
    if len(text) > FULL_REPR_LIMIT:
        return text[:FULL_REPR_LIMIT] + f"… ({len(text) - FULL_REPR_LIMIT} more characters)"
    return text


def type_name(value: Any) -> str:
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def _attributes(value: Any) -> list[tuple[str, Any]]:
    names: list[str] = []
    instance_dict = getattr(value, "__dict__", None)
    if isinstance(instance_dict, Mapping):
        names.extend(str(name) for name in instance_dict)
    for klass in type(value).__mro__:
        for slot in getattr(klass, "__slots__", ()) or ():
            if isinstance(slot, str) and slot not in ("__dict__", "__weakref__") and slot not in names:
                names.append(slot)
    pairs = []
    for name in names:
        try:
            pairs.append((name, getattr(value, name)))
        except Exception:  # an unset slot or a raising property: skip quietly
            continue
    return pairs


def child_count(value: Any) -> int:
    """How many children the interface may expand to (0: a leaf)."""
    if isinstance(value, (str, bytes, bytearray, int, float, complex, bool, type(None))):
        return 0
    try:
        if isinstance(value, (Mapping, *_SEQUENCES, *_SETS)):
            return len(value)
    except Exception:
        return 0
    if isinstance(value, type) or callable(value) and not hasattr(value, "__dict__"):
        return 0
    return len(_attributes(value))


def children(value: Any, start: int, count: int) -> list[tuple[str, Any]]:
    """The (name, value) pairs from start, at most count of them."""
    stop = start + count
    if isinstance(value, Mapping):
        pairs = []
        for index, key in enumerate(value):
            if index >= stop:
                break
            if index >= start:
                pairs.append((safe_repr(key), value[key]))
        return pairs
    if isinstance(value, _SEQUENCES):
        return [(f"[{i}]", value[i]) for i in range(start, min(stop, len(value)))]
    if isinstance(value, _SETS):
        items = []
        for index, item in enumerate(value):
            if index >= stop:
                break
            if index >= start:
                items.append((f"{{{index}}}", item))
        return items
    return _attributes(value)[start:stop]


class References:
    """Numbers the things the interface may expand, for the length of one stop."""

    def __init__(self) -> None:
        self._targets: dict[int, Callable[[int, int], list[tuple[str, Any]]]] = {}
        self._next = 1

    def clear(self) -> None:
        self._targets.clear()

    def _add(self, fetch: Callable[[int, int], list[tuple[str, Any]]]) -> int:
        ref = self._next
        self._next += 1
        self._targets[ref] = fetch
        return ref

    def scope(self, pairs: Callable[[], list[tuple[str, Any]]]) -> int:
        """A reference to a frame scope, listed lazily when asked for."""
        return self._add(lambda start, count: pairs()[start : start + count])

    def describe(self, name: str, value: Any) -> dict[str, Any]:
        """One DAP Variable, with a reference if it has children."""
        count = child_count(value)
        variable: dict[str, Any] = {
            "name": name,
            "value": safe_repr(value),
            "type": type_name(value),
            "variablesReference": 0,
        }
        if count:
            variable["variablesReference"] = self._add(
                lambda start, count_: children(value, start, count_)
            )
            key = "indexedVariables" if isinstance(value, (*_SEQUENCES, *_SETS)) else "namedVariables"
            variable[key] = count
        return variable

    def variables(self, ref: int, start: int = 0, count: int = 0) -> list[dict[str, Any]]:
        fetch = self._targets.get(ref)
        if fetch is None:
            raise KeyError(f"unknown variables reference {ref} (values are only valid for one stop)")
        pairs = fetch(start, count or DEFAULT_PAGE)
        return [self.describe(name, value) for name, value in pairs]
