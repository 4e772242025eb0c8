"""tdb: a full-screen terminal debugger for Python, built on Textual.

`import tdb` is cheap and imports nothing from the interface: the engine is
loaded when a function here is first called.
"""

from __future__ import annotations

from .entry import install, pm, post_mortem, run, runcall, set_trace
from .pdb_class import Tdb

__version__ = "0.1.0"
__all__ = ["set_trace", "post_mortem", "pm", "run", "runcall", "install", "Tdb"]
