"""The offline pipeline on the ways news is written: short texts, each built to show one
convention the reader must follow, and the mistake it must not make."""

from __future__ import annotations

from summarise import NewsSummary
from summarise.schemas.news.offline import summarise_offline


def claims_of(summary: NewsSummary) -> list[tuple[str, str]]:
    return [(c.speaker, c.statement) for c in summary.claims]


def test_a_closing_quotation_mark_on_its_own_line_is_not_a_claim() -> None:
    text = (
        'Kaoru Yosano said the economy was in a "very severe situation.\n'
        '"\n'
        "Exports fell for the third month in a row.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert all(statement.strip('"“” ') for _, statement in claims), claims
    assert [speaker for speaker, _ in claims] == ["Kaoru Yosano"]


def test_a_short_quotation_after_a_claim_still_continues_it() -> None:
    text = (
        "Jane Doe, the union's leader, said the strike would go ahead on Monday.\n"
        '"We will not back down."\n'
    )
    claims = claims_of(summarise_offline(text))
    assert ("Jane Doe", "We will not back down.") in claims, claims
