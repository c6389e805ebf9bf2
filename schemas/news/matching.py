"""The news type's eval matchers: how a predicted actor, claim, figure or contested point
is judged the same as a gold one.

Similarities, by field (``strict`` / ``lenient`` where they differ):

* actors: the best name similarity between the names and aliases on either side
  (:func:`actor_name_similarity`: :func:`~summarise.names.name_similarity`, so exact
  names win, and a person's surname or a one-word gold name inside a longer predicted
  one names the actor too); names that agree lose a little for another kind or role,
  never below a match, so two actors of one name pair with the right gold ones.
* claims: the speaker must be the same actor (strict, alias-aware through the gold
  actors; lenient: another speaker costs a fifth of the score), then mostly statement
  similarity (against the statement, its alternatives and the quote; the quotes too,
  once the statement says something of the gold claim) and partly evidence overlap (the
  spans both cite). Claims a prediction gives to "the article" are not scored: fixtures
  label attributed claims.
* figures: the value must be within 2 % of the gold one (or 0.05), scoring more the
  nearer it is; strict also needs a compatible unit (the same, or one naming what the
  other counts; a share or a currency agrees only with itself); a ``what`` that is
  another gold figure's rules the pair out; ``what``, the unit and evidence overlap
  make up the rest.
* contested points: a single position is no match for a dispute; the score grows with
  the gold sides the positions hold (each read as the side it agrees with, held by that
  side's actor or, for an actor named on no side, through its evidence), less the
  positions given to another side's actor, and with issue similarity.
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
)
from summarise.schemas.news.model import ARTICLE_SPEAKER, Actor

__all__ = ["MATCHERS", "Names"]

_SAME_ACTOR = 0.8
_SURNAME = 0.9
_OTHER_KIND = 0.1
_OTHER_ROLE = 0.03
_STATEMENT = 0.8  # a claim is its statement; shared evidence only adds
_SAYS_SOMETHING = 0.3  # a statement below this says nothing of the gold claim
_POSITION = 0.5
_FULL = 0.9
_VALUE_TOLERANCE = 0.02
_VALUE_FLOOR = 0.05
_ANOTHER = 0.8
_MEASURES = frozenset({"percent", "usd", "eur", "gbp"})
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
        self._people: set[int] = set()
        for i, actor in enumerate(gold_actors):
            for name in (actor.name, *actor.aliases):
                self._index.setdefault(normalise_name(name), i)
            if actor.kind == "person":
                self._people.add(i)

    def key(self, name: str) -> int | str:
        """The gold actor a name resolves to (its index), else the name itself: what
        two names must share to count as one actor."""
        index = self.actor_of(name)
        return name if index is None else index

    def actor_of(self, name: str | None) -> int | None:
        """The gold actor ``name`` names, or None when it names none of them, or two
        equally well (a phrase as close to two actors is no answer)."""
        if not name:
            return None
        key = normalise_name(name)
        if key in self._index:
            return self._index[key]
        best: dict[int, float] = {}
        for known, i in self._index.items():
            score = actor_name_similarity(key, known, person=i in self._people)
            best[i] = max(best.get(i, 0.0), score)
        top = max(best.values(), default=0.0)
        if top < _SAME_ACTOR:
            return None
        tied = [i for i, score in best.items() if score == top]
        if len(tied) > 1:
            # "the chairman of Chrysler LLC Jim Press" is Jim Press: the name a phrase
            # ends with is the one it is about. Otherwise no answer, not the first.
            tied = [i for i in tied if self._ends(key, i)]
        return tied[0] if len(tied) == 1 else None

    def _ends(self, phrase: str, actor: int) -> bool:
        return any(
            phrase == known or phrase.endswith(f" {known}")
            for known, i in self._index.items()
            if i == actor
        )

    def same(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return a == b
        if normalise_name(a) == normalise_name(b):
            return True
        ia, ib = self.actor_of(a), self.actor_of(b)
        return ia is not None and ia == ib


def actor_name_similarity(predicted: str, gold: str, *, person: bool) -> float:
    """:func:`~summarise.names.name_similarity`, and what the news type knows besides:
    a person's surname names that person ("Gallois" for "Louis Gallois"), and a
    one-word name the article gives an actor names it inside a longer predicted name
    ("RIA" in "Russia's RIA news agency"). Any other single word of a longer name
    stays a different name ("Levant", "Motors", "Louis")."""
    similarity = name_similarity(predicted, gold)
    if similarity >= _SAME_ACTOR:
        return similarity
    words_p, words_g = normalise_name(predicted).split(), normalise_name(gold).split()
    if person and len(words_p) == 1 and len(words_g) > 1 and words_p[0] == words_g[-1]:
        return _SURNAME
    if len(words_g) == 1 and len(words_p) > 1 and words_g[0] in words_p:
        return _SURNAME
    return similarity


def _names(context: MatchContext) -> Names:
    """The gold actors' name index, built once per fixture and mode."""
    if "news.names" not in context.memo:
        context.memo["news.names"] = Names(getattr(context.gold, "actors", []))
    names: Names = context.memo["news.names"]
    return names


