"""Contested points, found by a heuristic (documented as such).

Two claims by different speakers form a contested point when they are about the same
thing (they name a common actor other than their speakers, or share a topic word) or
one follows the other within two claims, as a reaction does, and they lean opposite
ways: one speaker condemns, denies, rejects or blames while the other praises or
supports, or the words of their claims lean opposite ways. A claim the article hedges
("Hamas claims ...") is one side's, but with no other side it is no dispute. Sources
that give tolls far apart ("the attack had killed twelve", "190 were dead") dispute how
many were killed, whatever words they use.
"""

from __future__ import annotations

from typing import Any

from summarise.schemas.news.model import ContestedPoint, Figure, Position
from summarise.schemas.news.offline.cast import Cast
from summarise.schemas.news.offline.claims import FoundClaim
from summarise.schemas.news.offline.index import ActorIndex
from summarise.schemas.news.offline.lexicon import CASUALTY_UNITS, NEGATIVE_CUES, POSITIVE_CUES
from summarise.schemas.news.offline.sources import ClaimSources

__all__ = ["find_contested"]

_MAX_DISPUTES = 2  # per article: a heuristic should say little rather than much
_MAX_POSITIONS = 4
# Claims further apart than this (in claims, not words) are not paired: a news story has
# fewer, and a book-length text would otherwise cost the square of its length.
_PAIRING_WINDOW = 60
# News sets a reaction right after what it answers ("X said ...; Y rejected ..."): claims
# this close that lean opposite ways are paired even in words of their own.
_REACTION_WINDOW = 2
# Tolls this far apart are two accounts of the count, not one rounded two ways.
_TOLLS_APART = 1.5
_TOLL_ISSUES = {"deaths": "How many people were killed", "injured": "How many people were injured"}

# Words that judge. Words that report what went wrong (a loss, a failure, an attack, a
# threat) are not here: a disaster or a war is told in them by every side alike.
_NEGATIVE_WORDS = frozenset(
    """
    obscene concern concerning aggression illegal wrong false
    condemn condemnation reject deny blame violation violate
    unacceptable outrageous shameful fraud corrupt corruption lie lies mistake
    splintering stab waste refuse refused disappointed disappointing
    criticise criticize criticized criticised against protest lawsuit sue investigation
    unfair skewed favoritism favouritism errors error abandon abandoned
    dread oppose opposed denied breach
    unjustified unjustifiable excessive baseless groundless unfounded rigged unlawful
    unconstitutional misleading untrue inaccurate disproportionate reckless irresponsible
    betrayal flawed absurd ridiculous nonsense disgrace disgraceful appalling deplorable
    biased propaganda fabricated fake invalid illegitimate void
    """.split()
)
# Words a statement opens with whose capital is only the sentence's.
_SENTENCE_OPENERS = frozenset(
    """
    the a an this that these those there it its they their them he his she her we our
    my you your one some many most all each every no nothing nobody more less only
    such if when while after before as although because since but and or so then
    """.split()
)
_FIRST_AND_SECOND_PERSON = frozenset("i i'm we we're we've us our my me you your".split())
_POSITIVE_WORDS = frozenset(
    """
    praise praised efforts support welcome welcomed success successful good positive
    peace progress right legitimate lawful fair helpful constructive achievement
    historic thank thanks
    """.split()
)


