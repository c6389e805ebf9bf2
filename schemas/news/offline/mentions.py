"""Mentions: the names of people, organisations, countries and groups, as written.

A mention is a named entity trimmed of what is not its name: a leading determiner or
title ("the", "President"), a possessive, a bracketed short name, a title or an
organisation that the tagger ran into a person's name ("Air Force James Roche"). Its
kind comes from the entity label, corrected where the parse says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from summarise.schemas.news.offline.lexicon import (
    ACTOR_LABELS,
    CORPORATE_SUFFIXES,
    LEADING_DETERMINERS,
    OFFICE_PREPOSITIONS,
    ORGANISATION_WORDS,
    PERSON_ROLE_NOUNS,
    ROLE_WORDS,
    TIME_ZONES,
    TITLES,
)
from summarise.schemas.news.offline.nlp import span_text

__all__ = ["Mention", "find_mentions"]

# A word of a person's name: "Tam", "Man-kei", "Matovič"; not "Forces'" or "Corps-".
_NAME_WORD = re.compile(r"[A-Z][a-zà-ž]+(?:-[A-Za-zà-ž]+)*")

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs
Span = Any

# Organisation words that are never a surname: "Jim Press" and "Margaret Court" are people.
_UNMISTAKABLY_ORGANISATION = ORGANISATION_WORDS - {"press", "post", "times", "court", "trust"}


@dataclass(frozen=True)
class Mention:
    """One occurrence of an actor's name, trimmed of titles and determiners."""

    text: str
    start: int
    end: int
    kind: str
    root: Token

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


def find_mentions(doc: Any, text: str) -> list[tuple[Mention, Span]]:
    """Every actor-like entity of the parsed article as a mention, with its span."""
    lower_words = {t.text for t in doc if t.is_lower}
    return [
        (m, span)
        for span in _entity_spans(doc, text)
        if not _common_word_capitalised(span, lower_words) and (m := _mention(text, span))
    ]


def _common_word_capitalised(span: Span, lower_words: set[str]) -> bool:
    """ "Photographs of the injuries ...", '"Guardrails can only take so much"': a common
    noun capitalised because a sentence or a quotation starts with it, which the article
    writes in lower case elsewhere ("guardrail", "photographs")."""
    if len(span) != 1:
        return False
    token = span[0]
    before = token.doc[token.i - 1] if token.i > 0 else None
    opens = token.is_sent_start or (before is not None and before.is_quote)
    word = token.text.lower()
    return bool(opens) and (word in lower_words or word.rstrip("s") in lower_words)


def _entity_spans(doc: Any, text: str) -> list[Span]:
    """Actor-like entities, with organisation names that spaCy split rejoined."""
    spans: list[Span] = []
    for whole in doc.ents:
        if whole.label_ not in ACTOR_LABELS:
            continue
        *firsts, ent = _run_together(doc, whole)
        spans.extend(firsts)
        previous = spans[-1] if spans else None
        if (
            previous is not None
            and previous.end == ent.start
            and text[previous.end_char : ent.start_char] == " "
            and previous[-1].tag_ != "POS"  # "United States' NBA" is the NBA
            and ent.text[:1].isupper()
            and ent.label_ in ("GPE", "ORG")  # never "Detroit Pistons" + "Chauncey Billups"
            and (
                previous.label_ == "ORG"  # "United Against Nuclear" + "Iran"
                or (  # "United States" + "Senate"
                    previous.label_ == "GPE"
                    and ent.label_ == "ORG"
                    and ent.root.lower_ in ORGANISATION_WORDS | {"senate", "congress"}
                )
                or (  # "Russian" + "Foreign Ministry", but not "Japanese" + "Toyota"
                    previous.label_ == "NORP"
                    and ent.label_ == "ORG"
                    and ent.root.lower_ in ORGANISATION_WORDS
                )
            )
        ):
            spans[-1] = doc.char_span(previous.start_char, ent.end_char, label="ORG")
            continue
        spans.append(ent)
    return [s for s in spans if s is not None]


def _run_together(doc: Any, ent: Span) -> list[Span]:
    """Two names the tagger ran into one: an office holder's after the body
    (:func:`_office_holder`), or "making Ferraro the Democratic Party's first candidate",
    Ferraro and the Democratic Party, split at a "the" between a name and a name of two
    words or more ("Ivan the Terrible" is one name)."""
    holder = _office_holder(doc, ent)
    if holder is not None:
        return holder
    for token in ent[1:-1]:
        before, after = doc[token.i - 1], ent[token.i - ent.start + 1 :]
        named_after = [t for t in after if t.is_title]
        if token.lower_ == "the" and before.is_title and len(named_after) >= 2:
            label = ent.label_
            first = doc.char_span(ent.start_char, before.idx + len(before), label=label)
            return [first, doc.char_span(token.idx, ent.end_char, label=label)]
    return [ent]


def _office_holder(doc: Any, ent: Span) -> list[Span] | None:
    """ "director of Amnesty International Man-kei Tam": the body an office belongs to
    and the person holding it, which the tagger read as one organisation. The name is
    the last two capitalised words, after an office and "of", "for" or "from"; a body's own
    words ("Society", "Forces") and a body left with no name of its own keep it whole.
    "Secretary of the Air Force for Acquisition Marvin Sambur" holds office in the Air
    Force."""
    before = doc[ent.start - 2 : ent.start]
    if ent.label_ != "ORG" or len(before) < 2 or len(ent) < 3:
        return None
    office, preposition = before
    if preposition.lower_ not in OFFICE_PREPOSITIONS or office.lower_ not in ROLE_WORDS:
        return None
    words = ent.text.split()
    if len(words) < 3 or not all(_NAME_WORD.fullmatch(w) for w in words[-2:]):
        return None
    name_start = ent.end_char - len(" ".join(words[-2:]))
    # "the Air Force for Acquisition": the office's own remit is no part of the body.
    remit = ent.text.find(" for ", 0, name_start - ent.start_char)
    body_end = name_start - 1 if remit < 0 else ent.start_char + remit
    body = doc.char_span(ent.start_char, body_end, label="ORG")
    name = doc.char_span(name_start, ent.end_char, label="PERSON")
    if body is None or name is None or words[-1].lower() in ORGANISATION_WORDS:
        return None
    if not any(t.is_title and t.lower_ not in LEADING_DETERMINERS for t in body):
        return None
    return [body, name]


