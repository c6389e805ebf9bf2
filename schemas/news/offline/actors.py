"""Actors: named entities merged into one actor per referent, with kind, aliases and role.

Merging rules, in order: the same name; a person's surname or name tail ("Putin" ->
"Vladimir Putin"); a spelling variant of a full name ("Moussa"/"Mousa"); an acronym
("EU" -> "European Union"); and a capital used for its government ("Moscow has
blamed ..." -> Russia). Roles come from appositions ("Bassem Naeem, its head of
international relations") and titles before a name ("spokeswoman Maria Zakharova").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from summarise.names import fold_accents, normalise_name
from summarise.schemas.news.model import Actor
from summarise.schemas.news.offline.lexicon import (
    CAPITALS,
    CORPORATE_SUFFIXES,
    COUNTRY_ALIASES,
    INSTITUTION_NOUNS,
    LEADING_DETERMINERS,
    ORGANISATION_WORDS,
    PERSON_ROLE_NOUNS,
    PLACE_NOUNS,
    TIME_ZONES,
    TITLES,
)
from summarise.schemas.news.offline.nlp import span_text
from summarise.types import Evidence

__all__ = ["ActorIndex", "Cluster", "Mention", "find_actors", "is_actor"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs
Span = Any

_LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "group"}
_ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss"}
_MAX_ROLE_WORDS = 14
# "EU leaders said": plural speakers who speak for the body named before them.
_COLLECTIVE_SPEAKERS = {"leader", "official", "minister", "diplomat", "representative"}
# "the Hamas terror group", "the Reuters news agency": heads that describe an organisation.
_ORGANISATION_HEADS = ORGANISATION_WORDS | {
    "movement",
    "militia",
    "outlet",
    "firm",
    "regime",
    "military",
    "channel",
    "newspaper",
    "broadcaster",
    "team",
    "manufacturer",
    "maker",
    "carrier",
    "chain",
}


@dataclass
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


@dataclass(eq=False)  # one object per actor: compared and hashed by identity
class Cluster:
    """Every mention of one actor."""

    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    speaker: bool = False
    from_entities: bool = True

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        key = normalise_name(mention.text)
        if key != normalise_name(self.name) and all(normalise_name(a) != key for a in self.aliases):
            self.aliases.append(mention.text)

    @property
    def acts(self) -> bool:
        """Seen as a subject, agent or possessor: doing or owning, not just a place."""
        return self.speaker or any(_acts(m.root) for m in self.mentions)

    @property
    def substantial(self) -> bool:
        """Acts, speaks, is described, or comes up more than once: not a passing name."""
        return self.acts or self.role is not None or len(self.mentions) > 1


class ActorIndex:
    """The actors of one article, and which actor each token belongs to."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.clusters: list[Cluster] = []
        self._by_key: dict[str, Cluster] = {}
        self._by_token: dict[int, Cluster] = {}

    def at_token(self, index: int) -> Cluster | None:
        """The actor whose mention covers token ``index``, if any."""
        return self._by_token.get(index)

    def named(self, name: str) -> Cluster | None:
        return self._by_key.get(normalise_name(name))

    def speaker_for(self, span: Span) -> Cluster:
        """The actor a subject phrase names, creating one for phrases such as "experts"."""
        head = span.root
        found = self.at_token(head.i)
        if found is not None:
            return found
        if head.lower_ in TITLES | PERSON_ROLE_NOUNS:
            for token in span:  # "Chief Superintendent Graciano Mijares of the police ..."
                named = self.at_token(token.i)
                if named is not None and named.kind == "person" and named.from_entities:
                    return named
        speaks_for_named = head.lemma_.lower() in _ORGANISATION_HEADS or (
            head.tag_ == "NNS" and head.lemma_.lower() in _COLLECTIVE_SPEAKERS
        )
        if speaks_for_named:
            for child in head.children:  # "the Hamas terror group", "EU leaders"
                named = self.at_token(child.i)
                if child.dep_ == "compound" and named is not None:
                    return named
                if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                    for obj in child.children:  # "representatives from Iran"
                        named = self.at_token(obj.i)
                        if obj.dep_ == "pobj" and named is not None:
                            return named
        text, start, end = _trim_phrase(self.text, span)
        cluster = self._by_key.get(normalise_name(text))
        if cluster is None:
            kind = "group" if head.tag_ in ("NNS", "NNPS") else "other"
            if head.lemma_.lower() in PERSON_ROLE_NOUNS and head.tag_ == "NN":
                kind = "person"
            cluster = Cluster(name=text, kind=kind, from_entities=False)
            self.clusters.append(cluster)
            self._by_key[normalise_name(text)] = cluster
        cluster.mentions.append(Mention(text, start, end, cluster.kind, head))
        for token in span:
            self._by_token.setdefault(token.i, cluster)
        return cluster

    def referent(self, head: Token, kind: str) -> Cluster | None:
        """Who "the company" or "the governor" stands for: the latest actor of that kind
        named before it (for a person, preferably one whose role has the word)."""
        before = [
            (m.start, c)
            for c in self.clusters
            if c.from_entities and c.kind == kind
            for m in c.mentions
            if m.start < head.idx
        ]
        if not before:
            return None
        word = head.lower_
        titled = [(s, c) for s, c in before if c.role and word in c.role.lower()]
        return max(titled or before, key=lambda pair: pair[0])[1]

    def _index(self, cluster: Cluster, mention: Mention, doc_span: Span) -> None:
        cluster.add(mention)
        self._by_key.setdefault(normalise_name(mention.text), cluster)
        for token in doc_span:
            self._by_token[token.i] = cluster

    def actors(self) -> list[Actor]:
        """The clusters that are actors, in order of first mention, as ``Actor`` items."""
        chosen = [c for c in self.clusters if is_actor(c)]
        chosen.sort(key=lambda c: min(m.start for m in c.mentions))
        return [_to_actor(self.text, c) for c in chosen]


