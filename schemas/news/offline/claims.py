"""Claims: who asserts what, read from the dependency parse and from quotation marks.

Three patterns: a reporting or stance verb with a subject ("X said ...", "X condemned
..."), "according to X", and a sentence that is wholly a quotation, which continues the
previous speaker's words. "He"/"she" resolve to the last person who spoke.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from summarise.schemas.news.model import Claim
from summarise.schemas.news.offline.index import ActorIndex, Cluster
from summarise.schemas.news.offline.layout import Answer, Layout
from summarise.schemas.news.offline.lexicon import (
    ACTOR_LABELS,
    DEFINITE_REFERENCES,
    NON_SPEAKERS,
    ORGANISATION_HEADS,
    PERSON_ROLE_NOUNS,
    PHRASAL_REPORTING_VERBS,
    PLACE_LABELS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    STANCE_VERBS,
    TITLES,
)
from summarise.schemas.news.offline.nlp import exact_evidence, span_text
from summarise.schemas.news.offline.quotes import Quotes
from summarise.schemas.news.offline.speakers import SpeakerBook

__all__ = ["Claims", "FoundClaim", "find_claims"]

Token = Any
Span = Any

_MAX_STATEMENT_WORDS = 45
_MIN_QUOTE_WORDS = 3
_MIN_ANSWER_WORDS = 6
# Verbs that attribute only with a clause of content: "concluded that ...", not
# "concluded the talks", "posted a time of 2:05:45" or "responded by throwing things".
_NEEDS_CONTENT = frozenset(
    "believe think fear add note conclude continue observe recommend advise respond reply "
    "post agree speak testify".split()
)
# Of those, the ones a colon or a quotation can follow instead: "He added: ...".
_LEADS_INTO_QUOTE = frozenset("add continue respond reply post agree speak".split())
_QUESTION_WORDS = {"what", "whether", "if", "why", "how", "who", "when", "where", "which"}
_STANCE_OBJECTS = {"dobj", "xcomp", "ccomp", "prep", "attr", "dative", "advcl", "oprd"}
_CUE_OBJECT = 4  # words of a named object a cue takes in: "told the Nevada Independent"
_CONTINUATION_SENTENCES = 2  # how far back a bare quotation looks for its speaker
# Records a source is cited by ("according to data from ..."): who compiled one speaks.
_RECORDS = frozenset(
    "data figure figures statistic statistics report survey study census record estimate poll "
    "tally".split()
)
_RECENT_SENTENCES = 2  # how far back a bare title ("the minister said") refers to anyone
_NESTING_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj"}
_CLAUSE_EDGE_DEPS = {"conj", "cc", "advcl", "punct", "mark"}
_ASIDE_DEPS = {"relcl", "acl", "appos"}
_CLOSING = " .,;:!?"  # what may close a statement that adds nothing to it


@dataclass
class FoundClaim:
    """A claim with what the contested-points and figure steps need to know about it."""

    claim: Claim
    speaker: Cluster
    cue_lemma: str
    negated: bool
    sentence_start: int  # char offsets of the sentence(s) the claim stands in
    sentence_end: int
    content: tuple[int, int]  # char range of what is claimed (for figures' sources)
    topics: set[str] = field(default_factory=set)
    # A record's finding ("Johns Hopkins University data indicated ..."): its compiler
    # reports what the record shows and takes no side in a dispute.
    from_record: bool = False


@dataclass(frozen=True)
class Claims:
    """The claims stage's result: the claims, and the sources it found that the index
    does not name ("experts said")."""

    found: list[FoundClaim]
    added: list[Cluster]

    @property
    def speakers(self) -> list[Cluster]:
        return [c.speaker for c in self.found]


def find_claims(doc: Any, text: str, index: ActorIndex, layout: Layout) -> Claims:
    """Every attributed claim in the story, in reading order."""
    actors = SpeakerBook(index)
    quotes = Quotes(text)
    found: list[FoundClaim] = []
    last_person: Cluster | None = None
    last_claim_sentence = -10
    answered: set[int] = set()  # answer lines already claimed, by their start
    quoted_to = 0  # where the last quotation taken whole as a claim ends
    for number, sentence in enumerate(doc.sents):
        if not layout.is_story(sentence.start_char):
            continue  # a headline restates the story; a caption or a link is not it
        if sentence.start_char < quoted_to:
            continue  # inside a quotation a claim has taken whole
        answer = layout.answer_at(sentence.start_char)
        if answer is not None:
            # An interviewee's answer is their claim, whatever verbs it uses itself.
            if answer.start not in answered:
                answered.add(answer.start)
                found.extend(_answer_claim(text, sentence, answer, actors))
            continue
        sentence_claims = []
        for verb in _attribution_verbs(sentence):
            speaker = _speaker(verb, actors, last_person)
            if speaker is None:
                continue
            sentence_claims.append(_from_verb(text, verb, speaker, sentence, quotes))
            if speaker.kind == "person":  # "said Delfin Lorenzana; he described ..."
                last_person = speaker
        sentence_claims.extend(_noun_claims(text, sentence, actors, quotes))
        if not sentence_claims:
            according = _according_to(text, sentence, actors, quotes, last_person)
            if according is not None:
                sentence_claims.append(according)
        if (
            not sentence_claims
            and found
            and number - last_claim_sentence <= _CONTINUATION_SENTENCES
            and _is_bare_quotation(text, sentence, quotes)
        ):
            continued = _continuation(text, sentence, found[-1].speaker, quotes)
            sentence_claims.append(continued)
            quoted_to = continued.sentence_end
        for claim in sentence_claims:
            if claim.speaker.kind == "person":
                last_person = claim.speaker
            last_claim_sentence = number
        if not any(c.speaker.kind == "person" for c in sentence_claims):
            # "Senator Lindsey Graham spoke on Fox News. He continued: ...": "he" is the
            # last person a sentence was about, speaking or not.
            last_person = _subject_person(sentence, index) or last_person
        found.extend(sentence_claims)
    return Claims(found=_deduplicated(found), added=actors.added)


def _answer_claim(
    text: str, sentence: Span, answer: Answer, actors: SpeakerBook
) -> list[FoundClaim]:
    """One claim for one line of an interview answer: its first sentence says what it
    claims, and the line, the speaker's own words, is the quotation and the evidence."""
    speaker = actors.tagged(answer.speaker)
    words, start, end = span_text(text, answer.start, answer.end)
    if speaker is None or len(words.split()) < _MIN_ANSWER_WORDS:
        return []  # a tag naming nobody in the story; a line of code or a "Thanks!"
    # The first sentence that says something: not the tag's (the parser may give it a
    # sentence of its own), nor a bare "Yes."
    opening = sentence.doc.char_span(start, end, alignment_mode="expand")[0].sent
    while (
        len(opening.text.split()) < _MIN_QUOTE_WORDS
        and opening.end < len(opening.doc)
        and opening.end_char < end
    ):
        opening = opening.doc[opening.end].sent
    first = (max(start, opening.start_char), min(end, opening.end_char))
    return [
        _found(
            text,
            sentence,
            speaker,
            statement=_statement(text, first),
            quote=words,
            cue="answered",
            cue_lemma="say",
            bounds=(start, end),
            content=(start, end),
        )
    ]


