"""How much invented content strict grounding removes, and how much truth it keeps.

Starts from a summary of the example article whose every item is true, then corrupts
items the way models do (invented actors, altered names, quotes with a changed word,
speakers who are not actors, figures off by 10-50 %, evidence that is not in the text)
and adds what a hostile article gets a model to invent (an invented name carried by a
real alias, a written word made an actor on evidence that never mentions it, the payload
of a note planted for models, a short name that is only part of longer words). The
article is the example with the planted note appended. Strict grounding should drop
exactly the corrupted and invented items.

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
from tests.fabrication import ATTACKS, HOSTILE_TEXT, INVENTIONS, TRUE_SUMMARY

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


Key = tuple[str, int]


def trial(rng: random.Random) -> tuple[dict[Key, str], set[Key], set[Key], int]:
    """One corrupted summary: what was invented (by kind), what was dropped, which
    true items there were, and how many true items fell only because their actor did."""
    data = copy.deepcopy(TRUE_SUMMARY)
    invented: dict[Key, str] = {}
    for field in ("actors", "claims", "figures"):
        for i, item in enumerate(data[field]):
            if rng.random() < 0.3:
                data[field][i] = corrupt(field, item, rng)
                invented[field, i] = f"corrupted {field}"
    for field, item in rng.sample(INVENTIONS, 3):
        data[field].append(copy.deepcopy(item))
        invented[field, len(data[field]) - 1] = f"invented {field}"
    for kind, field, item in rng.sample(ATTACKS, 3):
        data[field].append(copy.deepcopy(item))
        invented[field, len(data[field]) - 1] = kind
    grounded = ground(NewsSummary.model_validate(data), HOSTILE_TEXT, "strict", RULES)
    top = [d for d in grounded.dropped if "." not in d.path]
    dropped = {_key(d.path) for d in top}
    true = {(f, i) for f in ("actors", "claims", "figures") for i in range(len(data[f]))}
    true -= set(invented)
    # A true claim whose speaker's actor entry was corrupted (and so dropped) fails the
    # rule that speakers name an actor: a cascade, counted apart from direct errors.
    cascades = sum(
        1
        for d in top
        if _key(d.path) in true and all("is not one of the actors" in r for r in d.reasons)
    )
    return invented, dropped, true, cascades


def _key(path: str) -> Key:
    field, rest = path.split("[", 1)
    return field, int(rest.split("]", 1)[0])


def main() -> None:
    rng = random.Random(20261124)
    trials = 300
    made: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    true_items = true_dropped = cascades = 0
    for _ in range(trials):
        invented, dropped, true, cascade = trial(rng)
        made.update(invented.values())
        removed.update(kind for key, kind in invented.items() if key in dropped)
        true_items += len(true)
        true_dropped += len(true & dropped)
        cascades += cascade
    print(describe())
    print(f"strict grounding over {trials} corrupted summaries of a hostile article")
    print(f"{'invented or corrupted':<26}{'items':>7}{'removed':>9}")
    for kind in sorted(made):
        print(f"  {kind:<24}{made[kind]:>7}{removed[kind] / made[kind]:>9.1%}")
    total = sum(made.values())
    print(f"  {'all':<24}{total:>7}{sum(removed.values()) / total:>9.1%}")
    kept = true_items - true_dropped
    print(f"true items kept: {kept / true_items:.1%} of {true_items}")
    print(
        f"  {(kept + cascades) / true_items:.1%} counting apart the {cascades} true claims "
        "or positions dropped because their actor entry was corrupted"
    )


if __name__ == "__main__":
    main()
