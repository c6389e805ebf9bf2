"""Figures: numbers the article reports, with their unit, what they count and who says so.

The unit of a count is the noun it counts ("200 hostages" -> hostages); percentages and
money take "percent" and a currency code. A figure written without a noun after another
in the same sentence ("4,300 jobs in France, 3,700 in Germany") shares that one's unit,
and counts it in its own place. A rate's base ("per 100,000"), a calendar year and a
number in a name ("17 U.S. Code") are no figures. Imperial abbreviations are spelled out
("75 ft" is 75 feet), and a measure restated in brackets ("ten lbs (five kg)") is read
once.
A vote tally ("passed 230-to-198") is the votes for and the votes against.
A figure inside a claim is credited to the claim's speaker.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, NamedTuple

from summarise.grounding.numbers import ParsedNumber, currency_of, find_numbers
from summarise.schemas.news.model import Figure
from summarise.schemas.news.offline.claims import FoundClaim
from summarise.schemas.news.offline.layout import Layout
from summarise.schemas.news.offline.lexicon import (
    CASUALTY_UNITS,
    MARKET_INDICES,
    MEASURE_UNITS,
    TIME_ZONES,
    UNIT_SPELLINGS,
)
from summarise.schemas.news.offline.nlp import entity_at, exact_evidence, first_of_list, span_text
from summarise.schemas.news.offline.sources import ClaimSources
from summarise.schemas.news.offline.tallies import Tally, find_tallies

__all__ = ["find_figures"]

Token = Any
Span = Any

_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_MAX_WHAT_WORDS = 9
_MEASURES = {"points", "percent"}
_SHARED_SUBJECT_HOPS = 2  # "fell 100 points to close at 7,365": close -> fell
_COUNT_DEPS = {"nummod", "quantmod", "compound", "amod", "npadvmod", "nmod"}
# A number no date or title is written as ("1,442.82", "25.15"), which the tagger may
# still take for one.
_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
_DURATION = re.compile(r"\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b", re.I)
_CALENDAR = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|ago|last|next|"
    r"past|this|early|late)\b",
    re.I,
)
# "the last 50 years", "the next ten days": a length counted back or on, not a date.
_LAST_N = re.compile(
    r"\b(?:last|next|past)(?=\s+(?:\d|[a-z]+\s+(?:days?|weeks?|months?|years?)))", re.I
)
_CLOCK = re.compile(r"\d:\d\d")
_LATIN = re.compile(r"[A-Za-z]")
_STREET_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd lane ln drive dr way place square".split()
)
_MAX_STREET_WORDS = 4
_TRAILING_QUALIFIERS = {
    "or more": "at_least", "or over": "at_least", "or so": "approximately",
    "or fewer": "up_to", "or less": "up_to", "or under": "up_to",
}  # fmt: skip
_TRAILING = re.compile(r"\s*(or (?:more|over|so|fewer|less|under))\b", re.IGNORECASE)
_OLDEST = 120
_HARMING = frozenset({"kill", "injure", "wound", "hurt"})  # "killed twelve", "were hurt"
_PEOPLE_WORDS = {"people", "person", "other", "others"}  # "25 others were hurt"
_PEOPLE_NOUNS = frozenset(
    "people person patient case death soldier troop worker employee student resident "
    "voter member child adult passenger refugee migrant protester".split()
)
_STATE_VERBS = {"were", "are", "was", "is", "have", "had", "been", "confirmed", "now"}
_CASUALTY_WORDS = {"injured", "dead", "killed", "wounded", "missing", "displaced", "hurt"}
_FRACTION = re.compile(r"\b(?:half|thirds?|quarters?)\b", re.IGNORECASE)
# Words of a sentence about a stock index: "points", and the one-word names of indices.
_INDEX_WORDS = {"index", "points"} | {name for name in MARKET_INDICES if " " not in name}
_YEAR_PREPOSITIONS = {"in", "since", "by", "from", "of", "until", "before", "after", "during"}
# "The toll rose to 50", "cases reached 1,500", "the number stood at 40": verbs that give
# their subject's level ("estimated the population at one million": their object's), and
# the nouns that are a count of something else ("the number of dead") rather than the
# thing counted.
_LEVEL_VERBS = frozenset(
    "rise climb reach hit top exceed total surpass stand increase grow jump soar "
    "fall drop decline sink plunge put dip estimate value peg set".split()
)
_LEVEL_PREPOSITIONS = {"to", "at", "below", "above"}
_RANK_WORDS = {"number", "no.", "no", "rank", "ranked", "seed", "seeded"}
_EXTREMES = {"high", "low", "record", "peak"}
_TALLY_NOUNS = {"number", "total", "count", "tally", "toll"}
# What is counted in money: a bare number before one is in the sentence's currency.
_MONEY_NOUNS = frozenset(
    "loss profit revenue turnover income earnings debt deficit surplus budget cost price "
    "fine salary wage fee bonus dividend investment funding compensation".split()
)
_QUAKES = {"earthquake", "quake", "tremor", "aftershock", "temblor"}
_PLACE_PREPOSITIONS = {"in", "at", "from", "across"}
_PLACE_TAIL = re.compile(rf"\s+(?:{'|'.join(sorted(_PLACE_PREPOSITIONS))})\s+")


def find_figures(doc: Any, text: str, claims: list[FoundClaim], layout: Layout) -> list[Figure]:
    """Every figure the story reports, in reading order, without repeats."""
    sources = ClaimSources(claims)
    tallies = [t for t in find_tallies(doc) if layout.is_story(t.start)]
    placed = [(t.start, _tally_figure(text, t, sources)) for t in tallies]
    seen: set[tuple[float, str, str]] = set()
    previous: tuple[int, str, str] | None = None  # (sentence start, unit, what)
    for ent in doc.ents:
        if not layout.is_story(ent.start_char):
            continue
        if any(t.start < ent.end_char and ent.start_char < t.end for t in tallies):
            continue  # read as a tally
        if _CLOCK.search(ent.text) or len(_DURATION.findall(ent.text)) > 1:
            continue  # "2:14:04", "1 hour 59 minutes": a time or a race time, not a count
        if ent.label_ in _LABELS or _PLAIN_NUMBER.fullmatch(ent.text):
            if _part_of_name(ent) or _is_ordinal_like(ent):
                continue
            numbers = _numbers(text, ent)
        elif ent.label_ in ("DATE", "TIME"):
            if _duration_unit(ent) or _age_of(ent) is not None or _counts_people(ent):
                numbers = _numbers(text, ent)
            elif _share_of(ent):  # "about a quarter of", not "two consecutive quarters of"
                numbers = [n for n in _numbers(text, ent) if n.value < 1]
            else:
                numbers = []
        else:
            continue
        if _rate_base(ent):
            continue  # "15 suicides per 100,000 people": the 100,000 is the rate's base
        if _restated(ent):
            continue  # "75 ft (~23 m)": the same length again, in other units
        for parsed in numbers:
            if _is_year(ent, parsed):
                continue
            unit, what, until, since = _unit_and_what(text, ent, parsed)
            if unit is None and previous is not None and previous[0] == ent.sent.start_char:
                # "4,300 jobs in France, 3,700 in Germany": the unit is shared, and what
                # is counted is the first's, in the place this one names.
                unit, what, until = previous[1], previous[2], ent.end_char
                where = _own_place(text, ent)
                if where is not None:
                    until = where.end
                    if where.body:  # "17 from the army"
                        unit, what = "people", f"people {where.phrase}"
                    else:
                        what = f"{_PLACE_TAIL.split(what, maxsplit=1)[0]} {where.phrase}"
            if unit is None or not _LATIN.search(unit):
                continue  # no unit, or one in a passage quoted in another script
            previous = (ent.sent.start_char, unit, what)
            key = (parsed.value, unit, what)
            if key in seen:
                continue
            seen.add(key)
            written, w_start, w_end = span_text(text, parsed.start, parsed.end)
            _, e_start, e_end = span_text(text, min(since, w_start), max(until, w_end))
            placed.append(
                (
                    w_start,
                    Figure(
                        text=written,
                        value=parsed.value,
                        unit=unit,
                        qualifier=_trailing_qualifier(text, until) or parsed.qualifier,
                        what=what,
                        according_to=sources.speaker_at(ent.start_char),
                        evidence=[exact_evidence(text, e_start, e_end)],
                    ),
                )
            )
    return [figure for _, figure in sorted(placed, key=lambda pair: pair[0])]


def _tally_figure(text: str, tally: Tally, sources: ClaimSources) -> Figure:
    return Figure(
        text=tally.written,
        value=tally.value,
        unit="votes",
        qualifier="exact",
        what=f"votes {tally.side}",
        according_to=sources.speaker_at(tally.start),
        evidence=[exact_evidence(text, *tally.evidence)],
    )


def _numbers(text: str, ent: Span) -> list[ParsedNumber]:
    """The entity's numbers ("28% and 50%" has two), the first taking in a qualifier
    spaCy left outside ("more than"); "52-35" is two numbers, not a range."""
    window_start = max(0, ent.start_char - 24)
    # "gains of eight and fourteen percent": a number listed after the entity that the
    # tagger left out of every entity is counted with it.
    listed = [
        c
        for c in ent.root.children
        if c.dep_ == "conj" and c.like_num and c.i >= ent.end and c.ent_iob_ == "O"
    ]
    window_end = max([ent.end_char, *(c.idx + len(c) for c in listed)])
    # "rose 166.5 and 93.3% respectively": read on through a percentage listed next, so
    # the list shares its unit; that percentage is its own entity's figure.
    read_end = _percentage_listed_after(ent) or window_end
    found = []
    for number in find_numbers(text[window_start:read_end]):
        start, end = window_start + number.start, window_start + number.end
        if end < ent.start_char or start > window_end:
            continue
        found.append(replace(number, start=start, end=end))
    return found


def _part_of_name(ent: Span) -> bool:
    """ "Nikkei 225", "Boeing 737", "1200 UTC": numbers that name or time, not count."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.tag_ == "POS" and ent.start > 1:
        if ent.root.head.tag_ == "NNS":
            return False  # "Pennsylvania's 20 electoral votes" counts what it owns
        before = doc[ent.start - 2]
    if ent.label_ == "CARDINAL" and before is not None and before.pos_ == "PROPN":
        return True
    after = doc[ent.end] if ent.end < len(doc) else None
    name_follows = after is not None and after.tag_ == "NNP" and ent.root.head.tag_ == "NNP"
    if ent.label_ == "CARDINAL" and name_follows:
        return True  # "17 U.S. Code § 1201": a number in a name
    if after is not None and after.text in TIME_ZONES:
        return True
    if before is not None and before.lower_ in _RANK_WORDS:
        return True  # "at number three", "No. 1": a rank, not a count
    if _street_follows(doc, ent.end):
        return True  # "25 Main Street": an address, not a count
    # "the two parties", "both sides": a count of things already named, not a figure.
    return (
        before is not None
        and before.lower_ in ("the", "both", "these", "those")
        and (ent.text.lower() in ("two", "three", "both"))
    )


