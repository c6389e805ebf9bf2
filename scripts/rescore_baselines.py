"""Score the committed baseline runs again with today's matchers and intervals.

    python scripts/rescore_baselines.py            # rewrite every evals/baseline/ run
    python scripts/rescore_baselines.py offline    # just the named ones

Each baseline's recorded results (the predictions in its scores.json) are scored against
its fixtures' gold with the matchers as they are now, and the run folder is rewritten:
scores.json, report.md, report.html and fixtures/. Nothing is run again, so a changed
matcher, and only that, moves the scores. Rescoring the sealed baseline this way is not
tuning on it: its predictions and gold are read by the scorer, not by a person.

Rerun it after any change to the matchers or the scoring; then set the floors in
tests/unit/test_offline_quality.py 0.02 below the new offline scores.
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarise.evaluation import load_fixtures, load_run, rescore, write_run
from summarise.schema_types import SchemaType, get_schema_type, load_schema_type

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "evals" / "baseline"

# Each baseline run: the fixtures it was made from, and its schema type (a name or a
# folder holding schema.py).
RUNS: dict[str, tuple[Path, str | Path]] = {
    "offline": (ROOT / "evals" / "fixtures" / "news", "news"),
    "offline-holdout": (ROOT / "evals" / "holdout" / "news", "news"),
    "offline-sealed": (ROOT / "evals" / "sealed" / "news", "news"),
    "earnings-smollm2": (
        ROOT / "examples" / "earnings" / "fixtures",
        ROOT / "examples" / "earnings",
    ),
}


def schema_of(value: str | Path) -> SchemaType:
    return load_schema_type(value) if isinstance(value, Path) else get_schema_type(value)


def main(names: list[str]) -> None:
    for name in names or sorted(RUNS):
        fixtures_dir, schema = RUNS[name]
        schema_type = schema_of(schema)
        fixtures = load_fixtures(fixtures_dir, schema_type)
        folder = BASELINES / name
        before = load_run(folder)
        after = rescore(before, fixtures, schema=schema_type)
        write_run(after, folder, fixtures)
        moved = ", ".join(
            f"{field} {before.f1(field):.3f} -> {after.f1(field):.3f}"
            for field in after.strict
            if field != "all"
        )
        print(f"{name}: {moved}")


if __name__ == "__main__":
    main(sys.argv[1:])
