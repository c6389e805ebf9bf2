"""Who a subject phrase stands for, when it says something: the claims stage's speakers.

A phrase names an actor of the index ("Putin said", "EU leaders said", "Chief
Superintendent Graciano Mijares of the police said"), speaks for one ("the ministry's
spokeswoman said"), refers back to one ("the company said"), or is a source of its own
that the index does not have ("experts said"). Those new sources are this stage's own
clusters: the index, built by the actors stage, is read and never changed. A thing
("the website", "the data", "science") is no source.
"""

from __future__ import annotations

import re
from typing import Any

from summarise.names import normalise_name
from summarise.schemas.news.offline.index import ActorIndex, Cluster
from summarise.schemas.news.offline.lexicon import (
    COLLECTIVE_SPEAKERS,
    ORGANISATION_HEADS,
    PERSON_ROLE_NOUNS,
    ROLE_WORDS,
    SPEAKER_NOUNS,
    TITLES,
)
from summarise.schemas.news.offline.mentions import Mention
from summarise.schemas.news.offline.phrases import phrase_mention

__all__ = ["SpeakerBook"]

# Offices a place or a body has, each held by one person who speaks as themself, not
# for the place or body ("Chelyabinsk's governor"; a spokesperson speaks for it).
_OFFICES = frozenset("governor mayor president premier chancellor minister king queen".split())
_ACRONYM_LETTERS = 3
_AGENT_PLURALS = ("ers", "ors", "ists", "ians", "ants", "ents")
_REGNAL = re.compile(r"I{1,3}|IV|VI{0,3}|IX|XI{0,3}")  # "Queen Elizabeth II"

Token = Any
Span = Any


