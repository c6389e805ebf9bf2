"""Precision and recall of the grounding checks on injected fabrications.

Starts from a summary of the example article whose every item is true, then corrupts
items the way models do: invented actors, altered names, quotes with a changed word,
speakers who are not actors, figures off by 10-50 %, evidence that is not in the text.
Strict grounding should drop exactly the corrupted items.

    python benchmarks/grounding_checks.py
"""

from __future__ import annotations

import copy
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise import NewsSummary
from summarise.grounding.verify import ground
from summarise.schemas.news.rules import RULES
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import INVENTIONS, TRUE_SUMMARY

NAMES = ["Olaf Scholz", "ACME Corp", "Jane Porter", "the Global Peace Council", "Li Wei"]


def corrupt(kind: str, item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    item = copy.deepcopy(item)
    if kind == "actors":
        item["name"] = rng.choice(NAMES)
        item["aliases"] = []
    elif kind == "claims":
        if item.get("quote") and rng.random() < 0.5:
            words = item["quote"].split()
            words[rng.randrange(len(words))] = rng.choice(["never", "always", "secretly"])
            item["quote"] = " ".join(words)
        else:
            item["speaker"] = rng.choice(NAMES)
    elif kind == "figures":
        item["value"] = round(item["value"] * rng.choice([1.1, 1.25, 1.5, 0.5]))
    return item


def trial(rng: random.Random) -> tuple[int, int, int, Counter[str], int]:
    data = copy.deepcopy(TRUE_SUMMARY)
    corrupted: set[tuple[str, int]] = set()
    for kind in ("actors", "claims", "figures"):
        for i, item in enumerate(data[kind]):
            if rng.random() < 0.3:
                data[kind][i] = corrupt(kind, item, rng)
                corrupted.add((kind, i))
    for field, item in rng.sample(INVENTIONS, 3):
        data[field].append(copy.deepcopy(item))
        corrupted.add((field, len(data[field]) - 1))
    grounded = ground(NewsSummary.model_validate(data), TEXT, "strict", RULES)
    dropped = {
        (d.path.split("[")[0], int(d.path.split("[")[1].split("]")[0]))
        for d in grounded.dropped
        if "." not in d.path
    }
    true_positives = len(dropped & corrupted)
    missed = Counter(kind for kind, _ in corrupted - dropped)
    # A true claim whose speaker's actor entry was corrupted (and so dropped) fails the
    # rule that speakers name an actor: a cascade, counted apart from direct errors.
    cascades = sum(
        1
        for d in grounded.dropped
        if "." not in d.path
        and (d.path.split("[")[0], int(d.path.split("[")[1].split("]")[0])) not in corrupted
        and all("is not one of the actors" in r for r in d.reasons)
    )
    wrong = len(dropped - corrupted)
    return true_positives, wrong, len(corrupted - dropped), missed, cascades


TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def main() -> None:
    rng = random.Random(20261124)
    tp = fp = fn = cascades = 0
    missed: Counter[str] = Counter()
    trials = 300
    for _ in range(trials):
        a, b, c, m, k = trial(rng)
        tp, fp, fn, cascades = tp + a, fp + b, fn + c, cascades + k
        missed += m
    direct = fp - cascades
    print(describe())
    print(f"grounding checks over {trials} corrupted summaries ({tp + fn} corrupted items)")
    print(f"  precision {tp / max(1, tp + fp):.3f}  (true items dropped: {fp})")
    print(
        f"    of which {cascades} were true claims or positions whose actor entry was "
        "corrupted and dropped"
    )
    print(f"  precision {tp / max(1, tp + direct):.3f}  counting those cascades apart")
    print(f"  recall    {tp / max(1, tp + fn):.3f}  (corrupted items kept: {fn})")
    if missed:
        print(f"  kept, by field: {dict(missed)}")


if __name__ == "__main__":
    main()
