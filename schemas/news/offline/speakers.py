"""Who a subject phrase stands for, when it says something: the claims stage's speakers.

A phrase names an actor of the index ("Putin said", "EU leaders said", "Chief
Superintendent Graciano Mijares of the police said"), refers back to one ("the company
said"), or is a source of its own that the index does not have ("experts said"). Those
new sources are this stage's own clusters: the index, built by the actors stage, is
read and never changed.
"""

from __future__ import annotations

from typing import Any

from summarise.names import normalise_name
from summarise.schemas.news.offline.index import ActorIndex, Cluster
from summarise.schemas.news.offline.lexicon import (
    COLLECTIVE_SPEAKERS,
    ORGANISATION_HEADS,
    PERSON_ROLE_NOUNS,
    TITLES,
)
from summarise.schemas.news.offline.phrases import phrase_mention

__all__ = ["SpeakerBook"]

Token = Any
Span = Any


class SpeakerBook:
    """The speakers of one article: the index's actors, and the sources it adds."""

    def __init__(self, index: ActorIndex) -> None:
        self.index = index
        self.added: list[Cluster] = []  # sources the index does not name, in order found
        self._by_key: dict[str, Cluster] = {}
        self._by_token: dict[int, Cluster] = {}

    def at_token(self, index: int) -> Cluster | None:
        """The actor or added source covering token ``index``, if any."""
        return self.index.at_token(index) or self._by_token.get(index)

    def speaker_for(self, span: Span) -> Cluster:
        """The actor a subject phrase names, or a source of its own ("experts")."""
        head = span.root
        found = self.at_token(head.i)
        if found is not None:
            return found
        if head.lower_ in TITLES | PERSON_ROLE_NOUNS:
            for token in span:  # "Chief Superintendent Graciano Mijares of the police ..."
                named = self.index.at_token(token.i)
                if named is not None and named.kind == "person" and named.from_entities:
                    return named
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
        return self._source(span)

    def _source(self, span: Span) -> Cluster:
        head = span.root
        kind = "group" if head.tag_ in ("NNS", "NNPS") else "other"
        if head.lemma_.lower() in PERSON_ROLE_NOUNS and head.tag_ == "NN":
            kind = "person"
        mention = phrase_mention(self.index.text, span, kind)
        key = normalise_name(mention.text)
        cluster = self.index.named(mention.text) or self._by_key.get(key)
        if cluster is None:
            cluster = Cluster(name=mention.text, kind=kind, from_entities=False)
            self.added.append(cluster)
            self._by_key[key] = cluster
        if cluster in self.added:
            cluster.mentions.append(mention)
            for token in span:
                self._by_token.setdefault(token.i, cluster)
        return cluster
