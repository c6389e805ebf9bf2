"""The news merge: one summary from a long article's parts, each item once.

Actors are one actor when a name or alias is shared; claims when the speaker is the same
and the statements are at least 85 % alike; figures when value and unit are the same and
what they count is 85 % alike; contested points when the issues are 80 % alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from rapidfuzz import fuzz

from summarise import NewsSummary
from summarise.schemas.news.merge import merge_news


def evidence(*quotes: str) -> list[dict[str, Any]]:
    return [{"quote": q} for q in quotes]


def actor(name: str, *aliases: str, quotes: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"name": name, "kind": "person", "role": "r", "aliases": list(aliases),
            "evidence": evidence(*(quotes or (name,)))}  # fmt: skip


def claim(speaker: str, statement: str, quote: str = "q") -> dict[str, Any]:
    return {"speaker": speaker, "statement": statement, "evidence": evidence(quote)}


def figure(value: float, unit: str, what: str, quote: str = "q") -> dict[str, Any]:
    return {"text": str(value), "value": value, "unit": unit, "what": what,
            "evidence": evidence(quote)}  # fmt: skip


def point(issue: str, *actors: str) -> dict[str, Any]:
    positions = [{"actor": a, "position": "p", "evidence": evidence(a)} for a in actors]
    return {"issue": issue, "positions": positions}


def part(gist: str = "", **items: list[dict[str, Any]]) -> NewsSummary:
    return NewsSummary.model_validate({"gist": gist, **items})


# --- actors ---------------------------------------------------------------------------


def test_an_actor_met_again_under_a_longer_name_keeps_the_fullest_name() -> None:
    merged = merge_news(
        [
            part(actors=[actor("Putin")]),
            part(actors=[actor("Vladimir Putin", "Putin")]),
        ]
    )
    assert [(a.name, a.aliases) for a in merged.actors] == [("Vladimir Putin", ["Putin"])]
    assert [e.quote for e in merged.actors[0].evidence] == ["Putin", "Vladimir Putin"]


def test_an_actor_met_again_under_a_shorter_name_keeps_its_name_and_gains_aliases() -> None:
    merged = merge_news(
        [
            part(actors=[actor("Vladimir Putin", "Putin")]),
            part(actors=[actor("putin", "President Putin", "V. Putin", quotes=("Putin",))]),
        ]
    )
    (putin,) = merged.actors
    assert putin.name == "Vladimir Putin"
    # "President Putin" is "Putin" to the name normaliser: not a new alias.
    assert putin.aliases == ["Putin", "V. Putin"]
    assert [e.quote for e in putin.evidence] == ["Vladimir Putin", "Putin"]


def test_of_two_names_of_one_length_the_first_is_kept() -> None:
    merged = merge_news(
        [
            part(actors=[actor("Israel Defense Forces", "IDF")]),
            part(actors=[actor("Israel Defence Forces", "IDF")]),
        ]
    )
    assert [(a.name, a.aliases) for a in merged.actors] == [("Israel Defense Forces", ["IDF"])]


def test_actors_sharing_no_name_stay_apart_in_the_order_first_met() -> None:
    merged = merge_news(
        [
            part(actors=[actor("Hamas"), actor("Vladimir Putin")]),
            part(actors=[actor("Ali Khamenei"), actor("HAMAS", quotes=("Hamas",))]),
        ]
    )
    assert [a.name for a in merged.actors] == ["Hamas", "Vladimir Putin", "Ali Khamenei"]
    assert [e.quote for e in merged.actors[0].evidence] == ["Hamas"]  # one quote, once


# --- claims and figures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "similarity", "same"),
    [
        ("peace talks restarted", 85.0, True),  # exactly at the line
        ("peace talks returned", 87.2, True),
        ("peace talks renewed", 84.2, False),
    ],
)
def test_a_claim_is_the_same_claim_from_85_percent_alike_by_the_same_speaker(
    statement: str, similarity: float, same: bool
) -> None:
    said = "peace talks resumed"
    assert fuzz.token_set_ratio(said, statement) == pytest.approx(similarity, abs=0.1)
    merged = merge_news(
        [part(claims=[claim("Hamas", said)]), part(claims=[claim("hamas", statement)])]
    )
    expected = [said] if same else [said, statement]
    assert [c.statement for c in merged.claims] == expected


def test_the_same_statement_by_another_speaker_is_another_claim() -> None:
    merged = merge_news(
        [
            part(claims=[claim("Hamas", "peace talks resumed")]),
            part(claims=[claim("Israel", "peace talks resumed"), claim("Hamas", "x")]),
        ]
    )
    assert [c.speaker for c in merged.claims] == ["Hamas", "Israel", "Hamas"]


@pytest.mark.parametrize(
    ("value", "unit", "what", "same"),
    [
        (1400, "deaths", "peace talks resumed", True),
        (1400.0, "Deaths", "peace talks restarted", True),  # what exactly 85 % alike
        (1400, "deaths", "peace talks renewed", False),
        (1401, "deaths", "peace talks resumed", False),  # a figure is its exact value
        (1400, "people", "peace talks resumed", False),
    ],
)
def test_a_figure_is_the_same_figure_by_value_unit_and_what(
    value: float, unit: str, what: str, same: bool
) -> None:
    first = figure(1400, "deaths", "peace talks resumed")
    merged = merge_news([part(figures=[first]), part(figures=[figure(value, unit, what)])])
    assert len(merged.figures) == (1 if same else 2)
    assert merged.figures[0].unit == "deaths"  # the first wording is kept


# --- contested points and gist --------------------------------------------------------


@pytest.mark.parametrize(
    ("issue", "similarity", "same"),
    [
        ("peace talks ended", 80.0, True),  # exactly at the line
        ("peace talks started", 81.1, True),
        ("peace talks began", 78.6, False),
    ],
)
def test_a_contested_point_is_the_same_from_80_percent_alike_and_gains_new_sides(
    issue: str, similarity: float, same: bool
) -> None:
    said = "peace talks failed"
    assert fuzz.token_set_ratio(said, issue) == pytest.approx(similarity, abs=0.1)
    merged = merge_news(
        [part(contested_points=[point(said, "Hamas")]),
         part(contested_points=[point(issue, "hamas", "Israel")])]
    )  # fmt: skip
    if same:
        (only,) = merged.contested_points
        assert only.issue == said
        assert [p.actor for p in only.positions] == ["Hamas", "Israel"]
    else:
        assert [c.issue for c in merged.contested_points] == [said, issue]
        assert [p.actor for p in merged.contested_points[1].positions] == ["hamas", "Israel"]


def test_the_gist_is_the_first_part_that_has_one() -> None:
    assert merge_news([part("  "), part("Talks resumed."), part("Other.")]).gist == (
        "Talks resumed."
    )
    assert merge_news([part(""), part(" ")]).gist == ""


# --- inputs ---------------------------------------------------------------------------


def test_merging_leaves_the_parts_untouched() -> None:
    parts = [
        part("A", actors=[actor("Putin")], contested_points=[point("peace talks failed", "Hamas")]),
        part(
            "B",
            actors=[actor("Vladimir Putin", "V. Putin")],
            contested_points=[point("peace talks ended", "Israel")],
        ),
    ]
    before = [p.model_dump() for p in parts]
    merged = merge_news(parts)
    assert [p.model_dump() for p in parts] == before
    merged.actors[0].aliases.append("Mr Putin")
    merged.contested_points[0].positions.clear()
    assert [p.model_dump() for p in parts] == before
