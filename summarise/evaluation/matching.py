"""Matching predicted items to gold items, one to one, field by field.

For each field a similarity in [0, 1] is computed for every (prediction, gold) pair;
the assignment that maximises the total (Hungarian, scipy's ``linear_sum_assignment``)
is kept, and a pair counts as a match only at or above the field's threshold.

Similarities, by field (``strict`` / ``lenient`` where they differ):

* actors: best fuzzy match between the names and aliases on either side, case and
  title insensitive; a name contained in the other scores 0.9, so exact names win.
* claims: the speaker must be the same actor (strict; alias-aware through the gold
  actors), then the best of statement similarity (against the statement, its
  alternatives and the quote: token-set by default, or all-MiniLM-L6-v2 embeddings, or
  an LLM judge) and evidence overlap (the spans both cite).
* figures: the value must agree (1 % or 0.5); strict also needs a compatible unit (the
  same, or one naming what the other counts); ``what`` and the unit break ties.
* contested points: issue similarity and the overlap of actors across positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

__all__ = [
    "FIELD_THRESHOLDS",
    "Match",
    "Matching",
    "Names",
    "StatementSimilarity",
    "lexical",
    "match_items",
    "similarity",
]

Mode = Literal["strict", "lenient"]

FIELD_THRESHOLDS = {"actors": 0.8, "claims": 0.5, "figures": 0.6, "contested_points": 0.4}

_TITLES = re.compile(
    r"^(?:mr|mrs|ms|dr|prof|president|prime minister|minister|sir|the)\.?\s+", re.IGNORECASE
)
_UNIT_SYNONYMS = {
    "%": "percent", "per cent": "percent", "percentage": "percent", "pct": "percent",
    "$": "usd", "us$": "usd", "dollar": "usd", "dollars": "usd", "us dollars": "usd",
    "€": "eur", "euro": "eur", "euros": "eur", "£": "gbp", "pound": "gbp", "pounds": "gbp",
    "person": "people", "persons": "people", "individuals": "people",
    "death": "deaths", "dead": "deaths", "fatalities": "deaths", "killed": "deaths",
    "year": "years", "yr": "years",
}  # fmt: skip


@dataclass(frozen=True)
class Match:
    prediction: int
    gold: int
    score: float


@dataclass(frozen=True)
class Matching:
    """The one-to-one matching of one field."""

    matches: list[Match]
    missed: list[int]  # gold items left unmatched
    extra: list[int]  # predictions left unmatched


class Names:
    """Resolves a name to a gold actor through names and aliases, for speaker matching."""

    def __init__(self, gold_actors: Sequence[Any]) -> None:
        self._index: dict[str, int] = {}
        for i, actor in enumerate(gold_actors):
            for name in (actor.name, *actor.aliases):
                self._index.setdefault(_norm(name), i)

    def actor_of(self, name: str | None) -> int | None:
        if not name:
            return None
        key = _norm(name)
        if key in self._index:
            return self._index[key]
        best = max(self._index.items(), key=lambda kv: _name_score(key, kv[0]), default=None)
        if best is not None and _name_score(key, best[0]) >= FIELD_THRESHOLDS["actors"]:
            return best[1]
        return None

    def same(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return a == b
        if _norm(a) == _norm(b):
            return True
        ia, ib = self.actor_of(a), self.actor_of(b)
        return ia is not None and ia == ib


def match_items(
    predictions: Sequence[Any],
    gold: Sequence[Any],
    score: Callable[[Any, Any], float],
    threshold: float,
) -> Matching:
    """The maximum-total-similarity one-to-one matching, keeping pairs >= threshold."""
    if not predictions or not gold:
        return Matching([], list(range(len(gold))), list(range(len(predictions))))
    matrix = np.array([[score(p, g) for g in gold] for p in predictions])
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    matches = [
        Match(int(r), int(c), float(matrix[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if matrix[r, c] >= threshold
    ]
    matched_p = {m.prediction for m in matches}
    matched_g = {m.gold for m in matches}
    return Matching(
        matches,
        [i for i in range(len(gold)) if i not in matched_g],
        [i for i in range(len(predictions)) if i not in matched_p],
    )


StatementSimilarity = Callable[[str, str], float]
"""How alike two statements are, in [0, 1]: lexical by default, or embeddings, or a judge."""


def lexical(a: str, b: str) -> float:
    """Token-set similarity: word overlap, order and repetition ignored."""
    return float(fuzz.token_set_ratio(a, b)) / 100


def similarity(
    field: str,
    names: Names,
    mode: Mode,
    alternatives: dict[int, list[str]],
    statements: StatementSimilarity = lexical,
) -> Callable[[Any, Any], float]:
    """The similarity function for ``field``. ``alternatives`` maps ``id(gold_item)``
    to other acceptable wordings of that item; ``statements`` compares claim statements.
    """

    def alt(gold: Any) -> list[str]:
        return alternatives.get(id(gold), [])

    def actors(p: Any, g: Any) -> float:
        names_p = [p.name, *p.aliases]
        names_g = [g.name, *g.aliases, *alt(g)]
        return max(_name_score(_norm(a), _norm(b)) for a in names_p for b in names_g)

    def claims(p: Any, g: Any) -> float:
        speaker_ok = names.same(p.speaker, g.speaker)
        if mode == "strict" and not speaker_ok:
            return 0.0
        texts = [g.statement, *alt(g), *([g.quote] if g.quote else [])]
        alike = max(statements(p.statement, t) for t in texts)
        if p.quote and g.quote:
            alike = max(alike, lexical(p.quote, g.quote))
        overlap = _evidence_overlap(p.evidence, g.evidence)
        base = max(alike * 0.9, overlap)
        return base if speaker_ok else base * 0.8

    def figures(p: Any, g: Any) -> float:
        if not _value_agrees(p.value, g.value):
            return 0.0
        unit_ok = _units_agree(p, g)
        if mode == "strict" and not unit_ok:
            return 0.0
        what = max(fuzz.token_set_ratio(p.what, t) / 100 for t in [g.what, *alt(g)])
        return 0.6 + 0.2 * unit_ok + 0.2 * what

    def contested(p: Any, g: Any) -> float:
        issue = max(fuzz.token_set_ratio(p.issue, t) / 100 for t in [g.issue, *alt(g)])
        actors_p = {names.actor_of(x.actor) or x.actor for x in p.positions}
        actors_g = {names.actor_of(x.actor) or x.actor for x in g.positions}
        overlap = len(actors_p & actors_g) / max(1, len(actors_p | actors_g))
        evidence = max(
            (_evidence_overlap(a.evidence, b.evidence) for a in p.positions for b in g.positions),
            default=0.0,
        )
        return 0.4 * issue + 0.4 * overlap + 0.2 * evidence

    functions: dict[str, Callable[[Any, Any], float]] = {
        "actors": actors,
        "claims": claims,
        "figures": figures,
        "contested_points": contested,
    }
    return functions[field]


def _norm(name: str) -> str:
    name = name.casefold().replace("’", "'").strip()
    name = _TITLES.sub("", name)
    name = re.sub(r"'s$", "", name)
    return " ".join(re.sub(r"[^\w\s'-]", " ", name).split())


def _name_score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    full = fuzz.ratio(a, b) / 100
    contained = 0.9 * fuzz.token_set_ratio(a, b) / 100
    return max(full, contained)


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


def _value_agrees(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.5, 0.01 * abs(b))


def _evidence_overlap(pred: Sequence[Any], gold: Sequence[Any]) -> float:
    """How far the cited spans coincide: overlap over the shorter span, best pair."""
    best = 0.0
    for p in pred:
        for g in gold:
            if None in (p.start, p.end, g.start, g.end):
                continue
            inter = min(p.end, g.end) - max(p.start, g.start)
            if inter > 0:
                best = max(best, inter / min(p.end - p.start, g.end - g.start))
    return best