def _subject_person(sentence: Span, index: ActorIndex) -> Cluster | None:
    """The last named person who is a subject in the sentence."""
    people = [
        cluster
        for token in sentence
        if token.dep_ in ("nsubj", "nsubjpass")
        and (cluster := index.at_token(token.i)) is not None
        and cluster.kind == "person"
    ]
    return people[-1] if people else None


def _attribution_verbs(sentence: Span) -> list[Token]:
    candidates = [t for t in sentence if _is_attribution(t)]
    candidate_ids = {t.i for t in candidates}
    outermost = []
    for verb in candidates:
        # A verb inside another attribution's content is reported speech, not a claim.
        token, nested = verb, False
        while token.head.i != token.i:
            if token.head.i in candidate_ids and _participle_of_saying(token):
                break  # "he said, adding that ...": a second saying, not what was said
            if token.dep_ in _NESTING_DEPS and token.head.i in candidate_ids:
                # But '"...," said Delfin Lorenzana; he described ...': reported speech
                # follows what reports it, so a named speaker before it is its own.
                nested = not (verb.i < token.head.i and _named_subject(verb))
                break
            token = token.head
        if not nested:
            outermost.append(verb)
    return outermost


def _named_subject(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.pos_ == "PROPN"


def _is_attribution(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if (
        token.tag_ == "VBG"
        and not any(c.dep_ == "aux" for c in token.children)
        and not _participle_of_saying(token)
    ):
        return False  # "with some stressing ..." describes, it does not attribute
    lemma = _reporting_lemma(token)
    if lemma not in REPORTING_VERBS and lemma not in STANCE_VERBS:
        return False
    children = list(token.children)
    deps = {c.dep_ for c in children}
    if lemma == "call" and not any(
        c.dep_ == "prep" and c.lower_ in ("for", "on") for c in children
    ):
        return False  # "called for a ceasefire" is a demand; "called him a liar" is not
    if _describes_a_noun(token) and not deps & {"ccomp", "xcomp"}:
        return False  # "the distribution that Red Hat maintained": what it says is a noun
    if lemma in _NEEDS_CONTENT and "ccomp" not in deps and token.dep_ != "parataxis":
        # "He added: ...", "she continued, '...'": what follows is the content. Set
        # in commas ("..., she testified, ..."), the clause around it is.
        return lemma in _LEADS_INTO_QUOTE and _has_colon_or_quote(token)
    if lemma in STANCE_VERBS and "neg" in deps:
        return False  # "Russia has not condemned ..." is the article's assertion
    if "neg" in deps and not deps & {"ccomp", "xcomp"} and not _has_colon_or_quote(token):
        return False  # "Papermaster did not comment on the situation": nothing was said
    if "neg" in deps and any(c.dep_ == "ccomp" and _asks(c) for c in children):
        return False  # "the company had not confirmed what work ...": nothing asserted
    if lemma in STANCE_VERBS and not deps & _STANCE_OBJECTS:
        return False  # "The union refused.": a stance on nothing the sentence says
    return bool(deps & {"nsubj", "nsubjpass"}) or (
        # "... and called for", "went on to say", "adding that": the subject is the
        # verb's head's
        (token.dep_ in ("conj", "xcomp") or _participle_of_saying(token))
        and any(c.dep_ == "nsubj" for c in token.head.children)
    )


def _reporting_lemma(verb: Token) -> str:
    """The verb's lemma, or the one-word reporting verb a phrasal verb is read as:
    "analysts point out that ..." notes."""
    lemma: str = verb.lemma_.lower()
    for particle in (c for c in verb.children if c.dep_ == "prt"):
        lemma = PHRASAL_REPORTING_VERBS.get((lemma, particle.lower_), lemma)
    return lemma


def _asks(clause: Token) -> bool:
    """A clause that is a question: "what work it was doing", "whether it would"."""
    return clause.left_edge.lower_ in _QUESTION_WORDS


def _participle_of_saying(verb: Token) -> bool:
    """ "..., he said, adding that ...", "Boeing protested, claiming the evaluation was
    skewed": a participle with a clause of its own says more, in the subject's words."""
    return (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "ccomp" for c in verb.children)
        and not any(c.dep_ == "nsubj" for c in verb.children)  # "..., the judge saying"
    )


def _describes_a_noun(verb: Token) -> bool:
    """ "The claim, which Apple denied", "a story he sometimes told": a relative clause
    whose object is the noun it describes. Not "who said ...", nor a parse that takes
    "During the speech Trump claimed, '...'" for one: a quotation follows that verb."""
    if verb.dep_ not in ("relcl", "acl"):
        return False
    if any(c.lower_ in RELATIVE_PRONOUNS and c.dep_ == "dobj" for c in verb.children):
        return True
    subject = any(c.dep_ == "nsubj" and c.lower_ not in ("who", "that") for c in verb.children)
    after = verb.doc[verb.i + 1 : verb.i + 3]
    quoted = any(t.text in ("‘", "“", '"', ":") for t in after)
    return subject and not quoted and "dobj" not in {c.dep_ for c in verb.children}


def _has_colon_or_quote(token: Token) -> bool:
    return any(t.text in (":", "‘", "“", '"') for t in token.sent)


def _subject(verb: Token) -> Token | None:
    # In the passive the speaker is the agent: "he was told by Zinichev that ...".
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children]
    if agents and agents[0].dep_ == "pobj":
        return agents[0]
    # The subject nearest the verb: "Niger's president Mahamadou Issoufou said" is
    # parsed with two, the title and the name.
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    before = [c for c in subjects if c.i < verb.i]
    for child in before[-1:] or subjects[:1]:
        if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return verb.head  # "Kasra Aarabi, who said ..."
        return _named_before_place(child) or child
    if verb.dep_ in ("conj", "xcomp") or _participle_of_saying(verb):
        return _subject(verb.head)  # "Moscow blamed ... and called for", "went on to say"
    return None


