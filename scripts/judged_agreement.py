"""How far the news matchers agree with the judged set in evals/judged/.

    python scripts/judged_agreement.py          # agreement per field
    python scripts/judged_agreement.py -v       # and every pair decided otherwise

The test tests/unit/test_judged_set.py holds the matchers to 95 % per field.
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarise.evaluation import load_fixtures
from summarise.evaluation.agreement import agreement, load_judged, load_predictions
from summarise.schema_types import get_schema_type

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "evals" / "judged"
FOLDERS = [ROOT / "evals" / "fixtures" / "news", ROOT / "evals" / "holdout" / "news"]


def main(verbose: bool) -> None:
    schema_type = get_schema_type("news")
    fixtures = {f.id: f for folder in FOLDERS for f in load_fixtures(folder, schema_type)}
    pairs = load_judged(JUDGED / "news.jsonl")
    predictions = load_predictions(JUDGED / "predictions", schema_type)
    for field, result in agreement(pairs, predictions, fixtures, schema=schema_type).items():
        print(f"{field}: {result.agreed}/{result.judged} = {result.rate:.1%}")
        for pair in result.disagreements if verbose else []:
            decided = "rejected" if pair.verdict == "same" else "accepted"
            where = f"{pair.run} {pair.fixture} p{pair.prediction} g{pair.gold}"
            print(f"  {decided} {where}: {pair.reason}")
            print(f"     predicted: {pair.predicted[:110]}")
            print(f"     gold:      {pair.expected[:110]}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
