"""Safe repr and DAP variable references.

A reference names something whose children the interface may ask for later:
a frame's locals or globals, or an object. References live for one stop.
"""

from __future__ import annotations

import builtins
import itertools
import keyword
import math
import re
import reprlib
import threading
from collections.abc import Mapping
from types import CoroutineType

from . import budget
from .budget import OutOfTime
from .deadline import TimedOut
from .tasks import never_awaited

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

    # How a child is reached from its parent: ("attribute", name), ("index", i), ("key", key); None: no
    # expression can.
    Access = tuple[str, Any] | None

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
        if type(x) in _endless:
            return _did_not_finish(x)
        ident = threading.get_ident()
        outer = _trying.get(ident)
        _trying[ident] = type(x)  # the innermost culprit, should it never finish, not the list that holds it
        try:
            text = builtins.repr(x)
        except TimedOut:
            _endless.add(type(x))
            raise
        except Exception as error:
            return _raised(error)
        finally:
            if outer is None:
                _trying.pop(ident, None)
            else:
                _trying[ident] = outer
        return _cut(text, self.maxother)


def _cut(text: str, most: int) -> str:
    """A long text with its middle left out: `head...tail`."""
    if len(text) <= most:
        return text
    i = max(0, (most - 3) // 2)
    j = max(0, most - 3 - i)
    return text[:i] + "..." + text[len(text) - j :]


_short = _ShortRepr()
# What a variable shows of its value: its repr, as pdb's `p` (the default), or its str, as print()
# (config.toml's `[display] values`; the interface says so with tdb/valueFormat).
_value_format = ["repr"]


def set_value_format(name: str) -> None:
    _value_format[0] = "str" if name == "str" else "repr"


def _raised(error: BaseException, what: str = "repr") -> str:
    try:
        detail = str(error)
    except Exception:
        detail = "?"
    return f"<{what} raised {type(error).__name__}: {detail}>"




# A __repr__ (or __str__) still running after budget.SECONDS (TDB_REPR_SECONDS) is given up on,
# and its type's later ones are not tried again: a stop must not wait that long twice.
REPR_SECONDS = budget.SECONDS
_endless: set[type] = set()
# The instance whose __repr__ each helper thread is running now (repr_instance), by thread.
_trying: dict[int, type] = {}
# Types whose repr runs none of the program's code.
_PLAIN = frozenset({int, float, complex, bool, type(None), str, bytes})


def _did_not_finish(value: Any, what: str = "repr") -> str:
    kind = type(value)
    again = ": not tried again" if kind in _endless else ""
    return f"<{what} of {kind.__qualname__} did not finish in {REPR_SECONDS:g} s{again}>"


def _timed_out(value: Any, error: OutOfTime | None = None) -> str:
    """What a repr that ran out of time shows; a type of the program's own is not tried again."""
    culprit = _trying.get(error.thread) if error is not None else None  # a helper still blocked in it
    if culprit is not None and culprit.__module__ != "builtins":
        _endless.add(culprit)
    if type(value).__module__ != "builtins":
        _endless.add(type(value))
    return _did_not_finish(value)


def safe_repr(value: Any) -> str:
    """A bounded repr that never raises and always ends: big containers and strings are cut; a
    coroutine object never started says so (most often, a forgotten `await`)."""
    text = _safe_repr(value)
    if type(value) is CoroutineType and never_awaited(value):
        return text + " (never awaited)"
    return text


def _safe_repr(value: Any) -> str:
    if type(value) in _endless:
        return _did_not_finish(value)
    try:
        if type(value) in _PLAIN:
            return _short.repr(value)  # runs none of the program's code: no helper needed
        return budget.run_bounded(_short.repr, value)
    except OutOfTime as error:
        return _timed_out(value, error)
    except Exception as error:  # a user's __repr__ may raise anything
        return _raised(error)


# `p` shows a whole repr as pdb does, but past this a console line is unreadable and slow to lay out.
FULL_REPR_LIMIT = 250_000


def full_repr(value: Any, *, pretty: bool = False) -> str:
    """The whole repr (pprint-formatted with pretty), cut at FULL_REPR_LIMIT characters."""
    if isinstance(value, (str, bytes, bytearray)) and len(value) > FULL_REPR_LIMIT:
        # Cut before repr: a 100 MB string would cost a 100 MB repr only to be thrown away.
        return repr(value[:FULL_REPR_LIMIT]) + f"… ({len(value) - FULL_REPR_LIMIT} more characters)"
    if type(value) in _endless:
        return _did_not_finish(value)
    try:
        text = budget.run_bounded(_whole_repr, value, pretty)
    except OutOfTime as error:
        return _timed_out(value, error)
    except Exception as error:
        return _raised(error)
    if len(text) > FULL_REPR_LIMIT:
        return text[:FULL_REPR_LIMIT] + f"… ({len(text) - FULL_REPR_LIMIT} more characters)"
    return text


def _whole_repr(value: Any, pretty: bool) -> str:
    if pretty:
        import pprint

        return pprint.pformat(value)
    return repr(value)


def type_name(value: Any) -> str:
    kind = type(value)
    if kind is CoroutineType and never_awaited(value):
        return "coroutine, never awaited"  # (where a narrow pane still shows it, before the repr)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def _attributes(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, type):
        # A class's own namespace as stored: getattr would run each descriptor's __get__(None, cls),
        # the program's code (a lazily computed class attribute would be computed by the debugger).
        return [(str(name), member) for name, member in vars(value).items()]
    names: list[str] = []
    instance_dict = getattr(value, "__dict__", None)
    if isinstance(instance_dict, Mapping):
        names.extend(str(name) for name in instance_dict)
    for klass in type(value).__mro__:
        slots = vars(klass).get("__slots__") or ()
        for slot in (slots,) if isinstance(slots, str) else slots:  # `__slots__ = "x"` names one slot
            if not isinstance(slot, str) or slot in ("__dict__", "__weakref__"):
                continue
            if slot.startswith("__") and not slot.endswith("__"):  # a private slot is stored mangled
                slot = f"_{klass.__name__.lstrip('_')}{slot}"
            if slot not in names:
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
    if callable(value) and not hasattr(value, "__dict__"):
        return 0
    return len(_attributes(value))


def children(value: Any, start: int, count: int) -> list[tuple[str, Any]]:
    """The (name, value) pairs from start, at most count of them."""
    return [(name, child) for name, child, _ in _children(value, start, count)]


def _children(value: Any, start: int, count: int) -> list[tuple[str, Any, Access]]:
    stop = start + count
    if isinstance(value, Mapping):
        items = []
        for index, key in enumerate(value):
            if index >= stop:
                break
            if index >= start:
                items.append((safe_repr(key), value[key], ("key", key)))
        return items
    if isinstance(value, _SEQUENCES):
        return [(f"[{i}]", value[i], ("index", i)) for i in range(start, min(stop, len(value)))]
    if isinstance(value, _SETS):
        members = []
        for index, item in enumerate(value):
            if index >= stop:
                break
            if index >= start:
                members.append((f"{{{index}}}", item, None))  # a set member has no index to name it by
        return members
    return [(name, child, ("attribute", name)) for name, child in _attributes(value)[start:stop]]


_SIMPLE_EXPRESSION = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\[\]]*\])*")
_LITERAL_KEYS = (str, bytes, int, bool, type(None))


