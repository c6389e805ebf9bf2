"""The news type's eval matchers, one by one: the scores they give decide eval results.

Actors by name and alias (one word of a longer name is not the name), claims by speaker
then statement (evidence only adds), figures by a graded value then unit, what and
evidence, contested points by the sides each actor holds and then the issue. Each weight of each
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


def typed(name: str, kind: str, role: str = "r", *aliases: str) -> Actor:
    return Actor.model_validate(
        {"name": name, "kind": kind, "role": role, "aliases": list(aliases),
         "evidence": [{"quote": name}]}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("word", "name", "kind"),
    [
        ("Iran", "United Against Nuclear Iran", "organisation"),
        ("Levant", "Islamic State of Iraq and the Levant", "organisation"),
        ("Motors", "General Motors", "organisation"),
        ("Louis", "Louis Gallois", "person"),  # a first name
        ("Baheri", "Ali Baheri Kani", "person"),  # not the last word
    ],
)
def test_one_word_of_a_longer_name_is_another_actor(word: str, name: str, kind: str) -> None:
    assert actors(typed(word, kind), typed(name, kind)) < matcher("actors").threshold


def test_a_surname_names_a_person_and_only_a_person() -> None:
    assert actors(typed("Gallois", "person"), typed("Louis Gallois", "person")) == 0.9
    assert actors(typed("Gallois", "other"), typed("Louis Gallois", "person")) == pytest.approx(
        0.9 - 0.1
    )
    assert actors(typed("Motors", "organisation"), typed("General Motors", "organisation")) < 0.8


def test_a_one_word_name_the_article_uses_names_its_actor_inside_a_longer_one() -> None:
    ria = typed("RIA", "organisation", "r")
    assert actors(typed("Russia's RIA news agency", "organisation", "r"), ria) == 0.9
    congress = typed("National Congress", "organisation", "r", "congress")
    assert actors(typed("Argentine congress", "organisation", "r"), congress) == 0.9


def test_what_an_actor_is_and_does_tell_two_of_one_name_apart() -> None:
    gold = typed("Neil Aspinall", "person", "Apple Corps manager")
    manager = typed("Aspinall", "person", "Apple Corps manager")
    band = typed("Neil Aspinall", "group", "band whose label sued")
    assert actors(band, gold) < actors(manager, gold) == 0.9
    assert actors(band, gold) >= matcher("actors").threshold  # still the same name
    role = lexical("band whose label sued", "Apple Corps manager")
    assert actors(band, gold) == pytest.approx(1.0 - 0.1 - 0.03 * (1 - role))


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


def test_a_phrase_as_close_to_two_actors_resolves_to_the_one_it_ends_with() -> None:
    names = Names([typed("Chrysler LLC", "organisation"), typed("Jim Press", "person")])
    assert names.actor_of("vice president and chairman of Chrysler LLC Jim Press") == 1
    assert names.actor_of("Jim Press of Chrysler LLC") == 0
    # Equally close to both and ending with neither: no answer, not the first listed.
    tied = Names([typed("Jim Press", "person"), typed("Chrysler LLC", "organisation")])
    assert tied.actor_of("Jim Press and Chrysler LLC staff") is None


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


def test_a_claim_scores_four_fifths_statement_and_a_fifth_shared_evidence() -> None:
    assert claims(claim("Putin", SAID), claim("Vladimir Putin", SAID)) == pytest.approx(0.8)
    cited = span(10, 50)
    both = claims(claim("Putin", SAID, evidence=cited), claim("Putin", SAID, evidence=cited))
    assert both == 1.0
    expected = 0.8 * lexical(OTHER, SAID)
    assert claims(claim("IDF", OTHER), claim("Israel Defense Forces", SAID)) == pytest.approx(
        expected
    )


def test_a_wrong_speaker_scores_nothing_strictly_and_four_fifths_leniently() -> None:
    p, g = claim("Hamas", SAID), claim("Vladimir Putin", SAID)
    assert claims(p, g, context("strict")) == 0.0
    assert claims(p, g, context("lenient")) == pytest.approx(0.8 * 0.8)
    assert claims(claim("Putin", SAID), g, context("lenient")) == pytest.approx(0.8)


def test_a_claim_speaker_resolves_without_gold_actors() -> None:
    # A gold summary of another type has no actors: speakers compare by name alone.
    other_gold = GOLD.actors[0]
    ctx = context(gold=other_gold)
    assert claims(claim("kasra AARABI", SAID), claim("Kasra Aarabi", SAID), ctx) == pytest.approx(
        0.8
    )
    assert claims(claim("IDF", SAID), claim("Israel Defense Forces", SAID), ctx) == 0.0


def test_the_statement_is_compared_with_the_gold_statement_alternatives_and_quote() -> None:
    seen: list[tuple[str, str]] = []

    def recorded(a: str, b: str) -> float:
        seen.append((a, b))
        return lexical(a, b)

    ctx = context(wordings={SAID: ["Moscow hosted Hamas"]}, statements=recorded)
    p = claim("Putin", "Moscow hosted Hamas")
    assert claims(p, claim("Putin", SAID), ctx) == pytest.approx(0.8)
    assert seen == [("Moscow hosted Hamas", SAID), ("Moscow hosted Hamas", "Moscow hosted Hamas")]
    seen.clear()
    quoted = claim("Putin", SAID, quote="They are our guests")
    assert claims(claim("Putin", "They are our guests"), quoted, context(statements=recorded))
    assert seen == [("They are our guests", SAID), ("They are our guests", "They are our guests")]
    assert claims(claim("Putin", "They are our guests"), quoted) == pytest.approx(0.8)


def test_two_quotes_that_agree_count_when_the_statement_says_something() -> None:
    quote = "We are hosting our guests"
    g = claim("Putin", "Hamas leaders were welcome guests in Moscow", quote=quote)
    related = "Hamas leaders came to Moscow"
    said = lexical(related, g.statement)
    assert 0.3 <= said < 1
    assert claims(claim("Putin", related, quote=quote), g) == pytest.approx(0.8)
    # A statement that says nothing of the claim is not rescued by the quote beside it.
    furniture = claim("Putin", "READ MORE", quote=quote)
    assert lexical("READ MORE", g.statement) < 0.3
    assert claims(furniture, g) < matcher("claims").threshold
    # Without a quote of its own, a prediction's statement is still held to the gold quote.
    assert claims(claim("Putin", quote), g) == pytest.approx(0.8)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize("statement", ["", "READ MORE", "Share this story"])
def test_shared_evidence_alone_does_not_make_a_claim(
    mode: Literal["strict", "lenient"], statement: str
) -> None:
    # A prediction citing the whole sentence overlaps any gold span inside it at 1.0:
    # that alone is no match, whatever the statement.
    sentence = span(0, 200)
    g = claim("Putin", SAID, evidence=span(40, 80))
    score = claims(claim("Putin", statement, evidence=sentence), g, context(mode))
    assert score < matcher("claims").threshold
    assert claims(claim("Putin", SAID, evidence=sentence), g, context(mode)) == 1.0


def test_shared_evidence_tips_a_statement_worded_differently() -> None:
    worded = "The delegation arrived in Moscow"
    said = lexical(worded, SAID)
    assert 0.375 <= said < 0.625  # alone below the line, with the same span above it
    p = claim("Putin", worded, evidence=span(10, 50))
    assert claims(p, claim("Putin", SAID, evidence=span(10, 50))) == pytest.approx(0.8 * said + 0.2)
    assert claims(p, claim("Putin", SAID, evidence=span(100, 150))) == pytest.approx(0.8 * said)
    assert claims(p, claim("Putin", SAID, evidence=span(10, 50))) >= 0.5
    assert claims(p, claim("Putin", SAID, evidence=span(100, 150))) < 0.5


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


def figure(
    value: float, unit: str, what: str, evidence: list[dict[str, Any]] | None = None
) -> Figure:
    return Figure.model_validate(
        {"text": str(value), "value": value, "unit": unit, "what": what,
         "evidence": evidence or span(0, 5)}
    )  # fmt: skip


def figures(p: Figure, g: Figure, ctx: MatchContext | None = None) -> float:
    return matcher("figures").similarity(p, g, ctx or context())


@pytest.mark.parametrize(
    ("value", "gold", "closeness"),
    [
        (1000, 1000, 1.0),
        (1010, 1000, 0.5),  # half the 2 % tolerance
        (1020, 1000, 0.0),  # at the tolerance: another number
        (980, 1000, 0.0),
        (4.04, 4, 0.5),
        (1.025, 1, 0.5),  # small values: a floor of 0.05
        (1.05, 1, 0.0),
        (2.16, 2, 0.0),  # eight per cent off is another number
    ],
)
def test_a_figure_value_is_graded_by_how_near_it_is(
    value: float, gold: float, closeness: float
) -> None:
    score = figures(
        figure(value, "deaths", "people killed"), figure(gold, "deaths", "people killed")
    )
    assert score == pytest.approx(0.0 if closeness == 0 else 0.6 + 0.4 * closeness)


def test_the_nearest_value_pairs_with_each_gold_figure() -> None:
    # 2.36 % of one index and 2.62 % of another: each pairs with its own, never crossed.
    ftse, dow = figure(2.36, "percent", "FTSE fall"), figure(2.62, "percent", "Dow fall")
    guess_a, guess_b = figure(2.36, "percent", "fall"), figure(2.62, "percent", "fall")
    assert figures(guess_a, dow) == 0.0
    assert figures(guess_b, ftse) == 0.0
    assert figures(guess_a, ftse) > matcher("figures").threshold


def test_a_figure_scores_value_unit_what_and_evidence() -> None:
    g = figure(40, "people", "people hurt in the attack")
    assert figures(figure(40, "people", "people hurt in the attack"), g) == pytest.approx(1.0)
    what = lexical("injured civilians", "people hurt in the attack")
    assert 0 < what < 1
    assert figures(figure(40, "people", "injured civilians"), g) == pytest.approx(
        0.4 + 0.15 + 0.15 * what + 0.3
    )
    elsewhere = figure(40, "people", "people hurt in the attack", span(50, 60))
    assert figures(elsewhere, g) == pytest.approx(0.7)
    mismatch = figure(40, "cars", "injured civilians")
    assert figures(mismatch, g, context("strict")) == 0.0
    assert figures(mismatch, g, context("lenient")) == pytest.approx(0.4 + 0.15 * what + 0.3)
    assert matcher("figures").threshold == 0.6


def test_a_value_alone_does_not_make_the_figure() -> None:
    # The same number, cited elsewhere and said of nothing like it: not the same figure.
    g = figure(2, "hours", "Kosgei's winning time")
    guess = figure(2, "hours", "duration", span(50, 60))
    assert figures(guess, g) < matcher("figures").threshold


def test_the_right_number_given_to_another_figure_is_not_a_match() -> None:
    gold = NewsSummary(
        gist="g",
        figures=[
            figure(1_600, "jobs", "jobs cut in the UK"),
            figure(10_000, "jobs", "job cuts at Airbus"),
        ],
    )
    uk, airbus = gold.figures
    said_of_airbus = figure(1_600, "jobs", "job cuts at Airbus")
    assert figures(said_of_airbus, uk, context(gold=gold)) == 0.0
    vaguely = figure(1_600, "jobs", "jobs")  # says less, but nothing else
    assert figures(vaguely, uk, context(gold=gold)) > matcher("figures").threshold
    assert figures(airbus.model_copy(), airbus, context(gold=gold)) == 1.0


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
    expected = 0.4 + 0.15 + 0.15 * lexical(cuts.what, jobs.what) + 0.3
    assert figures(cuts, jobs) == pytest.approx(expected)
    assert figures(jobs, cuts) == pytest.approx(expected)
    workers = figure(10_000, "workers", "planned reductions")
    assert figures(workers, jobs) == 0.0
    assert figures(jobs, workers) == 0.0


def test_a_share_or_a_currency_agrees_only_with_itself() -> None:
    deaths = figure(1_400, "deaths", "deaths in the attack")
    as_share = figure(1_400, "percent", "deaths in the attack")
    assert figures(as_share, deaths) == 0.0
    assert figures(deaths, as_share) == 0.0


# --- contested points -----------------------------------------------------------------


def point(issue: str, *positions: tuple[str, str, list[dict[str, Any]]]) -> ContestedPoint:
    return ContestedPoint.model_validate(
        {"issue": issue,
         "positions": [{"actor": a, "position": t, "evidence": e} for a, t, e in positions]}
    )  # fmt: skip


def contested(p: ContestedPoint, g: ContestedPoint, ctx: MatchContext | None = None) -> float:
    return matcher("contested_points").similarity(p, g, ctx or context())


WAR = "Who started the war"
BLAME = "Israel started the war with its raids"
DENY = "Hamas struck first on October 7"
GOLD_WAR = point(WAR, ("Hamas", BLAME, span(0, 10)), ("IDF", DENY, span(20, 30)))


def test_a_contested_point_is_its_sides_and_then_its_issue() -> None:
    assert contested(GOLD_WAR.model_copy(deep=True), GOLD_WAR) == 1.0
    # The same sides under a template issue: the dispute is there.
    template = point(
        "Disagreement over Hamas", *((x.actor, x.position, span()) for x in GOLD_WAR.positions)
    )
    issue = lexical("Disagreement over Hamas", WAR)
    assert contested(template, GOLD_WAR) == pytest.approx(0.4 + 0.3 + 0.3 * issue)
    # One side held of two, the other actor not a gold side's.
    half = point(WAR, ("Hamas", BLAME, span()), ("Kasra Aarabi", "Iran is behind it", span()))
    assert contested(half, GOLD_WAR) == pytest.approx(0.4 + 0.15 + 0.3)
    assert matcher("contested_points").threshold == 0.4


def test_sides_swapped_between_the_actors_are_not_the_dispute() -> None:
    swapped = point(WAR, ("Hamas", DENY, span(20, 30)), ("IDF", BLAME, span(0, 10)))
    assert contested(swapped, GOLD_WAR) == 0.0


def test_one_side_is_no_dispute() -> None:
    one = point(WAR, ("Hamas", BLAME, span(0, 10)))
    assert contested(one, GOLD_WAR) == 0.0
    alone = point(WAR, ("Hamas", BLAME, span(0, 10)))  # unless the gold has one side too
    assert contested(one, alone) == 1.0


def test_an_actor_no_gold_side_names_holds_a_side_by_its_evidence() -> None:
    # An expert quoted where the gold says "experts", citing the same words.
    g = point(WAR, ("experts", "A new axis of terror", span(0, 40)), ("Hamas", DENY, span(50, 60)))
    expert = point(
        WAR,
        ("Kasra Aarabi", "Russia and Iran form an axis", span(0, 40)),
        ("Hamas", DENY, span(50, 60)),
    )
    assert contested(expert, g) == 1.0
    uncited = point(
        WAR,
        ("Kasra Aarabi", "Russia and Iran form an axis", span(100, 140)),
        ("Hamas", DENY, span(50, 60)),
    )
    assert contested(uncited, g) == pytest.approx(0.4 + 0.15 + 0.3)


def test_position_actors_resolve_through_gold_aliases() -> None:
    g = point(WAR, ("Israel Defense Forces", DENY, span()), ("Hamas", BLAME, span()))
    p = point(WAR, ("IDF", DENY, span()), ("Hamas", BLAME, span()))
    assert contested(p, g) == 1.0
    unknown = point(WAR, ("Kasra Aarabi", DENY, span()), ("Mamadou Sow", BLAME, span()))
    assert contested(unknown, unknown.model_copy(deep=True)) == 1.0  # compared by name


def test_the_first_gold_actor_resolves_like_any_other() -> None:
    """Index 0 is a gold actor too (it once read as "unresolved", being falsy)."""
    gold_first = NewsSummary(gist="g", actors=[actor("Vladimir Putin", "Putin"), *GOLD.actors])
    g = point(WAR, ("Vladimir Putin", DENY, span()), ("Hamas", BLAME, span()))
    p = point(WAR, ("Putin", DENY, span()), ("Hamas", BLAME, span()))
    assert contested(p, g, context(gold=gold_first)) == 1.0
    wrong = point(WAR, ("Hamas", DENY, span()), ("Putin", BLAME, span()))
    assert contested(wrong, g, context(gold=gold_first)) == 0.0


def test_an_issue_matches_through_alternatives() -> None:
    g = point(WAR, ("Hamas", BLAME, span()), ("IDF", DENY, span()))
    ctx = context(wordings={WAR: ["Who is to blame for the fighting"]})
    p = point("Who is to blame for the fighting", ("Hamas", BLAME, span()), ("IDF", DENY, span()))
    assert contested(p, g, ctx) == pytest.approx(1.0)
    assert contested(p, g) < 1.0


def test_two_sides_citing_one_sentence_are_held_by_their_own_actors() -> None:
    # "a state aid dispute between Airbus and Boeing": both sides cite the same words.
    g = point(
        "Whether Airbus or Boeing gets unfair state aid",
        ("Hamas", "One side of the dispute", span(0, 40)),
        ("IDF", "The other side of the dispute", span(0, 40)),
    )
    assert contested(g.model_copy(deep=True), g) == 1.0
    swapped = point(
        g.issue,
        ("Hamas", "The other side of the dispute", span(100, 140)),
        ("IDF", "One side of the dispute", span(100, 140)),
    )
    assert contested(swapped, g) == 0.0  # each worded as the other's side
