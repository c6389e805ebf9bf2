"""The news type's eval matchers, one by one: the scores they give decide eval results.

Actors by name and alias, claims by speaker then statement or evidence, figures by value
then unit and what, contested points by issue, actors and evidence. Each weight of each
score is pinned here, with both sides of every threshold.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel

from summarise.names import name_similarity
from summarise.schema_types import FieldMatcher, MatchContext, StatementSimilarity, lexical
from summarise.schemas.news.matching import MATCHERS, Names
from summarise.schemas.news.model import Actor, Claim, ContestedPoint, Figure, NewsSummary


def actor(name: str, *aliases: str) -> Actor:
    return Actor.model_validate(
        {"name": name, "kind": "person", "role": "r", "aliases": list(aliases),
         "evidence": [{"quote": name}]}
    )  # fmt: skip


GOLD = NewsSummary(
    gist="g",
    actors=[
        actor("Moscow"),
        actor("Vladimir Putin", "Putin"),
        actor("Israel Defense Forces", "IDF"),
        actor("Hamas"),
    ],
)


def context(
    mode: Literal["strict", "lenient"] = "strict",
    *,
    gold: BaseModel = GOLD,
    wordings: dict[str, list[str]] | None = None,
    statements: StatementSimilarity = lexical,
) -> MatchContext:
    """A context whose alternatives are looked up by the gold item's label."""
    by_label = wordings or {}

    def alternatives(item: Any) -> list[str]:
        for field in ("name", "statement", "what", "issue"):
            if isinstance(getattr(item, field, None), str):
                return by_label.get(getattr(item, field), [])
        return []

    return MatchContext(mode=mode, gold=gold, statements=statements, alternatives=alternatives)


def matcher(field: str) -> FieldMatcher:
    found = MATCHERS[field]
    assert found is not None
    return found


def span(start: int | None = None, end: int | None = None) -> list[dict[str, Any]]:
    return [{"quote": "x", "start": start, "end": end}]


# --- actors ---------------------------------------------------------------------------


def actors(p: Actor, g: Actor, ctx: MatchContext | None = None) -> float:
    return matcher("actors").similarity(p, g, ctx or context())


def test_an_actor_matches_by_its_best_name_or_alias_on_either_side() -> None:
    assert actors(actor("Vladimir Putin"), actor("Vladimir Putin")) == 1.0
    assert actors(actor("Mr Putin"), actor("Vladimir Putin", "Putin")) == 1.0
    assert actors(actor("V. Putin", "Putin"), actor("Vladimir Putin")) == pytest.approx(0.9)
    assert actors(actor("Putin"), actor("Vladimir Putin")) == pytest.approx(0.9)  # contained
    assert actors(actor("Hamas"), actor("Vladimir Putin")) < matcher("actors").threshold


def test_an_actor_matches_through_the_alternatives_of_the_gold_actor() -> None:
    ctx = context(wordings={"Israel Defense Forces": ["Israeli army"]})
    assert actors(actor("the Israeli army"), actor("Israel Defense Forces"), ctx) == 1.0
    assert actors(actor("the Israeli army"), actor("Israel Defense Forces")) < 0.8


# --- resolving a speaker to a gold actor ----------------------------------------------


def test_names_resolve_through_names_aliases_and_near_spellings() -> None:
    names = Names(GOLD.actors)
    assert names.actor_of("Vladimir Putin") == 1
    assert names.actor_of("President Putin") == 1  # the name normaliser drops the title
    assert names.actor_of("IDF") == 2
    assert names.actor_of("Vladimir Putn") == 1  # a near spelling of a known name
    assert names.actor_of("Kasra Aarabi") is None
    assert names.actor_of("") is None
    assert names.actor_of(None) is None
    assert Names([]).actor_of("Putin") is None


@pytest.mark.parametrize(
    ("known", "name", "similarity", "resolved"),
    [
        ("Anand", "Anant", 0.8, True),  # exactly at the line: the same actor
        ("Anandi", "Ananti", 0.833, True),  # just inside
        ("Lind", "Lund", 0.75, False),  # just outside
    ],
)
def test_a_near_name_is_the_same_actor_from_a_similarity_of_0_8(
    known: str, name: str, similarity: float, resolved: bool
) -> None:
    assert name_similarity(name, known) == pytest.approx(similarity, abs=1e-3)
    names = Names([actor("Moscow"), actor(known)])
    assert names.actor_of(name) == (1 if resolved else None)
    assert names.same(name, known) is resolved