def actors(p: Any, g: Any, context: MatchContext) -> float:
    person = "person" in (p.kind, g.kind)
    names_p = [p.name, *p.aliases]
    names_g = [g.name, *g.aliases, *context.alternatives(g)]
    name = max(actor_name_similarity(a, b, person=person) for a in names_p for b in names_g)
    if name < _SAME_ACTOR:
        return name
    # Two predictions of one name (a person and a group both called "Neil Aspinall")
    # are told apart by what they are and what they do; never below a match.
    other_kind = _OTHER_KIND if p.kind != g.kind else 0.0
    other_role = _OTHER_ROLE * (1.0 - lexical(p.role, g.role))
    return max(_SAME_ACTOR, name - other_kind - other_role)


def claims(p: Any, g: Any, context: MatchContext) -> float:
    speaker_ok = _names(context).same(p.speaker, g.speaker)
    if context.mode == "strict" and not speaker_ok:
        return 0.0
    texts = [g.statement, *context.alternatives(g), *([g.quote] if g.quote else [])]
    said = max(context.statements(p.statement, t) for t in texts) if p.statement.strip() else 0.0
    if p.quote and g.quote and said >= _SAYS_SOMETHING:
        # The speaker's own words, when the statement says something of them too.
        said = max(said, lexical(p.quote, g.quote))
    overlap = evidence_overlap(p.evidence, g.evidence)
    base = _STATEMENT * said + (1 - _STATEMENT) * overlap
    return base if speaker_ok else base * 0.8


def figures(p: Any, g: Any, context: MatchContext) -> float:
    closeness = _closeness(p.value, g.value)
    if closeness <= 0.0:
        return 0.0
    unit_ok = _units_agree(p, g)
    if context.mode == "strict" and not unit_ok:
        return 0.0
    what = max(lexical(p.what, t) for t in [g.what, *context.alternatives(g)])
    if _describes_another(p, g, what, context):
        return 0.0
    overlap = evidence_overlap(p.evidence, g.evidence)
    return 0.4 * closeness + 0.15 * unit_ok + 0.15 * what + 0.3 * overlap


def contested(p: Any, g: Any, context: MatchContext) -> float:
    if len(p.positions) < 2 <= len(g.positions):
        return 0.0  # one side is no dispute
    issue = max(lexical(p.issue, t) for t in [g.issue, *context.alternatives(g)])
    sides = _sides_held(p.positions, g.positions, _names(context))
    if sides <= 0:
        return 0.0
    return 0.4 + 0.3 * min(1.0, sides / len(g.positions)) + 0.3 * issue


def _sides_held(predicted: Sequence[Any], gold: Sequence[Any], names: Names) -> int:
    """How many gold sides the prediction holds, less the positions it gives to the
    wrong actor.

    Each predicted position is read as the gold side it agrees with best (in its words
    or its evidence), if any agrees well enough. It holds that side when its actor is
    that side's actor, or is no gold side's actor but cites the side's own evidence (an
    expert quoted where the gold says "experts"). When its actor holds another gold side,
    it gives that actor the wrong stance, and counts against.
    """
    actors = [names.key(side.actor) for side in gold]
    held: set[int] = set()
    wrong = 0
    for position in predicted:
        agreement = [_agreement(position, side) for side in gold]
        actor = names.key(position.actor)
        # Of sides it agrees with equally (two sides citing one sentence), its own.
        best = max(range(len(gold)), key=lambda k: (agreement[k], actors[k] == actor))
        if agreement[best] < _POSITION:
            continue
        if actor == actors[best] or (
            actor not in actors
            and evidence_overlap(position.evidence, gold[best].evidence) >= _FULL
        ):
            held.add(best)
        elif actor in actors:
            wrong += 1
    return len(held) - wrong


def _agreement(position: Any, side: Any) -> float:
    return max(
        lexical(position.position, side.position),
        evidence_overlap(position.evidence, side.evidence),
    )


def _closeness(value: float, gold: float) -> float:
    """1.0 for the gold value, falling to 0 at 2 % of it (or 0.05, for small values):
    the nearest value pairs first, and 2.36 is not 2.62."""
    tolerance = max(_VALUE_TOLERANCE * abs(gold), _VALUE_FLOOR)
    return max(0.0, 1.0 - abs(value - gold) / tolerance)


def _describes_another(p: Any, g: Any, what: float, context: MatchContext) -> bool:
    """Whether the prediction's ``what`` is another gold figure's, not this one's: the
    right number given to the wrong thing."""
    # Word order ignored, but not words left out: "people" does not describe "people
    # injured in Davao" the way "injured in Davao" does.
    others = [
        fuzz.token_sort_ratio(p.what.casefold(), other.what.casefold()) / 100
        for other in getattr(context.gold, "figures", [])
        if other is not g and _closeness(p.value, other.value) <= 0.0
    ]
    return bool(others) and max(others) >= _ANOTHER and max(others) > what + 0.2


def _attributed(claim: Any) -> bool:
    return normalise_name(claim.speaker) != _ARTICLE


def _unit(unit: str) -> str:
    """A unit in one spelling: synonyms mapped, plurals made singular."""
    unit = unit.casefold().strip()
    unit = _UNIT_SYNONYMS.get(unit, unit)
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def _units_agree(p: Any, g: Any) -> bool:
    """Same unit, or one names what the other counts ("cuts" and "job cuts at Airbus").
    A share or a currency agrees only with itself: 1,400 percent is not 1,400 deaths."""
    a, b = _unit(p.unit), _unit(g.unit)
    if a == b:
        return True
    if a in _MEASURES or b in _MEASURES:
        return False
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
