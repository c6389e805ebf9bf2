"""Precision, recall and F1 per field, per fixture and over a run.

Every field the schema type scores is scored with its matcher (the type's own, or the
generic one): a list field item by item, a scalar field as one item when gold or the
prediction has a value. Counting rules: a matched gold item is a true positive; an
unmatched prediction a false positive; an unmatched gold item a false negative, unless
it is marked optional, in which case it costs nothing. A matcher may leave some
predictions unscored (the news type does not score claims given to "the article").
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from summarise.evaluation.counts import Counts
from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.intervals import Bootstrap, FieldIntervals, field_intervals
from summarise.evaluation.matching import match_items
from summarise.grounding.align import ArticleText
from summarise.grounding.verify import check
from summarise.schema_types import (
    FieldMatcher,
    MatchContext,
    SchemaType,
    StatementSimilarity,
    get_schema_type,
    lexical,
)

__all__ = [
    "Counts",
    "FieldAggregate",
    "FieldResult",
    "FixtureScores",
    "aggregate",
    "aligned_prediction",
    "field_items",
    "match_context",
    "score_fixture",
]

Mode = Literal["strict", "lenient"]


class FieldResult(BaseModel):
    """One field of one fixture: counts and the matching behind them."""

    model_config = ConfigDict(extra="forbid")

    counts: Counts
    matched: list[tuple[int, int, float]]  # (prediction index, gold index, similarity)
    missed: list[int]  # gold indexes not found (optional ones excluded)
    extra: list[int]  # prediction indexes with no gold


class FixtureScores(BaseModel):
    """Every field of one fixture, strict and lenient."""

    model_config = ConfigDict(extra="forbid")

    fixture: str
    strict: dict[str, FieldResult]
    lenient: dict[str, FieldResult]


def score_fixture(
    prediction: BaseModel,
    fixture: Fixture,
    *,
    schema: str | SchemaType = "news",
    statements: StatementSimilarity = lexical,
) -> FixtureScores:
    """Score one prediction against its fixture's gold summary.

    Args:
        prediction: The summary to score.
        fixture: The labelled fixture.
        schema: The schema type whose matchers score it.
        statements: How free-text statements are compared (lexical by default).
    """
    schema_type = get_schema_type(schema)
    gold = fixture.expected
    prediction = aligned_prediction(prediction, fixture.text, schema_type)
    matchers = schema_type.matchers()
    results: dict[Mode, dict[str, FieldResult]] = {"strict": {}, "lenient": {}}
    for mode in ("strict", "lenient"):
        context = match_context(fixture, mode, statements)
        for field, matcher in matchers.items():
            predicted = field_items(getattr(prediction, field, None), matcher)
            gold_items = field_items(getattr(gold, field, None), None)
            matching = match_items(
                predicted,
                gold_items,
                functools.partial(_similar, matcher, context),
                matcher.threshold,
            )
            optional = {
                i for i in range(len(gold_items)) if _path(gold, field, i) in fixture.marks.optional
            }
            missed = [i for i in matching.missed if i not in optional]
            results[mode][field] = FieldResult(
                counts=Counts(tp=len(matching.matches), fp=len(matching.extra), fn=len(missed)),
                matched=[(m.prediction, m.gold, round(m.score, 3)) for m in matching.matches],
                missed=missed,
                extra=matching.extra,
            )
    return FixtureScores(fixture=fixture.id, strict=results["strict"], lenient=results["lenient"])


class FieldAggregate(BaseModel):
    """One field over a run: summed counts (micro), the mean per-fixture F1 (macro) and,
    when the run was bootstrapped, the interval of the micro scores."""

    model_config = ConfigDict(extra="forbid")

    micro: Counts
    macro_f1: float
    interval: FieldIntervals | None = None


def aggregate(
    scores: Sequence[FixtureScores],
    mode: Mode = "strict",
    *,
    bootstrap: Bootstrap | None = None,
) -> dict[str, FieldAggregate]:
    """Per field, plus ``"all"`` (every field's counts summed; macro over fields).

    Args:
        scores: Every fixture's scores.
        mode: Which of the fixtures' scores to sum.
        bootstrap: Draw an interval for each field's micro scores by resampling the
            fixtures this way; no intervals when None.

    Returns:
        The aggregates by field name, in the schema's field order, then ``"all"``.
    """
    fields = list(dict.fromkeys(f for s in scores for f in getattr(s, mode)))  # model order
    by_field = {
        field: [getattr(s, mode)[field].counts for s in scores if field in getattr(s, mode)]
        for field in fields
    }
    if by_field:
        by_field["all"] = [
            sum((r.counts for r in getattr(s, mode).values()), Counts()) for s in scores
        ]
    out: dict[str, FieldAggregate] = {}
    for field, per_fixture in by_field.items():
        if field == "all":
            macro = sum(a.micro.f1 for a in out.values()) / len(out)
        else:
            macro = sum(c.f1 for c in per_fixture) / len(per_fixture) if per_fixture else 0.0
        out[field] = FieldAggregate(
            micro=sum(per_fixture, Counts()),
            macro_f1=round(macro, 4),
            interval=field_intervals(per_fixture, bootstrap)
            if bootstrap is not None and per_fixture
            else None,
        )
    return out


def match_context(
    fixture: Fixture, mode: Mode, statements: StatementSimilarity = lexical
) -> MatchContext:
    """What a matcher is given for one fixture in one mode: the gold summary, its other
    acceptable wordings, how statements are compared, and a fresh memo."""
    return MatchContext(
        mode=mode,
        gold=fixture.expected,
        statements=statements,
        alternatives=_alternatives_of(fixture.expected, fixture.marks.alternatives),
    )


def _similar(matcher: FieldMatcher, context: MatchContext, predicted: Any, gold: Any) -> float:
    return matcher.similarity(predicted, gold, context)


def field_items(value: Any, matcher: FieldMatcher | None) -> list[Any]:
    """A field's value as the items to match: a list as it is, a scalar as one item (or
    none when it is empty); only the predictions the matcher scores."""
    if isinstance(value, list):
        items = list(value)
    elif value is None or (isinstance(value, str) and not value.strip()):
        items = []
    else:
        items = [value]
    if matcher is not None and matcher.scored is not None:
        items = [i for i in items if matcher.scored(i)]
    return items


def _path(gold: BaseModel, field: str, index: int) -> str:
    """The fixture path of a gold item: "claims[2]" in a list, "company" for a scalar."""
    return f"{field}[{index}]" if isinstance(getattr(gold, field, None), list) else field


def _alternatives_of(gold: BaseModel, by_path: dict[str, list[str]]) -> Any:
    """Other acceptable wordings, looked up by the gold item itself."""
    by_item: dict[int, list[str]] = {}
    for field in type(gold).model_fields:
        value = getattr(gold, field)
        if isinstance(value, list):
            for i, item in enumerate(value):
                by_item[id(item)] = by_path.get(f"{field}[{i}]", [])

    def alternatives(item: Any) -> list[str]:
        return by_item.get(id(item), [])

    return alternatives


def aligned_prediction(prediction: BaseModel, text: str, schema_type: SchemaType) -> BaseModel:
    """The prediction with evidence offsets: itself, or a copy aligned here if grounding
    was off (the scoring and the report's highlighting both need the offsets)."""
    if _all_aligned(prediction):
        return prediction
    copy = prediction.model_copy(deep=True)
    check(copy, ArticleText.of(text), schema_type.rules)
    return copy


def _all_aligned(prediction: BaseModel) -> bool:
    return all(
        e.start is not None
        for field in type(prediction).model_fields
        if isinstance(getattr(prediction, field), list)
        for item in getattr(prediction, field)
        for e in getattr(item, "evidence", [])
    )
