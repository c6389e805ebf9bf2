"""Pairs to judge for the matcher's judged set (evals/judged/), from two runs.

    python scripts/judged_candidates.py snapshot     # the offline run's predictions
    python scripts/judged_candidates.py candidates   # every candidate pair, as JSON lines

``snapshot`` runs the offline backend over the tuned and held-out news fixtures and
keeps each prediction in evals/judged/predictions/offline/ (the perturbed run is
written by scripts/perturbed_run.py), so the judged pairs stay put when the pipeline
changes. ``candidates`` prints, for each run, fixture and field, every pair the
matcher pairs in strict mode, each unpaired prediction with its closest gold item and
each unpaired gold item with its closest prediction, and in the perturbed run each
item beside the gold item it was made from; with the similarity and a short form of
both items, for a person to read and judge against the article.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from summarise.evaluation import load_fixtures, run_eval
from summarise.evaluation.scoring import field_items, match_context
from summarise.schema_types import get_schema_type, shown

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "evals" / "judged"
FOLDERS = [ROOT / "evals" / "fixtures" / "news", ROOT / "evals" / "holdout" / "news"]
NEAR = 0.3  # a closest item below this is no candidate: nobody would call it the same


def snapshot() -> None:
    out = JUDGED / "predictions" / "offline"
    out.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        report = run_eval(fixtures=folder, backend="offline", name="judged")
        for run in report.runs:
            assert run.result is not None, run.error
            record = {"fixture": run.fixture, "summary": run.result["summary"]}
            text = json.dumps(record, indent=1, ensure_ascii=False) + "\n"
            (out / f"{run.fixture}.json").write_text(text)


def candidates() -> None:
    schema_type = get_schema_type("news")
    fixtures = {f.id: f for folder in FOLDERS for f in load_fixtures(folder)}
    for run in ("offline", "perturbed"):
        for path in sorted((JUDGED / "predictions" / run).glob("*.json")):
            record = json.loads(path.read_text())
            fixture = fixtures[record["fixture"]]
            prediction = schema_type.model.model_validate(record["summary"])
            context = match_context(fixture, "strict")
            for field, matcher in schema_type.matchers().items():
                raw = getattr(prediction, field)
                gold = field_items(getattr(fixture.expected, field), None)
                scored = [
                    k
                    for k, item in enumerate(raw)
                    if matcher.scored is None or matcher.scored(item)
                ]
                for pair in _pairs(run, raw, scored, gold, matcher, context):
                    p, g, score, why = pair
                    print(
                        json.dumps(
                            {
                                "run": run,
                                "fixture": fixture.id,
                                "field": field,
                                "prediction": p,
                                "gold": g,
                                "old": round(score, 3),
                                "why": why,
                                "p": shown(raw[p]),
                                "g": shown(gold[g]),
                            },
                            ensure_ascii=False,
                        )
                    )


def _pairs(
    run: str, raw: list[Any], scored: list[int], gold: list[Any], matcher: Any, context: Any
) -> list[tuple[int, int, float, str]]:
    from summarise.evaluation.matching import match_items

    items = [raw[k] for k in scored]
    matrix = [[matcher.similarity(p, g, context) for g in gold] for p in items]
    # Matched by position, so each similarity is computed once.
    matching = match_items(
        list(range(len(items))),
        list(range(len(gold))),
        lambda i, j: matrix[i][j],
        matcher.threshold,
    )
    out: dict[tuple[int, int], tuple[float, str]] = {}
    for m in matching.matches:
        out[(scored[m.prediction], m.gold)] = (m.score, "matched")
    for i in matching.extra:
        if gold:
            j = max(range(len(gold)), key=lambda j: matrix[i][j])
            if matrix[i][j] >= NEAR:
                out.setdefault((scored[i], j), (matrix[i][j], "extra-nearest"))
    for j in matching.missed:
        if items:
            i = max(range(len(items)), key=lambda i: matrix[i][j])
            if matrix[i][j] >= NEAR:
                out.setdefault((scored[i], j), (matrix[i][j], "missed-nearest"))
    if run == "perturbed":
        for i, k in enumerate(scored):
            if k < len(gold):
                out.setdefault((k, k), (matrix[i][k], "made-from"))
    return [(p, g, score, why) for (p, g), (score, why) in sorted(out.items())]


if __name__ == "__main__":
    {"snapshot": snapshot, "candidates": candidates}[sys.argv[1]]()
