"""The offline pipeline's stages run one way: each returns new values and leaves what
earlier stages made as it was. And a long article is parsed in whole paragraphs."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.schemas.news.offline.cast import choose_cast
from summarise.schemas.news.offline.claims import find_claims
from summarise.schemas.news.offline.clustering import find_actors
from summarise.schemas.news.offline.contested import find_contested
from summarise.schemas.news.offline.figures import find_figures
from summarise.schemas.news.offline.layout import Layout
from summarise.schemas.news.offline.nlp import _PIECE_CHARS, _pieces, parse
from tests.conftest import EXAMPLE_ARTICLE


def snapshot(index: object) -> list[tuple[object, ...]]:
    clusters = index.clusters  # type: ignore[attr-defined]
    return [
        (c.name, c.kind, c.role, tuple(c.aliases), tuple((m.text, m.start) for m in c.mentions))
        for c in clusters
    ] + [tuple(sorted(index._by_key)), tuple(sorted(index._by_token))]  # type: ignore[attr-defined]


def test_later_stages_leave_the_actor_index_as_it_was() -> None:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    doc = parse(text)
    layout = Layout(text)
    index = find_actors(doc, text, layout)
    before = copy.deepcopy(snapshot(index))
    claims = find_claims(doc, text, index, layout)
    cast = choose_cast(index, claims.speakers, claims.added)
    figures = find_figures(doc, text, claims.found, layout)
    find_contested(doc, index, cast, claims.found, figures)
    assert snapshot(index) == before
    # The sources the claims stage adds are its own, not the index's.
    assert claims.added
    assert not set(claims.added) & set(index.clusters)


def test_speakers_the_index_does_not_name_are_actors_of_the_cast() -> None:
    text = "Experts said the bridge was unsafe. The council disagreed on Monday."
    doc = parse(text)
    layout = Layout(text)
    index = find_actors(doc, text, layout)
    claims = find_claims(doc, text, index, layout)
    cast = choose_cast(index, claims.speakers, claims.added)
    assert [c.name for c in claims.added] == ["Experts"]
    assert [a.name for a in cast.actors()] == ["Experts"]
    assert cast.actors()[0].role == "quoted source"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=3 * _PIECE_CHARS), min_size=1, max_size=12))
def test_pieces_join_back_into_the_text_and_end_at_paragraphs(lengths: list[int]) -> None:
    text = "\n\n".join("w" * n for n in lengths)
    pieces = _pieces(text)
    assert "".join(pieces) == text
    for piece in pieces[:-1]:
        assert piece.endswith("\n\n")  # never inside a paragraph
    for piece in pieces:
        # A piece is over the size only when it is one paragraph on its own.
        assert len(piece) <= _PIECE_CHARS or piece.strip("\n").count("\n\n") == 0


def test_a_short_text_is_one_piece_and_a_long_one_several() -> None:
    paragraph = "word " * 100 + "\n\n"
    short = paragraph * (_PIECE_CHARS // len(paragraph))
    assert _pieces(short) == [short]
    per_piece = _PIECE_CHARS // len(paragraph)  # whole paragraphs that fit in a piece
    long = paragraph * (3 * per_piece + 1)
    assert [len(p) for p in _pieces(long)] == [per_piece * len(paragraph)] * 3 + [len(paragraph)]


def test_a_long_article_parses_to_exactly_its_text() -> None:
    article = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    text = "\n\n".join([article] * 4)
    assert len(text) > _PIECE_CHARS
    doc = parse(text)
    assert doc.text == text
    starts = [len(article) * k + 2 * k for k in range(4)]  # where each copy begins
    sentence_starts = {s.start_char for s in doc.sents}
    assert all(start in sentence_starts for start in starts)
    names = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert names.count("Vladimir Putin") == 4 * names[: len(names) // 4].count("Vladimir Putin")


def test_a_speaker_phrase_naming_an_indexed_actor_does_not_add_to_it() -> None:
    # "according to police": a phrase the actors stage did not index, naming one it did.
    text = "The police fired tear gas on Monday. The march was illegal, according to police."
    doc = parse(text)
    layout = Layout(text)
    index = find_actors(doc, text, layout)
    police = index.named("police")
    assert police is not None
    assert index.at_token(len(doc) - 2) is None
    before = copy.deepcopy(snapshot(index))
    claims = find_claims(doc, text, index, layout)
    assert [c.speaker for c in claims.found] == [police]
    assert claims.added == []
    assert snapshot(index) == before
