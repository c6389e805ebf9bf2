"""The page for one summary: the article with every evidence span highlighted, the
summary beside it as cards, and what grounding removed or doubted.

Works for any schema type from its model alone (see :mod:`summarise.view.items`).
"""

from __future__ import annotations

from html import escape
from typing import Any

from pydantic import BaseModel

from summarise._version import installed_version
from summarise.grounding.verify import excerpt
from summarise.schema_types.fields import label, shown
from summarise.types import DroppedItem, ItemFailure, SummaryResult
from summarise.view.cards import Badge, CardStyle, card, kind_label
from summarise.view.highlight import colours_of, ranges
from summarise.view.items import Cited, Item, facts, items_of, kinds_of
from summarise.view.marks import marked_text
from summarise.view.page import document

__all__ = ["masthead_facts", "summary_page"]

_TITLE_CHARS = 200
_LEDE_WORDS = 8


def summary_page(result: SummaryResult[Any], text: str, *, title: str | None = None) -> str:
    """The HTML page of ``result`` over the article ``text`` it was made from.

    Args:
        result: The summary with its grounding report and dropped items; a summary read
            back as plain data is validated with its schema type, found by name.
        text: The article, exactly as summarised (evidence offsets point into it).
        title: The page's heading; the article's first line when None.

    Returns:
        A self-contained HTML document.

    Raises:
        SchemaTypeError: The summary is plain data of a schema type not registered here.
    """
    summary = _model(result)
    kinds = kinds_of(summary)
    colours = colours_of(kinds)
    items = items_of(summary)
    heading = title or _first_line(text)
    marks = marked_text(text, ranges(items, colours, _key, "pred"))
    flagged = result.grounding.failures
    cards = [
        _kind_section(kind, colours[kind], [i for i in items if i.kind == kind], flagged)
        for kind in kinds
    ]
    meta, usage, grounding = result.meta, result.usage, result.grounding
    statuses = ["exact", "normalised", "fuzzy", "unaligned"]
    # Unaligned is always said, even when none: it is the number a reader checks.
    counts = " · ".join(
        f"{grounding.evidence.get(s, 0)} {s}"
        for s in statuses
        if grounding.evidence.get(s, 0) or s == "unaligned"
    )
    strip = [
        ("evidence", counts),
        (
            "grounding",
            f"{grounding.policy} · {grounding.items_checked} items checked · "
            f"{len(result.dropped)} removed" + (f" · {len(flagged)} flagged" if flagged else ""),
        ),
        (
            "made by",
            f"{meta.backend}"
            + (f" · {meta.model}" if meta.model else "")
            + f" · {meta.attempts} attempt{'s' if meta.attempts != 1 else ''}"
            + f" · {usage.total_tokens} tokens · {meta.latency_s:.2f} s",
        ),
    ]
    e = escape
    legend = "".join(
        f'<button type="button" class="chip {colours[k]}" data-hide="{colours[k]}" '
        f'aria-pressed="true">{e(label(k))}<span class="n">'
        f"{sum(i.kind == k for i in items)}</span></button>"
        for k in kinds
    )
    body = (
        '<header class="top"><div class="wrap">'
        f'<p class="eyebrow">Summary · {e(meta.schema_type)}</p>'
        f"<h1>{e(heading)}</h1>"
        + masthead_facts(summary)
        + '<div class="strip">'
        + "".join(f"<span>{e(k)} <b>{e(v)}</b></span>" for k, v in strip)
        + "</div>"
        + f'<nav class="legend" aria-label="Highlight colours">{legend}</nav>'
        + "</div></header>"
        + '<main class="split">'
        + '<section class="pane article" aria-label="Article"><h2>Article</h2>'
        + f'<div class="text">{marks}</div></section>'
        + '<aside class="pane cards" aria-label="Summary">'
        + "".join(cards)
        + _dropped_section(result.dropped)
        + "</aside></main>"
        + _footer(result)
    )
    return document(title=f"Summary: {heading}", body=body, subject="summary")


def _model(result: SummaryResult[Any]) -> BaseModel:
    """The summary as its model, also when it was read back as plain data (a batch line
    validated as ``SummaryResult[Any]``): then through its schema type, by name."""
    if isinstance(result.summary, BaseModel):
        return result.summary
    from summarise.schema_types.registry import get_schema_type

    return get_schema_type(result.meta.schema_type).model.model_validate(result.summary)