def find_actors(doc: Any) -> ActorIndex:
    """Cluster the named entities of a parsed article into actors."""
    index = ActorIndex(doc.text)
    mentions = [(m, span) for span in _entity_spans(doc) if (m := _mention(doc.text, span))]
    # Full names first, so that a later surname finds the full name to join.
    mentions.sort(key=lambda pair: (-len(pair[0].tokens), pair[0].start))
    for mention, span in mentions:
        cluster = _match(index, mention)
        if cluster is None:
            cluster = Cluster(name=mention.text, kind=mention.kind)
            index.clusters.append(cluster)
            for alias in COUNTRY_ALIASES.get(normalise_name(mention.text), ()):
                index._by_key.setdefault(normalise_name(alias), cluster)
        index._index(cluster, mention, span)
        # A headline may call a person an ORG; the mentions decide, as they come in.
        cluster.kind = _majority_kind(cluster)
        _parenthetical_alias(index, cluster, span)
    _fold_capitals(index)
    for token in doc:  # "the police used water canons": an actor without a name
        if (
            token.lemma_.lower() in INSTITUTION_NOUNS
            and token.pos_ == "NOUN"
            and token.dep_ in ("nsubj", "nsubjpass")
            and index.at_token(token.i) is None
        ):
            index.speaker_for(doc[token.left_edge.i : token.i + 1]).kind = "organisation"
    for cluster in index.clusters:
        cluster.kind = _majority_kind(cluster)
        cluster.role = _role(doc.text, cluster)
    return index


