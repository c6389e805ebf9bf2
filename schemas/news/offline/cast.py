"""The cast: which clusters are actors of the story, and each as an ``Actor`` item.

An actor acts, speaks, is described or comes up more than once. A place ("the city of
Khan Younis"), a product ("A380"), a bare adjective ("Russian officials") or a name in
passing ("in honor of Martin Luther King") is not one. Chosen after the claims stage,
which says who speaks.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from summarise.names import normalise_name
from summarise.schemas.news.model import Actor
from summarise.schemas.news.offline.index import ActorIndex, Cluster
from summarise.schemas.news.offline.lexicon import (
    MARKET_INDICES,
    OFFICE_PREPOSITIONS,
    ORGANISATION_HEADS,
    PLACE_LABELS,
    PLACE_NOUNS,
    RELATIVE_PRONOUNS,
    ROLE_WORDS,
    THING_HEADS,
)
from summarise.schemas.news.offline.nlp import exact_evidence, first_of_list, renamed
from summarise.types import Evidence

__all__ = ["Cast", "acting_dep", "choose_cast"]

Token = Any

_ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss"}
_COPULAS = {"be", "become", "remain", "seem"}  # "X became a hub" describes X
_PRODUCT = re.compile(r"^[ie][A-Z]")  # "iPhone", "iPod", "eBook": a brand's product
_MAX_EVIDENCE = 3
_NOUNS = ("NOUN", "PROPN")
_NAMING_HEADS = ORGANISATION_HEADS | ROLE_WORDS  # "the Hamas terror group", "Senate leader"
# What a company does through: "Honda sales dropped", "an Air India Express flight crashed".
_RESULTS = {"sale", "sales", "profit", "revenue", "share", "stock", "earning", "earnings", "flight"}
# What happens to a person: "the killing of X", "the arrest of X", "the trial of X".
_HAPPENINGS = {
    "killing", "assassination", "murder", "shooting", "death", "arrest", "detention",
    "release", "trial", "conviction", "poisoning", "kidnapping", "abduction", "execution",
    "impeachment", "resignation", "dismissal", "firing", "ouster", "election", "funeral",
    "extradition", "sentencing", "indictment", "acquittal", "rescue", "beating", "attack",
}  # fmt: skip
# Verbs whose object is a party, never a place: "blamed Iran", "urged Turkey".
_TARGETING = {
    "blame", "accuse", "condemn", "criticise", "criticize", "urge", "warn", "sanction",
    "threaten", "sue", "invade", "attack", "support", "back", "recognise", "recognize",
    "punish", "pressure", "ask", "thank", "praise", "join",
}  # fmt: skip
_DEFAULT_ROLES = {
    "person": "person named in the story",
    "organisation": "organisation named in the story",
    "country": "country involved in the story",
    "group": "group named in the story",
}


class Cast:
    """The clusters that are actors, in order of first mention."""

    def __init__(self, text: str, clusters: list[Cluster], speaking: Collection[Cluster]) -> None:
        self._text = text
        self.clusters = tuple(sorted(clusters, key=lambda c: c.first_start))
        self._members = frozenset(self.clusters)
        self._speaking = frozenset(speaking)

    def __contains__(self, cluster: object) -> bool:
        return cluster in self._members

    def actors(self) -> list[Actor]:
        return [_to_actor(self._text, c, c in self._speaking) for c in self.clusters]


def choose_cast(index: ActorIndex, speakers: Iterable[Cluster], added: Iterable[Cluster]) -> Cast:
    """The actors among the index's clusters and the claims stage's own ``added``
    speakers; ``speakers`` are the clusters that speak in some claim."""
    speaking = set(speakers)
    candidates = [*index.clusters, *added]
    chosen = [c for c in candidates if _is_actor(c, speaking=c in speaking)]
    return Cast(index.text, chosen, speaking)


def _is_actor(cluster: Cluster, *, speaking: bool) -> bool:
    if not cluster.mentions or all(m.kind == "adjective" for m in cluster.mentions):
        return speaking
    if speaking:
        return True
    acts = any(_acts(m.root) for m in cluster.mentions)
    if any(_is_place(m.root) for m in cluster.mentions) and not acts:
        return False  # "the city of Khan Younis", "the al-Shifa hospital"
    if any(ch.isdigit() for ch in cluster.name) or _names_a_thing(cluster.name):
        return False  # "COVID-19", "A380", "iPhone", "the Human Life Protection Act"
    if cluster.role is not None and not acts and _names_a_thing(cluster.role.split(" of ")[0]):
        return False  # "Ebola virus disease (EVD)": a name for a thing; not "Dean of ... Law"
    if cluster.kind in ("person", "organisation"):
        # Acts, is described, or comes up more than once: not a passing name.
        named = [m for m in cluster.mentions if not _modifies_a_thing(m.root)]
        return acts or cluster.role is not None or len(named) > 1
    return acts


def _names_a_thing(name: str) -> bool:
    """A product ("iPhone", "iTunes Music Store"), a law, a disease, an event or a
    stock market index ("the Hang Seng")."""
    words = name.split()
    return (
        bool(_PRODUCT.match(name))
        or words[-1].lower() in THING_HEADS
        or name.lower() in MARKET_INDICES
    )


def acting_dep(token: Token) -> str:
    """The dependency of a word, or of the first of a list it is coordinated in."""
    dep: str = first_of_list(token).dep_
    return dep


def _acts(root: Token) -> bool:
    """Subject, agent or possessor of something: but "X is a nation" (a copula) and
    "Kenya's Brigid Kosgei" (possessing a person) are not acts. A name in a list acts
    as the list's first item does, and one in apposition as the noun it renames ("a
    Republican, Mark Amodei, has voiced support")."""
    if _acts_in_relative_clause(root):
        return True  # "the losers were Citigroup, which fell 13.8%"
    word = _standing_for(root)
    dep = word.dep_
    head = word.head
    if dep == "pobj" and head.dep_ == "agent":
        return True  # "held by Mary Keitany"
    if dep == "pobj" and head.lower_ == "by" and head.head.pos_ == "NOUN" and _named(root):
        return True  # "an investigation by PolitiFact found": the noun's own agent
    if (
        dep == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in _HAPPENINGS
        and root.ent_type_ == "PERSON"
    ):
        return True  # "the killing of Qasem Soleimani": the person it happened to
    if dep == "pobj" and head.lower_ == "with" and head.head.lower_ in ("along", "together"):
        return True  # "Planned Parenthood, along with the ACLU, have announced"
    if dep == "dobj" and _named(root) and _named_phrase(root):
        return True  # "bail out Lehman Brothers": acted upon, by name; not "a no-deal Brexit"
    if dep == "dobj" and root.ent_type_ == "GPE" and head.lemma_ in _TARGETING:
        return True  # "blaming Iran for the attacks": a country held to account, not a place
    if (
        dep == "compound"
        and head.dep_ in ("nsubj", "nsubjpass")
        and head.lemma_.lower() in _RESULTS
        and root.ent_type_ == "ORG"
    ):
        return True  # "Honda sales dropped": the company's own results or flights
    if dep not in _ACTOR_DEPS:
        return False
    if dep in ("nsubj", "nsubjpass") and head.lemma_ in _COPULAS and not _is_to_act(head):
        return False
    if dep == "nsubj" and head.lemma_ == "have" and root.ent_type_ in PLACE_LABELS:
        return False  # "New Jersey had the lowest rate": where a figure was, not an act
    if dep == "poss" and root.ent_type_ in PLACE_LABELS:
        # "Japan's economy", "Kenya's Brigid Kosgei": a place owning something is not
        # acting; "Russia's foreign ministry" acts through the ministry, its own actor.
        return False
    return not (dep == "poss" and head.ent_type_ == "PERSON")


