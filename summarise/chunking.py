"""Long articles: split on paragraph and sentence boundaries into parts that fit a budget.

An article whose prompt would not fit the model's context budget is split into parts
that do, each overlapping the previous by a sentence or two so that nothing said across
a boundary is lost. Each part is summarised on its own, and the schema type's merge
makes one summary of them; grounding then runs against the whole article, so every
evidence offset points into the text the caller passed.

Tokens are counted by the backend (:meth:`~summarise.backends.BaseBackend.count_tokens`);
:func:`estimate_tokens` is the fallback, one token per four characters, which overcounts
English slightly and so errs on the side of smaller parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["TokenCounter", "estimate_tokens", "split_text"]

_CHARS_PER_TOKEN = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'’”)\]])\s+|\n+")

TokenCounter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """One token per four characters, rounded up."""
    return -(-len(text) // _CHARS_PER_TOKEN)


def split_text(
    text: str, budget: int, count: TokenCounter, overlap: int = 1
) -> list[tuple[int, int]]:
    """Character spans of ``text`` of at most ``budget`` tokens each, cut at paragraph
    breaks where possible, else at sentence ends, else at spaces; each part repeats the
    last ``overlap`` sentence(s) of the one before."""
    units = _units(text)
    parts: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        start = units[i][0]
        j = i
        while j + 1 < len(units) and count(text[start : units[j + 1][1]]) <= budget:
            j += 1
        end = units[j][1]
        if count(text[start:end]) > budget:  # one sentence over budget: cut at spaces
            end = _cut_at_space(text, start, end, budget, count)
            parts.append((start, end))
            units[i] = (end, units[i][1])
            continue
        parts.append((start, end))
        if j + 1 >= len(units):
            break
        i = max(j + 1 - overlap, i + 1)
    return parts


def _units(text: str) -> list[tuple[int, int]]:
    """Sentence-sized spans, in order, covering the text."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _cut_at_space(text: str, start: int, end: int, budget: int, count: TokenCounter) -> int:
    low, high = start + 1, end
    while low < high:  # the longest prefix within budget
        middle = (low + high + 1) // 2
        if count(text[start:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    space = text.rfind(" ", start + 1, low)
    return space if space > start else max(low, start + 1)
