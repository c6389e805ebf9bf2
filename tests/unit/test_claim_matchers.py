"""Claim matchers beyond lexical: all-MiniLM-L6-v2 embeddings computed in numpy."""

from __future__ import annotations

import pytest

from summarise.evaluation import score_fixture
from summarise.evaluation.embeddings import embedder
from summarise.schema_types import lexical
from tests.unit.test_evaluation import BY_ID


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # The cosine similarities sentence-transformers' quickstart prints for this model.
        ("The cat sits outside", "The dog plays in the garden", 0.2838),
        ("A man is playing guitar", "A woman watches TV", -0.0327),
        ("The new movie is awesome", "The new movie is so great", 0.8939),
    ],
)
def test_numpy_minilm_reproduces_the_reference_model(a: str, b: str, expected: float) -> None:
    vectors = embedder().embed([a, b])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(expected, abs=5e-4)


def test_embeddings_are_unit_length_and_batch_independent() -> None:
    alone = embedder().embed(["Putin hosted Hamas in Moscow."])
    together = embedder().embed(["Putin hosted Hamas in Moscow.", "A much longer sentence " * 5])
    assert float((alone[0] ** 2).sum()) == pytest.approx(1.0, abs=1e-5)
    assert float(abs(alone[0] - together[0]).max()) < 1e-5  # padding changes nothing


def test_a_paraphrase_matches_by_embedding_but_not_by_words() -> None:
    fixture_id = "wikinews-japan-enters-recession"
    prediction = BY_ID[fixture_id].expected.model_copy(deep=True)
    claim = prediction.claims[1]  # Adachi: "It will only get worse; ... deepest recession"
    claim.statement = "Things are going to deteriorate further for the Japanese economy."
    claim.quote = None
    claim.evidence[0].start = claim.evidence[0].end = None
    claim.evidence[0].quote = "Masamichi Adachi"
    by_words = score_fixture(prediction, BY_ID[fixture_id], statements=lexical)
    by_meaning = score_fixture(prediction, BY_ID[fixture_id], statements=embedder().similarity)
    assert by_words.strict["claims"].counts.tp < by_meaning.strict["claims"].counts.tp