def masthead_facts(summary: BaseModel) -> str:
    """The summary's plain fields under the heading: a long first text field as the lede,
    the rest as labelled rows."""
    e = escape
    shown_facts = [(n, shown(v)) for n, v in facts(summary) if shown(v).strip()]
    out = ""
    if shown_facts and len(shown_facts[0][1].split()) >= _LEDE_WORDS:
        out += f'<p class="lede">{e(shown_facts[0][1])}</p>'
        shown_facts = shown_facts[1:]
    if shown_facts:
        rows = "".join(f"<dt>{e(label(n))}</dt><dd>{e(v)}</dd>" for n, v in shown_facts)
        out += f'<dl class="facts">{rows}</dl>'
    return out


def _kind_section(kind: str, colour: str, items: list[Item], flagged: list[ItemFailure]) -> str:
    e = escape
    cards = []
    for item in items:
        reasons = [
            f"{f.path}: {'; '.join(f.reasons)}" if f.path != item.path else "; ".join(f.reasons)
            for f in flagged
            if f.path == item.path or f.path.startswith((item.path + ".", item.path + "["))
        ]
        rough = {c.evidence.status for c in item.all_evidence()}
        badges = [Badge("flagged", "warn")] if reasons else []
        if any(not c.aligned for c in item.all_evidence()):
            badges.append(Badge("evidence not found", "warn"))
        elif rough & {"fuzzy", "normalised"}:
            badges.append(Badge("fuzzy" if "fuzzy" in rough else "normalised", "soft"))
        style = CardStyle(
            element_id=f"c-{_slug(item.path)}",
            keys=_key,
            colour=colour,
            badges=badges,
            notes=reasons,
        )
        cards.append(card(item, style))
    body = "".join(cards) or f'<p class="empty">No {e(label(kind))} found.</p>'
    return (
        f'<details class="group {e(colour)}" open><summary><h2><span class="dot"></span>'
        f'{e(label(kind))} <span class="n">{len(items)}</span></h2></summary>{body}</details>'
    )


def _dropped_section(dropped: list[DroppedItem]) -> str:
    if not dropped:
        return ""
    e = escape
    entries = []
    for d in dropped:
        kind = d.path.split("[")[0].split(".")[0]
        rows = "".join(
            f"<dt>{e(label(k))}</dt><dd>{e(shown(v))}</dd>"
            for k, v in d.item.items()
            if k != "evidence" and not isinstance(v, list | dict) and shown(v).strip()
        )
        given = d.item.get("evidence")
        quotes = (
            [q.get("quote") for q in given if isinstance(q, dict)]
            if isinstance(given, list)
            else []
        )
        evidence = "".join(f"<li>“{e(str(q))}”</li>" for q in quotes if q)
        entries.append(
            '<article class="card">'
            f'<header><span class="kind">{e(kind_label(kind))}</span>'
            f'<span class="badge warn">removed</span></header>'
            f'<h3 class="head">{e(d.label)}</h3>'
            + (f"<dl>{rows}</dl>" if rows else "")
            + "".join(f'<p class="note">{e(r)}</p>' for r in d.reasons)
            + (f'<ul class="evidence">{evidence}</ul>' if evidence else "")
            + "</article>"
        )
    return (
        '<details class="group dropped" open><summary><h2><span class="dot"></span>removed '
        f'by grounding <span class="n">{len(dropped)}</span></h2></summary>'
        f"{''.join(entries)}</details>"
    )


def _footer(result: SummaryResult[Any]) -> str:
    meta = result.meta
    return (
        f'<footer class="foot">summarise {escape(installed_version())} · schema '
        f"{escape(meta.schema_type)} {escape(meta.schema_sha256[:12])} · template "
        f"{escape(meta.template_sha256[:12])} · article sha256 "
        f"{escape(meta.article_sha256[:16])} · "
        "highlights are the evidence spans exactly as aligned; a dashed underline was "
        "found only after normalising or fuzzily</footer>"
    )


def _key(cited: Cited) -> str:
    return f"r{cited.evidence.start}-{cited.evidence.end}"


def _slug(path: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in path).strip("-")


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "Summary")
    return excerpt(line, _TITLE_CHARS)