def _acts_in_relative_clause(root: Token) -> bool:
    """The subject of a relative clause hung on the name: "Citigroup, which fell 13.8%",
    "Jobs, who founded Apple"; but not "Citigroup, which is a bank" (a copula), nor a
    place ("Warsaw, which has ...") that is where things happen."""
    return _named(root) and any(
        clause.dep_ == "relcl"
        and clause.lemma_ not in _COPULAS
        and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS
            for c in clause.children
        )
        for clause in root.children
    )


def _is_to_act(verb: Token) -> bool:
    """ "The Vatican is to decide", "Boeing was to deliver": not a copula but what
    someone is due to do."""
    return verb.lemma_ == "be" and any(
        c.dep_ == "xcomp" and c.pos_ == "VERB" and any(a.tag_ == "TO" for a in c.children)
        for c in verb.children
    )


def _named_phrase(root: Token) -> bool:
    """A phrase of two words or more that names one: "Lehman Brothers", "the BBC"; not
    "a no-deal Brexit", a kind of thing, which an indefinite article shows."""
    phrase = root.doc[root.left_edge.i : root.i + 1]
    return len(phrase) >= 2 and phrase[0].lower_ not in ("a", "an")


def _standing_for(root: Token) -> Token:
    """The word whose relation to the sentence a name shares: the first item of a list
    it is in, or the noun it is in apposition with."""
    word = first_of_list(root)
    if _holds_title(word):
        return first_of_list(word.head.head)  # "Senator from Vermont Bernie Sanders has earned"
    noun = renamed(word, pos=_NOUNS)
    return word if noun is None else first_of_list(noun)


