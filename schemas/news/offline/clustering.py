"""Actors: mentions merged into one cluster per referent, with kind, aliases and role.

Merging rules, in order: the same name; a person's surname or name tail ("Putin" ->
"Vladimir Putin"); a spelling variant of a full name ("Moussa"/"Mousa"); an acronym
("EU" -> "European Union"); and a capital used for its government ("Moscow has
blamed ..." -> Russia). Institutions that act under a common noun ("the police fired")
are actors too, and a bare one ("the police said") is the one named before it ("South
Korean police"). Roles come from :mod:`.roles`.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from summarise.names import fold_accents, normalise_name
from summarise.schemas.news.offline.cast import acting_dep
from summarise.schemas.news.offline.index import ActorIndex, Cluster, short_for_company
from summarise.schemas.news.offline.layout import Layout
from summarise.schemas.news.offline.lexicon import (
    CAPITALS,
    COUNTRY_ALIASES,
    INSTITUTION_NOUNS,
)
from summarise.schemas.news.offline.mentions import Mention, find_mentions
from summarise.schemas.news.offline.phrases import phrase_mention
from summarise.schemas.news.offline.roles import find_role

__all__ = ["find_actors"]

Span = Any

_ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss"}
_COUNTRY_NAMES = {
    normalise_name(n) for key, aliases in COUNTRY_ALIASES.items() for n in (key, *aliases)
}
# Words that give a person another name right after them: "under the ring name".
_KNOWN_AS = re.compile(
    r"(?:(?:ring|stage|pen|screen|code|nom de guerre) name|known as|nicknamed|alias|"
    r"a\.k\.a\.?)\s*$",
    re.IGNORECASE,
)
_STATE_FORM = re.compile(
    r"^(?:(?:Islamic|People's|People’s|Democratic|Federal|Socialist|Arab|United|"
    r"Federative|Plurinational|Bolivarian|Hashemite|Cooperative)\s+)*"
    r"(?:Republic|Kingdom|State|Commonwealth|Federation|Sultanate|Emirate|Principality|"
    r"Grand Duchy)\s+of\s+(?:the\s+)?(.+)$"
)


def find_actors(doc: Any, text: str, layout: Layout) -> ActorIndex:
    """Cluster the named entities of a parsed article into actors (names in links and
    bylines, all but people in captions, and an interview's questioner are the page,
    not the story)."""
    builder = _Builder(text)
    mentions = [
        (m, span)
        for m, span in find_mentions(doc, text)
        if layout.names_actors(m.start, m.kind, m.text)
    ]
    # Full names first, so that a later surname finds the full name to join.
    mentions.sort(key=lambda pair: (-len(pair[0].tokens), pair[0].start))
    for mention, span in mentions:
        builder.add_entity(mention, span)
    builder.fold_capitals()
    for token in doc:  # "the police used water canons": an actor without a name
        if (
            token.lemma_.lower() in INSTITUTION_NOUNS
            and token.pos_ == "NOUN"
            and token.dep_ in ("nsubj", "nsubjpass")
            and token.i not in builder.by_token
            and layout.names_actors(token.idx, "organisation")
        ):
            builder.add_institution(doc[token.left_edge.i : token.i + 1])
    return builder.finish()


class _Builder:
    """The clusters while they are being made: the one place that changes them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.clusters: list[Cluster] = []
        self.by_key: dict[str, Cluster] = {}
        self.by_token: dict[int, Cluster] = {}
        # Which clusters a new name could join, found by the first letters of its words
        # and by initials, so that matching reads a handful of clusters, not all of them.
        self._order: dict[Cluster, int] = {}
        self._by_stem: dict[str, list[Cluster]] = {}

    def _new(self, cluster: Cluster) -> Cluster:
        self._order[cluster] = len(self._order)
        self.clusters.append(cluster)
        initials = _initials(cluster.name)
        stems = {_stem(w) for w in cluster.name.split()}
        stems |= {"^" + initials[-n:] for n in range(2, len(initials) + 1)}
        for stem in stems:
            self._by_stem.setdefault(stem, []).append(cluster)
        return cluster

    def _candidates(self, mention: Mention) -> list[Cluster]:
        """Every cluster the matching rules could join ``mention`` to, in the order made."""
        stems = {_stem(w) for w in mention.tokens} | {"^" + mention.text}
        found = {c for stem in stems for c in self._by_stem.get(stem, ())}
        return sorted((c for c in found if c in self._order), key=self._order.__getitem__)

    def add_entity(self, mention: Mention, span: Span) -> None:
        cluster = self._match(mention) or self._known_as(mention, span)
        if cluster is None:
            cluster = self._new(Cluster(name=mention.text, kind=mention.kind))
            for alias in COUNTRY_ALIASES.get(normalise_name(mention.text), ()):
                self.by_key.setdefault(normalise_name(alias), cluster)
        if _state_form_of(cluster.name) == mention.text:
            # "Islamic Republic of Iran", then "Iran": the country goes by its short name.
            cluster.aliases.append(cluster.name)
            cluster.name = mention.text
        cluster.add(mention)
        self.by_key.setdefault(normalise_name(mention.text), cluster)
        for token in span:
            self.by_token[token.i] = cluster
        # A headline may call a person an ORG; the mentions decide, as they come in.
        cluster.kind = _majority_kind(cluster)
        self._parenthetical_alias(cluster, span)

    def add_institution(self, span: Span) -> None:
        mention = phrase_mention(self.text, span, "organisation")
        key = normalise_name(mention.text)
        cluster = self.by_key.get(key) or self._named_institution(mention)
        if cluster is None:
            cluster = self._new(
                Cluster(name=mention.text, kind="organisation", from_entities=False)
            )
        # Kept by its key either way, so a later "the police" is found, not searched for.
        self.by_key.setdefault(key, cluster)
        cluster.mentions.append(mention)
        for token in span:
            self.by_token.setdefault(token.i, cluster)

    def _named_institution(self, mention: Mention) -> Cluster | None:
        """The institution named before that a bare "the police" refers back to ("South
        Korean police"): the one phrase-made organisation whose name ends in the word."""
        key = normalise_name(mention.text)
        if " " in key:
            return None
        named = [
            c
            for c in self._candidates(mention)
            if not c.from_entities and c.kind == "organisation"
            and normalise_name(c.name).endswith(f" {key}")
        ]  # fmt: skip
        return named[0] if len(named) == 1 else None

    def fold_capitals(self) -> None:
        """Move "Moscow has blamed ..." into Russia's actor; "in Moscow" stays a place."""
        for cluster in list(self.clusters):
            country = CAPITALS.get(normalise_name(cluster.name))
            target = self.by_key.get(country) if country else None
            if target is None or target is cluster:
                continue
            acting = [m for m in cluster.mentions if acting_dep(m.root) in _ACTOR_DEPS]
            for mention in acting:
                cluster.mentions.remove(mention)
                target.add(mention)
                self.by_token[mention.root.i] = target
            if not cluster.mentions:
                self.clusters.remove(cluster)
                del self._order[cluster]

    def finish(self) -> ActorIndex:
        for cluster in self.clusters:
            cluster.kind = _majority_kind(cluster)
            cluster.role = find_role(self.text, cluster.mentions)
        return ActorIndex(self.text, self.clusters, self.by_key, self.by_token)

    def _match(self, mention: Mention) -> Cluster | None:
        key = normalise_name(mention.text)
        if key in self.by_key:
            return self.by_key[key]
        if mention.kind == "adjective":
            return None
        words = [fold_accents(w) for w in mention.tokens]
        candidates = self._candidates(mention)
        for cluster in candidates:
            if cluster.kind == "organisation" and mention.kind == "organisation":
                if short_for_company(mention.tokens, cluster.name):
                    return cluster  # "Apple" -> "Apple Inc.", "Kmart" -> "Kmart Corp."
                if _same_body(mention.tokens, cluster.name.split()):
                    return cluster  # "Senate" -> "United States Senate"
            if cluster.kind != "person" or mention.kind == "group":
                continue  # a group ("Palestinians") is never one person
            if _same_person(words, mention, [fold_accents(n) for n in cluster.name.split()]):
                return cluster
        for cluster in candidates:
            if _state_form_of(cluster.name) == mention.text:
                return cluster  # "Iran" -> "Islamic Republic of Iran"
            if cluster.kind == mention.kind and fuzz.ratio(key, normalise_name(cluster.name)) >= 90:
                return cluster  # "Moussa Abu Marzouk" -> "Mousa Abu Marzouk"
            initials = _initials(cluster.name)
            if re.fullmatch(r"[A-Z]{2,6}", mention.text) and (
                initials == mention.text
                or (len(mention.text) >= 3 and initials.endswith(mention.text))
            ):
                return cluster  # "EU" -> "European Union"; "CPD" -> "US Commission on ..."
        return None

    def _known_as(self, mention: Mention, span: Span) -> Cluster | None:
        """The person a name is another name of: "Jon Huber, who wrestled under the ring
        name Luke Harper", "Michael Jackson, known as the King of Pop". The name becomes
        an alias of the person named before it in the sentence."""
        sentence = span.sent
        if mention.kind != "person" or not _KNOWN_AS.search(
            self.text, sentence.start_char, mention.start
        ):
            return None
        before = (self.by_token.get(i) for i in range(span.start - 1, sentence.start - 1, -1))
        person = next((c for c in before if c is not None and c.kind == "person"), None)
        if person is not None and mention.text not in person.aliases:
            person.aliases.append(mention.text)
        return person

    def _parenthetical_alias(self, cluster: Cluster, span: Span) -> None:
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
            self.by_key.setdefault(normalise_name(short.text), cluster)
            same = normalise_name(short.text) == normalise_name(cluster.name)
            if short.text not in cluster.aliases and not same:
                cluster.aliases.append(short.text)
            self.by_token.setdefault(short.i, cluster)
            cluster.mentions.append(
                Mention(short.text, short.idx, short.idx + len(short), cluster.kind, short)
            )


