from __future__ import annotations

import hashlib

import pytest

from summarise import InputError
from summarise.article import load_article


def test_text_is_kept_exactly_and_hashed() -> None:
    text = "  Café “quoted” — 東京 🙂\n"
    article = load_article(text)
    assert article.text == text
    assert article.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert article.id == article.sha256[:12]


def test_a_surrogate_pair_made_whole_is_kept() -> None:
    text = "A smile \U0001f642 here."  # one character, not two halves
    assert load_article(text).text == text


def test_utf8_bytes_are_decoded() -> None:
    assert load_article("Zoë said hello.".encode()).text == "Zoë said hello."


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        ("before\x00after", "NUL"),
        ("\x01\x02\x03\x04\x05\x06 text", "control characters"),
        ("The council said \ud800 it.", "lone surrogate"),
    ],
    ids=["empty", "blank", "latin1", "nul", "controls", "surrogate"],
)
def test_unusable_input_is_refused_with_a_reason(raw: str | bytes, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        load_article(raw)


def test_over_long_input_names_the_setting_that_raises_the_limit() -> None:
    with pytest.raises(InputError, match="max_article_chars"):
        load_article("word " * 100, max_chars=100)


def test_a_few_stray_control_characters_are_tolerated() -> None:
    text = "A long enough article body. " * 20 + "\x0c"
    assert load_article(text).text == text


def test_ten_megabytes_is_refused_with_the_limit_named() -> None:
    with pytest.raises(InputError, match="1,000,000"):
        load_article("word " * 2_000_000)
