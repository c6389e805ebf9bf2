"""Vote tallies: "passed 230-to-198", "the final vote count was 52-35", "voted 52 to 47".

A tally is two figures, the votes for and the votes against. It is read from the
sentence's text, because no parse keeps the pair together: the tokenizer makes
"230-to-198" a number and a noun "to-198", and "52 to 47" a number and a preposition.
Only a sentence about a vote has tallies, and the larger number comes first, so a range
("40 to 50 people voted") and a score are no tally.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from summarise.grounding.numbers import parse_number

__all__ = ["Tally", "find_tallies"]

_VOTE_LEMMAS = frozenset({"vote", "ballot", "tally"})
_PAIR = re.compile(
    r"(?<![\d.,$£€])(\d{1,3}(?:,\d{3})*)\s*(?:-to-|[-–—]|\s+to\s+)\s*(\d{1,3}(?:,\d{3})*)(?![\d%]|[.,]\d)"
)
_RANGE_WORDS = ("between", "from")
_MAX_LEAD = 60  # characters from the vote word to the tally that still make its evidence


class Tally(NamedTuple):
    """One side of a tally: its number as written, where it stands, and the side."""

    written: str
    value: float
    start: int
    end: int
    side: str  # "for" or "against"
    evidence: tuple[int, int]


def find_tallies(doc: Any) -> list[Tally]:
    """Both sides of every vote tally in ``doc``, in reading order."""
    tallies: list[Tally] = []
    for sentence in doc.sents:
        votes = [t for t in sentence if t.lemma_.lower() in _VOTE_LEMMAS]
        if not votes:
            continue
        base = sentence.start_char
        for match in _PAIR.finditer(sentence.text):
            before = sentence.text[: match.start()].split()
            if before and before[-1].lower() in _RANGE_WORDS:
                continue
            yes, no = (parse_number(match.group(i)) for i in (1, 2))
            if yes is None or no is None or yes.value <= no.value:
                continue
            start, end = base + match.start(), base + match.end()
            lead = [t.idx for t in votes if start - _MAX_LEAD <= t.idx < start]
            evidence = (min(lead, default=start), end)
            for group, side, parsed in ((1, "for", yes), (2, "against", no)):
                tallies.append(
                    Tally(
                        match.group(group),
                        parsed.value,
                        base + match.start(group),
                        base + match.end(group),
                        side,
                        evidence,
                    )
                )
    return tallies
