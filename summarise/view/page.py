"""The HTML document every page shares: one inline stylesheet, one inline script, a strict
Content-Security-Policy, nothing fetched.

The policy allows exactly the page's own style and script, by their SHA-256 hashes, and
nothing else: no network, no other script or style (an attribute such as ``onerror=`` or
``style=`` that escaping somehow missed still would not run or apply), no forms, no
``<base>``. Data reaches the script through ``data-`` attributes only, never as script
source.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from html import escape
from importlib import resources

__all__ = ["asset", "csp", "document"]


def document(*, title: str, body: str, subject: str = "") -> str:
    """A whole self-contained page.

    Args:
        title: The page's title (escaped here).
        body: The body's HTML, already escaped where it holds text.
        subject: A class for ``<body>`` naming what the page shows ("summary", "report").

    Returns:
        The HTML document.
    """
    style, script = asset("view.css"), asset("view.js")
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp()}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{style}</style>\n"
        f'</head><body class="{escape(subject)}">\n'
        f"{body}\n"
        '<div id="tip" class="tip" role="tooltip" hidden></div>\n'
        f"<script>{script}</script>\n"
        "</body></html>\n"
    )


@functools.cache
def csp() -> str:
    """The page's Content-Security-Policy: its own style and script by hash, nothing else."""
    return (
        "default-src 'none'; "
        f"style-src '{_hash(asset('view.css'))}'; "
        f"script-src '{_hash(asset('view.js'))}'; "
        "base-uri 'none'; form-action 'none'"
    )


@functools.cache
def asset(name: str) -> str:
    """The text of one of the page's own files (``view.css``, ``view.js``)."""
    text = resources.files("summarise.view").joinpath(name).read_text(encoding="utf-8")
    # "</" would end the element early; the assets are the package's own.
    assert "</" not in text, f"{name} must not contain '</'"
    return text


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