def _entity_spans(doc: Any) -> list[Span]:
    """Actor-like entities, with organisation names that spaCy split rejoined."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _LABEL_KIND:
            continue
        previous = spans[-1] if spans else None
        if (
            previous is not None
            and previous.end == ent.start
            and doc.text[previous.end_char : ent.start_char] == " "
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


def _mention(text: str, span: Span) -> Mention | None:
    tokens = list(span)
    while tokens and (
        tokens[0].lower_ in LEADING_DETERMINERS
        or (span.label_ == "NORP" and tokens[0].pos_ in ("ADJ", "VERB") and len(tokens) > 1)
        or (tokens[0].lower_.rstrip(".") in TITLES and len(tokens) > 1 and tokens[1].is_title)
    ):
        tokens.pop(0)
    if any(t.text == "(" for t in tokens):  # "Phivolcs" in "... Seismology (Phivolcs"
        tokens = tokens[: next(i for i, t in enumerate(tokens) if t.text == "(")]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens.pop()
    if len(tokens) >= 3 and span.label_ == "PERSON":
        # "Air Force James Roche", "President of Ukraine Volodymyr Zelenskyy": a title or
        # an organisation run into the name. The name is what follows the last of them.
        stops = ORGANISATION_WORDS | TITLES | {"of", "state", "states"}
        cut = max((i for i, t in enumerate(tokens) if t.lower_ in stops), default=-1)
        if 0 <= cut < len(tokens) - 1:
            tokens = tokens[cut + 1 :]
            tokens = tokens[-2:] if len(tokens) > 3 else tokens
    if not tokens or (len(tokens) == 1 and tokens[0].text in TIME_ZONES):
        return None
    name, start, end = span_text(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(name) < 2 or not any(ch.isupper() for ch in name):
        return None
    kind = _LABEL_KIND[span.label_]
    if span.label_ == "NORP" and span.root.tag_ not in ("NNPS", "NNS"):
        kind = "adjective"  # "Russian officials": the demonym is not itself an actor
    if kind == "organisation" and _looks_like_person(tokens, span.root):
        kind = "person"
    if kind == "person" and any(t.lower_ in ORGANISATION_WORDS for t in tokens):
        kind = "organisation"
    return Mention(name, start, end, kind, span.root)


def _looks_like_person(tokens: list[Token], root: Token) -> bool:
    """An "organisation" that is a personal name in apposition with a person's role."""
    if not 2 <= len(tokens) <= 3 or not all(t.is_title and t.is_alpha for t in tokens):
        return False
    if any(t.lower_ in ORGANISATION_WORDS for t in tokens):
        return False
    appositions = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        appositions.append(root.head)
    return any(a.lemma_.lower() in PERSON_ROLE_NOUNS for a in appositions)


def _match(index: ActorIndex, mention: Mention) -> Cluster | None:
    key = normalise_name(mention.text)
    if key in index._by_key:
        return index._by_key[key]
    if mention.kind == "adjective":
        return None
    words = [fold_accents(w) for w in mention.tokens]
    for cluster in index.clusters:
        if cluster.kind == "organisation" and mention.kind == "organisation":
            names = cluster.name.split()
            rest = [n.lower() for n in names[len(words) :]]
            if (
                names[: len(words)] == mention.tokens
                and rest
                and all(r in CORPORATE_SUFFIXES for r in rest)
            ):
                return cluster  # "Apple" -> "Apple Inc.", "Kmart" -> "Kmart Corp."
        if cluster.kind != "person" or mention.kind not in ("person", "country", "organisation"):
            continue
        names = [fold_accents(n) for n in cluster.name.split()]
        first_name = len(words) == 1 and len(names) >= 2 and mention.tokens[0].istitle()
        if first_name and (len(words[0]) >= 3 and names[0].startswith(words[0])):
            return cluster  # "Brigid" -> "Brigid Kosgei", "Tim" -> "Timothy D. Cook"
        if (
            len(words) == 2
            and len(names) >= 2
            and words[-1] == names[-1]
            and len(words[0]) >= 3
            and names[0].startswith(words[0])
        ):
            return cluster  # "Tim Cook" -> "Timothy D. Cook"
        if len(words) < len(names) and names[-len(words) :] == words:
            return cluster  # "Putin" -> "Vladimir Putin", "Abu Marzouk" -> "Mousa Abu Marzouk"
        if (
            mention.kind == "person"
            and len(words) >= 2
            and len(words) <= len(names)
            and words[-1] == names[-1]
            and fuzz.ratio(" ".join(words[:-1]), " ".join(names[-len(words) : -1])) >= 70
        ):
            return cluster  # "Baghiri Kani" -> "Ali Baheri Kani"
    for cluster in index.clusters:
        if cluster.kind == mention.kind and fuzz.ratio(key, normalise_name(cluster.name)) >= 90:
            return cluster  # "Moussa Abu Marzouk" -> "Mousa Abu Marzouk"
        initials = _initials(cluster.name)
        if re.fullmatch(r"[A-Z]{2,6}", mention.text) and (
            initials == mention.text or (len(mention.text) >= 3 and initials.endswith(mention.text))
        ):
            return cluster  # "EU" -> "European Union"; "CPD" -> "US Commission on ..."
    return None


