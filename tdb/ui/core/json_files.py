"""A JSON file written whole: a temporary file beside it, then a rename (never half a file on the disk)."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any


def write_json(path: str, data: Any, **dump_options: Any) -> str | None:
    """Write `data` to `path` at once, making its directory; the error's text if it failed."""
    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".tdb-", suffix=".json", dir=directory)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(data, file, **dump_options)
                file.write("\n")
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        return f"{path}: {error.strerror or error}"
    return None