def _named_before_place(subject: Token) -> Token | None:
    """Who speaks when the parser takes the place closing a name for the subject:
    "Van Tilburg of the University of California, Los Angeles, disagreed" -> Van
    Tilburg, the name the place's institution is attached to."""
    first = subject.left_edge
    if subject.ent_type_ not in PLACE_LABELS or first.i < 2 or first.nbor(-1).text != ",":
        return None
    token = first.nbor(-2)
    while token.dep_ in ("pobj", "prep", "compound") and token.head.i < token.i:
        token = token.head
    return token if token is not first.nbor(-2) and token.ent_type_ in ("PERSON", "ORG") else None


def _speaker(verb: Token, actors: SpeakerBook, last_person: Cluster | None) -> Cluster | None:
    subject = _subject(verb)
    if subject is None:
        return None
    word = subject.lower_
    if _is_pronoun(subject):
        return _by_pronoun(subject, last_person)
    compiler = _compiler(subject)
    if compiler is not None:  # "Johns Hopkins University data indicated"
        return actors.speaker_for(subject.doc[compiler.left_edge.i : compiler.right_edge.i + 1])
    lemma = subject.lemma_.lower()
    if word in ("this", "that", "which", "there") or lemma == "report":
        return None  # "the reports said" points back at a source named elsewhere
    if any(c.lower_ == "whose" for c in subject.children):
        return None  # "a party whose members challenged": the members are no one named
    if word in NON_SPEAKERS or lemma in NON_SPEAKERS:
        # "each", "those", "the statement"; but "One of these groups, the Syrian
        # Democratic Forces, said": the apposition names who.
        named = (actors.index.at_token(c.i) for c in subject.children if c.dep_ == "appos")
        return next((n for n in named if n is not None), None)
    kind = DEFINITE_REFERENCES.get(lemma) or ("person" if lemma in TITLES else None)
    if kind and actors.at_token(subject.i) is None and _bare_definite(subject):
        # "the company said" is the company named before, wherever it is; "the foreign
        # minister said" is the person titled so, or one named in the sentences just
        # before ("Foreign Secretary Marcelo Ebrard said ... The foreign minister
        # said"), or else a source of its own, not whoever was named last.
        since = 0 if kind != "person" else _recent_start(subject)
        referred = actors.index.referent(subject, kind, since=since)
        if referred is not None or kind != "person":
            return referred
    elif kind == "person" and actors.at_token(subject.i) is None and _unnamed_definite(subject):
        # "US bank chief Ben Bernanke ... the bank chief said": the one titled so.
        referred = actors.index.referent(subject, kind, since=None, by_head=False)
        if referred is not None:
            return referred
    end = subject.right_edge.i
    if subject.i < verb.i and verb.dep_ == "relcl" and verb.head.i == subject.i:
        end = subject.i  # "the Hamas terror group who praised ...": the group, not its clause
    span = subject.doc[subject.left_edge.i : end + 1]
    return actors.speaker_for(span)