def _literal_key(key: Any) -> bool:
    """Whether repr(key) is a Python literal that evaluates back to an equal key."""
    if type(key) in _LITERAL_KEYS:
        return True
    if type(key) is float:
        return math.isfinite(key)
    return type(key) is tuple and all(_literal_key(item) for item in key)


def child_expression(parent: str | None, access: Access) -> str | None:
    """The expression that evaluates to a child (DAP's evaluateName); None if none can."""
    if not parent or access is None:
        return None
    kind, what = access
    operand = parent if _SIMPLE_EXPRESSION.fullmatch(parent) else f"({parent})"
    if kind == "index":
        return f"{operand}[{what}]"
    if kind == "key":
        return f"{operand}[{what!r}]" if _literal_key(what) else None
    if what.isidentifier() and not keyword.iskeyword(what):
        return f"{operand}.{what}"
    return f"getattr({operand}, {what!r})"


def length(value: Any) -> int | None:
    """len() of a container, for the interface to show; None for strings, leaves and a raising __len__."""
    if isinstance(value, (str, bytes, bytearray)) or not hasattr(type(value), "__len__"):
        return None
    try:
        size = len(value)
    except Exception:
        return None
    return size if isinstance(size, int) else None


def inspect_value(value: Any) -> dict[str, Any]:
    """What the interface's value view shows besides the repr: str, type, module, MRO, length."""
    try:
        text = budget.run_bounded(str, value)
    except OutOfTime:
        text = _did_not_finish(value, "str")
    except Exception as error:
        text = _raised(error, "str")
    else:
        if not isinstance(text, str):
            text = f"<str returned {type(text).__name__}>"
        elif len(text) > FULL_REPR_LIMIT:
            text = text[:FULL_REPR_LIMIT] + f"… ({len(text) - FULL_REPR_LIMIT} more characters)"
    kind = type(value)
    try:
        size = budget.run_bounded(length, value)
    except Exception:
        size = None
    return {
        "str": text,
        "type": kind.__qualname__,
        "module": kind.__module__,
        "mro": [f"{klass.__module__}.{klass.__qualname__}" for klass in kind.__mro__],
        "length": size,
    }


def _look(value: Any) -> tuple[str, int, int | None]:
    """What a variable shows of its value: repr (or str), how many children, len (on a helper: the program's code)."""
    return (safe_str(value) if _value_format[0] == "str" else safe_repr(value)), child_count(value), length(value)


