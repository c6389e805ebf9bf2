"""The offline backend holds its scores (strict micro F1) on the tuned, the held-out and
the sealed fixtures.

The floors sit 0.02 below today's scores (tuned: actors 0.880, claims 0.745, figures
0.893, contested 0.438; held-out: 0.769, 0.661, 0.828, 0.444; sealed, when it was
sealed: 0.798, 0.676, 0.758, 0.154), so a regression of a few points fails here with the
field named; an improvement should raise them. The sealed set is scored, never tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.evaluation import EvalReport, run_eval

EVALS = Path(__file__).resolve().parents[2] / "evals"
FLOORS = {
    "fixtures": {"actors": 0.86, "claims": 0.725, "figures": 0.873, "contested_points": 0.418},
    "holdout": {"actors": 0.749, "claims": 0.641, "figures": 0.808, "contested_points": 0.424},
    "sealed": {"actors": 0.778, "claims": 0.656, "figures": 0.737, "contested_points": 0.134},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def report(request: pytest.FixtureRequest) -> tuple[str, EvalReport]:
    folder = EVALS / request.param / "news"
    return request.param, run_eval(fixtures=folder, backend="offline", name=request.param)


@pytest.mark.parametrize("field", ["actors", "claims", "figures", "contested_points"])
def test_offline_holds_its_score(report: tuple[str, EvalReport], field: str) -> None:
    fixtures, run = report
    floor = FLOORS[fixtures][field]
    assert run.f1(field) >= floor, f"{fixtures} {field} F1 {run.f1(field):.3f} < {floor}"


def test_every_offline_item_is_grounded_exactly(report: tuple[str, EvalReport]) -> None:
    _, run = report
    assert run.stats.schema_valid_rate == 1.0
    assert run.stats.grounded_rate == 1.0
    assert run.stats.dropped_items == 0
