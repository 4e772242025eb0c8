"""Showing new rows in an OptionList at a stop without re-laying it out when it need not be."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def show_prompts(options: OptionList, prompts: Sequence[Text]) -> None:
    """Make the list's rows `prompts`: with as many rows as before, replace only the ones that differ.

    Most stops change a line number or a value, not how many rows there are; clearing and
    adding would re-lay out the pane (and the screen) at every step. (A replaced row still
    repaints the whole pane: OptionList clears its caches.)
    """
    if len(prompts) == options.option_count:
        for index, prompt in enumerate(prompts):
            old = options.get_option_at_index(index).prompt
            if not isinstance(old, Text) or old != prompt:
                options.replace_option_prompt_at_index(index, prompt)
        return
    options.clear_options()
    options.add_options(Option(prompt) for prompt in prompts)
