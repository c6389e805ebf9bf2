"""Quotations: the text inside quotation marks, found once and looked up by position.

A lookup reads only the quotations near the span asked about, never the whole list, so
an article twice as long costs twice as much, not four times.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["Quotes"]

_MAX_QUOTE_CHARS = 1500
_GAP = 4  # characters between a closing mark and the sentence after it
_MARKS = " \t\n\"”’'.,!?"
# Quotation marks: a closing single quote must not be followed by a letter, or it is an
# apostrophe ("Iran’s").
_QUOTE_RE = re.compile(
    rf"“([^”]{{2,{_MAX_QUOTE_CHARS}}})”|\"([^\"]{{2,{_MAX_QUOTE_CHARS}}})\""
    rf"|‘((?:[^‘’]|’(?=\w)){{2,{_MAX_QUOTE_CHARS}}})’(?!\w)"
)


class Quotes:
    """The character ranges of the text inside quotation marks, in order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.ranges: list[tuple[int, int]] = []
        for m in _QUOTE_RE.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            self.ranges.append((m.start(group), m.end(group)))
        self._starts = [s for s, _ in self.ranges]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotations that share a character with ``[start, end)``."""
        # A quotation is at most _MAX_QUOTE_CHARS long, so one that reaches ``start``
        # begins no earlier than that before it.
        first = bisect.bisect_left(self._starts, start - _MAX_QUOTE_CHARS)
        last = bisect.bisect_left(self._starts, end)
        return [(s, e) for s, e in self.ranges[first:last] if e > start]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotations wholly inside ``[start, end]``."""
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_right(self._starts, end)
        return [(s, e) for s, e in self.ranges[first:last] if e <= end]

    def ending_at(self, offset: int) -> tuple[int, int] | None:
        """The quotation whose closing mark ends just before ``offset`` (a mark and
        some punctuation or space between), if any: a quotation floating before the
        sentence that attributes it."""
        last = bisect.bisect_left(self._starts, offset) - 1
        if last < 0:
            return None
        start, end = self.ranges[last]
        between = self._text[end:offset]
        return (start, end) if len(between) <= _GAP and not between.strip(_MARKS) else None
