"""Long articles: count tokens, split on paragraph and sentence boundaries, merge parts.

An article whose prompt would not fit the model's context budget is split into parts
that do, each overlapping the previous by a sentence or two so that nothing said across
a boundary is lost. Each part is summarised on its own; the parts' summaries are merged
(actors by name and alias, claims by speaker and statement, figures by value, unit and
what, contested points by issue). Grounding then runs against the whole article, so
every evidence offset points into the text the caller passed.

Token counts: a local GGUF model's own tokenizer; tiktoken for OpenAI models when it is
installed and has its encoding (it downloads encodings on first use, so offline it may
not); otherwise an estimate of one token per four characters, which overcounts English
slightly and so errs on the side of smaller parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from summarise.schemas.news import Actor, Claim, ContestedPoint, Figure, NewsSummary

__all__ = ["TokenCounter", "estimate_tokens", "merge_summaries", "split_text", "token_counter"]

_CHARS_PER_TOKEN = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'’”)\]])\s+|\n+")
_SAME_STATEMENT = 85  # token-set similarity, 0-100
_SAME_ISSUE = 80

TokenCounter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """One token per four characters, rounded up."""
    return -(-len(text) // _CHARS_PER_TOKEN)


def token_counter(backend: Any, model: str | None) -> TokenCounter:
    """The best token counter for a backend: its own tokenizer, tiktoken, or the estimate."""
    llama = getattr(backend, "_llama", None)
    if llama is not None:
        return lambda text: len(llama.tokenize(text.encode("utf-8"), add_bos=False))
    if model:
        try:
            import tiktoken

            encoding = tiktoken.encoding_for_model(model)
            return lambda text: len(encoding.encode(text))
        except Exception:  # not installed, unknown model, or its encoding not downloadable
            pass
    return estimate_tokens


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


def merge_summaries(parts: list[NewsSummary]) -> NewsSummary:
    """One summary from the summaries of an article's parts, without duplicates."""
    actors: list[Actor] = []
    for actor in (a for p in parts for a in p.actors):
        names = {_fold(n) for n in (actor.name, *actor.aliases)}
        same = next((a for a in actors if names & {_fold(n) for n in (a.name, *a.aliases)}), None)
        if same is None:
            actors.append(actor.model_copy(deep=True))
            continue
        if len(actor.name) > len(same.name):  # keep the fullest name
            same.aliases.append(same.name)
            same.name = actor.name
        for alias in actor.aliases:
            if _fold(alias) not in {_fold(n) for n in (same.name, *same.aliases)}:
                same.aliases.append(alias)
        same.evidence.extend(
            e for e in actor.evidence if e.quote not in {x.quote for x in same.evidence}
        )
    claims = _unique(
        (c for p in parts for c in p.claims),
        lambda a, b: (
            _fold(a.speaker) == _fold(b.speaker)
            and fuzz.token_set_ratio(a.statement, b.statement) >= _SAME_STATEMENT
        ),
    )
    figures = _unique(
        (f for p in parts for f in p.figures),
        lambda a, b: (
            a.value == b.value
            and _fold(a.unit) == _fold(b.unit)
            and fuzz.token_set_ratio(a.what, b.what) >= _SAME_STATEMENT
        ),
    )
    contested: list[ContestedPoint] = []
    for point in (c for p in parts for c in p.contested_points):
        same_point = next(
            (c for c in contested if fuzz.token_set_ratio(c.issue, point.issue) >= _SAME_ISSUE),
            None,
        )
        if same_point is None:
            contested.append(point.model_copy(deep=True))
            continue
        known = {_fold(p.actor) for p in same_point.positions}
        same_point.positions.extend(p for p in point.positions if _fold(p.actor) not in known)
    gist = next((p.gist for p in parts if p.gist.strip()), "")
    return NewsSummary(
        gist=gist, actors=actors, claims=claims, figures=figures, contested_points=contested
    )


def _unique(items: Any, same: Callable[[Any, Any], bool]) -> list[Any]:
    kept: list[Claim | Figure] = []
    for item in items:
        if not any(same(item, k) for k in kept):
            kept.append(item)
    return kept


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())
