"""Credentials out of what a server says, before it is shown or written anywhere.

Servers echo keys back ("Incorrect API key provided: sk-..."), some echo the
Authorization header or the request's configuration, and a proxy may quote other
services' keys. :func:`redact` removes all of them from a server's message.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["redact"]

# What looks like a credential, whoever it belongs to.
_CREDENTIAL = re.compile(
    r"(?i:\b(?:sk|rk|pk)-[\w*.-]{4,}|\bbearer\s+[\w.~+/=*-]+)"
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"  # AWS access key ids
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_\w{20,}"  # GitHub tokens
)
# A named secret's value: ``password=...``, ``"api_key": "..."``, ``secret: ...``; the name
# is kept, so the message still says what was wrong.
_NAMED_SECRET = re.compile(
    r"(?i)\b(?:password|passwd|pwd|secret|client_secret|token|access_token|auth_token"
    r"|api[_-]?key|access[_-]?key)[\"']?\s*[=:]\s*"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s,;&\"'}]+)"
)
_BASE64ISH = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_FRAGMENT = 8  # a piece of the key this long or longer is never shown
_REDACTED = "[redacted]"


def redact(text: str, secret: str | None) -> str:
    """``text`` with every credential in it replaced by ``[redacted]``.

    Removed: the API key, and any piece of it 8 characters or longer (a key split by a
    space or a line break still leaks); the key in base64 (an echoed ``Basic`` header);
    ``sk-``/``rk-``/``pk-`` keys and ``Bearer`` tokens; AWS access key ids; GitHub tokens;
    and the value of anything named like a secret (``password=``, ``token:``,
    ``"api_key": "..."``). Every span is found in the original text and overlapping spans
    are merged, so one redaction never leaves a fragment of another behind.
    """
    spans: list[tuple[int, int]] = []
    if secret:
        spans += _key_pieces(text, secret)
    spans += [m.span() for m in _CREDENTIAL.finditer(text)]
    spans += [m.span("value") for m in _NAMED_SECRET.finditer(text)]
    if secret:
        spans += [m.span() for m in _BASE64ISH.finditer(text) if _decodes_to_key(m[0], secret)]
    kept: list[str] = []
    end = 0
    for start, stop in sorted(spans):
        if stop <= end:
            continue
        if start >= end:
            kept.append(text[end:start])
            kept.append(_REDACTED)
        end = stop
    kept.append(text[end:])
    return "".join(kept)


def _key_pieces(text: str, secret: str) -> list[tuple[int, int]]:
    """Where ``text`` holds the key or a piece of it at least 8 characters long (the
    whole key, when it is shorter)."""
    shortest = min(_FRAGMENT, len(secret))
    spans = []
    for start in range(len(text) - shortest + 1):
        if text[start : start + shortest] not in secret:
            continue
        stop = start + shortest
        while stop < len(text) and text[start : stop + 1] in secret:
            stop += 1
        spans.append((start, stop))
    return spans


def _decodes_to_key(token: str, secret: str) -> bool:
    """Whether a base64 token (standard or URL-safe) decodes to text holding the key or
    a piece of it 8 characters or longer."""
    padded = token.rstrip("=") + "=" * (-len(token.rstrip("=")) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            plain = decode(padded).decode("utf-8", "replace")
        except (ValueError, binascii.Error):
            continue
        if _key_pieces(plain, secret):
            return True
    return False
