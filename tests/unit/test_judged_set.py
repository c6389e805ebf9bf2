"""The news matchers held to a careful reader: the judged set in evals/judged/.

Every pair is decided as scoring decides it (the whole field's one-to-one assignment,
strict), and the matchers must agree with the reader's verdict on at least 95 % of
each field's pairs. The set must also stay what it claims to be: at least 200 pairs
across the four fields, each with a reason, the hard cases in it, and every item as it
was judged.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from summarise.evaluation import load_fixtures
from summarise.evaluation.agreement import (
    FieldAgreement,
    JudgedPair,
    agreement,
    load_judged,
    load_predictions,
)
from summarise.evaluation.scoring import field_items
from summarise.schema_types import get_schema_type, shown

EVALS = Path(__file__).resolve().parents[2] / "evals"
JUDGED = EVALS / "judged"
FIELDS = ("actors", "claims", "figures", "contested_points")
NEWS = get_schema_type("news")
FIXTURES = {
    f.id: f
    for folder in (EVALS / "fixtures" / "news", EVALS / "holdout" / "news")
    for f in load_fixtures(folder, NEWS)
}
PAIRS = load_judged(JUDGED / "news.jsonl")
PREDICTIONS = load_predictions(JUDGED / "predictions", NEWS)


@pytest.fixture(scope="module")
def agreed() -> dict[str, FieldAgreement]:
    return agreement(PAIRS, PREDICTIONS, FIXTURES, schema=NEWS)


def test_the_set_holds_at_least_200_pairs_across_the_four_fields() -> None:
    assert len(PAIRS) >= 200
    verdicts = Counter((p.field, p.verdict) for p in PAIRS)
    for field in FIELDS:
        assert verdicts[(field, "same")] >= 10, field
        assert verdicts[(field, "different")] >= 10, field
    assert {p.run for p in PAIRS} == {"offline", "perturbed"}
    assert len({(p.run, p.fixture, p.field, p.prediction, p.gold) for p in PAIRS}) == len(PAIRS)


def test_every_pair_gives_its_reason() -> None:
    assert all(len(p.reason.split()) >= 3 for p in PAIRS)


def test_every_pair_comes_from_the_tuned_or_held_out_fixtures() -> None:
    # Never the sealed set: its fixtures are not read, let alone judged.
    assert {p.fixture for p in PAIRS} <= FIXTURES.keys()


def test_every_item_is_as_it_was_judged() -> None:
    matchers = NEWS.matchers()
    for pair in PAIRS:
        prediction = PREDICTIONS[(pair.run, pair.fixture)]
        gold = field_items(getattr(FIXTURES[pair.fixture].expected, pair.field), None)
        assert shown(gold[pair.gold]) == pair.expected, pair
        assert shown(getattr(prediction, pair.field)[pair.prediction]) == pair.predicted, pair
        scored = matchers[pair.field].scored
        assert scored is None or scored(getattr(prediction, pair.field)[pair.prediction]), pair


def judged(field: str, predicted: str, expected: str) -> JudgedPair:
    """The one pair whose two items start as given."""
    (pair,) = [
        p
        for p in PAIRS
        if p.field == field
        and p.predicted.startswith(predicted)
        and p.expected.startswith(expected)
    ]
    return pair


HARD_CASES = {
    "word_of_a_name": ("actors", "name: Iran;", "name: United Against Nuclear Iran;", "different"),
    "adjective": ("actors", "name: Palestinian;", "name: Palestinian Authority;", "different"),
    "region": ("actors", "name: Levant;", "name: Islamic State of Iraq and the", "different"),
    "exact_name": ("actors", "name: Iran;", "name: Iran;", "same"),
    "furniture": ("claims", "speaker: UN; statement: READ MORE", "speaker: UN;", "different"),
    "empty": ("claims", "speaker: Biden campaign; statement: ;", "speaker: Biden", "different"),
    "tie_hid_better": (
        "claims", "speaker: Wendy Parmet; statement: She went", "speaker: Wendy Parmet; "
        "statement: Place", "same",
    ),
    "swapped_speaker": (
        "claims", "speaker: Union officials; statement: Airbus will", "speaker: Airbus;",
        "different",
    ),
    "crossed_values": ("figures", "text: 2.36%", "text: 2.62%", "different"),
    "nearest_value": ("figures", "text: 2.36%", "text: 2.36%", "same"),
    "value_alone": (
        "figures", "text: under two; value: 2; unit: hours; qualifier: less_than",
        "text: 2:05:45", "different",
    ),
    "template_issue": (
        "contested_points", "issue: Disagreement over Hamas and Israel",
        "issue: Whether Russia's", "different",
    ),
    "template_with_sides": (
        "contested_points", "issue: Disagreement over Vladimir Putin",
        "issue: Whether Russia's", "same",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HARD_CASES))
def test_the_hard_cases_are_in_the_set(case: str) -> None:
    field, predicted, expected, verdict = HARD_CASES[case]
    assert judged(field, predicted, expected).verdict == verdict


@pytest.mark.parametrize("field", FIELDS)
def test_the_matchers_agree_with_the_reader_on_95_percent(
    agreed: dict[str, FieldAgreement], field: str
) -> None:
    result = agreed[field]
    missed = "\n".join(f"{p.verdict}: {p.reason}" for p in result.disagreements)
    assert result.rate >= 0.95, f"{field} {result.agreed}/{result.judged}\n{missed}"


@pytest.mark.parametrize("field", FIELDS)
def test_the_matchers_get_the_hard_cases_right(field: str) -> None:
    hard = [p for p in PAIRS if p.field == field and p.run == "perturbed"]
    result = agreement(hard, PREDICTIONS, FIXTURES, schema=NEWS)[field]
    assert result.judged >= 20
    assert result.rate >= 0.95, [p.reason for p in result.disagreements]