def _street_follows(doc: Any, i: int) -> bool:
    """Capitalised words from token ``i`` that end in a street word ("Main Street")."""
    words = 0
    while i < len(doc) and doc[i].is_title and words < _MAX_STREET_WORDS:
        if doc[i].lower_.rstrip(".") in _STREET_WORDS and words:
            return bool(doc[i].dep_ != "compound")  # not "40 Main Street shops"
        i, words = i + 1, words + 1
    return False


def _duration_unit(ent: Span) -> str | None:
    """ "ten days", "sixteen weeks", "eighteen-years-old": a DATE or TIME that is a length.
    "A 40-year high" is no length: it says how rare a level is."""
    match = _DURATION.search(ent.text)
    if match is None or _CALENDAR.search(_LAST_N.sub("", ent.text)):
        return None  # "last year", "May 2"; but "the last 50 years" is a length
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lemma_.lower() in _EXTREMES:
        return None
    return _plural(match.group(1))


def _plural(word: str) -> str:
    word = word.lower()
    return word if word.endswith("s") else word + "s"


def _is_year(ent: Span, parsed: ParsedNumber) -> bool:
    """A calendar year: "in 2019", "from 2005 through 2015", "the years 2005-2015"."""
    if not parsed.value.is_integer() or not 1800 <= parsed.value <= 2100:
        return False
    # The number's own characters: it may start before the entity ("more than 2,000").
    if "," in ent.text[max(0, parsed.start - ent.start_char) : parsed.end - ent.start_char]:
        return False
    if ent.label_ in ("DATE", "TIME"):
        return not _counts_people(ent)
    if ent.label_ != "CARDINAL":
        return False
    head = ent.root.head
    if ent.root.dep_ == "nummod" and head.tag_ == "NN" and head.is_lower:
        # "the total 2020 population", "its 2019 budget": a count takes a plural noun,
        # so a year-like number before a singular one names the year. ("2000 km" is
        # tagged a quantity, not a bare number.)
        return True
    return ent.root.dep_ == "pobj" and head.lower_ in _YEAR_PREPOSITIONS


