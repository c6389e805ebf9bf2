"""How sure a score is: bootstrap intervals over fixtures, and a paired test between runs.

Thirty fixtures is a small sample, and a change of 0.02 in F1 is often noise. The unit
that varies is the fixture (an article and its gold summary), so resampling draws whole
fixtures with replacement, sums their counts and recomputes the micro precision, recall
and F1 from the sums, the way the point estimate is computed; the interval is the
middle ``confidence`` share of those resampled scores (a percentile interval),
stretched to the score itself in the rare case the percentiles leave it out.

Comparing two runs on the same fixtures pairs them: each resample draws the same
fixtures from both runs, so the spread of the difference is that of the difference,
not of either run. A run is called better (or worse) only when the interval of the
difference excludes zero.

Every resample is drawn from a seeded numpy ``Generator``, so a report can be
reproduced exactly; the number of resamples and the seed are written beside the
scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from summarise.evaluation.counts import Counts

__all__ = [
    "Bootstrap",
    "FieldIntervals",
    "Interval",
    "PairedDelta",
    "field_intervals",
    "paired_delta",
]

# Below this many fixtures a resample is nearly always the whole sample again, and its
# spread says nothing about how the score would move on other articles.
_FEWEST_TO_TEST = 2


class Interval(BaseModel):
    """A confidence interval: the low and high end."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.low:.3f}–{self.high:.3f}"


class FieldIntervals(BaseModel):
    """The intervals of one field's micro precision, recall and F1."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    precision: Interval
    recall: Interval
    f1: Interval


class Bootstrap(BaseModel):
    """How the intervals were drawn: written into every report that shows them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    resamples: int = Field(default=1000, ge=1)
    seed: int = 0
    confidence: float = Field(default=0.95, gt=0.0, lt=1.0)

    def __str__(self) -> str:
        return (
            f"{self.confidence:.0%} intervals: bootstrap over fixtures, "
            f"{self.resamples} resamples, seed {self.seed}"
        )


@dataclass(frozen=True)
class PairedDelta:
    """How much a field's micro F1 moved between two runs over the fixtures they share.

    ``interval`` is the bootstrap interval of the difference (after minus before);
    ``p_value`` the two-sided share of resamples on the other side of zero (never
    below ``1 / (resamples + 1)``, the smallest a finite number of resamples can show).
    """

    before: float
    after: float
    interval: tuple[float, float]
    p_value: float

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 4)


def field_intervals(per_fixture: Sequence[Counts], bootstrap: Bootstrap) -> FieldIntervals:
    """The bootstrap intervals of one field's micro scores, resampling fixtures.

    Args:
        per_fixture: The field's counts in each fixture of the run.
        bootstrap: Resamples, seed and confidence.

    Returns:
        The interval of precision, recall and F1. With one fixture every resample is
        that fixture, and each interval is the point estimate itself.

    Raises:
        ValueError: No fixtures: there is nothing to resample.
    """
    if not per_fixture:
        raise ValueError("no fixtures to resample")
    counts = _array(per_fixture)
    picks = _picks(len(per_fixture), bootstrap)
    scores = _scores(counts[picks].sum(axis=1))
    low, high = _percentiles(scores, bootstrap.confidence)
    # With few resamples (or a very uneven handful of fixtures) the percentiles can
    # miss the score itself; an interval that leaves out its own estimate helps no one.
    point = np.array(_triple(sum(per_fixture, Counts())))
    low, high = np.minimum(low, point), np.maximum(high, point)
    return FieldIntervals(
        precision=Interval(low=low[0], high=high[0]),
        recall=Interval(low=low[1], high=high[1]),
        f1=Interval(low=low[2], high=high[2]),
    )


def paired_delta(
    before: Sequence[Counts], after: Sequence[Counts], bootstrap: Bootstrap
) -> PairedDelta:
    """A paired bootstrap of the change in one field's micro F1 between two runs.

    Args:
        before: The field's counts per fixture in the earlier run.
        after: The same fixtures' counts, in the same order, in the later run.
        bootstrap: Resamples, seed and confidence.

    Returns:
        The two scores, the interval of their difference and its p-value. With fewer
        than two fixtures there is no spread to measure: the interval spans the
        whole range of a difference and the p-value is 1.

    Raises:
        ValueError: The runs have different numbers of fixtures, or none.
    """
    if len(before) != len(after):
        raise ValueError(f"paired runs need the same fixtures: {len(before)} != {len(after)}")
    if not before:
        raise ValueError("no fixtures to resample")
    a, b = _array(before), _array(after)
    point_before = sum(before, Counts()).f1
    point_after = sum(after, Counts()).f1
    if len(before) < _FEWEST_TO_TEST:
        return PairedDelta(point_before, point_after, (-1.0, 1.0), 1.0)
    picks = _picks(len(before), bootstrap)
    deltas = _scores(b[picks].sum(axis=1))[:, 2] - _scores(a[picks].sum(axis=1))[:, 2]
    low, high = _percentiles(deltas, bootstrap.confidence)
    at_or_below = int(np.count_nonzero(deltas <= 0))
    at_or_above = int(np.count_nonzero(deltas >= 0))
    tail = (min(at_or_below, at_or_above) + 1) / (bootstrap.resamples + 1)
    return PairedDelta(
        point_before,
        point_after,
        (float(low), float(high)),
        min(1.0, 2 * tail),
    )


def _array(per_fixture: Sequence[Counts]) -> NDArray[np.int64]:
    return np.array([(c.tp, c.fp, c.fn) for c in per_fixture], dtype=np.int64)


def _picks(fixtures: int, bootstrap: Bootstrap) -> NDArray[np.int64]:
    """Which fixtures each resample draws: one row per resample."""
    generator = np.random.default_rng(bootstrap.seed)
    return generator.integers(0, fixtures, size=(bootstrap.resamples, fixtures))


def _scores(sums: NDArray[np.int64]) -> NDArray[np.float64]:
    """Precision, recall and F1 of each row of summed counts, as :class:`Counts`
    computes them (each distinct row once: resamples repeat)."""
    rows, inverse = np.unique(sums, axis=0, return_inverse=True)
    scored = np.array(
        [_triple(Counts(tp=int(tp), fp=int(fp), fn=int(fn))) for tp, fp, fn in rows],
        dtype=np.float64,
    )
    return scored[np.asarray(inverse).reshape(-1)]


def _triple(counts: Counts) -> tuple[float, float, float]:
    return counts.precision, counts.recall, counts.f1


def _percentiles(
    values: NDArray[np.float64], confidence: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail], axis=0)
    return np.round(low, 4), np.round(high, 4)
