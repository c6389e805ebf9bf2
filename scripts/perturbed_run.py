"""A deliberately perturbed news "run": each fixture's gold summary with the mistakes a
model makes written in, so the judged set holds pairs a matcher must reject beside ones
it must accept.

    python scripts/perturbed_run.py          # rewrites evals/judged/predictions/perturbed/

Every change is deterministic (seeded by the fixture's id). Item ``k`` of a perturbed
field comes from gold item ``k`` (nothing is added or removed), so each pair to judge is
"perturbed item k against gold item k" as well as whatever the matcher pairs.

What is done, item by item, cycling through the kinds below so every fixture gets some
of each (and some items are left as they are, as controls):

* actors: keep one word of a longer name (the last, the first, or a middle one), drop
  the aliases; or give another actor's name.
* claims: give the statement to another claim's speaker; replace the statement with
  page furniture ("READ MORE") or nothing while citing the whole sentence; or keep the
  assertion and reword it.
* figures: move the value (by a few percent, by a factor of ten, or to another figure's
  value); change the unit; or describe another figure ("what").
* contested points: swap the actors between the sides; drop all but one side; or put
  the issue in a template ("Disagreement over X").
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarise.evaluation import Fixture, load_fixtures  # noqa: E402

OUT = ROOT / "evals" / "judged" / "predictions" / "perturbed"
FOLDERS = [ROOT / "evals" / "fixtures" / "news", ROOT / "evals" / "holdout" / "news"]


def sentence_around(text: str, quote: str) -> str:
    """The whole sentence of the article that holds ``quote`` (or the quote)."""
    at = text.find(quote)
    if at < 0:
        return quote
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    end = text.find(". ", at + len(quote))
    end = len(text) if end < 0 else end + 1
    return text[start:end].strip()


def perturb_actor(actor: dict[str, Any], k: int, others: list[str], rng: random.Random) -> None:
    words = actor["name"].split()
    kind = k % 4
    if kind == 0 and len(words) > 1:
        actor["name"] = words[-1]
    elif kind == 1 and len(words) > 1:
        actor["name"] = words[0] if len(words) == 2 else rng.choice(words[1:-1] or words)
    elif kind == 2 and others:
        actor["name"] = rng.choice(others)
    actor["aliases"] = []


def perturb_claim(
    claim: dict[str, Any], k: int, speakers: list[str], text: str, rng: random.Random
) -> None:
    kind = k % 4
    others = [s for s in speakers if s != claim["speaker"]]
    if kind == 0 and others:
        claim["speaker"] = rng.choice(others)
    elif kind == 1:
        claim["statement"] = rng.choice(["READ MORE", "Share this story", ""])
        claim["quote"] = None
        claim["evidence"] = [
            {"quote": sentence_around(text, e["quote"])} for e in claim["evidence"][:1]
        ]
    elif kind == 2:
        words = claim["statement"].rstrip(".").split()
        claim["statement"] = " ".join(words[len(words) // 2 :] + words[: len(words) // 2])


def perturb_figure(figure: dict[str, Any], k: int, values: list[float], whats: list[str]) -> None:
    kind = k % 5
    if kind == 0:
        figure["value"] = round(figure["value"] * 1.08, 4)
    elif kind == 1:
        figure["value"] = figure["value"] * 10
    elif kind == 2:
        others = [v for v in values if v != figure["value"]]
        if others:
            figure["value"] = min(others, key=lambda v: abs(v - figure["value"]))
    elif kind == 3:
        figure["unit"] = "percent" if figure["unit"] != "percent" else "people"
    else:
        others = [w for w in whats if w != figure["what"]]
        if others:
            figure["what"] = others[0]


def perturb_contested(point: dict[str, Any], k: int) -> None:
    kind = k % 3
    positions = point["positions"]
    if kind == 0 and len(positions) > 1:
        actors = [p["actor"] for p in positions]
        for p, actor in zip(positions, actors[1:] + actors[:1], strict=True):
            p["actor"] = actor
    elif kind == 1:
        point["positions"] = positions[:1]
    else:
        last = point["issue"].rstrip("?").split()[-1]
        point["issue"] = f"Disagreement over {last}"


def perturbed(fixture: Fixture) -> dict[str, Any]:
    rng = random.Random(fixture.id)
    summary = fixture.expected.model_dump(mode="json")
    names = [a["name"] for a in summary["actors"]]
    for k, actor in enumerate(summary["actors"]):
        perturb_actor(actor, k, [n for n in names if n != actor["name"]], rng)
    speakers = sorted({c["speaker"] for c in summary["claims"]})
    for k, claim in enumerate(summary["claims"]):
        perturb_claim(claim, k, speakers, fixture.text, rng)
    values = [f["value"] for f in summary["figures"]]
    whats = [f["what"] for f in summary["figures"]]
    for k, figure in enumerate(summary["figures"]):
        perturb_figure(figure, k, values, whats)
    for k, point in enumerate(summary["contested_points"]):
        perturb_contested(point, k)
    return summary


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        for fixture in load_fixtures(folder):
            record = {"fixture": fixture.id, "summary": perturbed(fixture)}
            path = OUT / f"{fixture.id}.json"
            path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