def find_contested(
    doc: Any,
    actors: ActorIndex,
    cast: Cast,
    claims: list[FoundClaim],
    figures: list[Figure],
) -> list[ContestedPoint]:
    """Contested points among the claims: tolls given far apart, then the strongest
    disputes. Each has two sides or more."""
    points = _disputed_tolls(claims, figures)
    leanings = [_leaning(doc, c) for c in claims]
    targets = [_targets(doc, actors, cast, c) for c in claims]
    pairs = []
    for i, a in enumerate(claims):
        if a.from_record:
            continue  # a record's finding takes no side
        for j in range(i + 1, min(len(claims), i + 1 + _PAIRING_WINDOW)):
            b = claims[j]
            if a.speaker is b.speaker or b.from_record:
                continue  # a dispute needs two speakers, neither of them a record
            if leanings[i] == leanings[j] == -1:
                if not _answers(a, targets[i], b, targets[j]):
                    continue  # two against, but not against each other
            elif leanings[i] == leanings[j] or -1 not in (leanings[i], leanings[j]):
                continue  # one of them must be against
            shared_actors = (targets[i] | {a.speaker.name}) & (targets[j] | {b.speaker.name})
            shared_topics = a.topics & b.topics
            if not shared_actors and not shared_topics and j - i > _REACTION_WINDOW:
                continue  # about different things, and not one answering the other
            score = 2 * len(shared_actors) + len(shared_topics)
            pairs.append((score, i, j, shared_actors or shared_topics))
    # The strongest pairs become points; a pair that shares a claim with a point joins it.
    groups: list[tuple[set[int], set[str]]] = []
    for _, i, j, shared in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        joined = next((g for g in groups if {i, j} & g[0] and len(g[0]) < _MAX_POSITIONS), None)
        if joined is not None:
            joined[0].update((i, j))
        elif len(groups) < _MAX_DISPUTES:
            groups.append(({i, j}, set(shared)))
    for members, _shared in groups:
        sides = [claims[k] for k in sorted(members)]
        points.append(ContestedPoint(issue=_issue(sides), positions=_positions(sides)))
    return _distinct(points)


def _answers(a: FoundClaim, a_targets: set[str], b: FoundClaim, b_targets: set[str]) -> bool:
    """Whether one of two claims against something is against the other's speaker: "The
    United States accused Iran ..." and "Iran denied the accusation" are two sides."""
    return b.speaker.name in a_targets or a.speaker.name in b_targets


def _disputed_tolls(claims: list[FoundClaim], figures: list[Figure]) -> list[ContestedPoint]:
    """One point per toll that two sources give far apart: "How many people were
    killed?", with the claim that gives each source's count as its position."""
    sources = ClaimSources(claims)
    given: dict[str, dict[str, tuple[float, FoundClaim]]] = {}  # toll -> speaker -> count
    for figure in figures:
        toll, number = _toll(figure), _number_at(figure)
        said = sources.at(number) if toll is not None and number is not None else None
        if toll is not None and said is not None:  # a toll someone gives
            given.setdefault(toll, {}).setdefault(said.claim.speaker, (figure.value, said))
    points = []
    for toll, by_speaker in given.items():
        counts = [count for count, _ in by_speaker.values()]
        if max(counts) >= _TOLLS_APART * min(counts):  # one source alone gives one count
            sides = [said for _, said in by_speaker.values()]
            points.append(ContestedPoint(issue=_TOLL_ISSUES[toll], positions=_positions(sides)))
    return points


def _toll(figure: Figure) -> str | None:
    """ "deaths" or "injured" for a count of people an event killed or hurt ("the attack
    killed twelve"), else None; not a tally of deaths over a year ("170 deaths in May")."""
    tolls = [CASUALTY_UNITS[w] for w in figure.what.lower().split() if w in CASUALTY_UNITS]
    return tolls[0] if tolls else None


def _number_at(figure: Figure) -> int | None:
    """Where the figure stands: where its evidence starts."""
    return figure.evidence[0].start if figure.evidence else None


def _distinct(points: list[ContestedPoint]) -> list[ContestedPoint]:
    """One point per issue, however it is cased or spaced ("Whether X" twice): a second
    point on the same question adds its sides to the first, rather than being lost."""
    kept: dict[str, ContestedPoint] = {}
    for point in points:
        key = " ".join(point.issue.casefold().split())
        first = kept.get(key)
        if first is None:
            kept[key] = point
            continue
        held = {p.actor for p in first.positions}
        added = [p for p in point.positions if p.actor not in held]
        room = max(0, _MAX_POSITIONS - len(first.positions))
        kept[key] = first.model_copy(update={"positions": [*first.positions, *added[:room]]})
    return list(kept.values())


