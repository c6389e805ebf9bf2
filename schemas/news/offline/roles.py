"""An actor's role in the story, as the article describes it: an apposition ("Bassem
Naeem, its head of international relations"), a title before the name ("spokeswoman
Maria Zakharova") or the noun an organisation's name modifies ("the Hamas terror
group")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarise.schemas.news.offline.lexicon import (
    ORGANISATION_HEADS,
    ROLE_WORDS,
)
from summarise.schemas.news.offline.mentions import Mention
from summarise.schemas.news.offline.nlp import span_text
from summarise.schemas.news.offline.phrases import strip_determiner

__all__ = ["find_role"]

Token = Any

_MAX_ROLE_WORDS = 14


def find_role(text: str, mentions: Sequence[Mention]) -> str | None:
    """The first role the article gives any of an actor's mentions."""
    for mention in mentions:
        role = _role_at(text, mention)
        if role is not None:
            return role
    return None


def _role_at(text: str, mention: Mention) -> str | None:
    root = mention.root
    for child in root.children:
        # Only an apposition right after the name: the parser sometimes hangs a
        # distant one ("..., Israel, Iran and Hamas, the militant group") on the wrong word.
        if child.dep_ == "appos" and 0 < child.left_edge.i - root.i <= 3:
            return _phrase(text, child)
    if root.dep_ == "appos" and root.head.i < root.i and root.head.pos_ == "NOUN":
        return _phrase(text, root.head)
    titles = [
        c
        for c in root.lefts
        if c.dep_ in ("compound", "nmod", "amod")
        and c.pos_ in ("NOUN", "PROPN")
        and c.idx < mention.start  # before the whole name, not "Maria" of "Maria Zakharova"
    ]
    if titles and titles[-1].lower_ in ROLE_WORDS:
        first = titles[-1].left_edge
        role, _, _ = span_text(text, first.idx, titles[-1].idx + len(titles[-1]))
        return strip_determiner(role)
    if (
        root.dep_ == "compound"
        and root.head.pos_ == "NOUN"
        and root.head.i > root.i
        and root.head.lemma_.lower() in ORGANISATION_HEADS
    ):
        head = root.head  # "the Hamas terror group" -> "terror group"
        modifiers = [c for c in head.lefts if c.i > root.i]
        start = modifiers[0].idx if modifiers else head.idx
        role, _, _ = span_text(text, start, head.idx + len(head))
        return role
    return None


def _phrase(text: str, head: Token) -> str | None:
    tokens = [t for t in head.subtree if t.dep_ != "relcl" or t is head]
    end_token = tokens[0]
    for token in tokens:
        if token.is_punct and token.text in ",;(" and token.i > head.i:
            break
        end_token = token
    phrase, _, _ = span_text(text, tokens[0].idx, end_token.idx + len(end_token))
    phrase = strip_determiner(phrase)
    if not phrase or len(phrase.split()) > _MAX_ROLE_WORDS:
        return None
    return phrase
