"""pdb's `alias`: a name for a command line, with %1..%9 for its arguments and %* for all of them."""

from __future__ import annotations


class AliasError(ValueError):
    pass


class Aliases:
    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}

    def set(self, name: str, line: str) -> None:
        self._by_name[name] = line

    def remove(self, name: str) -> bool:
        return self._by_name.pop(name, None) is not None

    def get(self, name: str) -> str | None:
        return self._by_name.get(name)

    def all(self) -> list[tuple[str, str]]:
        return sorted(self._by_name.items())

    def expand(self, line: str) -> str:
        """The line with its first word's alias (and that line's, and so on) replaced, as pdb 3.14's precmd."""
        words = line.split()
        seen: set[str] = set()
        while words and words[0] in self._by_name and words[0] not in seen:  # (an alias of itself ends)
            seen.add(words[0])
            body = self._by_name[words[0]]
            for number in range(1, 10):
                marker = f"%{number}"
                if marker in body:
                    if number >= len(words):
                        raise AliasError(f"Not enough arguments for alias '{words[0]}'")
                    body = body.replace(marker, words[number])
                elif "%*" not in body:
                    if number < len(words):
                        raise AliasError(f"Too many arguments for alias '{words[0]}'")
                    break
            line = body.replace("%*", " ".join(words[1:]))
            words = line.split()
        return line


def check_alias(body: str) -> str | None:
    """Why an alias's line cannot be used, as pdb says it; None if it can."""
    if "%*" in body:
        return None
    numbers = [number for number in range(1, 10) if f"%{number}" in body]
    if numbers != list(range(1, len(numbers) + 1)):
        return "Replaceable parameters must be consecutive"
    return None
