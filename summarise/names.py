"""When two names are the same name: one normaliser for every layer that must agree.

The offline pipeline (clustering mentions), grounding (does a speaker name an actor?),
merging the parts of a long article and the eval's matcher (is this the gold actor?) all
call :func:`normalise_name`, so they cannot disagree about whether "Mr O’Brien" and
"O'Brien" are one person.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

__all__ = [
    "ONE_WORD_OF_A_NAME",
    "fold_accents",
    "name_similarity",
    "normalise_name",
    "same_name",
]

_TITLES = re.compile(
    r"^(?:mr|mrs|ms|dr|prof|president|prime minister|minister|sir|the)\.?\s+", re.IGNORECASE
)
_PUNCTUATION = re.compile(r"[^\w\s'-]")  # O'Brien and Jean-Pierre stay one word
# Words that make a name an organisation's formal name without naming anything else.
_SUFFIXES = frozenset(
    "inc corp corporation co company ltd limited plc llc ag sa international".split()
)
ONE_WORD_OF_A_NAME = 0.6
"""What one word of a longer name scores: below any threshold for "the same name"."""


def fold_accents(text: str) -> str:
    """``text`` without combining accents: "Sao Paulo" for "São Paulo"."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The comparable form of a name.

    Case and accents folded; curly apostrophes made straight; one leading title or
    "the" removed ("President Putin", "the Kremlin"); a final possessive "'s" removed;
    full stops dropped ("U.S." is "us"); punctuation other than apostrophes and hyphens
    made a space; white space collapsed.
    """
    folded = fold_accents(name).casefold().replace("’", "'").strip()
    folded = _TITLES.sub("", folded)
    folded = re.sub(r"'s$", "", folded).replace(".", "")
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def same_name(a: str, b: str) -> bool:
    """Whether two names normalise alike."""
    return normalise_name(a) == normalise_name(b)


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, in [0, 1], after normalising both.

    1.0 for the same name. When every word of one is in the other: 0.9 if the shorter
    has two words or more ("Louis Gallois" in "Louis Gallois of Airbus") or is the
    longer without its legal or organisational suffix ("Kmart" in "Kmart Corp."); else
    ``ONE_WORD_OF_A_NAME`` (0.6) whatever the spelling says, because one word of a
    longer name names something else as often as not ("Iran" in "United Against
    Nuclear Iran", "Levant" in "Islamic State of Iraq and the Levant"). Otherwise the
    better of their edit similarity and 0.9 times their word-set similarity, so a near
    spelling ("Putim") still scores.
    A schema type that knows more (that a name is a person's surname) may say more.
    """
    a, b = normalise_name(a), normalise_name(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    full = fuzz.ratio(a, b) / 100
    shorter, longer = sorted((a.split(), b.split()), key=len)
    if set(shorter) <= set(longer):
        if len(shorter) > 1 or set(longer) - set(shorter) <= _SUFFIXES:
            return 0.9
        # However alike the letters: "Hamas-affiliated" is not the media.
        return ONE_WORD_OF_A_NAME
    return max(full, 0.9 * fuzz.token_set_ratio(a, b) / 100)
