"""An actor's role in the story, as the article describes it: an apposition ("Bassem
Naeem, its head of international relations"), a title before the name ("spokeswoman
Maria Zakharova") or the noun an organisation's name modifies ("the Hamas terror
group")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarise.schemas.news.offline.lexicon import (
    ORGANISATION_HEADS,
    PLACE_LABELS,
    ROLE_WORDS,
)
from summarise.schemas.news.offline.mentions import Mention
from summarise.schemas.news.offline.nlp import first_of_list, renamed, span_text
from summarise.schemas.news.offline.phrases import strip_determiner

__all__ = ["find_role"]

Token = Any

_MAX_ROLE_WORDS = 14
_CLAUSE_ENDS = {",", ";", "(", "--", "—", "–", ":"}


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
            if child.pos_ == "PROPN" and child.ent_type_ in PLACE_LABELS:
                continue  # "Ciudad Juárez, Mexico": where it is, not what it is
            return _phrase(text, child)
    role = _renamed(text, root) or _title(text, root, mention) or _organisation_head(text, root)
    first = first_of_list(root)  # "automakers -- Chrysler, Ford and GM": each is an automaker
    if role is None and first is not root:
        role = _renamed(text, first)
    return role


def _renamed(text: str, name: Token) -> str | None:
    """The noun a name is in apposition with: "a Republican, Mark Amodei"."""
    head = renamed(name, pos=("NOUN",))
    return None if head is None else _phrase(text, head, before=name.left_edge.i)


def _title(text: str, root: Token, mention: Mention) -> str | None:
    """A title before the name: "spokeswoman Maria Zakharova"."""
    titles = [
        c
        for c in root.lefts
        if c.dep_ in ("compound", "nmod", "amod")
        and c.pos_ in ("NOUN", "PROPN")
        and c.idx < mention.start  # before the whole name, not "Maria" of "Maria Zakharova"
    ]
    if titles and titles[-1].lower_ in ROLE_WORDS:
        first = titles[-1].left_edge
        doc = root.doc
        while first.i >= 2 and doc[first.i - 1].text == "-" and not doc[first.i - 2].whitespace_:
            first = doc[first.i - 2]  # "Vice-President" is one title, not "President"
        role, _, _ = span_text(text, first.idx, titles[-1].idx + len(titles[-1]))
        return strip_determiner(role)
    return None


def _organisation_head(text: str, root: Token) -> str | None:
    """The organisation noun a name modifies: "the Hamas terror group" -> "terror group"."""
    head = root.head
    if (
        root.dep_ == "compound"
        and head.pos_ == "NOUN"
        and head.i > root.i
        and head.lemma_.lower() in ORGANISATION_HEADS
    ):
        modifiers = [c for c in head.lefts if c.i > root.i]
        start = modifiers[0].idx if modifiers else head.idx
        role, _, _ = span_text(text, start, head.idx + len(head))
        return role
    return None


def _phrase(text: str, head: Token, before: int | None = None) -> str | None:
    """The words ``head`` heads, up to a clause's end or the token at ``before`` (the
    name the phrase describes: "three former presidents Jimmy Carter")."""
    tokens = [t for t in head.subtree if t.dep_ != "relcl" or t is head]
    end_token = tokens[0]
    for token in tokens:
        if token.i > head.i and (
            (token.is_punct and token.text in _CLAUSE_ENDS) or token.i == before
        ):
            break
        end_token = token
    phrase, _, _ = span_text(text, tokens[0].idx, end_token.idx + len(end_token))
    phrase = strip_determiner(phrase)
    if not phrase or len(phrase.split()) > _MAX_ROLE_WORDS:
        return None
    return phrase
