"""Comparing two eval runs: per field and per fixture, what improved and what regressed."""

from __future__ import annotations

from dataclasses import dataclass

from summarise.evaluation.runner import EvalReport

__all__ = ["Change", "Comparison", "compare_runs"]

_EPSILON = 1e-9


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
class Comparison:
    fields: list[Change]  # every field, moved or not
    improved: list[Change]  # per fixture
    regressed: list[Change]  # per fixture
    only_in_a: list[str]
    only_in_b: list[str]


def compare_runs(a: EvalReport, b: EvalReport, mode: str = "strict") -> Comparison:
    """How run ``b`` differs from run ``a`` (strict micro F1 by default)."""
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
        before, after = runs_a[fixture].scores, runs_b[fixture].scores
        for field in sorted({*(_f1s(before, mode)), *(_f1s(after, mode))}):
            change = Change(
                field,
                fixture,
                _f1s(before, mode).get(field, 0.0),
                _f1s(after, mode).get(field, 0.0),
            )
            if change.delta > _EPSILON:
                improved.append(change)
            elif change.delta < -_EPSILON:
                regressed.append(change)
    return Comparison(
        fields=fields,
        improved=improved,
        regressed=regressed,
        only_in_a=sorted(runs_a.keys() - runs_b.keys()),
        only_in_b=sorted(runs_b.keys() - runs_a.keys()),
    )


def _f1s(scores: object, mode: str) -> dict[str, float]:
    """A fixture's F1 per field; a failed fixture scores 0 on every field."""
    if scores is None:
        return {}
    fields = getattr(scores, mode)
    return {field: result.counts.f1 for field, result in fields.items()}
