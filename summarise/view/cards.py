"""Items as cards: a heading, the item's plain fields, its nested parts and its evidence.

Cards are drawn from the model alone, so every schema type gets them: the heading is the
item's first text field, the other plain fields follow as labelled rows, nested models
(a contested point's positions) are cards inside the card, each with its own spans, and
evidence that was not found in the article, or found only roughly, is said so in words.
Every value is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from pydantic import BaseModel

from summarise.grounding.verify import excerpt
from summarise.schema_types.fields import label, shown
from summarise.view.items import Cited, Item, Part

__all__ = [
    "Badge",
    "CardStyle",
    "card",
    "kind_label",
    "one_line",
    "quote_snippet",
    "value_card",
]

_QUOTE_CHARS = 160


@dataclass(frozen=True)
class Badge:
    """A short word on a card (``fuzzy``, ``missed``, ``0.82``) and its CSS class."""

    text: str
    css: str = ""


@dataclass(frozen=True)
class CardStyle:
    """How one card is drawn beyond its item.

    Attributes:
        element_id: The card's id in the page.
        keys: The page's name for the range an aligned evidence entry covers.
        colour: The kind's colour class (``k0``...).
        badges: Words beside the heading.
        notes: Sentences under it (grounding reasons...).
        css: More classes for the card.
        heading_prefix: Words before the kind above the heading ("gold ").
    """

    element_id: str
    keys: Callable[[Cited], str]
    colour: str
    badges: Sequence[Badge] = ()
    notes: Sequence[str] = ()
    css: str = ""
    heading_prefix: str = ""


def kind_label(kind: str) -> str:
    """One item of a kind, in words: "contested_points" is "contested point"."""
    words = label(kind)
    if words.endswith("ies"):
        return words[:-3] + "y"
    if words.endswith("s") and not words.endswith("ss"):
        return words[:-1]
    return words


def card(item: Item, style: CardStyle) -> str:
    """One item as an ``<article>`` card: clicking it marks its spans in the text.

    Args:
        item: The item.
        style: Its id, colour, badges and notes, and how its spans are named.

    Returns:
        The card's HTML.
    """
    e = escape
    keys = _keys(item.all_evidence(), style.keys)
    heading, rows = _heading_and_rows(item.model)
    badges = _badges(style.badges)
    notes = "".join(f'<p class="note">{e(n)}</p>' for n in style.notes)
    name = f"{kind_label(item.kind)}: {heading}" if heading else kind_label(item.kind)
    return (
        f'<article class="card {e(style.colour)} {e(style.css)}" id="{e(style.element_id)}" '
        f'tabindex="0" data-r="{e(keys)}" data-label="{e(name)}">'
        f'<header><span class="kind">{e(style.heading_prefix + kind_label(item.kind))}</span>'
        f"{badges}</header>"
        + (f'<h3 class="head">{e(heading)}</h3>' if heading else "")
        + rows
        + notes
        + "".join(_nested(part, style.keys, name) for part in item.parts)
        + _evidence(item.evidence)
        + "</article>"
    )


def value_card(kind: str, value: str, style: CardStyle) -> str:
    """A plain value of a field (a company's name, a yes or no) as a card of its own."""
    e = escape
    return (
        f'<article class="card {e(style.colour)} {e(style.css)}" id="{e(style.element_id)}">'
        f'<header><span class="kind">{e(style.heading_prefix + label(kind))}</span>'
        f"{_badges(style.badges)}"
        f'</header><h3 class="head">{e(value)}</h3>'
        + "".join(f'<p class="note">{e(n)}</p>' for n in style.notes)
        + "</article>"
    )


def one_line(value: object) -> str:
    """An item in one line: its heading and its next text field ("Putin — Hamas leaders
    were welcomed"), or a plain value as it reads; cut to a readable length."""
    if not isinstance(value, BaseModel):
        return quote_snippet(shown(value))
    texts = [
        shown(getattr(value, name))
        for name in type(value).model_fields
        if name != "evidence" and isinstance(getattr(value, name), str)
    ]
    return quote_snippet(" — ".join(t for t in texts[:2] if t.strip()) or shown(value))


def quote_snippet(quote: str, limit: int = _QUOTE_CHARS) -> str:
    """A quote (or any text) on one line, cut to ``limit`` characters with an ellipsis."""
    return excerpt(" ".join(quote.split()), limit)


def _nested(part: Part, keys: Callable[[Cited], str], owner: str) -> str:
    e = escape
    heading, rows = _heading_and_rows(part.model)
    name = f"{owner} · {heading}" if heading else owner
    return (
        f'<div class="part" tabindex="0" data-r="{e(_keys(part.all_evidence(), keys))}" '
        f'data-label="{e(name)}">'
        + (f'<h4 class="head">{e(heading)}</h4>' if heading else "")
        + rows
        + "".join(_nested(p, keys, name) for p in part.parts)
        + _evidence(part.evidence)
        + "</div>"
    )


def _heading_and_rows(model: BaseModel) -> tuple[str, str]:
    """The first non-empty text field as the heading; every other plain value as a row.
    Lists of plain values (aliases) join into one row; nested models and evidence are
    drawn elsewhere."""
    heading = ""
    rows: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "evidence" or isinstance(value, BaseModel):
            continue
        if isinstance(value, list) and (not value or any(isinstance(v, BaseModel) for v in value)):
            continue
        text = shown(value)
        if not text.strip():
            continue
        if not heading and isinstance(value, str):
            heading = text
            continue
        rows.append(f"<dt>{escape(label(name))}</dt><dd>{escape(text)}</dd>")
    return heading, (f"<dl>{''.join(rows)}</dl>" if rows else "")


def _evidence(cited: Sequence[Cited]) -> str:
    """Each evidence quote, cut short, with how it was found when not exactly."""
    if not cited:
        return ""
    lines = []
    for c in cited:
        status = c.evidence.status or "unchecked"
        if not c.aligned:
            badge = '<span class="badge warn">not found in the article</span>'
            css = "unaligned"
        elif status in ("fuzzy", "normalised"):
            score = f" {c.evidence.score:g}" if status == "fuzzy" and c.evidence.score else ""
            badge = f'<span class="badge soft">{escape(status + score)}</span>'
            css = status
        else:
            badge, css = "", "exact"
        lines.append(f'<li class="{css}">“{escape(quote_snippet(c.evidence.quote))}” {badge}</li>')
    return f'<ul class="evidence">{"".join(lines)}</ul>'


def _badges(badges: Sequence[Badge]) -> str:
    return "".join(f'<span class="badge {escape(b.css)}">{escape(b.text)}</span>' for b in badges)


def _keys(cited: Sequence[Cited], keys: Callable[[Cited], str]) -> str:
    return " ".join(dict.fromkeys(keys(c) for c in cited if c.aligned))
