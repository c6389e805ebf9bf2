"""Both sides of every line the code draws: exactly at it, just inside, just outside.

Grounding near-misses (a value just outside its tolerance, a name one letter off, a quote
one word off), the eval's thresholds, and the limits on input and context.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarise import InputError, NewsSummary
from summarise.article import load_article
from summarise.evaluation.matching import match_items
from summarise.grounding import VALUE_TOLERANCE, find_numbers, ground, value_written_in
from summarise.schema_types import values_agree
from summarise.schemas.news.rules import RULES
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def grounded_with(field: str, index: int, **changes: Any) -> Any:
    data = copy.deepcopy(TRUE_SUMMARY)
    data[field][index].update(changes)
    return ground(NewsSummary.model_validate(data), TEXT, "strict", RULES)


# --- a figure's value against the number in its evidence ------------------------------


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        (1400, True),
        (1400 * (1 + VALUE_TOLERANCE), True),  # exactly at the tolerance
        (1406, True),  # just inside (0.43 %)
        (1408, False),  # just outside (0.57 %)
        (1450, False),  # "1,450" against "more than 1,400"
        (1394, True),
        (1392, False),
    ],
)
def test_a_figure_value_must_agree_with_its_evidence(value: float, kept: bool) -> None:
    # figures[1] is "more than 1,400" deaths, evidence "more than 1,400 deaths".
    grounded = grounded_with("figures", 1, value=value)
    assert (not grounded.dropped) is kept
    if not kept:
        assert "agrees with the value" in grounded.dropped[0].reasons[0]


@given(
    st.integers(min_value=2, max_value=10**9),
    st.sampled_from(["{:,}", "{}", "${:,}", "{} people"]),
)
def test_the_value_tolerance_holds_at_every_size(number: int, written: str) -> None:
    text = f"Officials counted {written.format(number)} on Monday."
    assert value_written_in(number, text)
    assert value_written_in(number * (1 + VALUE_TOLERANCE * 0.99), text)
    assert not value_written_in(number * (1 + VALUE_TOLERANCE * 1.01) + 1e-9, text)
    assert not value_written_in(number * (1 - VALUE_TOLERANCE * 1.01) - 1e-9, text)


def test_a_percent_range_keeps_its_unit_when_the_sign_comes_only_at_the_end() -> None:
    for text in ("10-12%", "10–12 %", "10 to 12 percent", "between 10% and 12%"):
        (number,) = find_numbers(text)
        assert (number.value, number.upper, number.unit) == (10, 12, "percent"), text
        assert number.qualifier == "range"


# --- names and quotes must be written in the article, not nearly -----------------------


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Vladimir Putin", True),
        ("vladimir  PUTIN", True),  # case and spacing are not spelling
        ("Vladimir Putim", False),  # one letter off: a fuzzy match is no proof
        ("Vladimir Putinn", False),
    ],
)
def test_an_actor_name_must_occur_not_nearly_occur(name: str, kept: bool) -> None:
    grounded = grounded_with("actors", 0, name=name, aliases=[])
    assert (not [d for d in grounded.dropped if d.path == "actors[0]"]) is kept


SOW = "To say that the humanitarian situation in Gaza {} catastrophic is an {}."


@pytest.mark.parametrize(
    ("quote", "kept"),
    [
        (SOW.format("is", "understatement"), True),
        (SOW.format("is", "exaggeration"), False),  # one word changed
        (SOW.format("was", "understatement"), False),
    ],
)
def test_a_direct_quote_must_be_verbatim(quote: str, kept: bool) -> None:
    grounded = grounded_with("claims", 3, quote=quote)  # Mamadou Sow's quote
    dropped = [d for d in grounded.dropped if d.path == "claims[3]"]
    assert (not dropped) is kept
    if not kept:
        assert "direct quote is not in the article" in dropped[0].reasons[0]


# --- the eval's thresholds -------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "matched"),
    [(0.6, True), (0.6 + 1e-9, True), (0.6 - 1e-9, False)],
)
def test_a_pair_exactly_on_the_threshold_is_a_match(score: float, matched: bool) -> None:
    matching = match_items(["p"], ["g"], lambda p, g: score, 0.6)
    assert (matching.matches != []) is matched
    assert (matching.missed == []) is matched
    assert (matching.extra == []) is matched


@pytest.mark.parametrize(
    ("a", "b", "floor", "agree"),
    [
        (101, 100, 0.0, True),  # exactly 1 %
        (101.01, 100, 0.0, False),
        (4.5, 4, 0.5, True),  # exactly the news floor
        (4.51, 4, 0.5, False),
        (4.5, 4, 0.0, False),  # no floor: 12.5 % off
    ],
)
def test_figures_agree_within_one_percent_or_the_floor(
    a: float, b: float, floor: float, agree: bool
) -> None:
    assert values_agree(a, b, floor=floor) is agree


# --- input limits ----------------------------------------------------------------------


@pytest.mark.parametrize(("length", "accepted"), [(99, True), (100, True), (101, False)])
def test_the_article_length_limit(length: int, accepted: bool) -> None:
    text = ("word " * 30)[:length]
    if accepted:
        assert load_article(text, max_chars=100).text == text
    else:
        with pytest.raises(InputError, match="long"):
            load_article(text, max_chars=100)


# --- room for an article in the context ------------------------------------------------


def _planner(context: int, max_output: int) -> Any:
    from summarise.config import resolve_settings
    from summarise.planning import RequestPlanner
    from summarise.schema_types import get_schema_type
    from summarise.testing import FakeBackend

    backend = FakeBackend()
    backend.context_tokens = context
    news = get_schema_type("news")
    return RequestPlanner(news, backend, resolve_settings(max_output_tokens=max_output))


def test_the_context_must_leave_at_least_min_part_tokens_for_the_article() -> None:
    from summarise.planning import MIN_PART_TOKENS

    overhead = 10_000 - 1_000 - _planner(10_000, 1_000).part_budget
    exactly = _planner(overhead + 1_000 + MIN_PART_TOKENS, 1_000)
    assert exactly.part_budget == MIN_PART_TOKENS
    with pytest.raises(InputError, match="leaves no room"):
        _ = _planner(overhead + 1_000 + MIN_PART_TOKENS - 1, 1_000).part_budget


@pytest.mark.parametrize(("used", "truncated"), [(99, False), (100, True), (101, True)])
def test_a_reply_of_max_tokens_is_truncated_and_one_token_less_is_not(
    used: int, truncated: bool
) -> None:
    from types import SimpleNamespace

    from summarise.backends.instructed import Meter, checked_reply

    choice = SimpleNamespace(finish_reason="tool_calls", message=SimpleNamespace())
    usage = SimpleNamespace(prompt_tokens=10, completion_tokens=used)
    checked_reply(SimpleNamespace(choices=[choice], usage=usage), Meter(), max_tokens=100)
    assert (choice.finish_reason == "length") is truncated


# (finish_reason, prompt, reply, max_tokens, context) -> what the error must name
CUTS = [
    ("stop", 100, 99, 100, None, None),
    ("tool_calls", 100, 100, 100, None, "--max-output-tokens"),
    ("stop", 3000, 1096, 4096, 4096, "--context-tokens"),  # prompt + reply fill it
    ("stop", 3000, 1095, 4096, 4096, None),  # one token short of full
    ("tool_calls", 3000, 4096, 4096, 4096, "--context-tokens"),  # both: the context
    ("length", 100, 50, 100, None, "finish_reason 'length'"),  # cut before the cap
    ("length", None, None, 100, None, "finish_reason 'length'"),  # no usage at all
    ("length", 100, 50, 100, 8192, "finish_reason 'length'"),
]


@pytest.mark.parametrize(("reason", "prompt", "used", "cap", "context", "names"), CUTS)
def test_every_cut_is_caught_and_named_by_its_cause(
    reason: str,
    prompt: int | None,
    used: int | None,
    cap: int,
    context: int | None,
    names: str | None,
) -> None:
    from types import SimpleNamespace

    from summarise.backends.instructed import Meter, checked_reply

    choice = SimpleNamespace(finish_reason=reason, message=SimpleNamespace())
    usage = SimpleNamespace(prompt_tokens=prompt, completion_tokens=used)
    meter = Meter()
    checked_reply(
        SimpleNamespace(choices=[choice], usage=usage),
        meter,
        max_tokens=cap,
        context_tokens=context,
    )
    if names is None:
        assert meter.cut is None
        assert choice.finish_reason == reason
    else:
        assert meter.cut is not None
        assert names in meter.cut
        assert choice.finish_reason == "length"  # so instructor never parses it