def _holds_title(name: Token) -> bool:
    """A person's name the parser hung under the title before it: "Senator from Vermont
    Bernie Sanders", "Prime Minister of Slovakia Igor Matovič". A place after the title
    ("President of France", "of the United States") is where the office is, not who
    holds it."""
    preposition = name.head
    title = preposition.head
    return (
        name.dep_ == "pobj"
        and preposition.lower_ in OFFICE_PREPOSITIONS
        and title.tag_ == "NNP"
        and title.lower_ in ROLE_WORDS
        and name.ent_type_ != "GPE"
        and any(c.dep_ == "compound" and c.tag_ == "NNP" for c in name.children)
        and not any(c.dep_ == "det" for c in name.children)  # "of the United States"
    )


def _named(root: Token) -> bool:
    return bool(root.ent_type_ in ("ORG", "PERSON"))


def _modifies_a_thing(root: Token) -> bool:
    """ "the Twitter account", "a DMCA notice", "Magellanic penguins": a name that only
    says which thing is meant. "The Hamas terror group" and "Senate leader Reid" name
    an actor through an organisation or a role."""
    head = root.head
    return (
        root.dep_ in ("compound", "amod", "nmod")
        and head.i > root.i
        and head.pos_ == "NOUN"
        and head.lemma_.lower() not in _NAMING_HEADS
    )


def _is_place(root: Token) -> bool:
    """'the al-Shifa hospital', 'the area of Al-Bureij', 'posted on Twitter': a name
    used for a place, or for the medium something was said in."""
    if root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS:
        return True
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("in", "near"):
        return True
    if root.dep_ == "pobj" and head.lower_ in ("at", "on", "via") and head.head.pos_ == "VERB":
        return True  # "banded at Punta Tombo", "wrote on Twitter", "took place on Fedora"
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS


def _to_actor(text: str, cluster: Cluster, speaking: bool) -> Actor:
    seen: set[str] = set()
    evidence: list[Evidence] = []
    for mention in sorted(cluster.mentions, key=lambda m: m.start):
        if normalise_name(mention.text) in seen or len(evidence) == _MAX_EVIDENCE:
            continue
        seen.add(normalise_name(mention.text))
        evidence.append(exact_evidence(text, mention.start, mention.end))
    default_role = _DEFAULT_ROLES.get(cluster.kind, "named in the story")
    if speaking and cluster.role is None:
        default_role = "quoted source"
    return Actor(
        name=cluster.name,
        kind=cluster.kind if cluster.kind in _DEFAULT_ROLES else "other",
        role=cluster.role or default_role,
        aliases=list(cluster.aliases),
        evidence=evidence,
    )
