"""The offline reader on articles it reads exactly right: these items and no others.

F1 targets say that enough is found; these say that nothing else is, so a rule that
starts inventing actors, figures or speakers fails here even while the F1 holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.schemas.news import NewsSummary
from summarise.schemas.news.offline import summarise_offline

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"


def offline(fixture: str) -> NewsSummary:
    return summarise_offline((FIXTURES / f"{fixture}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("fixture", "actors"),
    [
        ("wikinews-indian-sensex-reaches-a-new-all-time-high",
         {"Bombay Stock Exchange", "National Stock Exchange"}),
        ("wikinews-japan-enters-recession", {"Japan", "Kaoru Yosano", "Masamichi Adachi"}),
        ("wikinews-second-us-biden-trump-debate-cancelled-amid",
         {"Biden campaign", "Donald Trump", "Joe Biden", "Kristen Welker",
          "United States Commission on Presidential Debates", "organizers"}),
    ],
)  # fmt: skip
def test_these_actors_and_no_others(fixture: str, actors: set[str]) -> None:
    assert {a.name for a in offline(fixture).actors} == actors


@pytest.mark.parametrize(
    ("fixture", "figures"),
    [
        ("wikinews-apple-inc-doubled-its-profits",
         {(1.14, "USD"), (5, "percent"), (16, "percent"), (28, "percent"), (50, "percent"),
          (77, "cents"), (78, "percent"), (1_600_000, "computers"), (21_000_000, "players"),
          (565_000_000, "USD"), (1e9, "USD"), (5.8e9, "USD"), (7.1e9, "USD")}),
        ("wikinews-japan-enters-recession",
         {(0.1, "percent"), (0.7, "percent"), (0.9, "percent"), (7, "percent"),
          (40, "percent"), (0.25, "share")}),
        ("wikinews-iran-admits-downing-ukrainian-jet-cites-human", {(176, "deaths")}),
    ],
)  # fmt: skip
def test_these_figures_and_no_others(fixture: str, figures: set[tuple[float, str]]) -> None:
    assert {(f.value, f.unit) for f in offline(fixture).figures} == figures


def test_these_speakers_for_these_statements() -> None:
    summary = offline("wikinews-iran-admits-downing-ukrainian-jet-cites-human")
    attributed = {
        (c.speaker, c.evidence[0].quote[:40]) for c in summary.claims if c.speaker != "the article"
    }
    assert attributed == {
        ("Hassan Rouhani", 'Iranian President Hassan Rouhani said, "'),
        ("Iran", "For several days Iran denied the accusat"),
        ("Iran", "On Saturday morning, representatives fro"),
        ("Mike Pompeo", "US Secretary of State Mike Pompeo said t"),
        ("Volodymyr Zelenskyy", "President of Ukraine Volodymyr Zelenskyy"),
    }


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("John Smith, the chief executive, met the board on Monday. It said the fall in "
         "profits was temporary.", "John Smith"),
        ("Maria Lopez visited the plant. They said the strike would continue.", "Maria Lopez"),
    ],
)  # fmt: skip
def test_it_and_they_are_never_given_to_the_last_person_named(text: str, person: str) -> None:
    summary = summarise_offline(text)
    assert [c for c in summary.claims if c.speaker == person] == []


def test_a_figure_never_borrows_a_unit_from_another_sentence() -> None:
    summary = summarise_offline(
        "Sales rose 5% in March. The firm employs 300 workers at the plant."
    )
    units = {f.value: f.unit for f in summary.figures}
    assert units == {5: "percent", 300: "workers"}
