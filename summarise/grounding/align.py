"""Finding a quoted span in the article: exact, then normalised, then fuzzy.

Offsets are always code-point offsets into the *original* string, so ``text[start:end]``
is the supporting text, however the match was found. The normalised and fuzzy steps
search a normalised copy and map positions back through an index built once per article.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarise.grounding.injection import injected_spans
from summarise.types import AlignmentStatus

__all__ = ["FUZZY_THRESHOLD", "Alignment", "ArticleText"]

FUZZY_THRESHOLD = 85.0
"""Minimum rapidfuzz score (0-100) for a fuzzy match to count as aligned."""

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}  # fmt: skip
_DASHES = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"}


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in the article, and how it was found."""

    start: int | None
    end: int | None
    status: AlignmentStatus
    score: float


class ArticleText:
    """An article prepared for aligning many quotes against it.

    Building it normalises the text once; each :meth:`align` is then a string search,
    or one rapidfuzz alignment for the fuzzy step. Use :meth:`of` to share one per text.
    """

    @staticmethod
    def of(text: str) -> ArticleText:
        """The prepared article for ``text``, shared with other callers for the same
        text (the re-ask check and the final grounding of one article, for instance)."""
        return _prepared(text)

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded, self._origin = _normalise_with_map(text)
        self.untrusted = injected_spans(text)
        # Rules ask after the same names many times (each actor, then every speaker).
        self._found: dict[tuple[str, bool], list[tuple[int, int]]] = {}

    def touches_untrusted(self, start: int, end: int) -> bool:
        """Whether any of the span lies in text addressed to a model."""
        return any(start < e and s < end for s, e in self.untrusted)

    def occurrences(self, phrase: str, *, stems: bool = False) -> list[tuple[int, int]]:
        """Every place ``phrase`` is written as whole words, exactly or but for case,
        spacing, quote marks and dashes: spans of the original text, in order.

        "Whole words" keeps a short name from standing on part of a longer word ("Ed" is
        not written in "killed"). With ``stems``, a word may go on after the phrase
        ("Iran" in "Iranian"). Scripts written without spaces (Chinese, Japanese,
        Thai...) have no word edges to check.
        """
        key = (phrase, stems)
        if key not in self._found:
            self._found[key] = self._whole_words(phrase, stems)
        return self._found[key]

    def _whole_words(self, phrase: str, stems: bool) -> list[tuple[int, int]]:
        folded = _normalise_with_map(phrase)[0].strip()
        if not folded:
            return []
        spans = []
        for i in _occurrences(self._folded, folded):
            end = i + len(folded)
            before = self._folded[i - 1] if i else " "
            after = self._folded[end] if end < len(self._folded) else " "
            if _joins(before, folded[0]) or (not stems and _joins(folded[-1], after)):
                continue
            spans.append((self._origin[i], self._origin[end - 1] + 1))
        return spans

    def align(self, quote: str, *, near: int | None = None, at: int | None = None) -> Alignment:
        """Find ``quote``, preferring the occurrence nearest the offset ``near``.

        Args:
            quote: The text to find.
            near: An offset the item's other evidence (or reading order) points at; with
                several occurrences the nearest wins, else the first.
            at: Where an engine that reads offsets says the quote starts. It is kept when
                the quote is there: "344.65" twice in an article is two figures, and the
                one the engine read is the one its item is about.

        Returns:
            The alignment; ``status`` is "unaligned" (and offsets None) when nothing
            scores at least :data:`FUZZY_THRESHOLD`.
        """
        if not quote.strip():
            return Alignment(None, None, "unaligned", 0.0)
        if at is not None and at >= 0 and self.text.startswith(quote, at):
            return Alignment(at, at + len(quote), "exact", 100.0)
        start = _nearest(_occurrences(self.text, quote), near)
        if start is not None:
            return Alignment(start, start + len(quote), "exact", 100.0)
        folded, _ = _normalise_with_map(quote)
        folded = folded.strip()
        if not folded:
            return Alignment(None, None, "unaligned", 0.0)
        hits = _occurrences(self._folded, folded)
        if hits:
            best = _nearest([self._origin[i] for i in hits], near)
            i = next(h for h in hits if self._origin[h] == best)
            return self._mapped(i, i + len(folded), "normalised", 100.0)
        return self._fuzzy(folded)

    def _fuzzy(self, folded: str) -> Alignment:
        found = fuzz.partial_ratio_alignment(folded, self._folded, score_cutoff=FUZZY_THRESHOLD)
        if found is None or found.dest_end <= found.dest_start:
            return Alignment(None, None, "unaligned", 0.0)
        return self._mapped(found.dest_start, found.dest_end, "fuzzy", round(found.score, 2))

    def _mapped(self, start: int, end: int, status: AlignmentStatus, score: float) -> Alignment:
        # origin[end - 1] + 1 takes in the whole original character, even one that
        # folded to several ("ß" -> "ss").
        return Alignment(self._origin[start], self._origin[end - 1] + 1, status, score)


def _joins(left: str, right: str) -> bool:
    """Whether two adjacent characters belong to one word."""
    return _wordlike(left) and _wordlike(right)


def _wordlike(ch: str) -> bool:
    # Wide characters (CJK) and the Brahmic scripts of South-East Asia are written
    # without spaces between words, so touching one is no sign of a longer word.
    if not ch.isalnum() or unicodedata.east_asian_width(ch) in ("W", "F"):
        return False
    return not "\u0e00" <= ch <= "\u109f"  # Thai, Lao, Tibetan, Myanmar


@functools.lru_cache(maxsize=64)
def _prepared(text: str) -> ArticleText:
    return ArticleText(text)


def _occurrences(haystack: str, needle: str) -> list[int]:
    found = []
    start = haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def _nearest(candidates: list[int], near: int | None) -> int | None:
    if not candidates:
        return None
    if near is None:
        return candidates[0]
    return min(candidates, key=lambda c: (abs(c - near), c))


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Fold case, quotes, dashes and whitespace runs; keep, for each character of the
    result, the offset of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            if not in_space and ch.isspace():
                out.append(" ")
                origin.append(i)
                in_space = True
            continue
        in_space = False
        ch = _QUOTES.get(ch, "-" if ch in _DASHES else ch)
        for folded in ch.casefold():
            out.append(folded)
            origin.append(i)
    return "".join(out), origin