def _recent_start(token: Token) -> int:
    """Where the sentences just before ``token``'s begin: how far back a bare title
    still refers to whoever was named last."""
    sentence = token.sent
    for _ in range(_RECENT_SENTENCES):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    return int(sentence.start_char)


def _is_pronoun(token: Token) -> bool:
    return bool(token.tag_ == "PRP" or token.lower_ in PRONOUNS)


def _by_pronoun(pronoun: Token, last_person: Cluster | None) -> Cluster | None:
    """Who a pronoun speaking stands for: "he" or "her" the last person the story named;
    "it" and "they" nobody, as they are too often not a speaker to guess."""
    return last_person if PRONOUNS.get(pronoun.lower_) == "person" else None


def _unnamed_definite(subject: Token) -> bool:
    """ "the bank chief", "the company": a definite noun with no name, owner or place
    beside it."""
    children = list(subject.children)
    return any(c.lower_ == "the" for c in children) and not any(
        c.dep_ in ("poss", "appos", "prep", "conj") for c in children
    )


def _bare_definite(subject: Token) -> bool:
    """ "the company", "the governor", "the foreign minister", "the Prime Minister": a
    definite noun with nothing naming it (a lower-case adjective or a title names no
    one; "the Israeli minister" and "the Acme spokesman" are named)."""
    return _unnamed_definite(subject) and not any(
        (c.dep_ == "amod" and not c.is_lower) or (c.dep_ == "compound" and c.lower_ not in TITLES)
        for c in subject.children
    )


