"""Untrusted text made safe to print on a terminal.

Article text, model output, ids, file names and error messages quoting them can hold
terminal control sequences: ESC starts the ANSI sequences that set the window title
(OSC), clear the screen, move the cursor or rewrite what was printed; C1 controls
(U+0080 to U+009F) are one-byte forms of the same on some terminals; CR and backspace
overwrite a line; bidi embeddings, overrides and isolates reorder what is shown; a lone
surrogate cannot be encoded at all and would crash the print. rich passes all of these
through, so every human-readable output passes untrusted text through :func:`printable`
first (schema types' renderings get a copy of the summary made by
:func:`printable_value`).

Each unsafe character becomes its visible Python escape (``\\x1b``, ``\\u202e``); every
other character, including right-to-left and CJK scripts, emoji and their joiners, is
kept as it is.
"""

from __future__ import annotations

import enum
import re
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["printable", "printable_value"]

V = TypeVar("V")

# C0 controls but newline and tab, DEL and C1, the bidi embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069), and surrogates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_MULTILINE = re.compile(f"[{_UNSAFE}]")
_ONE_LINE = re.compile(f"[{_UNSAFE}\t\n]")


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` with every terminal control character replaced by its visible escape.

    Args:
        text: Untrusted text.
        one_line: Escape newlines and tabs too, for a place that must stay one line (a
            progress bar's description).

    Returns:
        The text, safe to print; unchanged when it held nothing unsafe.
    """
    return (_ONE_LINE if one_line else _MULTILINE).sub(_escape, text)


def printable_value(value: V) -> V:
    """A copy of ``value`` (a model, or lists, tuples and dicts of them) with every string
    in it made :func:`printable`; other values are returned as they are."""
    result: Any = value
    if isinstance(value, str) and not isinstance(value, enum.Enum):  # enums are code's
        result = printable(value)
    elif isinstance(value, BaseModel):
        # model_copy does not validate: the escaped strings are for display only.
        result = value.model_copy(
            update={
                name: printable_value(getattr(value, name)) for name in type(value).model_fields
            }
        )
    elif isinstance(value, list):
        result = [printable_value(v) for v in value]
    elif isinstance(value, tuple):
        result = tuple(printable_value(v) for v in value)
    elif isinstance(value, dict):
        result = {printable_value(k): printable_value(v) for k, v in value.items()}
    return result  # type: ignore[no-any-return]


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")
