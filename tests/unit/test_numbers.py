"""Numbers as news writes them."""

from __future__ import annotations

import pytest

from summarise.grounding.numbers import find_numbers, glued_scale, parse_number


@pytest.mark.parametrize(
    ("text", "value", "upper", "qualifier", "unit"),
    [
        ("more than 1,400 deaths", 1400, None, "more_than", None),
        ("7,000 people", 7000, None, "exact", None),
        ("2.3 million people", 2_300_000, None, "exact", None),
        ("600,000 people", 600_000, None, "exact", None),
        ("two of its leaders", 2, None, "exact", None),
        ("a dozen arrests", 12, None, "exact", None),
        ("more than two dozen lenders", 24, None, "more_than", None),
        ("about one-third of the rate", 1 / 3, None, "approximately", None),
        ("one-quarter of its staff", 0.25, None, "exact", None),
        ("3.5% growth", 3.5, None, "exact", "percent"),
        ("a $4bn deal", 4e9, None, "exact", "USD"),
        ("USD$23 billion", 23e9, None, "exact", "USD"),
        ("between 2 and 3 million", 2e6, 3e6, "range", None),
        ("10-12 people", 10, 12, "range", None),
        ("up to 40%", 40, None, "up_to", "percent"),
        ("at least two areas", 2, None, "at_least", None),
        ("nearly 14,000 employees", 14_000, None, "approximately", None),
        ("thirty-one Republicans", 31, None, "exact", None),
        ("a quarter of its value", 0.25, None, "exact", None),
        ("over half a million doses", 5e5, None, "more_than", None),
        ("half of the doses", 0.5, None, "exact", None),
        ("more than twice as likely", 2, None, "more_than", None),
        ("€20,000 in compensation", 20_000, None, "exact", "EUR"),
    ],
)
def test_written_forms(
    text: str, value: float, upper: float | None, qualifier: str, unit: str | None
) -> None:
    number = parse_number(text)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.upper == (pytest.approx(upper) if upper is not None else None)
    assert number.qualifier == qualifier
    assert number.unit == unit


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("40 and 49", [40, 49]),  # two ages, not a range
        ("28% and 50% growth", [28, 50]),
        ("aged nine, ten, thirteen", [9, 10, 13]),
        ("from 2005 on", [2005]),
        ("dozens of people, then two dozen", [24]),  # "dozens" is no number
        ("won 52-35", [52, 35]),  # a range runs upwards: a descending pair is a score
        ("49.4 percent to 42.0 percent", [49.4, 42.0]),
    ],
)
def test_lists_of_numbers_are_each_found(text: str, values: list[float]) -> None:
    assert [n.value for n in find_numbers(text)] == values


def test_offsets_point_at_what_was_read() -> None:
    text = "Officials said more than 1,400 people died and 2.3 million fled."
    spans = [text[n.start : n.end] for n in find_numbers(text)]
    assert spans == ["more than 1,400", "2.3 million"]


def test_a_number_listed_before_a_percentage_shares_its_unit() -> None:
    units = [n.unit for n in find_numbers("sales rose 166.5 and 93.3% respectively")]
    assert units == ["percent", "percent"]
    # Listed with a plain number, or after a percentage, a number keeps no unit of its own.
    assert [n.unit for n in find_numbers("rose 12 and 14 respectively")] == [None, None]
    assert [n.unit for n in find_numbers("rose 12% and 14")] == ["percent", None]


def test_a_scale_glued_to_a_number_is_read_from_the_one_word() -> None:
    assert [glued_scale(w) for w in ("140bn", "2.3M", "1,200k", "5mln")] == ["bn", "m", "k", "mln"]
    # A number alone, a scale alone, or letters that are no scale are no glued scale.
    assert [glued_scale(w) for w in ("140", "bn", "7b2", "737s", "$96bn")] == [None] * 5
