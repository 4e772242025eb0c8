"""Which pygments style colours the code under each Textual theme.

Only the styles' foregrounds are used (the background is the theme's), so a
dark theme needs a style made for dark backgrounds and a light theme one made
for light ones; a theme with a pygments namesake gets it.
"""

from __future__ import annotations

from textual.theme import Theme

MATCHING = {
    "monokai": "monokai",
    "dracula": "dracula",
    "nord": "nord",
    "gruvbox": "gruvbox-dark",
    "solarized-dark": "solarized-dark",
    "solarized-light": "solarized-light",
    "atom-one-dark": "one-dark",
}
DARK = "monokai"
LIGHT = "default"


def syntax_style(theme: Theme) -> str:
    return MATCHING.get(theme.name) or (DARK if theme.dark else LIGHT)
