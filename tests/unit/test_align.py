"""Alignment properties: offsets always index the original string."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summarise.grounding.align import ArticleText

# Letters with accents, curly quotes, dashes, CJK, emoji and odd whitespace.
ALPHABET = st.sampled_from([*list("abcdefghij ABC éüß’‘“”—–-東京語🙂👍🏽.,\n\t"), "\xa0", "İ"])
TEXT = st.text(ALPHABET, min_size=1, max_size=300)


@given(TEXT, st.data())
@settings(max_examples=300)
def test_an_exact_substring_aligns_to_a_span_with_its_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(quote.strip())
    found = ArticleText(text).align(quote, near=start)
    assert found.status == "exact"
    assert found.start == start  # with several occurrences, the nearest one wins
    assert found.start is not None
    assert found.end is not None
    assert text[found.start : found.end] == quote


def _variant(quote: str, how: int) -> str:
    if how == 0:
        return quote.upper()
    if how == 1:
        return quote.replace(" ", "  \n ")
    if how == 2:
        return quote.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return quote.replace("—", "-").replace("–", "-").swapcase()


@given(TEXT, st.data(), st.integers(0, 3))
@settings(max_examples=300)
def test_normalised_variants_align_to_the_same_span(
    text: str, data: st.DataObject, how: int
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    # Spans that begin or end inside whitespace or on a character that case-folds to
    # several have no single normalised boundary; the grounding promise is about words.
    assume(quote.strip() == quote and quote)
    assume(all(len(ch.casefold()) == 1 and len(ch.upper()) == 1 for ch in quote))
    variant = _variant(quote, how)
    # A variant that is itself written elsewhere in the text is an exact match there,
    # and exact matches rightly win; this property is about the normalised step.
    assume(variant == quote or variant not in text)
    found = ArticleText(text).align(variant, near=start)
    assert found.status in ("exact", "normalised")
    assert found.start == start
    assert found.end == end


def test_offsets_count_code_points_not_bytes() -> None:
    text = "🙂🙂 Zoë said “東京 is big” — twice."
    found = ArticleText(text).align('東京 IS BIG" - TWICE')
    assert found.status == "normalised"
    assert found.start is not None
    assert found.end is not None
    assert text[found.start : found.end] == "東京 is big” — twice"


def test_repeated_phrases_prefer_the_nearest_occurrence() -> None:
    text = "The minister said no. Later, the minister said yes. Then the minister said no."
    article = ArticleText(text)
    assert article.align("the minister said").start == 29
    assert article.align("the minister said", near=60).start == 57
    assert article.align("The minister said").start == 0


def test_a_near_miss_is_fuzzy_and_scored() -> None:
    text = "Officials confirmed that 1,400 people had been evacuated from the coast."
    found = ArticleText(text).align("officials confirmed that 1,400 people were evacuated")
    assert found.status == "fuzzy"
    assert 85 <= found.score < 100
    assert found.start == 0


def test_invented_text_is_unaligned() -> None:
    found = ArticleText("A short article about rain.").align("ACME Corp bought the moon")
    assert (found.status, found.start, found.end) == ("unaligned", None, None)