def _counts_people(ent: Span) -> bool:
    """A number the tagger took for a date that counts people: right before a plural
    noun for them ("1846 persons were hospitalized"; "the 2020 elections" is a year),
    or the dead or hurt themselves ("81 had lost their lives")."""
    number = ent.root
    if len(ent) != 1 or not number.like_num:
        return False
    if number.dep_ == "nummod" and number.head.tag_ == "NNS":
        return bool(number.head.lemma_.lower() in _PEOPLE_NOUNS)
    return _casualty(number) is not None


def _rate_base(ent: Span) -> bool:
    """The base of a rate: "per 100,000 people", "for every 1,000 births"."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.lower_ in ("per", "every")


def _restated(ent: Span) -> bool:
    """A measure restated in brackets right after another: "ten lbs (five kg)". Money
    restated in another currency is kept: "900 million złotys (181 million pounds)"."""
    if ent.label_ == "MONEY":
        return False
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and doc[i].text in ("~", "about", "approx.", "c."):
        i -= 1
    if i < 1 or doc[i].text != "(":
        return False
    before = doc[i - 1]
    return before.lower_ in MEASURE_UNITS or before.ent_type_ == "QUANTITY"


def _trailing_qualifier(text: str, end: int) -> str | None:
    """A qualifier written after what is counted: "Sixty-six people or more"."""
    match = _TRAILING.match(text, end)
    return _TRAILING_QUALIFIERS[match.group(1).lower()] if match else None


def _age_of(ent: Span) -> str | None:
    """Whose age a bare number is: the person it stands beside ("Emily Spanton, 39,
    told"), or "" after "aged" ("aged 55"). None when it is no age."""
    numbers = [t for t in ent if t.like_num]
    if len(numbers) != 1 or not numbers[0].text.isdigit():
        return None
    number = numbers[0]
    if not 0 < int(number.text) < _OLDEST:
        return None
    if number.i > 0 and number.doc[number.i - 1].lower_ == "aged":
        return ""
    if number.dep_ == "pobj" and number.head.lower_ == "of" and number.head.head.lower_ == "age":
        return ""  # "died at the age of 80"
    if len(ent) == 1 and number.dep_ == "appos" and number.head.ent_type_ == "PERSON":
        return str(number.head.text)
    return _stated_age(number)


def _stated_age(number: Token) -> str | None:
    """ "She was 26.", "At 77, Biden became the oldest nominee": an age said of a person,
    the number what the person is, or opening the sentence. "The vote was 26." is no age."""
    head = number.head
    if number.dep_ == "attr":  # "She was 26", what the subject is
        clause = head
    elif number.dep_ == "pobj" and head.lower_ == "at" and head.is_sent_start:
        after = number.nbor() if number.i + 1 < len(number.doc) else None
        if after is None or after.text != ",":
            return None
        clause = head.head  # "At 77, Biden became ..."
    else:
        return None
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if subject.ent_type_ == "PERSON":
        return str(subject.text)
    return "" if subject.lower_ in ("he", "she") else None


def _is_ordinal_like(ent: Span) -> bool:
    """'one of the ...' and similar are not figures."""
    return ent.text.lower() in ("one", "a", "an")


def _unit_and_what(text: str, ent: Span, parsed: ParsedNumber) -> tuple[str | None, str, int, int]:
    """The unit, what is counted, and where the figure's phrase ends and starts (its
    level noun, when that comes first: "a magnitude of 4.0")."""
    root = ent.root
    head = _counted_noun(root, ent)
    doc = ent.doc
    neighbours = {t.lower_ for t in doc[max(0, ent.start - 1) : min(len(doc), ent.end + 1)]}
    following = doc[ent.end].lemma_.lower() if ent.end < len(doc) else ""
    person = _age_of(ent)
    if person is not None:  # "Steve Jobs, 55, said", "Jobs, aged 55,"
        return "years", f"age of {person}" if person else "age", ent.end_char, ent.start_char
    duration = _duration_unit(ent) if ent.label_ in ("DATE", "TIME") else None
    if duration is not None:
        # "1 hour 59 minutes 40.2 seconds": each number takes the word after it.
        own = _DURATION.match(text, parsed.end + 1) or _DURATION.match(text, parsed.end)
        duration = _plural(own.group(1)) if own else duration
        what = "age" if "old" in ent.text.lower() or "aged" in neighbours else "duration"
        return duration, what, ent.end_char, ent.start_char
    if parsed.value < 1 and _FRACTION.search(text, parsed.start, parsed.end):
        return "share", _share_what(text, ent), ent.end_char, ent.start_char  # "a third of"
    casualty = _casualty(head or root)
    if casualty is not None and (head is None or head.lemma_.lower() in _PEOPLE_WORDS):
        # "killed twelve" and "1800 people have died" count deaths; "40 people were
        # injured", people, who were hurt.
        suffered, verb = casualty
        return (
            suffered if head is None or suffered == "deaths" else "people",
            f"people {verb}",
            ent.end_char,
            ent.start_char,
        )
    level = _level_of(root) if head is None else None
    tally = _tallied(text, level) if level is not None else None
    since = ent.start_char
    if level is not None and tally is not None and level.i < ent.start and level.sent == ent.sent:
        since = tally.start
    if (
        "magnitude" in neighbours
        or ent.text.lower().endswith("-magnitude")
        or (level is not None and level.lemma_ == "magnitude")  # "a magnitude of 6.4"
        or (head is not None and head.lemma_.lower() in _QUAKES and "." in ent.text)
    ):  # "the 5.0 earthquake"
        return "magnitude", _magnitude_of(text, level), ent.end_char, since
    if ent.label_ == "PERCENT" or parsed.unit == "percent":
        unit: str | None = "percent"
    elif parsed.unit or _currency_word(ent):  # money, though tagged "900 million złotys"
        unit = parsed.unit or _currency_word(ent)
    elif head is not None:
        unit = "deaths" if head.lemma_.lower() == "life" else head.text.lower()  # "cost 12 lives"
        if head.lemma_.lower() in _MONEY_NOUNS:
            unit = _currency_near(text, ent) or unit  # "... for a 107 million loss"
    elif ent.label_ == "QUANTITY":
        # What follows the number in the entity: "500km" -> "km", "110 light-years".
        unit = text[parsed.end : ent.end_char].strip(" -").lower() or ent[-1].text.lower()
    elif following in _CASUALTY_WORDS or following == "who":
        unit = "people"  # "at least 30 injured", "the 2.8 million who voted"
        head = None
    elif _index_sentence(ent):
        unit = "points"  # "closed at 6,679.20": an index level
    elif tally is not None:
        unit = tally.unit
    else:
        unit = None
    if head is not None:
        what, end = _noun_phrase(text, head, ent)
    elif tally is not None:
        what, end = tally.phrase, ent.end_char
    elif ent.label_ == "QUANTITY" and root.pos_ == "NOUN":
        what, end = _noun_phrase(text, root, ent)  # "1,200 acres of forest"
    else:
        what, end = _subject_of_verb(text, root), ent.end_char
    if head is not None and what == unit and unit in _MEASURES:
        # "The Dow fell 100.28 points": the measure says nothing of what moved, and the
        # verb's subject does. (Without a counted noun, the subject is what already.)
        what = _subject_of_verb(text, head) or what
    if not what:
        what = unit or ""
    if unit in UNIT_SPELLINGS:  # "75 ft" is 75 feet
        what = UNIT_SPELLINGS[unit] if what == unit else what
        unit = UNIT_SPELLINGS[unit]
    return unit, what, end, since


def _percentage_listed_after(ent: Span) -> int | None:
    """Where a percentage listed right after a bare number ends ("166.5 and 93.3%")."""
    doc = ent.doc
    after = doc[ent.end : ent.end + 2]
    if ent.label_ != "CARDINAL" or len(after) < 2 or after[0].lower_ not in ("and", "or"):
        return None
    listed = entity_at(doc, after[1].i)
    return listed.end_char if listed is not None and listed.label_ == "PERCENT" else None


def _casualty(counted: Token) -> tuple[str, str] | None:
    """The unit and the verb of a count of people killed or hurt: "killed twelve",
    "injured twelve more", "1800 people have died", "40 people were injured", and "190
    were dead" however it is parsed; a count set beside another shares its verb."""
    if counted.dep_ == "nummod" and counted.head.lower_ in ("more", "others"):
        counted = counted.head  # "injured twelve more"
    if counted.dep_ == "appos":
        counted = counted.head  # "two thirds of those infected, over 1800 people, have died"
    verb = counted.head
    lemma = verb.lemma_.lower()
    active = counted.dep_ == "dobj" and lemma in _HARMING
    # "25 others injured": a participle's subject suffered, as a passive's does.
    participle = counted.dep_ == "nsubj" and verb.tag_ == "VBN"
    if counted.dep_ == "nsubj" and lemma == "lose" and _object_is(verb, "life"):
        return "deaths", "died"  # "81 had lost their lives"
    suffered = (counted.dep_ == "nsubj" and lemma == "die") or (
        (counted.dep_ == "nsubjpass" or participle) and lemma in _HARMING
    )
    if active or suffered:
        return CASUALTY_UNITS[lemma], verb.text.lower()
    doc = counted.doc
    after = [t.lower_ for t in doc[counted.i + 1 : counted.i + 4]]
    # "190 were dead", "12 are missing, 3 have been killed": a state, after its verb.
    while after and after[0] in _STATE_VERBS:  # "39 are confirmed dead"
        after.pop(0)
    if after and after[0] in CASUALTY_UNITS and counted.tag_ == "CD":
        return CASUALTY_UNITS[after[0]], after[0]
    return None


def _object_is(verb: Token, lemma: str) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() == lemma for c in verb.children)


