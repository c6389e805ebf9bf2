"""The offline backend: a deterministic spaCy pipeline that needs no model endpoint.

It reads the article itself (not the prompt) and returns a ``NewsSummary`` that is
grounded by construction: every evidence quote is a span it read, with exact offsets.
Steps: actors (:mod:`.actors`), claims (:mod:`.claims`), figures (:mod:`.figures`),
contested points (:mod:`.contested`, a heuristic) and the gist (the lead sentences).
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.backends.base import Extraction, ExtractionRequest
from summarise.backends.offline.actors import find_actors
from summarise.backends.offline.claims import find_claims
from summarise.backends.offline.contested import find_contested
from summarise.backends.offline.figures import find_figures
from summarise.backends.offline.nlp import MODEL_NAME, load_pipeline
from summarise.config import Settings
from summarise.errors import ConfigurationError
from summarise.schemas.news import NewsSummary
from summarise.types import Usage

__all__ = ["OfflineBackend", "summarise_offline"]

T = TypeVar("T", bound=BaseModel)

_lock = threading.Lock()
_GIST_MAX_WORDS = 60
_GIST_MIN_WORDS = 20  # a shorter lead sentence takes the next one with it


class OfflineBackend:
    """Rule-based summaries of the ``news`` schema type, on one CPU core, no network."""

    name = "offline"
    cacheable = False  # deterministic and local: a cache would only go stale

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def __repr__(self) -> str:
        return f"OfflineBackend(model={MODEL_NAME!r})"

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Summarise ``request.article``; only the ``news`` schema type is supported.

        Raises:
            ConfigurationError: Another schema type was asked for.
        """
        if not issubclass(NewsSummary, request.response_model):
            raise ConfigurationError(
                f"The offline backend only produces the 'news' schema type, not "
                f"{request.schema_type!r}. Use an LLM backend (model=, base_url=) for it."
            )
        with _lock:  # one spaCy pipeline, shared: batches call it from worker threads
            summary = summarise_offline(request.article.text)
        return Extraction(
            value=summary,  # type: ignore[arg-type]  # NewsSummary is T, checked above
            usage=Usage(),
            attempts=1,
            model=MODEL_NAME,
            mode="rules",
        )


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
