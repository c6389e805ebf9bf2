"""Phrases that stand for an actor without naming one: "experts", "the police", "a
spokesperson for the ministry". Trimmed to the words that say who, for a mention."""

from __future__ import annotations

from typing import Any

from summarise.schemas.news.offline.lexicon import LEADING_DETERMINERS
from summarise.schemas.news.offline.mentions import Mention
from summarise.schemas.news.offline.nlp import span_text

__all__ = ["phrase_mention", "strip_determiner"]

Span = Any


_HOW_MANY = frozenset("most many some several".split())


def phrase_mention(text: str, span: Span, kind: str) -> Mention:
    """A subject phrase as a mention: without its leading determiner, a trailing
    apposition, or a clause hung on it ("Scientists using a computer model" ->
    "Scientists")."""
    head = span.root
    clauses = {t.i for c in head.children if c.dep_ in ("acl", "relcl", "appos") for t in c.subtree}
    tokens = [t for t in span if t.i not in clauses]
    cut = len(tokens)
    for i, token in enumerate(tokens):
        if token.is_punct and token.text in ",(;":
            cut = i
            break
    tokens = tokens[:cut] or tokens
    while len(tokens) > 1 and (
        tokens[0].lower_ in LEADING_DETERMINERS
        or (tokens[0].lower_ in _HOW_MANY and tokens[0].dep_ == "amod")
    ):
        tokens.pop(0)  # "most economic analysts" are the economic analysts
    phrase, start, end = span_text(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    return Mention(phrase, start, end, kind, head)


def strip_determiner(phrase: str) -> str:
    """ "the head of international relations" -> "head of international relations"."""
    first, _, rest = phrase.partition(" ")
    return rest if first.lower() in LEADING_DETERMINERS and rest else phrase