def _share_of(ent: Span) -> bool:
    """ "about a quarter of the money", which the tagger may take for a date (its numbers
    are kept only where they are fractions: not "the third quarter of the year")."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.lower_ == "of" and bool(_FRACTION.search(ent.text))


def _share_what(text: str, ent: Span) -> str:
    """What a fraction is a share of: "a third of the country" -> "share of the country"."""
    doc = ent.doc
    of = next((t for t in doc[ent.start : min(len(doc), ent.end + 1)] if t.lower_ == "of"), None)
    objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
    if not objects:
        return "share"
    return f"share of {_phrase(text, objects[0], dropped=('punct',), most=_MAX_WHAT_WORDS)}"


class _Place(NamedTuple):
    phrase: str
    end: int
    body: bool  # a body of people ("from the Armed Forces"), not a place


def _own_place(text: str, ent: Span) -> _Place | None:
    """The place phrase right after a number with no noun ("29 in South Cotabato"),
    and where it ends."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is None or after.lower_ not in _PLACE_PREPOSITIONS:
        return None
    if not ent.start <= after.head.i < ent.end:
        return None
    last = max(after.subtree, key=lambda t: t.i)
    phrase, _, end = span_text(text, after.idx, last.idx + len(last))
    objects = [t for t in after.children if t.dep_ == "pobj"]
    body = bool(objects) and objects[0].ent_type_ in ("ORG", "NORP")
    return _Place(phrase, end, body)


