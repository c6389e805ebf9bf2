"""Scoring 1,000 prediction/gold pairs: the eval harness's own cost.

Each pair is a fixture's gold summary against a perturbed copy (items dropped, figures
changed), so matching does real work. The baseline, in the same run, is the bare
rapidfuzz similarity over every item pair of each summary: the floor that any
field-aware matcher pays.

    python benchmarks/scoring_speed.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz

from benchmarks._machine import describe
from summarise.evaluation import load_fixtures, score_fixture

REPO = Path(__file__).resolve().parent.parent
PAIRS = 1000


def main() -> None:
    fixtures = load_fixtures(REPO / "evals" / "fixtures" / "news")
    rng = random.Random(7)
    pairs = []
    for i in range(PAIRS):
        fixture = fixtures[i % len(fixtures)]
        prediction = fixture.expected.model_copy(deep=True)
        for field in ("actors", "claims", "figures"):
            items = getattr(prediction, field)
            if items and rng.random() < 0.5:
                items.pop(rng.randrange(len(items)))
        for figure in prediction.figures:
            if rng.random() < 0.2:
                figure.value *= 1.5
        pairs.append((prediction, fixture))
    # Copies of gold carry evidence offsets already, as grounded predictions do.
    started = time.perf_counter()
    for prediction, fixture in pairs:
        for field in ("actors", "claims", "figures"):
            for p in getattr(prediction, field):
                for g in getattr(fixture.expected, field):
                    fuzz.token_set_ratio(str(p), str(g))
    baseline_s = time.perf_counter() - started

    started = time.perf_counter()
    for prediction, fixture in pairs:
        score_fixture(prediction, fixture)
    scoring_s = time.perf_counter() - started

    print(describe())
    print(f"scoring {PAIRS} prediction/gold pairs (news fixtures, perturbed)")
    print(f"  bare all-pairs rapidfuzz:  {baseline_s:6.2f} s  (baseline)")
    print(f"  score_fixture, both modes: {scoring_s:6.2f} s  ({scoring_s / baseline_s:.1f}x)")
    print(f"  per pair: {scoring_s / PAIRS * 1000:.1f} ms")


if __name__ == "__main__":
    main()
