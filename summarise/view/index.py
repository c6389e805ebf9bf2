"""A batch's pages: one file per article, named from its id, and an index of them all.

The index is built from the batch's output records (what a rerun keeps), so after a
rerun it lists every article, with a link to each page the folder holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from html import escape
from typing import Any

from summarise.schema_types.fields import label
from summarise.view.cards import quote_snippet
from summarise.view.page import document

__all__ = ["index_page", "page_name"]

_NAME_CHARS = 80
_GIST_CHARS = 220


def page_name(article_id: str) -> str:
    """The file name of an article's page: its id made safe, and a short hash of the id,
    so two ids never share a page and a rerun rewrites the same file."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in article_id)
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8]
    return f"{safe[:_NAME_CHARS]}-{digest}.html"


def index_page(records: Sequence[Mapping[str, Any]], *, pages: Collection[str], title: str) -> str:
    """The index of a batch: one row per article, linking to its page where there is one.

    Args:
        records: The batch's output records, one per id (a summary or an error).
        pages: The page files the folder holds.
        title: What the batch is called (its output file).

    Returns:
        A self-contained HTML document.
    """
    e = escape
    kinds = list(
        dict.fromkeys(
            k
            for r in records
            for k, v in (r.get("summary") or {}).items()
            if isinstance(v, list) and all(isinstance(i, dict) for i in v)
        )
    )
    failed = sum("summary" not in r for r in records)
    head = "".join(f'<th class="sort">{e(label(k))}</th>' for k in kinds)
    rows = "".join(_row(r, kinds, pages) for r in records)
    body = (
        '<header class="top"><div class="wrap"><p class="eyebrow">Batch</p>'
        f"<h1>{e(title)}</h1>"
        f'<div class="strip"><span>articles <b>{len(records)}</b></span>'
        f"<span>summarised <b>{len(records) - failed}</b></span>"
        f"<span>failed <b>{failed}</b></span></div></div></header>"
        '<div class="block"><div class="pane">'
        '<table class="grid"><thead><tr><th class="sort l">article</th>'
        f'<th class="sort l">gist</th>{head}<th class="sort">unaligned</th>'
        f'<th class="sort">removed</th><th class="sort l">status</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></div>"
    )
    return document(title=f"Batch: {title}", body=body, subject="index")


def _row(record: Mapping[str, Any], kinds: list[str], pages: Collection[str]) -> str:
    e = escape
    article_id = str(record.get("id", ""))
    name = page_name(article_id)
    link = f'<a href="{e(name)}">{e(article_id)}</a>' if name in pages else e(article_id)
    summary = record.get("summary")
    if not isinstance(summary, dict):
        error = record.get("error") or {}
        message = f"{error.get('type', 'error')}: {error.get('message', '')}"
        cells = "".join('<td data-v=""></td>' for _ in kinds)
        return (
            f'<tr><td class="l wrap">{link}</td><td class="l wrap gist"></td>{cells}'
            f'<td data-v=""></td><td data-v=""></td>'
            f'<td class="l wrap"><span class="badge bad">failed</span> {e(message)}</td></tr>'
        )
    gist = next((v for v in summary.values() if isinstance(v, str) and v.strip()), "")
    gist = quote_snippet(gist, _GIST_CHARS)
    counts = "".join(
        f'<td data-v="{len(summary.get(k) or [])}">{len(summary.get(k) or [])}</td>' for k in kinds
    )
    grounding = record.get("grounding") or {}
    unaligned = int((grounding.get("evidence") or {}).get("unaligned", 0))
    removed = len(record.get("dropped") or [])
    status = '<span class="badge good">ok</span>' if name in pages else "no page"
    return (
        f'<tr><td class="l wrap">{link}</td><td class="l wrap gist">{e(gist)}</td>{counts}'
        f'<td data-v="{unaligned}">{unaligned}</td><td data-v="{removed}">{removed}</td>'
        f'<td class="l">{status}</td></tr>'
    )