def test_two_speakers_are_the_same_by_name_or_by_the_gold_actor_they_resolve_to() -> None:
    names = Names(GOLD.actors)
    assert names.same("IDF", "Israel Defense Forces")
    assert names.same("Putin", "Vladimir Putin")
    assert names.same("Kasra Aarabi", "kasra  AARABI")  # no gold actor, the same name
    assert not names.same("Kasra Aarabi", "Mamadou Sow")  # neither resolves: not the same
    assert not names.same("Kasra Aarabi", "Hamas")
    assert not names.same("IDF", "Hamas")
    assert names.same(None, None)
    assert not names.same(None, "Hamas")
    assert not names.same("Hamas", None)


# --- claims ---------------------------------------------------------------------------


def claim(
    speaker: str,
    statement: str,
    quote: str | None = None,
    evidence: list[dict[str, Any]] | None = None,
) -> Claim:
    return Claim.model_validate(
        {"speaker": speaker, "statement": statement, "quote": quote,
         "evidence": evidence or span()}
    )  # fmt: skip


def claims(p: Claim, g: Claim, ctx: MatchContext | None = None) -> float:
    return matcher("claims").similarity(p, g, ctx or context())


SAID = "Hamas leaders were welcome in Moscow"
OTHER = "Rockets were fired overnight from the north"


def test_a_claim_by_the_same_speaker_scores_nine_tenths_of_its_statement_similarity() -> None:
    assert claims(claim("Putin", SAID), claim("Vladimir Putin", SAID)) == pytest.approx(0.9)
    expected = 0.9 * lexical(OTHER, SAID)
    assert claims(claim("IDF", OTHER), claim("Israel Defense Forces", SAID)) == pytest.approx(
        expected
    )


def test_a_wrong_speaker_scores_nothing_strictly_and_four_fifths_leniently() -> None:
    p, g = claim("Hamas", SAID), claim("Vladimir Putin", SAID)
    assert claims(p, g, context("strict")) == 0.0
    assert claims(p, g, context("lenient")) == pytest.approx(0.9 * 0.8)
    assert claims(claim("Putin", SAID), g, context("lenient")) == pytest.approx(0.9)


def test_a_claim_speaker_resolves_without_gold_actors() -> None:
    # A gold summary of another type has no actors: speakers compare by name alone.
    other_gold = GOLD.actors[0]
    ctx = context(gold=other_gold)
    assert claims(claim("kasra AARABI", SAID), claim("Kasra Aarabi", SAID), ctx) == pytest.approx(
        0.9
    )
    assert claims(claim("IDF", SAID), claim("Israel Defense Forces", SAID), ctx) == 0.0


def test_the_statement_is_compared_with_the_gold_statement_alternatives_and_quote() -> None:
    seen: list[tuple[str, str]] = []

    def recorded(a: str, b: str) -> float:
        seen.append((a, b))
        return lexical(a, b)

    ctx = context(wordings={SAID: ["Moscow hosted Hamas"]}, statements=recorded)
    p = claim("Putin", "Moscow hosted Hamas")
    assert claims(p, claim("Putin", SAID), ctx) == pytest.approx(0.9)
    assert seen == [("Moscow hosted Hamas", SAID), ("Moscow hosted Hamas", "Moscow hosted Hamas")]
    seen.clear()
    quoted = claim("Putin", SAID, quote="They are our guests")
    assert claims(claim("Putin", "They are our guests"), quoted, context(statements=recorded))
    assert seen == [("They are our guests", SAID), ("They are our guests", "They are our guests")]
    assert claims(claim("Putin", "They are our guests"), quoted) == pytest.approx(0.9)


def test_two_quotes_that_agree_match_whatever_the_statements_say() -> None:
    quote = "We are hosting our guests"
    g = claim("Putin", SAID, quote=quote)
    assert claims(claim("Putin", OTHER, quote=quote), g) == pytest.approx(0.9)
    # Without a quote of its own, a prediction's statement is still held to the gold quote.
    expected = 0.9 * max(lexical(OTHER, SAID), lexical(OTHER, quote))
    assert claims(claim("Putin", OTHER), g) == pytest.approx(expected)
    assert claims(claim("Putin", OTHER, quote=quote), claim("Putin", SAID)) == pytest.approx(
        0.9 * lexical(OTHER, SAID)
    )