def _from_verb(
    text: str, verb: Token, speaker: Cluster, sentence: Span, quotes: Quotes
) -> FoundClaim:
    lemma = verb.lemma_.lower()
    start, end = _sentence_bounds(text, sentence, quotes)
    complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if complement is not None and lemma in STANCE_VERBS and _verbless(complement):
        complement = None  # "deemed the agreement illegal": the stance is the whole clause
    aside = None
    has_subject = True  # whether what is claimed names who it is about
    if complement is not None:
        content = _whole_quotation(text, quotes, (start, end), _subtree(text, complement))
    elif lemma in STANCE_VERBS:
        explained = _quoted_after_colon(text, quotes, verb, end)
        if explained is not None:  # 'X disagreed with the findings: "Seeps are minor."'
            content = explained
        else:
            content, has_subject = _predicate(text, verb)
    else:
        # A quoted fragment ("described ... 'insane' heat") is not what was said.
        inner = [q for q in quotes.within(start, end) if _words(text, q) >= _MIN_QUOTE_WORDS]
        floating = quotes.ending_at(start) if not inner and _bare(verb) else None
        aside = _aside(text, verb) if not inner and floating is None else None
        if inner:
            content = max(inner, key=lambda q: q[1] - q[0])
        elif floating is not None:  # '"Our house is burning ..." Macron told the world.'
            content, start = floating, floating[0] - 1
        elif aside is not None:  # "The guardrail would be examined, Roberts said, to ..."
            content = (start, end)
        else:
            content = _clause(text, verb)
    quote = _best_quote(text, quotes, start, end)
    if aside is not None:  # what was said is the sentence around the attribution
        around = f"{text[start : aside[0]].rstrip(' ,')} {text[aside[1] : end].lstrip(' ,')}"
        statement = _statement(around, (0, len(around)))
    else:
        statement = _statement(text, content)
    if not has_subject:
        statement = _with_subject(statement, speaker.name)
    return _found(
        text,
        sentence,
        speaker,
        statement=statement,
        quote=quote,
        cue=_cue(text, verb),
        cue_lemma=lemma,
        bounds=(start, end),
        content=content,
        negated=any(c.dep_ == "neg" for c in verb.children),
        from_record=_cites_record(verb),
    )


def _cites_record(verb: Token) -> bool:
    """Whether the verb's subject is a record its compiler speaks through: "Johns Hopkins
    University data indicated"."""
    subject = _subject(verb)
    return subject is not None and _compiler(subject) is not None


def _aside(text: str, verb: Token) -> tuple[int, int] | None:
    """Where an attribution set off by commas inside what it attributes stands: "The
    accident began, Florida Highway Patrol described, in the northbound lanes"."""
    subject = _subject(verb)
    if subject is None or subject.i > verb.i:
        return None
    start = subject.left_edge.idx
    last = max(
        [verb, *(c for c in verb.rights if c.dep_ in ("advmod", "npadvmod"))], key=lambda t: t.i
    )
    end = last.idx + len(last)
    if text[:start].rstrip().endswith(",") and text[end:].lstrip().startswith(","):
        return start, end
    return None


def _words(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].split())


def _bare(verb: Token) -> bool:
    """A reporting verb with nothing said after it: "Macron told the world on Thursday"
    ("the world" is whom he told, not what)."""
    said = ("ccomp", "xcomp") if verb.lemma_.lower() == "tell" else ("dobj", "ccomp", "xcomp")
    return not any(c.dep_ in said for c in verb.children)


def _according_to(
    text: str, sentence: Span, actors: SpeakerBook, quotes: Quotes, last_person: Cluster | None
) -> FoundClaim | None:
    for token in sentence:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            return None
        compiler = _compiler(source)  # "according to data from the WHO"
        source = compiler or source
        if source.lemma_.lower() in NON_SPEAKERS | {"report"}:
            return None  # "according to the reports", "according to its press release"
        span = _named_after(source) or source.doc[source.left_edge.i : source.right_edge.i + 1]
        if _is_pronoun(source):  # "according to him"
            speaker = _by_pronoun(source, last_person)
        else:
            speaker = actors.speaker_for(span)
        if speaker is None:
            return None
        start, end = _sentence_bounds(text, sentence, quotes)
        phrase_start = token.idx
        last = max(span[-1], source.right_edge, key=lambda t: t.i)
        phrase_end = last.idx + len(last)
        # What is claimed is the sentence without the "according to ..." phrase.
        before, after = (start, phrase_start), (phrase_end, end)
        content = before if before[1] - before[0] >= after[1] - after[0] else after
        return _found(
            text,
            sentence,
            speaker,
            statement=_statement(text, content),
            quote=_best_quote(text, quotes, start, end),
            cue=text[phrase_start:phrase_end],
            cue_lemma="according",
            bounds=(start, end),
            content=content,
            from_record=compiler is not None,
        )
    return None


