"""An interview printed as turns: the interviewee's answers are their claims, the
interviewer's questions are nobody's, and a tag may be a full name, initials or absent."""

from __future__ import annotations

from summarise.schemas.news.offline import summarise_offline
from summarise.schemas.news.offline.layout import Layout

TRANSCRIPT = """Biologist Natasha Gownaris studies penguins at Punta Tombo in Argentina.

((Wikinews)) What prompted your curiosity about Magellanic penguins?

Natasha Gownaris: I have wanted to be a marine scientist since I was a child on Long Island.

((WN)) Why are females dying?

NG: Yes. Females are smaller, so they cannot dive as deep for fish as males can.

They also store less fat for the winter migration north.

((WN)) What comes next?

Thanks!
"""


def answers(text: str) -> list[tuple[str, str]]:
    return [(c.speaker, c.statement) for c in summarise_offline(text).claims if c.cue == "answered"]


def test_each_answer_line_is_a_claim_by_its_speaker_tagged_by_name_or_initials() -> None:
    found = answers(TRANSCRIPT)
    assert found == [
        (
            "Natasha Gownaris",
            "I have wanted to be a marine scientist since I was a child on Long Island.",
        ),
        (
            "Natasha Gownaris",
            "Females are smaller, so they cannot dive as deep for fish as males can.",
        ),
        ("Natasha Gownaris", "They also store less fat for the winter migration north."),
    ]  # "Yes." says nothing; "Thanks!" is too short to claim anything


def test_an_answer_quotes_the_line_without_its_tag() -> None:
    claims = [c for c in summarise_offline(TRANSCRIPT).claims if c.cue == "answered"]
    assert claims[1].quote is not None
    assert claims[1].quote.startswith("Yes. Females")
    assert "NG:" not in claims[1].evidence[0].quote


def test_questions_are_not_story_and_claim_nothing() -> None:
    layout = Layout(TRANSCRIPT)
    question = TRANSCRIPT.index("Why are females")
    assert layout.kind_at(question) == "question"
    assert layout.answer_at(question) is None
    summary = summarise_offline(TRANSCRIPT)
    assert not [c for c in summary.claims if "dying" in c.statement]


def test_untagged_answers_after_a_question_are_the_interviewees() -> None:
    text = (
        "Professor Michael Siegel of Boston University led the study. Siegel spoke to us.\n\n"
        "((Wikinews)) How well do your results apply today?\n\n"
        "We used the proxy data on gun ownership and found the same results every time.\n\n"
        "((WN)) What should policymakers do?\n\n"
        "They should reduce youth access to improperly stored firearms in the home.\n"
    )
    assert [speaker for speaker, _ in answers(text)] == ["Michael Siegel", "Michael Siegel"]


def test_one_tagged_question_does_not_make_an_interview() -> None:
    text = (
        "Q: Is this an interview?\n\n"
        "Mayor Jane Doe: The bridge will reopen in March after repairs to its deck.\n"
    )
    assert Layout(text).answer_at(text.index("The bridge")) is None
    assert answers(text) == []


def test_a_relative_clause_about_a_noun_is_no_claim() -> None:
    def claims(text: str) -> list[str]:
        return [c.speaker for c in summarise_offline(text).claims]

    assert claims("CentOS was the distribution that Red Hat maintained for years.\n") == []
    assert claims("Boeing lost the contract which the Air Force supported.\n") == []
    assert claims("In a story he sometimes told, Ginger Baker tapped desks.\n") == []
    assert claims("Kasra Aarabi, who said the move was dangerous, left.\n") == ["Kasra Aarabi"]
    quoted = 'During the speech Trump claimed, "Biden\'s plan is not a solution to it."\n'
    assert claims(quoted) == ["Trump"]