def test_shared_evidence_matches_a_claim_worded_differently() -> None:
    p = claim("Putin", OTHER, evidence=span(10, 50))
    assert claims(p, claim("Putin", SAID, evidence=span(10, 50))) == 1.0
    assert claims(p, claim("Putin", SAID, evidence=span(30, 70))) == pytest.approx(
        max(0.5, 0.9 * lexical(OTHER, SAID))
    )
    wrong = claim("Hamas", OTHER, evidence=span(10, 50))
    assert claims(wrong, claim("Putin", SAID, evidence=span(10, 50)), context("lenient")) == (
        pytest.approx(0.8)
    )


@pytest.mark.parametrize(
    ("speaker", "scored"),
    [("the article", False), ("The Article", False), ("Putin", True)],
)
def test_claims_the_article_makes_in_its_own_voice_are_not_scored(
    speaker: str, scored: bool
) -> None:
    scored_by = matcher("claims").scored
    assert scored_by is not None
    assert scored_by(claim(speaker, SAID)) is scored
    assert matcher("claims").threshold == 0.5


def test_the_gold_name_index_is_built_once_per_context() -> None:
    ctx = context()
    claims(claim("Putin", SAID), claim("Vladimir Putin", SAID), ctx)
    (index,) = ctx.memo.values()
    claims(claim("IDF", SAID), claim("Israel Defense Forces", SAID), ctx)
    assert list(ctx.memo.values()) == [index]
    assert isinstance(index, Names)


# --- figures --------------------------------------------------------------------------


def figure(value: float, unit: str, what: str) -> Figure:
    return Figure.model_validate(
        {"text": str(value), "value": value, "unit": unit, "what": what, "evidence": span()}
    )


def figures(p: Figure, g: Figure, ctx: MatchContext | None = None) -> float:
    return matcher("figures").similarity(p, g, ctx or context())


@pytest.mark.parametrize(
    ("value", "gold", "agree"),
    [
        (4.5, 4, True),  # exactly the 0.5 floor
        (4.4, 4, True),
        (4.51, 4, False),
        (3.5, 4, True),
        (3.49, 4, False),
        (1010, 1000, True),  # exactly 1 %, more than the floor
        (1010.5, 1000, False),
    ],
)
def test_a_figure_value_agrees_within_one_percent_or_half_a_unit(
    value: float, gold: float, agree: bool
) -> None:
    score = figures(
        figure(value, "deaths", "people killed"), figure(gold, "deaths", "people killed")
    )
    assert score == (1.0 if agree else 0.0)


def test_a_figure_scores_six_tenths_for_the_value_and_a_fifth_each_for_unit_and_what() -> None:
    g = figure(40, "people", "people hurt in the attack")
    assert figures(figure(40, "people", "people hurt in the attack"), g) == pytest.approx(1.0)
    what = lexical("injured civilians", "people hurt in the attack")
    assert 0 < what < 1
    assert figures(figure(40, "people", "injured civilians"), g) == pytest.approx(
        0.6 + 0.2 + 0.2 * what
    )
    mismatch = figure(40, "cars", "injured civilians")
    assert figures(mismatch, g, context("strict")) == 0.0
    assert figures(mismatch, g, context("lenient")) == pytest.approx(0.6 + 0.2 * what)
    assert matcher("figures").threshold == 0.6


