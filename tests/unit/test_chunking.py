"""Long articles: splitting within budget, merging without duplicates, exact offsets."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from summarise import NewsSummary, Summariser
from summarise.chunking import estimate_tokens, split_text
from summarise.schemas.news.merge import merge_news
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

SENTENCES = st.lists(
    st.text(st.sampled_from(list("abcdefghij klmno")), min_size=1, max_size=120).map(
        lambda s: s.strip() + "."
    ),
    min_size=1,
    max_size=60,
)


@given(SENTENCES, st.integers(20, 200), st.sampled_from([" ", "\n\n", "\n"]))
@settings(max_examples=150, deadline=None)
def test_parts_fit_the_budget_cover_the_text_and_overlap(
    sentences: list[str], budget: int, joiner: str
) -> None:
    text = joiner.join(sentences)
    spans = split_text(text, budget, estimate_tokens)
    assert all(estimate_tokens(text[a:b]) <= budget for a, b in spans)
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    assert all(s1[0] < s2[0] for s1, s2 in itertools.pairwise(spans))


def test_merging_keeps_one_of_each_item() -> None:
    one = NewsSummary.model_validate(TRUE_SUMMARY)
    other = one.model_copy(deep=True)
    other.actors[0].name = "Putin"  # the same actor under a shorter name
    other.actors[0].aliases = ["Vladimir Putin"]
    merged = merge_news([one, other, one])
    assert [a.name for a in merged.actors] == [a.name for a in one.actors]
    assert len(merged.claims) == len(one.claims)
    assert len(merged.figures) == len(one.figures)
    assert len(merged.contested_points) == len(one.contested_points)


def test_a_50000_word_article_is_split_summarised_and_grounded_against_the_whole() -> None:
    example = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    filler = " ".join(
        f"Paragraph {i} repeats routine background about the region." for i in range(10)
    )
    blocks = [filler] * 60 + [example] + [filler] * 60
    text = "\n\n".join(blocks)
    while len(text.split()) < 50_000:
        text += "\n\n" + filler
    fake = FakeBackend(default=TRUE_SUMMARY)
    with Summariser(backend=fake, chunk_tokens=4000) as summariser:
        result = summariser.summarise(text)
    assert len(text.split()) >= 50_000
    assert result.meta.parts == len(fake.calls) >= 10
    assert all(len(call.messages[1]["content"]) < 4000 * 4 + 2000 for call in fake.calls)
    assert [a.name for a in result.summary.actors] == [a["name"] for a in TRUE_SUMMARY["actors"]]
    for actor in result.summary.actors:
        for evidence in actor.evidence:
            assert evidence.status == "exact"
            assert evidence.start is not None
            assert evidence.end is not None
            assert text[evidence.start : evidence.end] == evidence.quote
    assert result.usage.requests == len(fake.calls)  # every part's cost counted


def test_short_articles_are_not_split() -> None:
    fake = FakeBackend(default=TRUE_SUMMARY)
    with Summariser(backend=fake, chunk_tokens=4000) as summariser:
        result = summariser.summarise(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    assert result.meta.parts == 1
    assert len(fake.calls) == 1