def _positions(members: list[FoundClaim]) -> list[Position]:
    positions: list[Position] = []
    for found in members:
        if any(p.actor == found.claim.speaker for p in positions):
            continue  # one position per actor
        positions.append(
            Position(
                actor=found.claim.speaker,
                position=found.claim.statement,
                evidence=list(found.claim.evidence),
            )
        )
    return positions


def _leaning(doc: Any, found: FoundClaim) -> int:
    """-1 against, +1 for, 0 neutral: from the cue verb, else from the claim's words."""
    lemma = found.cue_lemma
    if lemma in NEGATIVE_CUES:
        return 1 if found.negated else -1
    if lemma in POSITIVE_CUES:
        return -1 if found.negated else 1
    if _framed_against(doc, found):
        return -1
    # A word counts as written or by its lemma: the lists hold both "disappointed" (an
    # adjective, whose lemma is "disappoint" when tagged a participle) and "condemn".
    words = [{t.lower_, t.lemma_.lower()} for t in _content_tokens(doc, found)]
    score = sum(bool(w & _POSITIVE_WORDS) for w in words) - sum(
        bool(w & _NEGATIVE_WORDS) for w in words
    )
    return (score > 0) - (score < 0)


def _framed_against(doc: Any, found: FoundClaim) -> bool:
    """ "Pompeo posted a message blaming Iran for the attacks, saying ...": a participle
    of blame or denial around what was said, with no subject of its own, is the
    speaker's stance, whatever the words of the claim."""
    start, end = found.content
    span = doc.char_span(found.sentence_start, found.sentence_end, alignment_mode="expand")
    return span is not None and any(
        t.tag_ == "VBG"
        and t.lemma_.lower() in NEGATIVE_CUES
        and not start <= t.idx < end
        and not any(c.dep_ == "nsubj" for c in t.children)
        for t in span
    )


def _targets(doc: Any, actors: ActorIndex, cast: Cast, found: FoundClaim) -> set[str]:
    """Actors the claim is about (named in it), not counting its speaker."""
    named = {actors.at_token(t.i) for t in _content_tokens(doc, found)}
    return {c.name for c in named if c is not None and c is not found.speaker and c in cast}


def _content_tokens(doc: Any, found: FoundClaim) -> list[Any]:
    """The tokens that start inside the claim's content, found by offset rather than by
    scanning the whole article once per claim."""
    start, end = found.content
    span = doc.char_span(start, end, alignment_mode="expand")
    return [] if span is None else [t for t in span if t.idx >= start]


def _issue(sides: list[FoundClaim]) -> str:
    """The question the sides answer differently, in the words of the side that reads
    best as a question ("Whether the shooting was justified"): one sentence in the
    third person, not a speaker's "I dread ..." or "We will ...", and the first such."""
    return _whether(min(sides, key=lambda side: _unreadable(side.claim.statement)).claim.statement)


def _unreadable(statement: str) -> int:
    """How badly a statement reads after "Whether": a point for speaking in the first or
    second person, one for running on past its first sentence."""
    words = {w.strip("‘’“”\"'.,;:!?").lower() for w in statement.split()}
    sentences = statement.rstrip(" .…").count(". ")
    return bool(words & _FIRST_AND_SECOND_PERSON) + bool(sentences)


def _whether(statement: str) -> str:
    """ "Whether ..." of a statement: its first word lowercased only where the capital
    was the sentence's ("The shooting ..."), not a name's ("Putin is ...", "US troops")."""
    statement = statement.rstrip(" .…")
    first, _, _ = statement.partition(" ")
    if first.lower() in _SENTENCE_OPENERS:
        statement = statement[:1].lower() + statement[1:]
    return f"Whether {statement}"