def _compiler(record: Token) -> Token | None:
    """Who a cited record is from: "according to data from the World Health
    Organisation", "according to a report by Reuters". None for a record of no one
    named ("according to reports")."""
    if not {record.lemma_.lower(), record.lower_} & _RECORDS:  # "data" is lemmatised "datum"
        return None
    for child in record.children:
        if child.dep_ in ("compound", "poss") and child.pos_ == "PROPN":
            return child  # "Johns Hopkins University data indicated", "the WHO's figures"
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for by in child.children:
                body = by.pos_ == "PROPN" or by.ent_type_ in ACTOR_LABELS
                if by.dep_ == "pobj" and (body or by.lemma_.lower() in ORGANISATION_HEADS):
                    return by
    return None


def _named_after(source: Token) -> Span | None:
    """The person a role is set beside by commas: "according to the El Paso mayor, Dee
    Margo, police were ...". The parser often reads the name as the next clause's
    subject, so it is found by position: a role, a comma, a person's name, a comma."""
    if source.lemma_.lower() not in PERSON_ROLE_NOUNS:
        return None
    doc = source.doc
    after = source.right_edge.i + 1
    if after >= len(doc) or doc[after].text != ",":
        return None
    end = after + 1
    while end < len(doc) and doc[end].ent_type_ == "PERSON":
        end += 1
    if end == after + 1 or end >= len(doc) or doc[end].text != ",":
        return None
    return doc[after + 1 : end]


def _noun_claims(
    text: str, sentence: Span, actors: SpeakerBook, quotes: Quotes
) -> list[FoundClaim]:
    """'..., which Hamas claims has killed ...': the parser reads "Hamas claims" as a
    noun phrase; read it as Hamas claiming the clause."""
    found = []
    for token in sentence:
        if token.pos_ != "NOUN" or token.lower_ not in ("claims", "says", "alleges"):
            continue
        if token.dep_ != "nsubj" or token.head.pos_ not in ("VERB", "AUX"):
            continue
        named = [actors.at_token(c.i) for c in token.lefts if c.dep_ == "compound"]
        speaker = next((n for n in named if n is not None), None)
        if speaker is None:
            continue
        verb = token.head
        last = verb.right_edge
        _, c_start, c_end = span_text(text, token.idx + len(token), last.idx + len(last))
        subject = ""
        if verb.dep_ == "relcl":  # "the Israeli response, which Hamas claims has killed"
            antecedent = verb.head
            words = [t for t in antecedent.subtree if t.i <= antecedent.i]
            subject = text[words[0].idx : antecedent.idx + len(antecedent)] + " "
        statement = _statement(text, (c_start, c_end))
        start, end = _sentence_bounds(text, sentence, quotes)
        if subject:
            statement = subject[:1].upper() + subject[1:] + statement[:1].lower() + statement[1:]
        found.append(
            _found(
                text,
                sentence,
                speaker,
                statement=statement,
                quote=None,
                cue=token.text,
                cue_lemma="claim",
                bounds=(start, end),
                content=(c_start, c_end),
            )
        )
    return found


def _is_bare_quotation(text: str, sentence: Span, quotes: Quotes) -> bool:
    """A sentence that is all quotation, or opens a quotation of several sentences that
    stands alone: '... via Twitter. "The statement shows ... They are held by the SDF."'.
    A quotation that closes on a comma is attributed where it closes ('"...," he said')."""
    body, start, end = span_text(text, sentence.start_char, sentence.end_char)
    if not body or body[0] not in '‘“"' or len(body.split()) < _MIN_QUOTE_WORDS:
        return False  # a closing mark the parser left on a line of its own says nothing
    near = quotes.overlapping(start, end)
    running_on = next((e for s, e in near if s == start + 1 and e > end), None)
    if running_on is not None:
        return text[running_on - 1] in ".!?"
    if any(start <= s < end < e for s, e in near):
        return False
    inside = sum(min(e, end) - max(s, start) for s, e in near)
    return inside >= 0.8 * (end - start - 2)