class SpeakerBook:
    """The speakers of one article: the index's actors, and the sources it adds."""

    def __init__(self, index: ActorIndex) -> None:
        self.index = index
        self.added: list[Cluster] = []  # sources the index does not name, in order found
        self._by_key: dict[str, Cluster] = {}
        self._by_token: dict[int, Cluster] = {}
        # The index's people by the last word of a name of two words or more, read once.
        self._surnames: dict[str, list[Cluster]] = {}
        for cluster in index.clusters:
            if cluster.kind == "person" and len(cluster.name.split()) > 1:
                self._surnames.setdefault(cluster.name.split()[-1], []).append(cluster)

    def at_token(self, index: int) -> Cluster | None:
        """The actor or added source covering token ``index``, if any."""
        return self.index.at_token(index) or self._by_token.get(index)

    def speaker_for(self, span: Span) -> Cluster | None:
        """The actor a subject phrase names, a source of its own ("experts"), or None
        for a phrase that cannot speak ("the website", "the data")."""
        head = span.root
        for child in head.children:  # "Another eyewitness, Nicole Towarek, described"
            named = self._person_at(child.i) if child.dep_ == "appos" else None
            if named is not None:
                return named
        owned = self._owned(span)
        if owned is not None:
            return owned
        found = self.at_token(head.i)
        if found is not None:
            return found
        if head.lemma_.lower() in ROLE_WORDS:
            for token in span:  # "Chief Superintendent Graciano Mijares of the police ..."
                named = self._person_at(token.i)
                if named is not None:
                    return named
            owner = self._owner(head)
            if owner is not None and head.lower_ in _OFFICES:
                # "Chelyabinsk's governor has promised": a place's governor is a person,
                # the one the article titles so, or the phrase itself.
                holder = self.index.referent(head, "person", since=None)
                return holder or self._source(span, "person")
            if owner is not None:
                return owner  # "the ministry's spokeswoman", "a spokesperson for Acme"
        speaks_for_named = head.lemma_.lower() in ORGANISATION_HEADS or (
            head.tag_ == "NNS" and head.lemma_.lower() in COLLECTIVE_SPEAKERS
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
        if head.is_title:
            person = self._by_surname(head.text)
            if person is not None:
                return person  # "Mijares further claimed", the parser taking it for a noun
        if _acronym(head):
            return self._source(span, "organisation")  # "UNICEF reported", tagged a noun
        if head.pos_ != "PROPN" and not _can_speak(head):
            return None
        return self._source(span)

    def tagged(self, tag: str) -> Cluster | None:
        """The person an interview's speaker tag names: "Natasha Gownaris", her surname,
        or her initials ("NG"), which transcripts use after the first turn; for no tag,
        the interviewee the article is about."""
        people = [c for c in self.index.clusters if c.kind == "person" and c.from_entities]
        if not tag:  # answers nobody has tagged: the person the story is most about
            return max(people, key=lambda c: len(c.mentions), default=None)
        named = self.index.named(tag)
        if named is not None:
            return named
        letters = tag.replace(".", "").upper()
        by_initials = [c for c in people if "".join(w[0] for w in c.name.split()) == letters]
        if len(by_initials) == 1:
            return by_initials[0]
        return self._by_surname(tag)

    def _owned(self, span: Span) -> Cluster | None:
        """The named body or person that the phrase's own name owns: "the University of
        Washington's Institute for Health Metrics" speaks as the institute, which the
        parser hangs under the owner's name. Not "Hutchinson, of London's college"."""
        named = self.index.at_token(span.root.i)
        for token in span:
            if token.dep_ != "poss" or not span.start <= token.head.i < span.end:
                continue
            owned = self.index.at_token(token.head.i)
            if self.index.at_token(token.i) is named and owned not in (None, named):
                return owned
        return None

    def _person_at(self, index: int) -> Cluster | None:
        """The person the tagger named at token ``index``, if any."""
        named = self.index.at_token(index)
        return (
            named if named is not None and named.kind == "person" and named.from_entities else None
        )

    def _by_surname(self, word: str) -> Cluster | None:
        """The one person, of the index or found by this stage, whose name ends with
        ``word``."""
        people = self._surnames.get(word, []) + [
            c
            for c in self.added
            if c.kind == "person" and len(c.name.split()) > 1 and c.name.split()[-1] == word
        ]
        return people[0] if len(people) == 1 else None

    def _owner(self, head: Token) -> Cluster | None:
        """The organisation or country a role belongs to: "FAO's chief veterinary
        officer", "the Acme spokesman", "a spokesperson for the ministry"."""
        for child in head.children:
            owner = None
            if child.dep_ in ("poss", "compound", "nmod"):
                owner = child
            elif child.dep_ == "prep" and child.lower_ in ("for", "of", "at"):
                owner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if owner is None:
                continue
            named = self.index.at_token(owner.i)
            if named is not None and named.kind in ("organisation", "country"):
                return named
            if named is None and owner.lemma_.lower() in ORGANISATION_HEADS:
                # "a spokesperson for the Israeli foreign ministry": the ministry speaks.
                return self._source(owner.doc[owner.left_edge.i : owner.i + 1], "organisation")
        return None

    def _source(self, span: Span, kind: str | None = None) -> Cluster:
        head = span.root
        if kind is None:
            kind = "group" if head.tag_ in ("NNS", "NNPS") else "other"
            if head.lemma_.lower() in PERSON_ROLE_NOUNS and head.tag_ == "NN":
                kind = "person"
        mention = _titled_name(self.index.text, head) or phrase_mention(self.index.text, span, kind)
        kind = mention.kind
        key = normalise_name(mention.text)
        cluster = (
            self.index.named(mention.text)
            or self.index.company(mention.text)
            or self._by_key.get(key)
        )
        if cluster is None:
            cluster = Cluster(name=mention.text, kind=kind, from_entities=False)
            self.added.append(cluster)
            self._by_key[key] = cluster
        if cluster in self.added:
            cluster.mentions.append(mention)
            for token in span:
                self._by_token.setdefault(token.i, cluster)
        return cluster


def _can_speak(head: Token) -> bool:
    """A noun for people or a body of people: listed, or a plural agent noun
    ("commentators", "organisers", "participants")."""
    words = {head.lemma_.lower(), head.lower_}
    if words & SPEAKER_NOUNS:
        return True
    return bool(head.tag_ == "NNS" and head.lower_.endswith(_AGENT_PLURALS))


def _acronym(head: Token) -> bool:
    """A word in capitals of three letters or more ("UNICEF", "NATO"), which the tagger
    may take for a common noun: a body's initials."""
    return bool(head.is_upper and head.is_alpha and len(head) >= _ACRONYM_LETTERS)


def _titled_name(text: str, head: Token) -> Mention | None:
    """A name the tagger missed, after its titles: "Chief Superintendent Graciano
    Mijares" -> Graciano Mijares, a person."""
    words = [c for c in head.lefts if c.dep_ == "compound" and c.i >= head.i - 4] + [head]
    if not all((w.is_title and w.is_alpha) or _REGNAL.fullmatch(w.text) for w in words):
        return None
    titles = 0
    while titles < len(words) - 1 and words[titles].lower_ in TITLES:
        titles += 1
    name = words[titles:]
    if titles == 0 or len(name) < 2:
        return None
    return Mention(
        text[name[0].idx : head.idx + len(head)], name[0].idx, head.idx + len(head), "person", head
    )
