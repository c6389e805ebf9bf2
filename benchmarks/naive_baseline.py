"""The naive spaCy baseline the offline backend must beat, scored beside it.

The baseline: named entities as actors, number entities as figures, sentences with a
reporting verb as claims by the sentence's first named entity, no contested points.
Both are scored on the same fixtures in the same run.

    python benchmarks/naive_baseline.py [FIXTURES_DIR ...]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise.evaluation import aggregate, load_fixtures, score_fixture
from summarise.grounding.numbers import parse_number
from summarise.schemas.news import NewsSummary
from summarise.schemas.news.offline import summarise_offline
from summarise.schemas.news.offline.nlp import load_pipeline

REPO = Path(__file__).resolve().parent.parent
KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "group"}
SAYS = {"say", "tell", "claim", "announce", "state", "report", "add", "warn", "deny"}


def naive(text: str) -> NewsSummary:
    doc = load_pipeline()(text)
    ev = lambda span: [{"quote": span.text}]  # noqa: E731
    actors: dict[str, dict[str, Any]] = {}
    for e in doc.ents:
        if e.label_ in KINDS and e.text not in actors:
            actors[e.text] = {
                "name": e.text,
                "kind": KINDS[e.label_],
                "role": "-",
                "evidence": ev(e),
            }
    figures = []
    for e in doc.ents:
        number = (
            parse_number(e.text)
            if e.label_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
            else None
        )
        if number is not None:
            unit = e.root.head.text if e.root.head.pos_ == "NOUN" else e.label_.lower()
            figures.append(
                {
                    "text": e.text,
                    "value": number.value,
                    "unit": unit,
                    "what": unit,
                    "evidence": ev(e),
                }
            )
    claims = []
    for sent in doc.sents:
        speakers = [e for e in sent.ents if e.label_ in KINDS]
        if speakers and any(t.lemma_ in SAYS for t in sent):
            claims.append(
                {"speaker": speakers[0].text, "statement": sent.text, "evidence": ev(sent)}
            )
    return NewsSummary.model_validate(
        {
            "gist": next(doc.sents).text,
            "actors": list(actors.values()),
            "claims": claims,
            "figures": figures,
        }
    )


def main() -> None:
    folders = [Path(a).resolve() for a in sys.argv[1:]] or [
        REPO / "evals" / "fixtures" / "news",
        REPO / "evals" / "holdout" / "news",
        REPO / "evals" / "sealed" / "news",  # scored, never tuned on
    ]
    print(describe())
    for folder in folders:
        fixtures = load_fixtures(folder)
        shown = folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder
        print(f"\n{shown} ({len(fixtures)} fixtures), strict micro F1:")
        print(f"  {'system':<10} {'actors':>7} {'claims':>7} {'figures':>8} {'contested':>10}")
        for name, system in (("naive", naive), ("offline", summarise_offline)):
            totals = aggregate([score_fixture(system(f.text), f) for f in fixtures])
            row = [
                totals[field].micro.f1
                for field in ("actors", "claims", "figures", "contested_points")
            ]
            print(f"  {name:<10} {row[0]:>7.3f} {row[1]:>7.3f} {row[2]:>8.3f} {row[3]:>10.3f}")


if __name__ == "__main__":
    main()