def _continuation(text: str, sentence: Span, speaker: Cluster, quotes: Quotes) -> FoundClaim:
    start, end = _sentence_bounds(text, sentence, quotes)
    inner = quotes.within(start, end)
    content = max(inner, key=lambda q: q[1] - q[0]) if inner else (start, end)
    return _found(
        text,
        sentence,
        speaker,
        statement=_statement(text, content),
        quote=text[content[0] : content[1]] if inner else None,
        cue=None,
        cue_lemma="say",
        bounds=(start, end),
        content=content,
    )


def _found(
    text: str,
    sentence: Span,
    speaker: Cluster,
    *,
    statement: str,
    quote: str | None,
    cue: str | None,
    cue_lemma: str,
    bounds: tuple[int, int],
    content: tuple[int, int],
    negated: bool = False,
    from_record: bool = False,
) -> FoundClaim:
    start, end = bounds
    claim = Claim(
        speaker=speaker.name,
        statement=statement,
        quote=quote,
        cue=cue,
        evidence=[exact_evidence(text, start, end)],
    )
    return FoundClaim(
        claim=claim,
        speaker=speaker,
        cue_lemma=cue_lemma,
        negated=negated,
        sentence_start=start,
        sentence_end=end,
        content=content,
        topics=_topics(sentence, content, speaker),
        from_record=from_record,
    )


def _sentence_bounds(text: str, sentence: Span, quotes: Quotes) -> tuple[int, int]:
    """The sentence, stretched over a quotation that starts or ends outside it."""
    start, end = sentence.start_char, sentence.end_char
    for q_start, q_end in quotes.overlapping(start, end):
        if start <= q_start < end < q_end:
            end = q_end + 1  # the closing mark
        elif q_start < start < q_end <= end:
            start = q_start - 1  # the opening mark
    _, start, end = span_text(text, start, end)
    return start, end


def _best_quote(text: str, quotes: Quotes, start: int, end: int) -> str | None:
    inner = [
        q for q in quotes.within(start, end) if len(text[q[0] : q[1]].split()) >= _MIN_QUOTE_WORDS
    ]
    if not inner:
        return None
    q_start, q_end = max(inner, key=lambda q: q[1] - q[0])
    quote, _, _ = span_text(text, q_start, q_end)
    return quote or None


def _subtree(text: str, head: Token) -> tuple[int, int]:
    _, start, end = span_text(text, head.left_edge.idx, head.right_edge.idx + len(head.right_edge))
    return start, end


def _clause(text: str, head: Token) -> tuple[int, int]:
    """The span of a clause, without trailing coordinated or subordinate clauses."""
    tokens = [head]
    for child in head.children:
        if child.dep_ == "mark" or (child.dep_ in _CLAUSE_EDGE_DEPS and child.i > head.i):
            continue  # not "As"/"While" in front, nor a coordinated clause behind
        tokens.extend(child.subtree)
    tokens.sort(key=lambda t: t.i)
    # Keep the contiguous run around the head: the parse can attach stray words far away.
    run = [head]
    by_index = {t.i: t for t in tokens}
    i = head.i - 1
    while i in by_index:
        run.insert(0, by_index[i])
        i -= 1
    i = head.i + 1
    while i in by_index:
        run.append(by_index[i])
        i += 1
    _, start, end = span_text(text, run[0].idx, run[-1].idx + len(run[-1]))
    return start, end


def _whole_quotation(
    text: str, quotes: Quotes, bounds: tuple[int, int], content: tuple[int, int]
) -> tuple[int, int]:
    """The quotation that holds what was said, where the parse took one sentence of it
    for all: '"A big problem. A bad one," Smith said', 'Reid said: "I dread it. It is
    not going to be pretty."'. A phrase quoted inside what was said stays a part."""
    said = len(text[content[0] : content[1]].rstrip(_CLOSING))
    for q_start, q_end in quotes.within(*bounds):
        inside = q_start <= content[0] < content[1] <= q_end + 1
        if inside and len(text[q_start:q_end].rstrip(_CLOSING)) > said:
            return q_start, q_end
    return content


def _verbless(clause: Token) -> bool:
    """A small clause, a noun and what it is called, with no verb of its own."""
    return clause.pos_ not in ("VERB", "AUX") and not any(
        c.dep_ in ("aux", "auxpass", "cop") for c in clause.children
    )


