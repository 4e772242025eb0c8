"""The Textual interface: its own process, a DAP client of the engine."""

import os

# Textual paints at most TEXTUAL_FPS times a second and waits up to one period after a
# change: at its default 60 that is up to 17 ms on every step. A debugger answers a key at once.
os.environ.setdefault("TEXTUAL_FPS", "240")
