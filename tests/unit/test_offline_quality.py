"""The offline backend holds its scores (strict micro F1) on the tuned, the held-out and
the sealed fixtures.

The floors sit 0.02 below the scores recorded in evals/baseline/ by the matcher held to
the judged set (evals/judged/), and never go down: where a score fell because harder
fixtures joined a set, the floor stays where it was. Actors, claims, figures and
contested points score 0.875, 0.769, 0.928 and 0.639 on the 110 tuned fixtures, and
0.874, 0.768, 0.927 and 0.628 on the 147 they are now (each later round was scored
before any rule was tuned on it); 0.825, 0.865, 0.923 and 0.727 on the held-out ones;
0.828, 0.757, 0.775 and 0.308 on the sealed ones. So a regression
of a few points fails here with the field named; an improvement should raise them. The
sealed set is scored, never tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.evaluation import EvalReport, run_eval

EVALS = Path(__file__).resolve().parents[2] / "evals"
FLOORS = {
    "fixtures": {"actors": 0.855, "claims": 0.749, "figures": 0.908, "contested_points": 0.624},
    "holdout": {"actors": 0.817, "claims": 0.845, "figures": 0.903, "contested_points": 0.707},
    "sealed": {"actors": 0.808, "claims": 0.737, "figures": 0.755, "contested_points": 0.288},
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
