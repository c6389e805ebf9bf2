"""Articles given as HTML: the article's text, extracted with trafilatura.

Offsets in a summary of an HTML page point into the *extracted* text, which is why the
commands that read HTML also write that text out beside the summary.
"""

from __future__ import annotations

from pathlib import Path

from summarise.errors import InputError

__all__ = ["HTML_SUFFIXES", "html_to_text", "is_html"]

HTML_SUFFIXES = (".html", ".htm")


def is_html(path: str | Path) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES


def html_to_text(html: str | bytes) -> str:
    """The main text of an HTML page (no navigation, scripts, footers or comments).

    Raises:
        InputError: The page has no article text trafilatura can find.
    """
    import trafilatura  # imported here: only HTML input needs it

    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError("No article text found in the HTML; pass the article as plain text.")
    return str(text)
