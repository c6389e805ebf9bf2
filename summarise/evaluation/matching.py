"""Matching predicted items to gold items, one to one, field by field.

For each field a similarity in [0, 1] is computed for every (prediction, gold) pair by
the schema type's matcher (:class:`~summarise.schema_types.FieldMatcher`); the
pairs below the field's threshold are ruled out first, and of the rest the assignment
with the most pairs, and then the highest total, is kept (Hungarian, scipy's
``linear_sum_assignment``). Ruling them out first matters: an assignment that counted
them would give up a pair it keeps to collect similarity it then throws away.
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
    """The one-to-one matching of pairs at or above ``threshold``: as many as can be
    made, and of those the highest total similarity."""
    if not predictions or not gold:
        return Matching([], list(range(len(gold))), list(range(len(predictions))))
    matrix = np.array([[score(p, g) for g in gold] for p in predictions])
    # A pair ruled out costs more than every allowed pair together gains, so the
    # assignment takes one only where the shape of the matrix forces it.
    ruled_out = -(1.0 + matrix.size)
    rows, cols = linear_sum_assignment(
        np.where(matrix >= threshold, matrix, ruled_out), maximize=True
    )
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
