"""One name normaliser: what it folds together, and what it keeps apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarise.names import ONE_WORD_OF_A_NAME, name_similarity, normalise_name, same_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vladimir Putin", "vladimir  PUTIN"),
        ("O’Brien", "O'Brien"),
        ("U.S. Air Force", "US Air Force"),
        ("President Putin", "Putin"),
        ("the Kremlin", "Kremlin"),
        ("Hamas's", "Hamas"),
        ("São Paulo", "Sao Paulo"),
        ("Jean-Pierre", "jean-pierre"),
    ],
)
def test_the_same_name_written_differently_is_one_name(a: str, b: str) -> None:
    assert same_name(a, b)
    assert name_similarity(a, b) == 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jean-Pierre", "Jean Pierre"),  # a hyphen keeps a name one word
        ("Montreal team's data", "Montreal team"),  # only a final possessive goes
        ("Iran", "Iraq"),
        ("Theodore", "Dore"),  # "the" is removed only as a word
    ],
)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert not same_name(a, b)


def test_a_name_of_two_words_or_more_inside_a_longer_one_scores_below_an_exact_match() -> None:
    assert name_similarity("Patrice Talon", "Patrice Talon of Benin") == pytest.approx(0.9)
    assert name_similarity("Islamic State of Iraq", "Islamic State of Iraq and the Levant") == (
        pytest.approx(0.9)
    )
    assert name_similarity("", "Louis Gallois") == 0.0


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("Iran", "United Against Nuclear Iran"),
        ("Levant", "Islamic State of Iraq and the Levant"),
        ("Palestinian", "Palestinian Authority"),
        ("Gallois", "Louis Gallois"),  # a surname: only a schema type that knows people says more
        ("Hamas-affiliated", "Hamas-affiliated media"),  # however alike the letters
    ],
)
def test_one_word_of_a_longer_name_is_not_that_name(word: str, name: str) -> None:
    assert name_similarity(word, name) == ONE_WORD_OF_A_NAME
    assert name_similarity(name, word) == ONE_WORD_OF_A_NAME
    assert ONE_WORD_OF_A_NAME < 0.8


@pytest.mark.parametrize("name", ["Kmart Corp.", "Amnesty International", "Apple Inc."])
def test_a_name_without_its_organisational_suffix_is_the_same_name(name: str) -> None:
    assert name_similarity(name.split()[0], name) == pytest.approx(0.9)


@given(st.text(max_size=40))
def test_normalising_is_stable(name: str) -> None:
    once = normalise_name(name)
    assert once == once.strip()
    assert "  " not in once
    assert once == once.casefold()


def test_a_misspelling_scores_by_edit_similarity() -> None:
    # "putim" vs "putin": one letter in five differs; the edit ratio (0.8) beats the
    # word-set branch (0.9 x its own lower score), and the score is exactly that ratio.
    assert name_similarity("Putim", "Putin") == pytest.approx(0.8)
    assert name_similarity("Vladimir Putim", "Vladimir Putin") == pytest.approx(13 / 14, abs=1e-3)
