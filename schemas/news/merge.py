"""Merging the parts of a long news article: actors by name and alias, claims by speaker
and statement, figures by value, unit and what, contested points by issue.

More forgiving than the generic merge, because the same actor, claim or figure is often
worded a little differently in two parts: an actor met again under a longer name keeps
the fullest name and gains the other as an alias.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from summarise.names import normalise_name
from summarise.schemas.news.model import Actor, Claim, ContestedPoint, Figure, NewsSummary

__all__ = ["merge_news"]

_SAME_STATEMENT = 85  # token-set similarity, 0-100
_SAME_ISSUE = 80


def merge_news(summaries: Sequence[BaseModel]) -> NewsSummary:
    """One summary from the summaries of an article's parts, without duplicates."""
    parts = [NewsSummary.model_validate(s.model_dump()) for s in summaries]
    actors: list[Actor] = []
    for actor in (a for p in parts for a in p.actors):
        names = {normalise_name(n) for n in (actor.name, *actor.aliases)}
        same = next(
            (a for a in actors if names & {normalise_name(n) for n in (a.name, *a.aliases)}), None
        )
        if same is None:
            actors.append(actor.model_copy(deep=True))
            continue
        if len(actor.name) > len(same.name):  # keep the fullest name
            same.aliases.append(same.name)
            same.name = actor.name
        for alias in actor.aliases:
            if normalise_name(alias) not in {normalise_name(n) for n in (same.name, *same.aliases)}:
                same.aliases.append(alias)
        same.evidence.extend(
            e for e in actor.evidence if e.quote not in {x.quote for x in same.evidence}
        )
    claims = _unique(
        (c for p in parts for c in p.claims),
        lambda a, b: (
            normalise_name(a.speaker) == normalise_name(b.speaker)
            and fuzz.token_set_ratio(a.statement, b.statement) >= _SAME_STATEMENT
        ),
    )
    figures = _unique(
        (f for p in parts for f in p.figures),
        lambda a, b: (
            a.value == b.value
            and normalise_name(a.unit) == normalise_name(b.unit)
            and fuzz.token_set_ratio(a.what, b.what) >= _SAME_STATEMENT
        ),
    )
    contested: list[ContestedPoint] = []
    for point in (c for p in parts for c in p.contested_points):
        same_point = next(
            (c for c in contested if fuzz.token_set_ratio(c.issue, point.issue) >= _SAME_ISSUE),
            None,
        )
        if same_point is None:
            contested.append(point.model_copy(deep=True))
            continue
        known = {normalise_name(p.actor) for p in same_point.positions}
        same_point.positions.extend(
            p for p in point.positions if normalise_name(p.actor) not in known
        )
    gist = next((p.gist for p in parts if p.gist.strip()), "")
    return NewsSummary(
        gist=gist, actors=actors, claims=claims, figures=figures, contested_points=contested
    )


def _unique(items: Any, same: Callable[[Any, Any], bool]) -> list[Any]:
    kept: list[Claim | Figure] = []
    for item in items:
        if not any(same(item, k) for k in kept):
            kept.append(item)
    return kept
