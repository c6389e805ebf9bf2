"""Comparing two eval runs: per field and per fixture, what improved and what regressed,
and per field whether the change is more than the noise of a small sample.

Each field's verdict comes from a paired bootstrap over the fixtures both runs scored
(:func:`~summarise.evaluation.intervals.paired_delta`): "better" or "worse" only when
the 95 % interval of the change in micro F1 excludes zero, else "no detectable
difference" at this sample size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summarise.evaluation.counts import Counts
from summarise.evaluation.intervals import Bootstrap, paired_delta
from summarise.evaluation.runner import EvalReport, FixtureRun

__all__ = ["Change", "Comparison", "FieldVerdict", "compare_runs"]

Verdict = Literal["better", "worse", "no detectable difference"]

EPSILON = 1e-9
"""A change in F1 smaller than this is no change."""


@dataclass(frozen=True)
class Change:
    """One F1 that moved between the runs (fixture is None for a run-wide field)."""

    field: str
    fixture: str | None
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class FieldVerdict:
    """One field's micro F1 in both runs over the fixtures they share, the paired
    bootstrap interval of the change, its p-value, and what that allows one to say."""

    field: str
    before: float
    after: float
    delta: float
    interval: tuple[float, float]
    p_value: float
    verdict: Verdict


@dataclass(frozen=True)
class Comparison:
    fields: list[Change]  # every field, moved or not
    improved: list[Change]  # per fixture
    regressed: list[Change]  # per fixture
    only_in_a: list[str]
    only_in_b: list[str]
    verdicts: dict[str, FieldVerdict]  # by field, "all" included
    resamples: int
    seed: int


def compare_runs(
    a: EvalReport,
    b: EvalReport,
    mode: str = "strict",
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> Comparison:
    """How run ``b`` differs from run ``a`` (strict micro F1 by default).

    Args:
        a: The earlier run.
        b: The later run.
        mode: "strict" or "lenient" scores.
        resamples: Bootstrap resamples behind each field's verdict.
        seed: The resampling seed: the same seed gives the same verdicts.

    Returns:
        Every field's change, the fixtures that moved, and each field's verdict.
    """
    agg_a = a.strict if mode == "strict" else a.lenient
    agg_b = b.strict if mode == "strict" else b.lenient
    fields = [
        Change(field, None, agg_a[field].micro.f1 if field in agg_a else 0.0, agg_b[field].micro.f1)
        for field in agg_b
    ]
    runs_a = {r.fixture: r for r in a.runs}
    runs_b = {r.fixture: r for r in b.runs}
    improved: list[Change] = []
    regressed: list[Change] = []
    for fixture in sorted(runs_a.keys() & runs_b.keys()):
        before, after = fixture_f1s(runs_a[fixture], mode), fixture_f1s(runs_b[fixture], mode)
        for field in sorted({*before, *after}):
            change = Change(field, fixture, before.get(field, 0.0), after.get(field, 0.0))
            if change.delta > EPSILON:
                improved.append(change)
            elif change.delta < -EPSILON:
                regressed.append(change)
    bootstrap = Bootstrap(resamples=resamples, seed=seed)
    return Comparison(
        fields=fields,
        improved=improved,
        regressed=regressed,
        only_in_a=sorted(runs_a.keys() - runs_b.keys()),
        only_in_b=sorted(runs_b.keys() - runs_a.keys()),
        verdicts=_verdicts(runs_a, runs_b, list(agg_b), mode, bootstrap),
        resamples=resamples,
        seed=seed,
    )


def _verdicts(
    runs_a: dict[str, FixtureRun],
    runs_b: dict[str, FixtureRun],
    fields: list[str],
    mode: str,
    bootstrap: Bootstrap,
) -> dict[str, FieldVerdict]:
    """Each field's paired test over the fixtures both runs scored, in one order."""
    shared = sorted(
        f for f in runs_a.keys() & runs_b.keys() if runs_a[f].scores and runs_b[f].scores
    )
    if not shared:
        return {}
    verdicts = {}
    for field in fields:
        before = [_counts(runs_a[f], field, mode) for f in shared]
        after = [_counts(runs_b[f], field, mode) for f in shared]
        paired = paired_delta(before, after, bootstrap)
        low, high = paired.interval
        verdict: Verdict = (
            "better" if low > 0 else "worse" if high < 0 else "no detectable difference"
        )
        verdicts[field] = FieldVerdict(
            field=field,
            before=paired.before,
            after=paired.after,
            delta=paired.delta,
            interval=paired.interval,
            p_value=paired.p_value,
            verdict=verdict,
        )
    return verdicts


def _counts(run: FixtureRun, field: str, mode: str) -> Counts:
    """A fixture's counts of one field ("all": every field summed; none when absent)."""
    results = getattr(run.scores, mode)
    if field == "all":
        return sum((r.counts for r in results.values()), Counts())
    return results[field].counts if field in results else Counts()


def fixture_f1s(run: FixtureRun, mode: str) -> dict[str, float]:
    """A fixture's F1 per field ("strict" or "lenient"); none when it was not scored."""
    if run.scores is None:
        return {}
    return {field: result.counts.f1 for field, result in getattr(run.scores, mode).items()}