def test_what_a_figure_counts_matches_through_alternatives() -> None:
    g = figure(40, "people", "people hurt in the attack")
    ctx = context(wordings={"people hurt in the attack": ["injured civilians"]})
    assert figures(figure(40, "people", "injured civilians"), g, ctx) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("unit", "gold_unit"),
    [
        ("%", "percent"),
        ("per cent", "%"),
        ("US dollars", "USD"),
        ("$", "dollars"),
        ("euros", "€"),
        ("killed", "deaths"),
        ("fatalities", "dead"),
        ("jobs", "job"),  # a plural is its singular
        (" Jobs ", "job"),
        ("years", "yr"),
    ],
)
def test_units_agree_across_synonyms_plurals_and_case(unit: str, gold_unit: str) -> None:
    p, g = figure(5, unit, "a rise"), figure(5, gold_unit, "a rise")
    assert figures(p, g) == pytest.approx(1.0)
    assert figures(g, p) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("unit", "gold_unit"),
    [("jobs", "jo"), ("job", "jo"), ("people", "deaths"), ("percent", "usd")],
)
def test_different_units_do_not_agree(unit: str, gold_unit: str) -> None:
    assert figures(figure(5, unit, "a rise"), figure(5, gold_unit, "a rise")) == 0.0


def test_a_unit_agrees_with_a_figure_that_names_it_in_what_it_counts() -> None:
    # "cuts" is what the gold figure counts ("job cuts at Airbus"), in either direction.
    cuts = figure(10_000, "cuts", "planned reductions")
    jobs = figure(10_000, "jobs", "job cuts at Airbus")
    assert figures(cuts, jobs) == pytest.approx(0.8 + 0.2 * lexical(cuts.what, jobs.what))
    assert figures(jobs, cuts) == pytest.approx(0.8 + 0.2 * lexical(cuts.what, jobs.what))
    workers = figure(10_000, "workers", "planned reductions")
    assert figures(workers, jobs) == 0.0
    assert figures(jobs, workers) == 0.0


# --- contested points -----------------------------------------------------------------


def point(issue: str, *positions: tuple[str, list[dict[str, Any]]]) -> ContestedPoint:
    return ContestedPoint.model_validate(
        {"issue": issue,
         "positions": [{"actor": a, "position": "p", "evidence": e} for a, e in positions]}
    )  # fmt: skip


def contested(p: ContestedPoint, g: ContestedPoint, ctx: MatchContext | None = None) -> float:
    return matcher("contested_points").similarity(p, g, ctx or context())


WAR = "Who started the war"


def test_a_contested_point_weighs_issue_and_actors_two_fifths_and_evidence_a_fifth() -> None:
    g = point(WAR, ("Hamas", span(0, 10)), ("IDF", span(20, 30)))
    assert contested(point(WAR, ("Hamas", span(0, 10)), ("IDF", span(20, 30))), g) == 1.0
    assert contested(point(WAR, ("Hamas", span()), ("IDF", span())), g) == pytest.approx(0.8)
    # One of two actors, half the evidence, a similar issue.
    issue = lexical("Who began the war", WAR)
    p = point("Who began the war", ("Hamas", span(5, 15)), ("Kasra Aarabi", span()))
    assert contested(p, g) == pytest.approx(0.4 * issue + 0.4 * (1 / 3) + 0.2 * 0.5)
    assert matcher("contested_points").threshold == 0.4


def test_position_actors_resolve_through_gold_aliases() -> None:
    g = point(WAR, ("Israel Defense Forces", span()))
    assert contested(point(WAR, ("IDF", span())), g) == pytest.approx(0.8)
    assert contested(point(WAR, ("Hamas", span())), g) == pytest.approx(0.4)
    unknown = point(WAR, ("Kasra Aarabi", span()))  # no gold actor: compared by name
    assert contested(unknown, unknown.model_copy(deep=True)) == pytest.approx(0.8)


def test_the_first_gold_actor_resolves_like_any_other() -> None:
    """Index 0 is a gold actor too (it once read as "unresolved", being falsy)."""
    gold_first = NewsSummary(gist="g", actors=[actor("Vladimir Putin", "Putin"), *GOLD.actors])
    g = point(WAR, ("Vladimir Putin", span()))
    assert contested(point(WAR, ("Putin", span())), g, context(gold=gold_first)) == 0.8
    assert contested(point(WAR, ("Hamas", span())), g, context(gold=gold_first)) == 0.4


def test_an_issue_matches_through_alternatives() -> None:
    g = point(WAR, ("Hamas", span()))
    ctx = context(wordings={WAR: ["Who is to blame for the fighting"]})
    p = point("Who is to blame for the fighting", ("Hamas", span()))
    assert contested(p, g, ctx) == pytest.approx(0.8)
    assert contested(p, g) < 0.8
