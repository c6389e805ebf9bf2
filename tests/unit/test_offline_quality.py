"""The offline backend holds its targets on the labelled fixtures (strict micro F1).

The targets are the project's: at least 0.85 actors, 0.55 claims, 0.85 figures and 0.30
contested points. A change that drops below them fails here, with the field named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.evaluation import run_eval

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"
TARGETS = {"actors": 0.85, "claims": 0.55, "figures": 0.85, "contested_points": 0.30}


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return run_eval(fixtures=FIXTURES, backend="offline", name="quality")


@pytest.mark.parametrize(("field", "target"), TARGETS.items())
def test_offline_meets_its_target(report, field: str, target: float) -> None:  # type: ignore[no-untyped-def]
    assert report.f1(field) >= target, f"{field} F1 {report.f1(field):.3f} < {target}"


def test_every_offline_item_is_grounded_exactly(report) -> None:  # type: ignore[no-untyped-def]
    assert report.stats.schema_valid_rate == 1.0
    assert report.stats.grounded_rate == 1.0
    assert report.stats.dropped_items == 0
