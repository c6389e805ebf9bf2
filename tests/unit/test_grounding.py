"""Grounding: the checks, the policies, and what strict mode removes."""

from __future__ import annotations

from typing import Any

import pytest

from summarise import NewsSummary, Summariser
from summarise.grounding.verify import ground
from summarise.schemas.news.rules import RULES
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import INVENTIONS, TRUE_SUMMARY, true_summary, with_inventions

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def test_the_true_summary_passes_every_check() -> None:
    grounded = ground(true_summary(), TEXT, "strict", RULES)
    assert grounded.dropped == []
    assert grounded.report.items_failed == 0
    assert grounded.summary == grounded.summary  # a copy, checked
    for actor in grounded.summary.actors:
        for evidence in actor.evidence:
            assert evidence.status == "exact"
            assert evidence.start is not None
            assert evidence.end is not None
            assert TEXT[evidence.start : evidence.end] == evidence.quote


def test_evidence_an_engine_placed_stays_where_it_was_placed() -> None:
    summary = true_summary()
    quote = summary.actors[0].evidence[0].quote = "Putin"
    first = TEXT.index(quote)
    second = TEXT.find(quote, first + 1)
    assert second > first  # the quote is written twice: either place is in the article
    summary.actors[0].evidence[0].start = second
    summary.actors[0].evidence[0].end = second + len(quote)
    placed = ground(summary, TEXT, "strict", RULES).summary.actors[0].evidence[0]
    assert (placed.start, placed.end, placed.status) == (second, second + len(quote), "exact")
    summary.actors[0].evidence[0].start = second + 1  # not where the quote is: found anew
    found = ground(summary, TEXT, "strict", RULES).summary.actors[0].evidence[0]
    assert found.start == first


def test_strict_removes_every_invention_and_keeps_every_true_item() -> None:
    summary, injected = with_inventions()
    result = Summariser(backend=FakeBackend([summary])).summarise(TEXT)
    kept: NewsSummary = result.summary
    assert len(result.dropped) == injected
    assert [a.name for a in kept.actors] == [a["name"] for a in TRUE_SUMMARY["actors"]]
    assert [c.statement for c in kept.claims] == [c["statement"] for c in TRUE_SUMMARY["claims"]]
    assert [f.text for f in kept.figures] == [f["text"] for f in TRUE_SUMMARY["figures"]]
    assert result.grounding.items_dropped == injected


@pytest.mark.parametrize(("field", "item"), INVENTIONS, ids=lambda v: str(v)[:30])
def test_each_invention_is_caught_with_a_reason(field: str, item: dict[str, object]) -> None:
    data = {**TRUE_SUMMARY, field: [*TRUE_SUMMARY[field], item]}
    grounded = ground(NewsSummary.model_validate(data), TEXT, "strict", RULES)
    assert len(grounded.dropped) == 1
    assert grounded.dropped[0].path.startswith(field)
    assert grounded.dropped[0].reasons


def test_reasons_say_what_is_wrong() -> None:
    summary, _ = with_inventions(seed=1)
    grounded = ground(summary, TEXT, "strict", RULES)
    reasons = {(d.path.split("[")[0], d.label): " ".join(d.reasons) for d in grounded.dropped}
    assert "evidence not found" in reasons["actors", "ACME Corp"]
    assert "the name 'Olaf Scholz' is not written" in reasons["actors", "Olaf Scholz"]
    assert "not one of the actors" in reasons["claims", "Olaf Scholz"]
    assert "agrees with the value 1500" in reasons["figures", "more than 1,500"]
    assert "not one of the actors" in reasons["claims", "Boris Johnson"]


def test_flag_keeps_everything_and_reports_failures() -> None:
    summary, injected = with_inventions(seed=2)
    grounded = ground(summary, TEXT, "flag", RULES)
    assert len(grounded.summary.actors) == len(summary.actors)
    assert grounded.dropped == []
    assert grounded.report.items_failed == injected
    assert len(grounded.report.failures) == injected
    assert grounded.report.evidence["unaligned"] >= 1


def test_off_checks_nothing() -> None:
    summary, _ = with_inventions(seed=3)
    grounded = ground(summary, TEXT, "off", RULES)
    assert grounded.summary is summary
    assert grounded.report.items_checked == 0
    assert all(e.status is None for a in summary.actors for e in a.evidence)


def test_a_contested_point_left_without_positions_is_dropped() -> None:
    data = {
        **TRUE_SUMMARY,
        "contested_points": [
            {"issue": "Invented dispute", "positions": [
                {"actor": "ACME Corp", "position": "x", "evidence": [{"quote": "Putin"}]}]}
        ],
    }  # fmt: skip
    grounded = ground(NewsSummary.model_validate(data), TEXT, "strict", RULES)
    assert grounded.summary.contested_points == []
    assert [d.path for d in grounded.dropped] == [
        "contested_points[0].positions[0]",
        "contested_points[0]",
    ]


def test_an_actor_dropped_takes_its_claims_with_it() -> None:
    data = {**TRUE_SUMMARY}
    data["actors"] = [a for a in TRUE_SUMMARY["actors"] if a["name"] != "Mamadou Sow"]
    data["actors"].append({**TRUE_SUMMARY["actors"][-1], "evidence": [{"quote": "not there"}]})
    grounded = ground(NewsSummary.model_validate(data), TEXT, "strict", RULES)
    assert "Mamadou Sow" not in {c.speaker for c in grounded.summary.claims}


def test_the_policy_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    summary, injected = with_inventions(seed=4)
    monkeypatch.setenv("SUMMARISE_GROUNDING", "flag")
    result = Summariser(backend=FakeBackend([summary])).summarise(TEXT)
    assert result.grounding.policy == "flag"
    assert result.grounding.items_failed == injected
    assert result.dropped == []


def test_the_speaker_may_be_the_article_itself() -> None:
    evidence = [{"quote": "Whole areas of Gaza have been razed"}]
    claim = {"speaker": "the article", "statement": "Gaza has been razed.", "quote": None,
             "cue": None, "evidence": evidence}  # fmt: skip
    data = {**TRUE_SUMMARY, "claims": [claim]}
    assert ground(NewsSummary.model_validate(data), TEXT, "strict", RULES).dropped == []


def test_the_reask_feedback_names_each_failing_item_and_why() -> None:
    from summarise.grounding.align import ArticleText
    from summarise.grounding.verify import check, feedback

    summary, _ = with_inventions(seed=1)
    failed = [r for r in check(summary, ArticleText.of(TEXT), RULES) if r.reasons]
    lines = feedback(failed).split("\n")
    assert lines[0].startswith("Some items are not supported by the article.")
    assert "copied verbatim" in lines[0]
    assert lines[0].endswith("Return the whole summary again.")
    assert lines[1:] == [f"- {r.path} ({label(r)}): {'; '.join(r.reasons)}" for r in failed]
    assert any(line.startswith("- actors[") and "(Olaf Scholz)" in line for line in lines)


def label(result: Any) -> str:
    return str(
        getattr(result.item, "name", None)
        or getattr(result.item, "text", None)
        or getattr(result.item, "speaker", "")
    )
