"""The news type's eval matchers: how a predicted actor, claim, figure or contested point
is judged the same as a gold one.

Similarities, by field (``strict`` / ``lenient`` where they differ):

* actors: the best name similarity between the names and aliases on either side
  (:func:`~summarise.names.name_similarity`: a name contained in the other scores 0.9,
  so exact names win).
* claims: the speaker must be the same actor (strict; alias-aware through the gold
  actors), then the best of statement similarity (against the statement, its
  alternatives and the quote) and evidence overlap (the spans both cite). Claims a
  prediction gives to "the article" are not scored: fixtures label attributed claims.
* figures: the value must agree (1 % or 0.5); strict also needs a compatible unit (the
  same, or one naming what the other counts); ``what`` and the unit break ties.
* contested points: issue similarity and the overlap of actors across positions.
* gist: not scored (free text; two good leads share few words).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from summarise.names import name_similarity, normalise_name
from summarise.schema_types import (
    FieldMatcher,
    MatchContext,
    evidence_overlap,
    lexical,
    values_agree,
)
from summarise.schemas.news.model import ARTICLE_SPEAKER, Actor

__all__ = ["MATCHERS", "Names"]

_SAME_ACTOR = 0.8
_ARTICLE = normalise_name(ARTICLE_SPEAKER)
_UNIT_SYNONYMS = {
    "%": "percent", "per cent": "percent", "percentage": "percent", "pct": "percent",
    "$": "usd", "us$": "usd", "dollar": "usd", "dollars": "usd", "us dollars": "usd",
    "€": "eur", "euro": "eur", "euros": "eur", "£": "gbp", "pound": "gbp", "pounds": "gbp",
    "person": "people", "persons": "people", "individuals": "people",
    "death": "deaths", "dead": "deaths", "fatalities": "deaths", "killed": "deaths",
    "year": "years", "yr": "years",
}  # fmt: skip


class Names:
    """Resolves a name to a gold actor through names and aliases, for speaker matching."""

    def __init__(self, gold_actors: Sequence[Actor]) -> None:
        self._index: dict[str, int] = {}
        for i, actor in enumerate(gold_actors):
            for name in (actor.name, *actor.aliases):
                self._index.setdefault(normalise_name(name), i)

    def key(self, name: str) -> int | str:
        """The gold actor a name resolves to (its index), else the name itself: what
        two names must share to count as one actor."""
        index = self.actor_of(name)
        return name if index is None else index

    def actor_of(self, name: str | None) -> int | None:
        if not name:
            return None
        key = normalise_name(name)
        if key in self._index:
            return self._index[key]
        best = max(self._index, key=lambda known: name_similarity(key, known), default=None)
        if best is not None and name_similarity(key, best) >= _SAME_ACTOR:
            return self._index[best]
        return None

    def same(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return a == b
        if normalise_name(a) == normalise_name(b):
            return True
        ia, ib = self.actor_of(a), self.actor_of(b)
        return ia is not None and ia == ib


def _names(context: MatchContext) -> Names:
    """The gold actors' name index, built once per fixture and mode."""
    if "news.names" not in context.memo:
        context.memo["news.names"] = Names(getattr(context.gold, "actors", []))
    names: Names = context.memo["news.names"]
    return names


def actors(p: Any, g: Any, context: MatchContext) -> float:
    names_p = [p.name, *p.aliases]
    names_g = [g.name, *g.aliases, *context.alternatives(g)]
    return max(name_similarity(a, b) for a in names_p for b in names_g)


def claims(p: Any, g: Any, context: MatchContext) -> float:
    speaker_ok = _names(context).same(p.speaker, g.speaker)
    if context.mode == "strict" and not speaker_ok:
        return 0.0
    texts = [g.statement, *context.alternatives(g), *([g.quote] if g.quote else [])]
    alike = max(context.statements(p.statement, t) for t in texts)
    if p.quote and g.quote:
        alike = max(alike, lexical(p.quote, g.quote))
    overlap = evidence_overlap(p.evidence, g.evidence)
    base = max(alike * 0.9, overlap)
    return base if speaker_ok else base * 0.8


def figures(p: Any, g: Any, context: MatchContext) -> float:
    if not values_agree(p.value, g.value, floor=0.5):
        return 0.0
    unit_ok = _units_agree(p, g)
    if context.mode == "strict" and not unit_ok:
        return 0.0
    what = max(fuzz.token_set_ratio(p.what, t) / 100 for t in [g.what, *context.alternatives(g)])
    return 0.6 + 0.2 * unit_ok + 0.2 * what


def contested(p: Any, g: Any, context: MatchContext) -> float:
    names = _names(context)
    issue = max(fuzz.token_set_ratio(p.issue, t) / 100 for t in [g.issue, *context.alternatives(g)])
    actors_p = {names.key(x.actor) for x in p.positions}
    actors_g = {names.key(x.actor) for x in g.positions}
    overlap = len(actors_p & actors_g) / max(1, len(actors_p | actors_g))
    evidence = max(
        (evidence_overlap(a.evidence, b.evidence) for a in p.positions for b in g.positions),
        default=0.0,
    )
    return 0.4 * issue + 0.4 * overlap + 0.2 * evidence


def _attributed(claim: Any) -> bool:
    return normalise_name(claim.speaker) != _ARTICLE


def _unit(unit: str) -> str:
    """A unit in one spelling: synonyms mapped, plurals made singular."""
    unit = unit.casefold().strip()
    unit = _UNIT_SYNONYMS.get(unit, unit)
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def _units_agree(p: Any, g: Any) -> bool:
    """Same unit, or one names what the other counts ("cuts" and "job cuts at Airbus")."""
    a, b = _unit(p.unit), _unit(g.unit)
    if a == b:
        return True
    words_p = {_unit(w) for w in f"{p.unit} {p.what}".split()}
    words_g = {_unit(w) for w in f"{g.unit} {g.what}".split()}
    return a in words_g or b in words_p


MATCHERS: dict[str, FieldMatcher | None] = {
    "gist": None,
    "actors": FieldMatcher(actors, threshold=0.8),
    "claims": FieldMatcher(claims, threshold=0.5, scored=_attributed),
    "figures": FieldMatcher(figures, threshold=0.6),
    "contested_points": FieldMatcher(contested, threshold=0.4),
}