def _same_person(words: list[str], mention: Mention, names: list[str]) -> bool:
    """Whether a shorter or variant name is the person ``names`` already names."""
    first_name = len(words) == 1 and len(names) >= 2 and mention.tokens[0].istitle()
    if first_name and (len(words[0]) >= 3 and names[0].startswith(words[0])):
        return True  # "Brigid" -> "Brigid Kosgei", "Tim" -> "Timothy D. Cook"
    if (
        len(words) == 2
        and len(names) >= 2
        and words[-1] == names[-1]
        and len(words[0]) >= 3
        and names[0].startswith(words[0])
    ):
        return True  # "Tim Cook" -> "Timothy D. Cook"
    if len(words) < len(names) and names[-len(words) :] == words:
        return True  # "Putin" -> "Vladimir Putin", "Abu Marzouk" -> "Mousa Abu Marzouk"
    return (
        mention.kind == "person"
        and len(words) >= 2
        and len(words) <= len(names)
        and words[-1] == names[-1]
        and fuzz.ratio(" ".join(words[:-1]), " ".join(names[-len(words) : -1])) >= 70
    )  # "Baghiri Kani" -> "Ali Baheri Kani"


def _same_body(words: list[str], names: list[str]) -> bool:
    """Whether two organisation names name one body: the same name once the country it
    belongs to is dropped, and the "of ..." saying what it governs, unless both say it
    and differ. "U.S. House" and "House of Representatives" are one; "Department of
    Justice" and "Department of State" are two."""
    (core, scope), (other_core, other_scope) = _body(words), _body(names)
    return core == other_core and (not scope or not other_scope or scope == other_scope)


