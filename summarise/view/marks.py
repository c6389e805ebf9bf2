"""Article text with highlighted spans as well-formed HTML: nested ``<mark>`` elements.

Spans may overlap in any way (a claim's sentence holds an actor's name; two quotes cross).
The text is cut at every span boundary; for each piece the spans that cover it are opened
outermost first. Where a span crosses another's end it is closed and opened again, so the
marks always nest and a span may be drawn as several pieces that share one ``data-r``.
Every piece of text is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Span", "marked_text"]


@dataclass(frozen=True)
class Span:
    """One highlighted range of the text.

    Attributes:
        start: Offset of its first character.
        end: Offset just past it.
        key: What the range is called in the page (``data-r``); pieces of one range
            share it.
        classes: CSS classes of its marks (its kind, its layer, its alignment).
    """

    start: int
    end: int
    key: str
    classes: str


def marked_text(text: str, spans: Sequence[Span]) -> str:
    """``text`` as escaped HTML with a ``<mark>`` around every span.

    Args:
        text: The article.
        spans: Ranges within it; empty or out-of-range ones are left out.

    Returns:
        HTML in which marks nest properly, whatever the spans' overlaps.
    """
    usable = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end, s.key),
    )
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    out: list[str] = []
    open_: list[Span] = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in usable if s.start <= left and right <= s.end]
        kept = 0
        while kept < min(len(open_), len(covering)) and open_[kept] == covering[kept]:
            kept += 1
        out.append("</mark>" * (len(open_) - kept))
        out.extend(_opening(s) for s in covering[kept:])
        open_ = covering
        out.append(escape(text[left:right]))
    out.append("</mark>" * len(open_))
    return "".join(out)


def _opening(span: Span) -> str:
    return f'<mark class="{escape(span.classes)}" data-r="{escape(span.key)}">'
