"""The news type's offline reader: a deterministic spaCy pipeline, no model endpoint.

It reads the article itself (not the prompt) and returns a ``NewsSummary`` that is
grounded by construction: every evidence quote is a span it read, with exact offsets.
The page around the story (headline, captions, links, bylines) is told apart first
(:mod:`.layout`). The stages then run one way, each returning new values and reading,
never changing, what earlier ones made: mentions (:mod:`.mentions`) -> actors
(:mod:`.clustering`, with roles from :mod:`.roles`) -> claims (:mod:`.claims`, with
speakers from :mod:`.speakers`) -> the cast of actors (:mod:`.cast`) -> figures
(:mod:`.figures`) -> contested points (:mod:`.contested`, a heuristic); and the gist
(the lead sentences).
The offline backend runs it through the schema type's ``offline`` part.
"""

from __future__ import annotations

from typing import Any

from summarise.schemas.news.model import NewsSummary
from summarise.schemas.news.offline.cast import choose_cast
from summarise.schemas.news.offline.claims import find_claims
from summarise.schemas.news.offline.clustering import find_actors
from summarise.schemas.news.offline.contested import find_contested
from summarise.schemas.news.offline.figures import find_figures
from summarise.schemas.news.offline.layout import Layout
from summarise.schemas.news.offline.nlp import parse

__all__ = ["read_parsed", "summarise_offline"]

_GIST_MAX_WORDS = 60
_GIST_MIN_WORDS = 20  # a shorter lead sentence takes the next one with it


def summarise_offline(text: str) -> NewsSummary:
    """The offline pipeline on one text."""
    return read_parsed(parse(text))


def read_parsed(doc: Any) -> NewsSummary:
    """The pipeline's own rules on an article spaCy has parsed."""
    text = doc.text  # Doc.text joins every token each time it is read: read it once
    layout = Layout(text)
    index = find_actors(doc, text, layout)
    claims = find_claims(doc, text, index, layout)
    cast = choose_cast(index, claims.speakers, claims.added)
    figures = find_figures(doc, text, claims.found, layout)
    return NewsSummary(
        gist=_gist(doc, text),
        actors=cast.actors(),
        claims=[c.claim for c in claims.found],
        figures=figures,
        contested_points=find_contested(doc, index, cast, claims.found, figures),
    )


def _gist(doc: Any, text: str) -> str:
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
    gist = " ".join(chosen) or text.strip().splitlines()[0]
    words = gist.split()
    return " ".join(words[:_GIST_MAX_WORDS]) + (" …" if len(words) > _GIST_MAX_WORDS else "")