def _body(words: list[str]) -> tuple[list[str], list[str]]:
    for n in range(len(words) - 1, 0, -1):
        if normalise_name(" ".join(words[:n])) in _COUNTRY_NAMES:
            words = words[n:]
            break
    if "of" in words[1:]:
        cut = words.index("of", 1)
        return words[:cut], words[cut + 1 :]
    return words, []


def _majority_kind(cluster: Cluster) -> str:
    kinds = [m.kind for m in cluster.mentions if m.kind != "adjective"]
    if not kinds:
        return "group"
    if "person" in kinds and cluster.kind == "person":
        return "person"
    # dict.fromkeys, not set: ties go to the first-mentioned kind whatever the hash seed.
    return max(dict.fromkeys(kinds), key=lambda k: (kinds.count(k), k == "person"))


def _state_form_of(name: str) -> str | None:
    """The country a state's formal name names: "Islamic Republic of Iran" -> "Iran"."""
    match = _STATE_FORM.match(name)
    return match.group(1) if match else None


def _stem(word: str) -> str:
    """A word's first three letters, folded: names that one rule could match share one."""
    return fold_accents(word).lower()[:3]


def _initials(name: str) -> str:
    skip = {"of", "the", "for", "and", "on", "in", "de"}
    return "".join(w[0] for w in name.split() if w.lower() not in skip and w[:1].isupper())
