"""Matching predicted items to gold items, one to one, field by field.

For each field a similarity in [0, 1] is computed for every (prediction, gold) pair by
the schema type's matcher (:class:`~summarise.schema_types.FieldMatcher`); the
assignment that maximises the total (Hungarian, scipy's ``linear_sum_assignment``) is
kept, and a pair counts as a match only at or above the field's threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["Match", "Matching", "match_items"]


@dataclass(frozen=True)
class Match:
    prediction: int
    gold: int
    score: float


@dataclass(frozen=True)
class Matching:
    """The one-to-one matching of one field."""

    matches: list[Match]
    missed: list[int]  # gold items left unmatched
    extra: list[int]  # predictions left unmatched


def match_items(
    predictions: Sequence[Any],
    gold: Sequence[Any],
    score: Callable[[Any, Any], float],
    threshold: float,
) -> Matching:
    """The maximum-total-similarity one-to-one matching, keeping pairs >= threshold."""
    if not predictions or not gold:
        return Matching([], list(range(len(gold))), list(range(len(predictions))))
    matrix = np.array([[score(p, g) for g in gold] for p in predictions])
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    matches = [
        Match(int(r), int(c), float(matrix[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if matrix[r, c] >= threshold
    ]
    matched_p = {m.prediction for m in matches}
    matched_g = {m.gold for m in matches}
    return Matching(
        matches,
        [i for i in range(len(gold)) if i not in matched_g],
        [i for i in range(len(predictions)) if i not in matched_p],
    )
