"""Variables shown as print() shows them (config.toml's `values = "str"`): bounded, and never raising."""

from __future__ import annotations

from tdb.engine import values


class Loud:
    def __str__(self):
        raise ValueError("no str")


def test_safe_str_is_what_print_shows_cut_short_and_says_what_raised() -> None:
    assert values.safe_str("tdb") == "tdb"
    assert values.safe_str(["a", 1]) == "['a', 1]"
    assert values.safe_str(Loud()) == "<str raised ValueError: no str>"
    long = values.safe_str("x" * 10_000)
    assert len(long) <= 400 and "..." in long


def test_the_format_chooses_what_a_variable_looks_like() -> None:
    try:
        values.set_value_format("str")
        assert values._look("tdb")[0] == "tdb"
        values.set_value_format("repr")
        assert values._look("tdb")[0] == "'tdb'"
    finally:
        values.set_value_format("repr")
