"""The exception filters the user asked for (`catch`): raised, uncaught, each limited to some types or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("raised", "uncaught")


@dataclass(frozen=True)
class Catching:
    """The exception filters: None is off, () every exception, else the type names (a class or any base)."""

    raised: tuple[str, ...] | None = None
    uncaught: tuple[str, ...] | None = None

    def arguments(self) -> dict[str, Any]:
        """setExceptionBreakpoints' arguments: a filter alone, or with its types as a filter option."""
        filters: list[str] = []
        options: list[dict[str, str]] = []
        for kind in KINDS:
            types = getattr(self, kind)
            if types:
                options.append({"filterId": kind, "condition": ", ".join(types)})
            elif types is not None:
                filters.append(kind)
        return {"filters": filters, "filterOptions": options}

    def describe(self) -> str:
        parts = [f"{kind} exceptions" + (f" ({', '.join(types)})" if types else "")
                 for kind in KINDS if (types := getattr(self, kind)) is not None]
        return f"Breaking on {' and '.join(parts)}." if parts else "Not breaking on exceptions."
