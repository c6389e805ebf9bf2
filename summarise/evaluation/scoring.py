"""Precision, recall and F1 per field, per fixture and over a run.

Counting rules: a matched gold item is a true positive; an unmatched prediction a false
positive; an unmatched gold item a false negative, unless it is marked optional, in which
case it costs nothing. Claims a prediction attributes to "the article" are not scored:
fixtures label attributed claims only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.matching import (
    FIELD_THRESHOLDS,
    Names,
    StatementSimilarity,
    lexical,
    match_items,
    similarity,
)
from summarise.grounding.align import ArticleText
from summarise.schemas.news import ARTICLE_SPEAKER

__all__ = ["FIELDS", "Counts", "FieldResult", "FixtureScores", "aggregate", "score_fixture"]

FIELDS = ("actors", "claims", "figures", "contested_points")
Mode = Literal["strict", "lenient"]


class Counts(BaseModel):
    """True positives, false positives, false negatives; and what follows from them."""

    # precision, recall and f1 are written out for readers of scores.json, and
    # recomputed from the counts when a run is read back.
    model_config = ConfigDict(extra="ignore")

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return round(self.tp / (self.tp + self.fp), 4)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return round(self.tp / (self.tp + self.fn), 4)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 4) if p + r else 0.0


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
    prediction: BaseModel, fixture: Fixture, *, statements: StatementSimilarity = lexical
) -> FixtureScores:
    """Score one prediction against its fixture's gold summary.

    Args:
        prediction: The summary to score.
        fixture: The labelled fixture.
        statements: How claim statements are compared (lexical by default).
    """
    gold = fixture.expected
    prediction = _aligned(prediction, fixture.text)
    names = Names(getattr(gold, "actors", []))
    results: dict[Mode, dict[str, FieldResult]] = {"strict": {}, "lenient": {}}
    for field in _fields(gold):
        predicted = _scored_items(field, getattr(prediction, field, []))
        gold_items = list(getattr(gold, field, []))
        alternatives = {
            id(item): fixture.marks.alternatives.get(f"{field}[{i}]", [])
            for i, item in enumerate(gold_items)
        }
        optional = {i for i in range(len(gold_items)) if f"{field}[{i}]" in fixture.marks.optional}
        modes: tuple[Mode, Mode] = ("strict", "lenient")
        for mode_ in modes:
            score = (
                similarity(field, names, mode_, alternatives, statements)
                if field in FIELD_THRESHOLDS
                else _generic
            )
            matching = match_items(predicted, gold_items, score, FIELD_THRESHOLDS.get(field, 0.6))
            missed = [i for i in matching.missed if i not in optional]
            results[mode_][field] = FieldResult(
                counts=Counts(tp=len(matching.matches), fp=len(matching.extra), fn=len(missed)),
                matched=[(m.prediction, m.gold, round(m.score, 3)) for m in matching.matches],
                missed=missed,
                extra=matching.extra,
            )
    return FixtureScores(fixture=fixture.id, strict=results["strict"], lenient=results["lenient"])


class FieldAggregate(BaseModel):
    """One field over a run: summed counts (micro) and the mean per-fixture F1 (macro)."""

    model_config = ConfigDict(extra="forbid")

    micro: Counts
    macro_f1: float


def aggregate(scores: Sequence[FixtureScores], mode: Mode = "strict") -> dict[str, FieldAggregate]:
    """Per field, plus ``"all"`` (every field's counts summed; macro over fields)."""
    fields = sorted({f for s in scores for f in getattr(s, mode)}, key=_field_order)
    out: dict[str, FieldAggregate] = {}
    for field in fields:
        per_fixture = [getattr(s, mode)[field].counts for s in scores if field in getattr(s, mode)]
        micro = sum(per_fixture, Counts())
        macro = sum(c.f1 for c in per_fixture) / len(per_fixture) if per_fixture else 0.0
        out[field] = FieldAggregate(micro=micro, macro_f1=round(macro, 4))
    if out:
        total = sum((a.micro for a in out.values()), Counts())
        macro_all = sum(a.micro.f1 for a in out.values()) / len(out)
        out["all"] = FieldAggregate(micro=total, macro_f1=round(macro_all, 4))
    return out


def _fields(model: BaseModel) -> list[str]:
    fields = [n for n in type(model).model_fields if isinstance(getattr(model, n), list)]
    return sorted(fields, key=_field_order)


def _field_order(field: str) -> tuple[int, str]:
    return (FIELDS.index(field) if field in FIELDS else len(FIELDS), field)


def _scored_items(field: str, items: Sequence[Any]) -> list[Any]:
    if field == "claims":
        return [c for c in items if c.speaker.casefold().strip() != ARTICLE_SPEAKER]
    return list(items)


def _aligned(prediction: BaseModel, text: str) -> BaseModel:
    """The prediction with evidence offsets, aligned here if grounding was off."""
    if all(
        e.start is not None
        for field in _fields(prediction)
        for item in getattr(prediction, field)
        for e in getattr(item, "evidence", [])
    ):
        return prediction
    from summarise.grounding.verify import check

    copy = prediction.model_copy(deep=True)
    check(copy, ArticleText.of(text))
    return copy


def _generic(p: Any, g: Any) -> float:
    """For schema types without field-aware matchers: similarity of the items' content."""
    from rapidfuzz import fuzz

    a = p.model_dump_json(exclude={"evidence"}) if isinstance(p, BaseModel) else str(p)
    b = g.model_dump_json(exclude={"evidence"}) if isinstance(g, BaseModel) else str(g)
    return float(fuzz.token_set_ratio(a, b)) / 100
