"""Eval matchers any schema type can use, and the generic one every field gets by default.

The generic matcher compares like with like, field by field: text by word-set similarity
(after the shared name normaliser), numbers by value (within 1 %, or 0.5 for small
numbers), booleans and choices by equality; an item scores the mean over the scalar
fields its gold item fills. Evidence is never compared by the generic matcher: two
summaries may cite different spans for the same fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from summarise.names import normalise_name
from summarise.schema_types.contract import FieldMatcher, MatchContext

__all__ = [
    "GENERIC",
    "GENERIC_THRESHOLD",
    "evidence_overlap",
    "lexical",
    "scalar_similarity",
    "values_agree",
]

GENERIC_THRESHOLD = 0.6
"""The least similarity the generic matcher counts as a match."""


def lexical(a: str, b: str) -> float:
    """Token-set similarity: word overlap, order and repetition ignored."""
    return float(fuzz.token_set_ratio(a, b)) / 100


def values_agree(a: float, b: float) -> bool:
    """Two numbers are the same figure within 1 % of the gold ``b`` (or 0.5, if more)."""
    return abs(a - b) <= max(0.5, 0.01 * abs(b))


def scalar_similarity(predicted: Any, gold: Any, alternatives: Sequence[str] = ()) -> float:
    """Similarity of two plain values, or of two items field by field.

    ``alternatives`` are other acceptable wordings of the gold value, or, for an item,
    of its first text field (its name, label or issue).
    """
    if isinstance(gold, BaseModel) and isinstance(predicted, BaseModel):
        return _item_similarity(predicted, gold, alternatives)
    if isinstance(gold, bool) or isinstance(predicted, bool) or gold is None:
        return 1.0 if predicted == gold else 0.0
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return 1.0 if values_agree(float(predicted), float(gold)) else 0.0
    if isinstance(gold, str) and isinstance(predicted, str):
        return max(
            lexical(normalise_name(predicted), normalise_name(g)) for g in (gold, *alternatives)
        )
    return 1.0 if predicted == gold else 0.0


def _generic_similarity(predicted: Any, gold: Any, context: MatchContext) -> float:
    return scalar_similarity(predicted, gold, context.alternatives(gold))


GENERIC = FieldMatcher(similarity=_generic_similarity, threshold=GENERIC_THRESHOLD)
"""The matcher of every field a schema type does not match its own way."""


def evidence_overlap(predicted: Sequence[Any], gold: Sequence[Any]) -> float:
    """How far the cited spans coincide: overlap over the shorter span, best pair."""
    best = 0.0
    for p in predicted:
        for g in gold:
            if None in (p.start, p.end, g.start, g.end):
                continue
            inter = min(p.end, g.end) - max(p.start, g.start)
            if inter > 0:
                best = max(best, inter / min(p.end - p.start, g.end - g.start))
    return best


def _item_similarity(predicted: BaseModel, gold: BaseModel, alternatives: Sequence[str]) -> float:
    scores = []
    label_seen = False
    for name, value in _scalars(gold):
        if value is None:
            continue
        wordings: Sequence[str] = ()
        if isinstance(value, str) and not label_seen:
            label_seen, wordings = True, alternatives
        scores.append(scalar_similarity(getattr(predicted, name, None), value, wordings))
    return sum(scores) / len(scores) if scores else 0.0


def _scalars(item: BaseModel) -> list[tuple[str, Any]]:
    return [
        (name, getattr(item, name))
        for name in type(item).model_fields
        if name != "evidence" and not isinstance(getattr(item, name), list | BaseModel)
    ]