def _title_is_name(span: Span, tokens: list[Any]) -> bool:
    """Whether a title word opens an organisation's own name: "General Motors", "General
    Motors Corporation", "General Motors' businesses", where no one holds the title."""
    words = [t for t in tokens if t.tag_ != "POS" and not t.is_punct]  # the name, as owner
    last = words[-1].lower_
    return span.label_ == "ORG" and (
        len(words) == 2 or last in ORGANISATION_WORDS or last in CORPORATE_SUFFIXES
    )


def _mention(text: str, span: Span) -> Mention | None:
    tokens = list(span)
    while tokens and (
        tokens[0].lower_ in LEADING_DETERMINERS
        or tokens[0].is_quote  # 'the "New GM"': the name is inside the quotation marks
        or (span.label_ == "NORP" and tokens[0].pos_ in ("ADJ", "VERB") and len(tokens) > 1)
        or (
            tokens[0].lower_.rstrip(".") in TITLES
            and len(tokens) > 1
            and tokens[1].is_title
            and not _title_is_name(span, tokens)
        )
    ):
        tokens.pop(0)
    if any(t.text == "(" for t in tokens):  # "Phivolcs" in "... Seismology (Phivolcs"
        tokens = tokens[: next(i for i, t in enumerate(tokens) if t.text == "(")]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens.pop()
    if len(tokens) >= 3 and span.label_ == "PERSON":
        # "Air Force James Roche", "President of Ukraine Volodymyr Zelenskyy": a title or
        # an organisation run into the name. The name is what follows the last of them.
        stops = ORGANISATION_WORDS | TITLES | {"of", "for", "to", "state", "states", "force"}
        cut = max((i for i, t in enumerate(tokens) if t.lower_ in stops), default=-1)
        if 0 <= cut < len(tokens) - 1:
            tokens = tokens[cut + 1 :]
            tokens = tokens[-2:] if len(tokens) > 3 else tokens
    if not tokens or (len(tokens) == 1 and tokens[0].text in TIME_ZONES):
        return None
    if len(tokens) == 1 and span.label_ == "PERSON" and tokens[0].lower_ in ROLE_WORDS:
        return None  # "Erwin Chemerinsky, Dean of ...": a title, no one's name
    name, start, end = span_text(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(name) < 2 or not any(ch.isupper() for ch in name):
        return None
    kind = ACTOR_LABELS[span.label_]
    if span.label_ == "NORP" and span.root.tag_ not in ("NNPS", "NNS"):
        kind = "adjective"  # "Russian officials": the demonym is not itself an actor
    if kind in ("organisation", "country") and _titled(span.root):
        named = _name_after_title(tokens, span)
        if named:  # "President of Ukraine Volodymyr Zelenskyy", tagged as an organisation
            tokens, kind = named, "person"
            name, start, end = span_text(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if kind == "organisation" and _looks_like_person(tokens, span.root):
        kind = "person"
    if kind == "person" and any(t.lower_ in _UNMISTAKABLY_ORGANISATION for t in tokens):
        kind = "organisation"
    return Mention(name, start, end, kind, span.root)


def _titled(root: Token) -> bool:
    """The object of a title's "of", "to" or "for": "President of ...", "Ambassador to
    ...", "Assistant Secretary for ..."."""
    preposition = root.head
    return (
        root.dep_ == "pobj"
        and preposition.lower_ in ("of", "to", "for")
        and preposition.head.lemma_.lower() in ROLE_WORDS
    )


def _name_after_title(tokens: list[Token], span: Span) -> list[Token] | None:
    """The personal name that ends an entity after a title and the place or body it
    serves ("Ukraine Volodymyr Zelenskyy", "[the United Nations] Nikki Haley"): two
    capitalised words, with that place or body before them. "Director of Amnesty
    International" names no one, nor does "University of Southern California"."""
    if len(tokens) < 2:
        return None
    if len(tokens) == 2:
        before_span = span.doc[span.start - 1] if span.start > 0 else None
        if before_span is None or before_span.ent_iob_ in ("O", ""):
            return None  # nothing named between the title and these two words
    name = tokens[-2:]
    if not all(t.is_title and t.is_alpha and t.pos_ == "PROPN" for t in name):
        return None
    if any(t.lower_ in ORGANISATION_WORDS for t in name):
        return None
    before = tokens[-3] if len(tokens) >= 3 else None
    if before is not None and before.lower_ in ("of", "the", "and", "for", "&"):
        return None
    return name


def _looks_like_person(tokens: list[Token], root: Token) -> bool:
    """An "organisation" that is a personal name in apposition with a person's role, or
    listed with people."""
    if not 2 <= len(tokens) <= 3 or not all(t.is_title and t.is_alpha for t in tokens):
        return False
    if any(t.lower_ in ORGANISATION_WORDS for t in tokens):
        return False
    if any(other.ent_type_ == "PERSON" for other in root.conjuncts):
        return True  # "Eliot Engel, Adam Schiff, and Elijah Cummings": a list of people
    appositions = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        appositions.append(root.head)
    return any(a.lemma_.lower() in PERSON_ROLE_NOUNS for a in appositions)
