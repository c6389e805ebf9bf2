"""Eval matchers any schema type can use, and the generic one every field gets by default.

The generic matcher compares like with like, field by field: text by word-set similarity
(after the shared name normaliser), whole numbers exactly, other numbers within 1 %,
booleans and choices (``Literal``, ``Enum``) by equality; an item scores the mean over
the plain fields its gold item fills (nested models and lists inside an item are not
compared). Evidence is never compared by the generic matcher: two summaries may cite
different spans for the same fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from summarise.names import normalise_name
from summarise.schema_types.contract import FieldMatcher, MatchContext
from summarise.schema_types.fields import is_choice, is_integer, scalar_fields

__all__ = [
    "GENERIC_THRESHOLD",
    "evidence_overlap",
    "generic",
    "lexical",
    "scalar_similarity",
    "values_agree",
]

GENERIC_THRESHOLD = 0.6
"""The least similarity the generic matcher counts as a match."""


def lexical(a: str, b: str) -> float:
    """Token-set similarity: word overlap, order, repetition and case ignored."""
    return float(fuzz.token_set_ratio(a.casefold(), b.casefold())) / 100


def values_agree(a: float, b: float, *, floor: float = 0.0) -> bool:
    """Two numbers are the same figure within 1 % of the gold ``b``, or within ``floor``
    if that is more (a floor of 0.5 lets "about 4" be 4.4)."""
    return abs(a - b) <= max(floor, 0.01 * abs(b))


def scalar_similarity(
    predicted: Any, gold: Any, alternatives: Sequence[str] = (), *, exact: bool = False
) -> float:
    """Similarity of two plain values, or of two items field by field.

    ``alternatives`` are other acceptable wordings of the gold value, or, for an item,
    of its first text field (its name, label or issue). ``exact`` compares by equality
    (choices and whole numbers).
    """
    if isinstance(gold, BaseModel) and isinstance(predicted, BaseModel):
        return _item_similarity(predicted, gold, alternatives)
    if exact or isinstance(gold, bool | Enum) or gold is None:
        return 1.0 if predicted == gold else 0.0
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return 1.0 if values_agree(float(predicted), float(gold)) else 0.0
    if isinstance(gold, str) and isinstance(predicted, str):
        wordings = (gold, *alternatives)
        return max(lexical(normalise_name(predicted), normalise_name(g)) for g in wordings)
    return 1.0 if predicted == gold else 0.0


def generic(model: type[BaseModel], field: str) -> FieldMatcher:
    """The generic matcher for ``model.field``: by equality when the field is a choice or
    a whole number, else as :func:`scalar_similarity` compares."""
    exact = is_choice(model, field) or is_integer(model, field)

    def similarity(predicted: Any, gold: Any, context: MatchContext) -> float:
        return scalar_similarity(predicted, gold, context.alternatives(gold), exact=exact)

    return FieldMatcher(similarity=similarity, threshold=GENERIC_THRESHOLD)


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
    model = type(gold)
    for name, value in scalar_fields(gold):
        if value is None:
            continue
        wordings: Sequence[str] = ()
        if isinstance(value, str) and not label_seen:
            label_seen, wordings = True, alternatives
        exact = is_choice(model, name) or is_integer(model, name)
        scores.append(
            scalar_similarity(getattr(predicted, name, None), value, wordings, exact=exact)
        )
    return sum(scores) / len(scores) if scores else 0.0
