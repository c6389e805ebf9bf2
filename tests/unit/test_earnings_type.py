"""examples/earnings, a schema type built only through the public extension points: its
own grounding rule and matcher, generic everything else, and its labelled fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarise import Summariser
from summarise.evaluation import load_fixtures, score_fixture
from summarise.grounding import VALUE_TOLERANCE
from summarise.schema_types import load_schema_type
from summarise.testing import FakeBackend

EARNINGS = load_schema_type(Path(__file__).resolve().parents[2] / "examples" / "earnings")
FIXTURES = {f.id: f for f in load_fixtures(EARNINGS.fixtures_dir or "", EARNINGS)}
APPLE = FIXTURES["wikinews-apple-inc-doubled-its-profits"]
TESCO = FIXTURES["wikinews-british-supermarket-chain-tesco-to-sell-its"]


def revenue(value: float, unit: str = "USD", name: str = "annual revenue") -> dict[str, Any]:
    quote = "The overall annual revenue of the company made up $7.1 billion"
    return {"name": name, "text": "$7.1 billion", "value": value, "unit": unit,
            "evidence": [{"quote": quote}]}  # fmt: skip


def reply(*metrics: dict[str, Any]) -> dict[str, Any]:
    return {"company": "Apple", "period": None, "metrics": list(metrics),
            "beat_expectations": True}  # fmt: skip


def test_there_are_at_least_eight_labelled_fixtures_with_their_sources() -> None:
    assert len(FIXTURES) >= 8
    assert all(f.licence and f.url for f in FIXTURES.values())
    assert len(TESCO.text.split()) > 500  # one long article among them


@pytest.mark.parametrize(
    ("factor", "kept"),
    [
        (1.0, True),
        (1 + VALUE_TOLERANCE * 0.9, True),  # just inside the tolerance
        (1 + VALUE_TOLERANCE * 1.1, False),  # just outside
        (1e-3, False),  # $7.1 billion read as millions
    ],
)
def test_the_metric_rule_holds_a_value_to_the_number_in_its_evidence(
    factor: float, kept: bool
) -> None:
    fake = FakeBackend([reply(revenue(7.1e9 * factor))])
    with Summariser(schema=EARNINGS, backend=fake) as summariser:
        result = summariser.summarise(APPLE.text)
    assert (len(result.summary.metrics) == 1) is kept
    assert (len(result.dropped) == 1) is not kept
    if not kept:
        assert "agrees with the value" in result.dropped[0].reasons[0]


def test_the_metric_matcher_needs_the_value_and_strictly_the_unit() -> None:
    def score(metric: dict[str, Any]) -> tuple[int, int]:
        prediction = EARNINGS.model.model_validate(reply(metric))
        scores = score_fixture(prediction, APPLE, schema=EARNINGS)
        return scores.strict["metrics"].counts.tp, scores.lenient["metrics"].counts.tp

    assert score(revenue(7.1e9)) == (1, 1)
    assert score(revenue(7.1e9, name="sales")) == (1, 1)  # the value and unit decide
    assert score(revenue(7.1e9, unit="percent")) == (0, 1)  # strict needs the unit
    assert score(revenue(7.3e9)) == (0, 0)  # another value is another metric


def test_scalar_fields_are_scored_by_the_generic_matcher() -> None:
    perfect = score_fixture(APPLE.expected, APPLE, schema=EARNINGS)
    assert {f: r.counts.f1 for f, r in perfect.strict.items() if f != "period"} == {
        "company": 1.0,
        "metrics": 1.0,
        "beat_expectations": 1.0,
    }
    wrong = APPLE.expected.model_copy(update={"beat_expectations": False, "company": "Cisco"})
    scores = score_fixture(wrong, APPLE, schema=EARNINGS).strict
    assert scores["beat_expectations"].counts.tp == 0
    assert scores["company"].counts.tp == 0
    assert scores["metrics"].counts.f1 == 1.0


def test_a_long_earnings_article_is_split_and_merged_by_the_generic_merge() -> None:
    gold = TESCO.expected
    halves = [gold.model_copy(update={"metrics": gold.metrics[: n + 1]}) for n in range(3)]
    fake = FakeBackend(halves, default=halves[-1])
    with Summariser(schema=EARNINGS, backend=fake, chunk_tokens=200) as summariser:
        result = summariser.summarise(TESCO.text)
    assert result.meta.parts == len(fake.calls) >= 3
    assert [m.name for m in result.summary.metrics] == [m.name for m in gold.metrics[:3]]
    assert result.summary.company == gold.company
    for metric in result.summary.metrics:
        for e in metric.evidence:
            assert TESCO.text[e.start : e.end] == e.quote


def test_it_renders_with_the_generic_tables() -> None:
    console = Console(record=True, width=160)
    EARNINGS.render(APPLE.expected, console)
    shown = console.export_text()
    assert "company: Apple Inc." in shown
    assert "annual revenue" in shown
    assert "7.1e+09" in shown or "7100000000" in shown