def safe_str(value: Any) -> str:
    """str(value), as print() shows it, bounded as safe_repr is."""
    if type(value) in _endless:
        return _did_not_finish(value, "str")
    try:
        text = builtins.str(value) if type(value) in _PLAIN else budget.run_bounded(builtins.str, value)
    except OutOfTime as error:
        return _timed_out(value, error)
    except Exception as error:  # a user's __str__ may raise anything
        return _raised(error, "str")
    return _cut(text if isinstance(text, builtins.str) else "?", _short.maxother)


def _looks(values: list[Any]) -> list[tuple[str, int, int | None]]:
    """_look() of each value, as few trips to the helper as can be: all of them in one, and past a
    value that does not finish, the rest in another."""
    found: list[tuple[str, int, int | None]] = []
    while len(found) < len(values):
        value = values[len(found)]
        if type(value) in _endless:
            found.append((_did_not_finish(value), 0, None))
            continue
        if type(value) in _PLAIN or isinstance(value, threading.local):
            found.append(_look(value))  # no program code to run / one to run here (_bounded)
            continue
        done: list[tuple[str, int, int | None]] = []
        rest = values[len(found):]

        def look_all() -> None:  # (on the helper; a thread-local or a value that never ends stops it)
            for item in rest:
                if isinstance(item, threading.local) or type(item) in _endless:
                    return
                done.append(_look(item))

        try:
            budget.run_bounded(look_all)
        except OutOfTime as error:
            done = done[:]  # (the helper is left to it: what it finished is kept)
            found.extend(done)
            late = values[len(found)]
            found.append((_timed_out(late, error), 0, None))
            continue
        found.extend(done)
    return found


def _bounded(value: Any) -> Callable[..., Any]:
    """How to run code that looks at `value`: on a helper, in time; a thread-local's own attributes
    are those of the thread that reads them, so one is looked at where it stopped."""
    if isinstance(value, threading.local):
        return lambda function, *args: function(*args)
    return budget.run_bounded


class References:
    """Numbers the things the interface may expand, for the length of one stop.

    `numbers` gives the references (a count shared by every stop keeps them apart).
    """

    def __init__(self, numbers: Iterator[int] | None = None) -> None:
        self._targets: dict[int, Callable[[int, int], list[tuple[str, Any, str | None]]]] = {}
        self._numbers = numbers if numbers is not None else itertools.count(1)

    def knows(self, ref: int) -> bool:
        return ref in self._targets

    def clear(self) -> None:
        """Let go of every target (their closures hold this object too: a cycle only the collector would end)."""
        self._targets.clear()

    def _add(self, fetch: Callable[[int, int], list[tuple[str, Any, str | None]]]) -> int:
        ref = next(self._numbers)
        self._targets[ref] = fetch
        return ref

    def scope(self, pairs: Callable[[], list[tuple[str, Any]]],
              expression: Callable[[str], str | None] = lambda name: name if name.isidentifier() else None) -> int:
        """A reference to a frame scope, listed lazily when asked for.

        `expression` names the expression that reaches a variable of the scope from its frame.
        """
        def fetch(start: int, count: int) -> list[tuple[str, Any, str | None]]:
            return [(name, value, expression(name)) for name, value in pairs()[start : start + count]]

        return self._add(fetch)

    def describe(self, name: str, value: Any, evaluate_name: str | None = None,
                 look: tuple[str, int, int | None] | None = None) -> dict[str, Any]:
        """One DAP Variable, with a reference if it has children, and the expression that reaches it.

        `look`: what _looks() found for the value already."""
        text, count, size = look if look is not None else _looks([value])[0]
        variable: dict[str, Any] = {
            "name": name,
            "value": text,
            "type": type_name(value),
            "variablesReference": 0,
        }
        if evaluate_name:
            variable["evaluateName"] = evaluate_name
        if size is not None:
            variable["tdb/length"] = size  # a dict's namedVariables alone does not say it is its length
        if count:
            variable["variablesReference"] = self._add(lambda start, count_: self._children_of(
                value, evaluate_name, start, count_))
            key = "indexedVariables" if isinstance(value, (*_SEQUENCES, *_SETS)) else "namedVariables"
            variable[key] = count
        return variable

    @staticmethod
    def _children_of(value: Any, parent: str | None, start: int, count: int) -> list[tuple[str, Any, str | None]]:
        found = _bounded(value)(_children, value, start, count)  # OutOfTime: the request fails, the stop goes on
        return [(name, child, child_expression(parent, access)) for name, child, access in found]

    def variables(self, ref: int, start: int = 0, count: int = 0) -> list[dict[str, Any]]:
        fetch = self._targets.get(ref)
        if fetch is None:
            raise KeyError(f"unknown variables reference {ref} (values are only valid for one stop)")
        items = fetch(start, count or DEFAULT_PAGE)
        looks = _looks([value for _, value, _ in items])
        return [self.describe(name, value, evaluate_name, look)
                for (name, value, evaluate_name), look in zip(items, looks)]
