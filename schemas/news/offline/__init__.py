"""The news type's offline reader: a deterministic spaCy pipeline, no model endpoint.

It reads the article itself (not the prompt) and returns a ``NewsSummary`` that is
grounded by construction: every evidence quote is a span it read, with exact offsets.
Steps: actors (:mod:`.actors`), claims (:mod:`.claims`), figures (:mod:`.figures`),
contested points (:mod:`.contested`, a heuristic) and the gist (the lead sentences).
The offline backend runs it through the schema type's ``offline`` part.
"""

from __future__ import annotations

from typing import Any

from summarise.schemas.news.model import NewsSummary
from summarise.schemas.news.offline.actors import find_actors
from summarise.schemas.news.offline.claims import find_claims
from summarise.schemas.news.offline.contested import find_contested
from summarise.schemas.news.offline.figures import find_figures
from summarise.schemas.news.offline.nlp import load_pipeline

__all__ = ["summarise_offline"]

_GIST_MAX_WORDS = 60
_GIST_MIN_WORDS = 20  # a shorter lead sentence takes the next one with it


def summarise_offline(text: str) -> NewsSummary:
    """The offline pipeline on one text."""
    doc = load_pipeline()(text)
    actors = find_actors(doc)
    claims = find_claims(doc, actors)  # may add speakers such as "experts" to the actors
    figures = find_figures(doc, claims)
    contested = find_contested(doc, actors, claims)
    return NewsSummary(
        gist=_gist(doc),
        actors=actors.actors(),
        claims=[c.claim for c in claims],
        figures=figures,
        contested_points=contested,
    )


def _gist(doc: Any) -> str:
    """The lead: the first real sentence (not a headline, bullet or caption), and the
    next one too if the first is short."""
    chosen: list[str] = []
    for sentence in doc.sents:
        body = sentence.text.strip()
        words = body.split()
        if len(words) < 8 or body[-1:] not in '.!?’”"' or body.startswith(("-", "•", "*")):
            continue
        chosen.append(body)
        if sum(len(s.split()) for s in chosen) >= _GIST_MIN_WORDS:
            break
    gist = " ".join(chosen) or doc.text.strip().splitlines()[0]
    words = gist.split()
    return " ".join(words[:_GIST_MAX_WORDS]) + (" …" if len(words) > _GIST_MAX_WORDS else "")
