"""Counts of one field: true positives, false positives, false negatives, and the
precision, recall and F1 that follow from them.

The one definition of those three scores: a fixture's, a run's and every bootstrap
resample's are all read from a :class:`Counts`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, computed_field

__all__ = ["Counts"]


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