def _fold_capitals(index: ActorIndex) -> None:
    """Move "Moscow has blamed ..." into Russia's actor; "in Moscow" stays a place."""
    for cluster in list(index.clusters):
        country = CAPITALS.get(normalise_name(cluster.name))
        target = index._by_key.get(country) if country else None
        if target is None or target is cluster:
            continue
        acting = [m for m in cluster.mentions if _acting_dep(m.root) in _ACTOR_DEPS]
        for mention in acting:
            cluster.mentions.remove(mention)
            target.add(mention)
            index._by_token[mention.root.i] = target
        if not cluster.mentions:
            index.clusters.remove(cluster)


def _acts(root: Token) -> bool:
    """Subject, agent or possessor of something: but "X is a nation" (a copula) and
    "Kenya's Brigid Kosgei" (possessing a person) are not acts."""
    dep = _acting_dep(root)
    head_word = root.head.lower_
    if dep == "pobj" and root.head.dep_ == "agent":
        return True  # "held by Mary Keitany"
    if dep == "pobj" and head_word == "with" and root.head.head.lower_ in ("along", "together"):
        return True  # "Planned Parenthood, along with the ACLU, have announced"
    if (
        dep == "dobj"
        and root.ent_type_ in ("ORG", "PERSON")
        and len(root.doc[root.left_edge.i : root.i + 1]) >= 2
    ):
        return True  # "bail out Lehman Brothers": acted upon, by name
    if dep not in _ACTOR_DEPS:
        return False
    head = root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if dep in ("nsubj", "nsubjpass") and head.head.lemma_ == "be":
        return False
    return not (dep == "poss" and head.head.ent_type_ == "PERSON")


def _parenthetical_alias(index: ActorIndex, cluster: Cluster, span: Span) -> None:
    """ "Bombay Stock Exchange (BSE)": the bracketed short name is an alias."""
    doc = span.doc
    tokens = list(span)
    opening = next((t.i for t in tokens if t.text == "("), None)
    if opening is None and span.end + 2 < len(doc) and doc[span.end].text == "(":
        opening = span.end
    if opening is None or opening + 2 >= len(doc) or doc[opening + 2].text != ")":
        return
    short = doc[opening + 1]
    if short.is_alpha and len(short.text) <= 12 and short.text[:1].isupper():
        index._by_key.setdefault(normalise_name(short.text), cluster)
        same = normalise_name(short.text) == normalise_name(cluster.name)
        if short.text not in cluster.aliases and not same:
            cluster.aliases.append(short.text)
        index._by_token.setdefault(short.i, cluster)
        cluster.mentions.append(
            Mention(short.text, short.idx, short.idx + len(short), cluster.kind, short)
        )


def _acting_dep(token: Token) -> str:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    dep: str = token.dep_
    return dep


def _majority_kind(cluster: Cluster) -> str:
    kinds = [m.kind for m in cluster.mentions if m.kind != "adjective"]
    if not kinds:
        return "group"
    if "person" in kinds and cluster.kind == "person":
        return "person"
    # dict.fromkeys, not set: ties go to the first-mentioned kind whatever the hash seed.
    return max(dict.fromkeys(kinds), key=lambda k: (kinds.count(k), k == "person"))


