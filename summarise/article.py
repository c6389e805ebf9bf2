"""The article as the library sees it: checked text with a stable identity.

Input is checked here, before any model call, so bad input costs nothing and fails with
an :class:`InputError` that says what to do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from summarise.errors import InputError

__all__ = ["MAX_ARTICLE_CHARS", "Article", "load_article"]

MAX_ARTICLE_CHARS = 1_000_000
"""Longer input is refused (spaCy's own limit too): a runaway file, not an article."""

# Control characters other than tab, newline and carriage return. A few stray ones are
# common in scraped text and harmless; many mean the input is not text at all.
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class Article:
    """Checked article text. ``sha256`` identifies it in caches and run records."""

    id: str
    text: str
    sha256: str


def load_article(
    text: str | bytes, *, id: str | None = None, max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    """Check article text and give it an identity.

    Args:
        text: The article, as ``str`` or as UTF-8 ``bytes``.
        id: A caller's identifier; the first 12 hex digits of the hash when None.
        max_chars: Longer articles are refused.

    Returns:
        The checked article. Its text is exactly the input (decoded), never normalised,
        so evidence offsets always point into what the caller passed.

    Raises:
        InputError: Empty or whitespace-only text, bytes that are not UTF-8, NUL bytes or
            other binary content, or text longer than ``max_chars``.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(
                f"The article is not valid UTF-8 (bad byte at offset {e.start}).",
                fix="Decode it with its real encoding and pass a str.",
                kind="not_utf8",
            ) from e
    if not isinstance(text, str):
        raise InputError(f"The article must be str or bytes, not {type(text).__name__}.")
    if not text.strip():
        raise InputError("The article is empty or only whitespace; there is nothing to summarise.")
    if "\x00" in text:
        raise InputError(
            "The article contains NUL bytes, so it looks binary. Pass the extracted text."
        )
    controls = sum(1 for ch in text if ord(ch) in _CONTROL)
    if controls > max(3, _MAX_CONTROL_SHARE * len(text)):
        raise InputError(
            f"The article has {controls} control characters, so it looks binary. "
            "Pass the extracted text."
        )
    if len(text) > max_chars:
        raise InputError(
            f"The article is {len(text):,} characters long; the limit is {max_chars:,}.",
            fix="Raise it with max_article_chars=..., or split the article.",
            kind="too_long",
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(id=id or digest[:12], text=text, sha256=digest)
