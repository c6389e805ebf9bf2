"""Clusters of mentions, and the index the later stages read them by.

A cluster is every mention of one actor. The actors stage builds the clusters and
freezes them into an ``ActorIndex``; every later stage reads the index and never
changes it: a speaker phrase that names no actor ("experts said") becomes a cluster of
the claims stage's own (:mod:`.speakers`), not a new entry here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from summarise.names import normalise_name
from summarise.schemas.news.offline.lexicon import CORPORATE_SUFFIXES
from summarise.schemas.news.offline.mentions import Mention

__all__ = ["ActorIndex", "Cluster", "short_for_company"]

Token = Any

_LESSER_OFFICES = frozenset("deputy vice assistant acting former".split())


@dataclass(eq=False)  # one object per actor: compared and hashed by identity
class Cluster:
    """Every mention of one actor. Only the stage that made a cluster adds to it."""

    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    from_entities: bool = True  # named by the tagger, not a phrase such as "experts"

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        key = normalise_name(mention.text)
        if key != normalise_name(self.name) and all(normalise_name(a) != key for a in self.aliases):
            self.aliases.append(mention.text)

    @property
    def first_start(self) -> int:
        return min(m.start for m in self.mentions)


def short_for_company(words: list[str], name: str) -> bool:
    """Whether ``words`` are a company's name without its suffixes: "Apple" for "Apple
    Inc.", "Salling" for "Salling Group A/S"."""
    names = name.split()
    suffixes = {n.lower() for n in names[len(words) :]}
    return names[: len(words)] == words and suffixes <= CORPORATE_SUFFIXES


class ActorIndex:
    """The actors of one article, and which actor each token and name belongs to.

    Read-only: built once by :func:`.clustering.find_actors`.
    """

    def __init__(
        self,
        text: str,
        clusters: list[Cluster],
        by_key: dict[str, Cluster],
        by_token: dict[int, Cluster],
    ) -> None:
        self.text = text
        self.clusters: tuple[Cluster, ...] = tuple(clusters)
        self._by_key: Mapping[str, Cluster] = MappingProxyType(dict(by_key))
        self._by_token: Mapping[int, Cluster] = MappingProxyType(dict(by_token))
        self._referents: dict[
            tuple[str, tuple[str, bool] | None], tuple[list[int], list[Cluster]]
        ] = {}

    def at_token(self, index: int) -> Cluster | None:
        """The actor whose mention covers token ``index``, if any."""
        return self._by_token.get(index)

    def named(self, name: str) -> Cluster | None:
        """The actor written ``name`` (any spelling the names normaliser folds together)."""
        return self._by_key.get(normalise_name(name))

    def company(self, name: str) -> Cluster | None:
        """The organisation ``name`` is the short form of ("Salling" -> "Salling Group
        A/S"), when the tagger did not name it where it stands."""
        words = name.split()
        return next(
            (
                c
                for c in self.clusters
                if c.kind == "organisation" and short_for_company(words, c.name)
            ),
            None,
        )

    def referent(
        self, head: Token, kind: str, *, since: int | None = 0, by_head: bool = True
    ) -> Cluster | None:
        """Who "the company" or "the Prime Minister" stands for: the latest actor of that
        kind named before it. For a person, one whose role is that title comes first
        (the Prime Minister, not the Deputy Prime Minister named after him), then one
        whose role has it, then one whose role has the head word; then any named from
        offset ``since`` on (none, for ``None``). An organisation whose name has the word
        comes first too: "the agency" is the Saudi Press Agency, not the oil field named
        after it. Without ``by_head``, only the whole title is tested ("the bank chief"
        is no fire chief)."""
        title = " ".join(t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod"))
        title = f"{title} {head.lower_}".strip()
        # Without a title before it, "the governor" is tested by its head word once.
        by_word = [(head.lower_, False)] if by_head else []
        tests = list(dict.fromkeys([(title, True), (title, False), *by_word]))
        for role in tests if since is None else [*tests, None]:
            starts, clusters = self._mentions_of(kind, role)
            before = bisect.bisect_left(starts, head.idx)
            # Any actor of the kind (role None) only from ``since`` on; a titled one anywhere.
            if before and (role is not None or starts[before - 1] >= (since or 0)):
                return clusters[before - 1]
        return None

    def _mentions_of(
        self, kind: str, role: tuple[str, bool] | None
    ) -> tuple[list[int], list[Cluster]]:
        """The named actors of a kind, a mention at a time, in the order written, worked
        out once per kind and role test: ``(words, whole)`` keeps the actors whose role
        is ``words`` (``whole``) or has them."""
        if (kind, role) not in self._referents:
            pairs = sorted(
                ((m.start, c) for c in self.clusters
                 if c.from_entities and c.kind == kind and _has_role(c, role)
                 for m in c.mentions),
                key=lambda pair: pair[0],
            )  # fmt: skip
            self._referents[kind, role] = ([s for s, _ in pairs], [c for _, c in pairs])
        return self._referents[kind, role]


def _has_role(cluster: Cluster, role: tuple[str, bool] | None) -> bool:
    if role is None:
        return True
    words, whole = role
    if whole:
        return cluster.role is not None and cluster.role.lower() == words
    written = f"{cluster.role or ''} {cluster.name}".lower()
    # "the governor" is not the Deputy Governor: a lesser office is named as such.
    lesser = (_LESSER_OFFICES & set(re.split(r"[\s-]+", written))) - set(words.split())
    return words in written and not lesser
