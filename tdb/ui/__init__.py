"""The Textual interface: its own process, a DAP client of the engine."""

import os

# Textual paints at most TEXTUAL_FPS times a second and waits up to one period after a
# change: at its default 60 that is up to 17 ms on every step. A debugger answers a key at once.
FPS_CHOSEN_BY_TDB = "TEXTUAL_FPS" not in os.environ  # (not the user's setting: not handed on as one)
os.environ.setdefault("TEXTUAL_FPS", "240")