def _quoted_after_colon(text: str, quotes: Quotes, verb: Token, end: int) -> tuple[int, int] | None:
    """The quotation a colon after a stance verb opens: the stance in the speaker's
    own words."""
    colon = next((t for t in verb.doc[verb.i : verb.sent.end] if t.text == ":"), None)
    if colon is None:
        return None
    after = colon.idx + 1
    opening = [q for q in quotes.within(after, end) if not text[after : q[0] - 1].strip()]
    return opening[0] if opening else None


def _predicate(text: str, verb: Token) -> tuple[tuple[int, int], bool]:
    """A stance verb's clause, its subject cut where the speaker's name reads better in
    its place (see :func:`_with_subject`): a pronoun ("He defended ..."), or a subject
    with a clause of its own ("Brett McGurk, who was Trump's envoy until December, also
    criticized ..."). A plain name stays as written: "The UAW refused the offer".

    Returns:
        The span of what is claimed, and whether it keeps a subject of its own.
    """
    start, end = _clause(text, verb)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > verb.i:
        return (start, end), False  # "... and called for a ceasefire": no subject to keep
    if _plain_name(subject):
        # From the subject on: "On Wednesday, during the ceremony, Erdoğan called for
        # ..." says when and where, not what was claimed.
        return (max(start, subject.left_edge.idx), end), True
    after = verb.doc[subject.right_edge.i + 1 : verb.i + 1]
    first = next(t for t in after if not t.is_punct)
    return (max(start, first.idx), end), False


def _statement(text: str, content: tuple[int, int]) -> str:
    statement, _, _ = span_text(text, *content)
    statement = " ".join(statement.split()).strip("‘’“”\"' ")  # one line, however quoted
    if statement.lower().startswith("that "):
        statement = statement[5:].lstrip("‘“\"' ")  # 'adding that "global ...'
    words = statement.split()
    if len(words) > _MAX_STATEMENT_WORDS:
        statement = " ".join(words[:_MAX_STATEMENT_WORDS]) + " …"
    return statement[:1].upper() + statement[1:] if statement else statement


def _plain_name(subject: Token) -> bool:
    """A subject that names and does no more: not a pronoun or a relative, and nothing
    set off by commas or a clause of its own inside it."""
    if _is_pronoun(subject) or subject.tag_ in ("WP", "WDT"):
        return False
    return not any(t.is_punct or t.dep_ in _ASIDE_DEPS for t in subject.subtree)


def _with_subject(statement: str, speaker: str) -> str:
    """Name the speaker before a predicate that stands without its subject: "... and
    called for a ceasefire", "... who praised him", "Brett McGurk, a former envoy,
    criticized ..."."""
    return f"{speaker} {statement[:1].lower()}{statement[1:]}"


def _cue(text: str, verb: Token) -> str:
    parts = [verb]
    for child in verb.children:
        named = child.dep_ == "dobj" and child.pos_ == "PROPN"
        if child.dep_ in ("dative", "prt") or (named and len(list(child.subtree)) <= _CUE_OBJECT):
            parts.extend(child.subtree)  # "told Reuters", not "sued [a list of names]"
        elif child.dep_ == "prep" and child.lower_ in ("in", "for", "on", "from"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in (
                "statement",
                "interview",
                "post",
                "letter",
            ):
                parts.extend(child.subtree)
            elif verb.lemma_.lower() == "call" and child.i > verb.i:
                parts.append(child)  # "called for", not "On Monday ... called"
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)


def _topics(sentence: Span, content: tuple[int, int], speaker: Cluster) -> set[str]:
    start, end = content
    own = {w.lower() for w in speaker.name.split()}
    return {
        t.lemma_.lower()
        for t in sentence
        if start <= t.idx < end
        and t.pos_ in ("NOUN", "PROPN")
        and not t.is_stop
        and t.lower_ not in own
        and len(t.text) > 2
    }


def _deduplicated(claims: list[FoundClaim]) -> list[FoundClaim]:
    """Drop a claim that repeats one already kept (a headline restated in the body)."""
    kept: list[FoundClaim] = []
    by_speaker: dict[Cluster, list[str]] = {}
    for found in claims:
        said = by_speaker.setdefault(found.speaker, [])
        if not any(fuzz.token_set_ratio(s, found.claim.statement) >= 85 for s in said):
            kept.append(found)
            said.append(found.claim.statement)
    return kept