def _magnitude_of(text: str, level: Token | None) -> str:
    """Which quake a magnitude is of, where the sentence names it ("the second quake had
    a magnitude of 4.0"): articles about a quake usually report several."""
    verb = level.head if level is not None and level.dep_ == "dobj" else None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
    if not subjects or subjects[0].pos_ != "NOUN":
        return "earthquake magnitude"
    return f"{_phrase(text, subjects[0], dropped=('det', 'punct'))} magnitude"


def _level_of(root: Token) -> Token | None:
    """The noun a number gives the level of, where no noun follows it: "a death toll of
    1,234", "the number of dead has reached 70", "revenue rose to $3 billion"."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head
    if root.dep_ == "attr" and head.lemma_ == "be":
        # "the reduction would be about 5,000", "the final vote count was 52-35"
        subjects = [c for c in head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        return subjects[0] if subjects else None
    verb = None
    if root.dep_ == "pobj" and head.lower_ in _LEVEL_PREPOSITIONS:
        verb = head.head
    elif root.dep_ == "dobj":
        verb = head
    if verb is None or verb.pos_ not in ("VERB", "AUX") or verb.lemma_ not in _LEVEL_VERBS:
        return None
    # "The council increased the toll to six" gives its object's level; "the toll rose
    # to six", "cases reached 70" their subject's.
    roles = ("nsubj", "nsubjpass") if root.dep_ == "dobj" else ("dobj", "nsubj", "nsubjpass")
    # "Sales are predicted to have dipped below nine million": the subject may be the
    # subject of the verb the level's verb completes.
    clause = verb
    while clause is not None:
        for role in roles:
            nouns = [c for c in clause.children if c.dep_ == role and c.pos_ in ("NOUN", "PROPN")]
            if nouns:
                return nouns[0]
        clause = clause.head if clause.dep_ == "xcomp" and clause.head.i != clause.i else None
    return None


class _Tally(NamedTuple):
    unit: str
    phrase: str
    start: int


def _tallied(text: str, level: Token) -> _Tally:
    """The unit and the phrase of a level noun: "the death toll" counts deaths, "the
    number of confirmed cases" counts cases, "revenue" is its own unit."""
    modifiers = [t for t in level.lefts if t.dep_ in ("amod", "compound") and not t.ent_type_]
    first, last = (modifiers[0] if modifiers else level), level
    counted = next(
        (
            g
            for c in level.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ in ("pobj", "pcomp") and not g.like_num  # "a total of 39" is 39
        ),
        None,
    )
    if level.lemma_ not in _TALLY_NOUNS:
        counted = None  # "a net loss of $2.2 billion" is no count of something else
    if counted is not None:
        last = counted  # "number of confirmed cases"
    phrase, start, _ = span_text(text, first.idx, last.idx + len(last))
    if level.lemma_ == "toll":
        return _Tally("deaths", phrase, start)  # a toll is of the dead, whatever it is "of"
    kinds = [t for t in level.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"]
    if counted is None and level.lemma_ in _TALLY_NOUNS and kinds:
        return _Tally(_plural(kinds[-1].text), phrase, start)  # "the vote count": votes
    return _Tally((counted if counted is not None else level).text.lower(), phrase, start)


def _counted_noun(root: Token, ent: Span) -> Token | None:
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lower_ in MEASURE_UNITS:
        return after  # "a 75 ft long boat" is 75 feet, however "long" is parsed
    noun = ent.doc[ent.end + 1] if ent.end + 1 < len(ent.doc) else None
    participle = after is not None and after.tag_ in ("VBN", "VBD")
    if participle and noun is not None and noun.tag_ == "NNS" and root.dep_ in ("nsubj", "nummod"):
        return noun  # "1,217 pledged delegates", the parser taking "pledged" for a verb
    token = root
    while token.dep_ in _COUNT_DEPS and token.head.i != token.i:
        token = token.head
        if token.pos_ in ("NOUN", "PROPN") and token.i >= ent.end:
            # "230-to-198" is split as "230" and a "noun" "to-198": a tally, not a unit.
            return None if any(c.isdigit() for c in token.text) else token
    if ent.label_ == "QUANTITY" and not root.like_num:
        return None  # "1,200 acres of forest" counts acres: the unit is in the entity
    for child in root.children:  # "two of its senior leaders"
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            if objects:
                return objects[0]
    whole = _whole_after(ent)
    return _counted_noun(whole.root, whole) if whole is not None else None


def _whole_after(ent: Span) -> Span | None:
    """The whole in "17 out of 18 of the area's districts", which counts what the part
    counts."""
    doc = ent.doc
    words = [t.lower_ for t in doc[ent.end : ent.end + 2]]
    if words != ["out", "of"]:
        return None
    whole = entity_at(doc, ent.end + 2)
    return whole if whole is not None and whole.root.like_num else None


def _noun_phrase(text: str, head: Token, ent: Span) -> tuple[str, int]:
    """'hostages held by Hamas': the counted noun and what follows it, to a comma."""
    tokens = [head]
    for token in head.doc[head.i + 1 : head.sent.end]:
        if token.is_punct or token.dep_ in ("relcl", "cc") or not _descends(token, head):
            break
        tokens.append(token)
        if len(tokens) >= _MAX_WHAT_WORDS:
            break
    modifiers = [t for t in head.lefts if t.i >= ent.end and t.dep_ in ("amod", "compound")]
    first = modifiers[0] if modifiers else head
    what, _, end = span_text(text, first.idx, tokens[-1].idx + len(tokens[-1]))
    verb = head.head
    if head.dep_ in ("dobj", "nsubjpass") and verb.tag_ == "VBN" and verb.i < head.i:
        what = f"{what} {verb.text}"  # "people killed"
    return what, end


def _descends(token: Token, ancestor: Token) -> bool:
    while token.head.i != token.i:
        if token.head.i == ancestor.i:
            return True
        token = token.head
    return False


def _subject_of_verb(text: str, root: Token) -> str:
    """'The overall annual revenue ... made up $7.1 billion': the verb's subject. A
    number after a preposition is its verb's ("closed at 7,365.67"), and a verb with no
    subject of its own shares the one of the verb it completes ("The Nasdaq lost 1.71%,
    closing at 1,442.82"); one listed after another shares its verb ("lost 1.71% or 25.15
    points")."""
    word = first_of_list(root)
    if word.dep_ == "appos" and word.head.pos_ in ("NOUN", "PROPN"):
        # "gained 3.1% and the German Dax 2.8%": the number stands beside what it is of
        owner = word.head
        kept = [
            t for t in owner.subtree if t.i < word.left_edge.i and t.dep_ not in ("det", "poss")
        ]
        return span_text(text, kept[0].idx, kept[-1].idx + len(kept[-1]))[0] if kept else ""
    verb = word.head
    while verb.pos_ == "ADP" and verb.head is not verb:
        verb = verb.head
    for _ in range(_SHARED_SUBJECT_HOPS):
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        if has_subject or verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head is verb:
            break
        verb = verb.head
    for child in verb.children:
        if root in child.subtree:
            continue  # "About 2.9 million people voted": the count is the subject
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
            phrase = _phrase(text, child, dropped=("det", "poss", "punct"))
            if phrase and len(phrase.split()) <= _MAX_WHAT_WORDS:
                return phrase
    return ""


def _phrase(text: str, head: Token, *, dropped: tuple[str, ...], most: int | None = None) -> str:
    """The words ``head`` heads, from the first kept one to the last (or to the ``most``-th
    kept one), as written. An owner named by a name stays ("Standard & Poor's 500"), one
    dropped ("its", "the company's") goes with all its words, and a bracket opened in the
    phrase is closed in it ("(S&P)")."""

    def drop(word: Token) -> bool:
        return word.dep_ in dropped and not (word.dep_ == "poss" and word.ent_type_)

    gone = {d.i for t in head.subtree if drop(t) and t.dep_ != "punct" for d in t.subtree}
    words = [t for t in head.subtree if t.i not in gone and not drop(t)][:most]
    if not words:
        return ""
    end = words[-1].idx + len(words[-1])
    if text.count("(", words[0].idx, end) > text.count(")", words[0].idx, end):
        closing = text.find(")", end, head.right_edge.idx + len(head.right_edge))
        end = closing + 1 if closing >= 0 else end
    phrase, _, _ = span_text(text, words[0].idx, end)
    return phrase


def _index_sentence(ent: Span) -> bool:
    """A bare number with decimals or in the thousands, in a sentence about an index."""
    words = {t.lower_ for t in ent.sent}
    return bool(words & _INDEX_WORDS) and ("." in ent.text or "," in ent.text)


def _currency_near(text: str, ent: Span) -> str | None:
    """The currency of the nearest sum of money in ``ent``'s sentence: "a 947 million
    pounds turnover for a 107 million loss" counts both in pounds."""
    sums = [e for e in ent.sent.ents if e.label_ in _LABELS and e != ent]
    for other in sorted(sums, key=lambda e: abs(e.start - ent.start)):
        units = [n.unit for n in _numbers(text, other) if n.unit not in (None, "percent")]
        currency = units[0] if units else _currency_word(other)
        if currency is not None:
            return currency
    return None


def _currency_word(ent: Span) -> str | None:
    """The currency a word in the sum or just after it names: "3 billion euros". A
    pound after the tagged sum is a weight as often as money ("lost 20 pounds")."""
    after = [t for t in ent.doc[ent.end : ent.end + 1] if t.lower_ not in ("pound", "pounds")]
    for token in [*ent, *after]:
        code = currency_of(token.text)
        if code:
            return "cents" if code == "USD_cents" else code
    return None
