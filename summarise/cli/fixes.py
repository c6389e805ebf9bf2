"""A library error's fix in a shell user's words.

An error says what was wrong (``problem``) and how to fix it in Python's words (``pass a
str``, ``backend=``); where that reads differently on a shell, it names its ``kind``, and
this table says the fix with options, files and commands instead. An error of any other
kind reads the same everywhere and is printed as it is.
"""

from __future__ import annotations

from summarise.errors import SummariseError

__all__ = ["message"]

FIXES: dict[str, str] = {
    "not_utf8": (
        "Convert the file to UTF-8 first, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > "
        "FILE.utf8.txt (with the file's real encoding); a web page is read as HTML when "
        "its name ends in .html."
    ),
    "too_long": (
        "Split it into smaller files and summarise each, or raise the limit with "
        "SUMMARISE_MAX_ARTICLE_CHARS=N."
    ),
    "unknown_schema_type": (
        "Pass --schema with one of those names, or a folder holding schema.py and prompt.j2 "
        "written as a path: --schema ./FOLDER."
    ),
    "unknown_backend": "Pass --backend (or set SUMMARISE_BACKEND) to one of them.",
    "no_api_key": (
        "Set OPENAI_API_KEY or SUMMARISE_API_KEY; for a local server pass --base-url URL instead."
    ),
}


def message(error: SummariseError) -> str:
    """The error's message for a shell: its problem and the shell's fix where the two
    differ, else the message as the library wrote it."""
    fix = FIXES.get(error.kind) if error.kind else None
    return f"{error.problem} {fix}" if fix else str(error)
