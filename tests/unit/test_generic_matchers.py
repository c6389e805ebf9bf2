"""The generic eval matcher: how any type's plain values, items and cited spans compare.

Every type that supplies no matcher of its own is scored by these functions, so the
scores they give (and where they stop giving them) decide eval results.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from summarise import Evidence
from summarise.schema_types import (
    MatchContext,
    evidence_overlap,
    generic,
    lexical,
    scalar_similarity,
    values_agree,
)
from summarise.schema_types.matchers import GENERIC_THRESHOLD


class Trend(enum.StrEnum):
    # A str-valued enum: its values are strings, but a choice all the same.
    UP = "up"
    STRONGLY_UP = "strongly up"


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    headline: str = Field(description="The headline.")
    stage: Literal["up", "strongly up"] = Field(description="How it moved.")
    trend: Trend = Field(description="Where it is heading.")
    teams: int = Field(description="How many teams.")
    share: float = Field(description="A share.")


class Team(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(description="How many people; a number before the first text field.")
    name: str = Field(description="The team's name: its label.")
    role: str = Field(description="What it does.")
    base: str | None = Field(default=None, description="Where it is based.")
    formed: str | None = Field(default=None, description="When it was formed.")
    evidence: list[Evidence] = Field(default_factory=list, description="Verbatim spans.")


class Unit(BaseModel):
    """Another model with a label but no ``size``, ``role`` or ``base``."""

    name: str = Field(description="The unit's name.")


def context(alternatives: dict[str, list[str]] | None = None) -> MatchContext:
    wordings = alternatives or {}
    return MatchContext(
        mode="strict",
        gold=Report(headline="", stage="up", trend=Trend.UP, teams=0, share=0.0),
        statements=lexical,
        alternatives=lambda gold: wordings.get(gold, []) if isinstance(gold, str) else [],
    )


def team(**changes: Any) -> Team:
    data = {"size": 100, "name": "Ana Lind", "role": "host"}
    return Team.model_validate(data | changes)


# --- plain values ---------------------------------------------------------------------


def test_identical_words_score_exactly_one() -> None:
    assert lexical("the bridge at Ora", "the bridge at Ora") == 1.0
    assert lexical("Ora bridge the", "the bridge at Ora") == 1.0  # order and subsets


def test_values_agree_has_no_floor_unless_given_one() -> None:
    assert not values_agree(4.5, 4)  # 12.5 % off
    assert not values_agree(1.5, 1)
    assert values_agree(1.5, 1, floor=0.5)


def test_text_compares_by_words_after_the_name_normaliser() -> None:
    assert scalar_similarity("the  ORA Bridge", "Ora bridge") == 1.0
    assert scalar_similarity("Ora bridge", "Lind school") < GENERIC_THRESHOLD


def test_alternatives_are_other_acceptable_wordings_of_text() -> None:
    assert scalar_similarity("Ora crossing", "Ora bridge") < 1.0
    assert scalar_similarity("Ora crossing", "Ora bridge", ["the crossing at Ora"]) == 1.0


@pytest.mark.parametrize(
    ("predicted", "gold", "similarity"),
    [
        (100, 100, 1.0),
        (101, 100, 1.0),  # exactly 1 % of the gold value
        (100.5, 100, 1.0),  # just inside
        (101.01, 100, 0.0),  # just outside
        (99, 100, 1.0),
        (98.99, 100, 0.0),
        (0, 0, 1.0),
        (0.001, 0, 0.0),  # 1 % of nothing is nothing
    ],
)
def test_numbers_agree_within_one_percent_of_the_gold_value(
    predicted: float, gold: float, similarity: float
) -> None:
    assert scalar_similarity(predicted, gold) == similarity


def test_exact_compares_by_equality_even_when_numbers_or_words_are_close() -> None:
    assert scalar_similarity(101, 100, exact=True) == 0.0
    assert scalar_similarity("Ora", "ora", exact=True) == 0.0
    assert scalar_similarity(100, 100, exact=True) == 1.0


def test_choices_booleans_and_missing_values_compare_by_equality() -> None:
    # "up" is wholly inside "strongly up": as words they are the same, as choices not.
    assert scalar_similarity(Trend.STRONGLY_UP, Trend.UP) == 0.0
    assert scalar_similarity(Trend.UP, Trend.UP) == 1.0
    assert scalar_similarity(1.005, True) == 0.0  # a boolean is not the number 1
    assert scalar_similarity(True, True) == 1.0
    assert scalar_similarity("nothing", None) == 0.0
    assert scalar_similarity(None, None) == 1.0


def test_values_of_different_kinds_never_match_and_never_fail() -> None:
    assert scalar_similarity(4, "4") == 0.0
    assert scalar_similarity(None, "Ora") == 0.0
    assert scalar_similarity(team(), "Ana Lind") == 0.0
    assert scalar_similarity("Ana Lind", team()) == 0.0


def test_other_values_compare_by_equality() -> None:
    monday = datetime.date(2024, 3, 4)
    assert scalar_similarity(monday, datetime.date(2024, 3, 4)) == 1.0
    assert scalar_similarity(monday, datetime.date(2024, 3, 5)) == 0.0


# --- the generic matcher of a plain field ---------------------------------------------


def test_the_generic_matcher_counts_from_the_generic_threshold() -> None:
    assert generic(Report, "headline").threshold == GENERIC_THRESHOLD == 0.6


def test_a_whole_number_field_is_matched_exactly() -> None:
    similarity = generic(Report, "teams").similarity
    assert similarity(100, 100, context()) == 1.0
    assert similarity(101, 100, context()) == 0.0  # within 1 %, but a count is a count
    assert generic(Report, "share").similarity(101.0, 100.0, context()) == 1.0


def test_a_choice_field_is_matched_by_equality() -> None:
    assert generic(Report, "stage").similarity("strongly up", "up", context()) == 0.0
    assert generic(Report, "stage").similarity("up", "up", context()) == 1.0
    assert generic(Report, "trend").similarity(Trend.STRONGLY_UP, Trend.UP, context()) == 0.0


def test_a_text_field_is_matched_against_the_gold_value_and_its_alternatives() -> None:
    similarity = generic(Report, "headline").similarity
    wordings = context({"Flood closes roads": ["Roads shut by the flood"]})
    assert similarity("roads shut by the flood", "Flood closes roads", wordings) == 1.0
    assert similarity("roads shut by the flood", "Flood closes roads", context()) < 1.0


# --- items, field by field ------------------------------------------------------------


def test_an_item_scores_the_mean_over_the_fields_its_gold_item_fills() -> None:
    assert scalar_similarity(team(), team()) == 1.0
    # base and formed are empty in gold: not compared, whatever the prediction says.
    assert scalar_similarity(team(base="Ora", formed="1990"), team()) == 1.0
    # size, name and role agree; the base does not.
    assert scalar_similarity(team(base="Lind"), team(base="Ora")) == pytest.approx(3 / 4)


def test_an_empty_field_in_gold_skips_only_that_field() -> None:
    gold = team(formed="Monday")  # base is empty, formed comes after it
    assert scalar_similarity(team(formed="2024"), gold) == pytest.approx(3 / 4)


def test_a_whole_number_inside_an_item_is_compared_exactly() -> None:
    assert scalar_similarity(team(size=101), team(size=100)) == pytest.approx(2 / 3)


def test_only_the_first_text_field_of_an_item_takes_the_alternatives() -> None:
    # size is a number and comes first; name is the label; role must match on its own.
    predicted = team(name="Mayor of Ora", role="Mayor of Ora")
    score = scalar_similarity(predicted, team(), ["Mayor of Ora"])
    assert score == pytest.approx((1.0 + 1.0 + lexical("mayor of ora", "host")) / 3)
    assert scalar_similarity(predicted, team()) < score


def test_a_field_the_predicted_item_lacks_scores_nothing() -> None:
    assert scalar_similarity(Unit(name="Ana Lind"), team()) == pytest.approx(1 / 3)


def test_a_gold_item_with_no_plain_values_matches_nothing() -> None:
    class Empty(BaseModel):
        note: str | None = None
        evidence: list[Evidence] = Field(default_factory=list)

    assert scalar_similarity(Empty(), Empty()) == 0.0


# --- evidence overlap -----------------------------------------------------------------


def span(start: int | None, end: int | None) -> Evidence:
    return Evidence(quote="x", start=start, end=end)


@pytest.mark.parametrize(
    ("predicted", "gold", "overlap"),
    [
        ([span(0, 10)], [span(0, 10)], 1.0),
        ([span(0, 10)], [span(2, 4)], 1.0),  # over the shorter span: one holds the other
        ([span(2, 4)], [span(0, 10)], 1.0),
        ([span(0, 10)], [span(5, 25)], 0.5),  # 5 shared of the 10 in the shorter
        ([span(0, 5)], [span(4, 10)], 0.2),  # one character shared
        ([span(0, 5)], [span(5, 10)], 0.0),  # touching is not overlapping
        ([span(0, 5)], [span(6, 10)], 0.0),
        ([span(5, 5)], [span(0, 10)], 0.0),  # an empty span shares nothing (and never fails)
        ([span(0, 10)], [span(10, 10)], 0.0),
        ([span(0, 5), span(20, 30)], [span(22, 26)], 1.0),  # the best pair counts
        ([span(20, 30), span(0, 5)], [span(3, 8)], 0.4),
        ([span(None, None), span(0, 10)], [span(0, 10)], 1.0),  # unaligned spans skipped
        ([span(0, 10)], [span(None, None), span(0, 10)], 1.0),
        ([span(0, None)], [span(0, 10)], 0.0),
        ([span(None, 10)], [span(0, 10)], 0.0),
        ([span(0, 10)], [span(0, None)], 0.0),
        ([span(0, 10)], [span(None, 10)], 0.0),
        ([], [span(0, 10)], 0.0),
        ([span(0, 10)], [], 0.0),
    ],
)
def test_evidence_overlap_is_the_shared_part_of_the_shorter_span(
    predicted: list[Evidence], gold: list[Evidence], overlap: float
) -> None:
    assert evidence_overlap(predicted, gold) == pytest.approx(overlap)


SPANS = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda s: (s[0], s[0] + s[1]))


@given(st.lists(SPANS, max_size=4), st.lists(SPANS, max_size=4))
def test_evidence_overlap_counts_shared_characters(
    predicted: list[tuple[int, int]], gold: list[tuple[int, int]]
) -> None:
    expected = max(
        (
            len(set(range(*p)) & set(range(*g))) / min(p[1] - p[0], g[1] - g[0])
            for p in predicted
            for g in gold
        ),
        default=0.0,
    )
    found = evidence_overlap([span(*p) for p in predicted], [span(*g) for g in gold])
    assert found == pytest.approx(expected)
    assert found == pytest.approx(
        evidence_overlap([span(*g) for g in gold], [span(*p) for p in predicted])
    )
