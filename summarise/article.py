"""The article as the library sees it: checked text with a stable identity.

Input is checked here, before any model call, so bad input costs nothing and fails with
an :class:`InputError` that says what to do.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarise.errors import InputError

__all__ = [
    "MAX_ARTICLE_CHARS",
    "RAISE_LIMIT",
    "Article",
    "load_article",
    "read_article_file",
    "read_bounded",
]

MAX_ARTICLE_CHARS = 1_000_000
"""Longer input is refused (spaCy's own limit too): a runaway file, not an article."""

RAISE_LIMIT = "max_article_chars=... (SUMMARISE_MAX_ARTICLE_CHARS)"
"""How a caller raises the limit, in code or from the command line."""

_UTF8_MAX = 4  # bytes one character may take in UTF-8

# Control characters other than tab, newline and carriage return. A few stray ones are
# common in scraped text and harmless; many mean the input is not text at all. Counted
# by a regular expression: a loop over every character cost more than the other checks.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
        InputError: Empty or whitespace-only text, bytes that are not UTF-8, text that
            cannot be written as UTF-8 (a lone surrogate), NUL bytes or other binary
            content, or text longer than ``max_chars``.
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
    controls = len(_CONTROL.findall(text))
    if controls > max(3, _MAX_CONTROL_SHARE * len(text)):
        raise InputError(
            f"The article has {controls} control characters, so it looks binary. "
            "Pass the extracted text."
        )
    if len(text) > max_chars:
        raise InputError(
            f"The article is {len(text):,} characters long; the limit is {max_chars:,}.",
            fix=f"Raise it with {RAISE_LIMIT}, or split the article.",
            kind="too_long",
        )
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate: half of a character
        raise InputError(
            f"The article has half of a character (a lone surrogate, {text[e.start]!r}) at "
            f"position {e.start}, which no file, page or model request can carry.",
            fix="Decode the source with its real encoding (errors='replace' if it is damaged).",
            kind="not_utf8",
        ) from e
    digest = hashlib.sha256(encoded).hexdigest()
    return Article(id=id or digest[:12], text=text, sha256=digest)


def read_bounded(stream: BinaryIO, *, max_chars: int, name: str) -> bytes:
    """Read an article from ``stream`` without reading more than it could hold.

    UTF-8 takes at most four bytes a character, so more than ``4 * max_chars`` bytes is
    more than ``max_chars`` characters: at most one byte past that is read, so an endless
    source (``yes | summarise -``) is refused, not read until memory runs out. Input
    within the byte bound is checked in characters by :func:`load_article`.

    Raises:
        InputError: The input holds more than ``4 * max_chars`` bytes.
    """
    bound = _UTF8_MAX * max_chars
    data = stream.read(bound + 1)
    if len(data) > bound:
        raise InputError(
            f"{name} is longer than the limit of {max_chars:,} characters (it holds more "
            f"than {bound:,} bytes).",
            fix=f"Raise it with {RAISE_LIMIT}, or split the article.",
            kind="too_long",
        )
    return data


def read_article_file(path: str | Path, *, max_chars: int = MAX_ARTICLE_CHARS) -> bytes:
    """An article file's bytes, read with :func:`read_bounded`.

    Raises:
        InputError: The path cannot be read, is not a regular file (a folder, a FIFO,
            whose read waits for a writer forever, or a device such as ``/dev/zero``,
            checked before opening), or holds too much to be an article.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                f"{path} is not a regular file (a folder, FIFO or device); pass a text or "
                "HTML file, or - to read standard input."
            )
        with open(path, "rb") as f:
            return read_bounded(f, max_chars=max_chars, name=str(path))
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror}.") from e