def is_actor(cluster: Cluster) -> bool:
    """Whether a cluster is an actor of the story, not a place, a product or a bare
    adjective. People and organisations named once in passing ("in honor of Martin
    Luther King", "the iPhone") are left out unless they act or are described."""
    if not cluster.mentions or all(m.kind == "adjective" for m in cluster.mentions):
        return cluster.speaker
    if cluster.speaker:
        return True
    if any(_is_place(m.root) for m in cluster.mentions) and not cluster.acts:
        return False  # "the city of Khan Younis", "the al-Shifa hospital"
    if any(ch.isdigit() for ch in cluster.name):
        return False  # "COVID-19", "A380": diseases and products, not actors
    if cluster.kind in ("person", "organisation"):
        return cluster.substantial
    return cluster.acts


def _is_place(root: Token) -> bool:
    """'the al-Shifa hospital', 'the area of Al-Bureij': a name used for a place."""
    if root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS:
        return True
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("in", "near"):
        return True
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS


def _role(text: str, cluster: Cluster) -> str | None:
    for mention in cluster.mentions:
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
        if titles and titles[-1].lower_ in PERSON_ROLE_NOUNS | TITLES:
            first = titles[-1].left_edge
            role, _, _ = span_text(text, first.idx, titles[-1].idx + len(titles[-1]))
            return _strip_determiner(role)
        if (
            root.dep_ == "compound"
            and root.head.pos_ == "NOUN"
            and root.head.i > root.i
            and root.head.lemma_.lower() in _ORGANISATION_HEADS
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
    phrase = _strip_determiner(phrase)
    if not phrase or len(phrase.split()) > _MAX_ROLE_WORDS:
        return None
    return phrase


def _trim_phrase(text: str, span: Span) -> tuple[str, int, int]:
    """A subject phrase without its leading determiner, a trailing apposition, or a
    clause hung on it ("Scientists using a computer model" -> "Scientists")."""
    head = span.root
    clauses = {t.i for c in head.children if c.dep_ in ("acl", "relcl", "appos") for t in c.subtree}
    tokens = [t for t in span if t.i not in clauses]
    cut = len(tokens)
    for i, token in enumerate(tokens):
        if token.is_punct and token.text in ",(;":
            cut = i
            break
    tokens = tokens[:cut] or tokens
    while len(tokens) > 1 and tokens[0].lower_ in LEADING_DETERMINERS:
        tokens.pop(0)
    return span_text(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def _strip_determiner(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return rest if first.lower() in LEADING_DETERMINERS and rest else phrase


def _to_actor(text: str, cluster: Cluster) -> Actor:
    seen: set[str] = set()
    evidence: list[Evidence] = []
    for mention in sorted(cluster.mentions, key=lambda m: m.start):
        if normalise_name(mention.text) in seen or len(evidence) == 3:
            continue
        seen.add(normalise_name(mention.text))
        evidence.append(
            Evidence(
                quote=text[mention.start : mention.end],
                start=mention.start,
                end=mention.end,
                status="exact",
            )
        )
    default_role = {
        "person": "person named in the story",
        "organisation": "organisation named in the story",
        "country": "country involved in the story",
        "group": "group named in the story",
    }.get(cluster.kind, "named in the story")
    if cluster.speaker and cluster.role is None:
        default_role = "quoted source"
    return Actor(
        name=cluster.name,
        kind=cluster.kind
        if cluster.kind in ("person", "organisation", "country", "group")
        else "other",
        role=cluster.role or default_role,
        aliases=list(cluster.aliases),
        evidence=evidence,
    )


def _initials(name: str) -> str:
    skip = {"of", "the", "for", "and", "on", "in", "de"}
    return "".join(w[0] for w in name.split() if w.lower() not in skip and w[:1].isupper())
