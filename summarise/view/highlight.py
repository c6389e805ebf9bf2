"""From items to highlighted ranges: one range per distinct span of the article, coloured
by the kind of the first item that cites it, with every citing entry's alignment.

Several items often cite one span (a claim and the figure inside its sentence): the span
is highlighted once, and hovering it names every item that cites it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from summarise.view.items import Cited, Item
from summarise.view.marks import Span

__all__ = ["colours_of", "ranges"]

_PALETTE = 8  # colour classes k0...k7 in view.css


def colours_of(kinds: Sequence[str]) -> dict[str, str]:
    """A colour class per kind, in order (``k0``, ``k1``...; repeating after eight)."""
    return {kind: f"k{i % _PALETTE}" for i, kind in enumerate(kinds)}


def ranges(
    items: Sequence[Item],
    colours: Mapping[str, str],
    key: Callable[[Cited], str],
    layer: str,
) -> list[Span]:
    """The highlighted ranges of ``items``: one per distinct key.

    Args:
        items: The items whose aligned evidence is highlighted.
        colours: A colour class per kind.
        key: The page's name for an entry's range (entries with one key are one range).
        layer: A class for every range ("pred", or "gold" in an eval's overlay).

    Returns:
        The ranges, each with its kind's colour, its layer and ``fuzzy`` or
        ``normalised`` when any entry citing it was found only so.
    """
    found: dict[str, tuple[int, int, str, set[str]]] = {}
    for item in items:
        for cited in item.all_evidence():
            if not cited.aligned:
                continue
            name = key(cited)
            start, end = cited.evidence.start, cited.evidence.end
            assert start is not None  # aligned
            assert end is not None
            entry = found.setdefault(name, (start, end, colours.get(item.kind, "k0"), set()))
            entry[3].add(cited.evidence.status or "exact")
    spans = []
    for name, (start, end, colour, statuses) in found.items():
        rough = [s for s in ("fuzzy", "normalised") if s in statuses]
        classes = " ".join(["ev", layer, colour, *rough[:1]])
        spans.append(Span(start, end, name, classes))
    return spans
