"""Two contested points on one question are one point holding both points' sides."""

from __future__ import annotations

from summarise.schemas.news.model import ContestedPoint, Position
from summarise.schemas.news.offline.contested import _MAX_POSITIONS, _distinct
from summarise.types import Evidence


def point(issue: str, *actors: str) -> ContestedPoint:
    return ContestedPoint(
        issue=issue,
        positions=[
            Position(
                actor=actor,
                position=f"{actor}'s view",
                evidence=[Evidence(quote=actor, start=0, end=len(actor), status="exact")],
            )
            for actor in actors
        ],
    )


def test_a_second_point_on_the_same_issue_adds_its_new_sides_to_the_first() -> None:
    merged = _distinct(
        [
            point("Whether the vote was fair", "Reid", "Corker"),
            point("whether  the vote was FAIR", "Corker", "McConnell"),
            point("Whether the plan works", "Pelosi", "Ryan"),
        ]
    )
    assert [p.issue for p in merged] == ["Whether the vote was fair", "Whether the plan works"]
    assert [s.actor for s in merged[0].positions] == ["Reid", "Corker", "McConnell"]
    assert [s.actor for s in merged[1].positions] == ["Pelosi", "Ryan"]


def test_a_merged_point_holds_no_more_sides_than_a_point_may() -> None:
    many = [f"Speaker {k}" for k in range(_MAX_POSITIONS + 2)]
    merged = _distinct([point("Whether X", *many[:2]), point("Whether X", *many[2:])])
    assert [s.actor for s in merged[0].positions] == many[:_MAX_POSITIONS]
