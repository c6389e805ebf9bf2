"""A batch's inputs, read lazily: a folder of articles, a JSONL file, or standard input.

:class:`BatchInputs` is an iterable of :class:`InputRecord` (id, text and where it was
read), read one article at a time, so a batch holds only the articles in flight
whatever the size of its input. It is the reader every batch engine shares (the
in-process one in :mod:`summarise.batch`, and any engine built on top of it).

Each record is checked as it is read, and a fault names its line: a record that is not
an object with an id and a text, a line too long to hold an article, an id already read
(with the line it was first read on). Nothing is read past what ``max_chars`` allows,
so an endless source (``/dev/zero``, a runaway pipe) is refused instead of read until
memory runs out. Only the ids read are remembered (to refuse a repeated one): a few tens
of bytes an article.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarise.article import MAX_ARTICLE_CHARS, RAISE_LIMIT, read_article_file
from summarise.errors import InputError
from summarise.html_input import html_to_text, is_html

__all__ = ["BatchInputs", "InputRecord", "is_article_file", "read_inputs"]


@dataclass(frozen=True)
class InputRecord:
    """One article as read.

    Attributes:
        id: Carried into its output line: the file name, or the record's ``id``.
        text: The article (an HTML page's extracted text; a file's bytes otherwise).
        line: The JSONL line it was read from (from 1); None for a file of a folder.
    """

    id: str
    text: str | bytes
    line: int | None = None


class BatchInputs:
    """The articles of a folder of .txt or .html files (id: the file name; an HTML
    page's text is extracted), of a JSONL file (or a pipe) of ``{"id", "text"}``
    records, or of ``-`` for JSONL on standard input, read as they are iterated.

    Args:
        source: The folder, the JSONL file, or ``-``.
        max_chars: The longest article accepted (bounds what is read of a line or file).

    Attributes:
        where: The input as named in messages ("standard input", the path).
        ids: The ids, where known before reading the articles (a folder's article file
            names, sorted); None for JSONL.

    Raises:
        InputError: On iterating: unreadable input; a record that is not an object with
            a string or integer ``id`` and a string ``text``; an id read before; a file
            or line too long to hold an article within ``max_chars``; in a folder, no
            article file, or an entry with an article's suffix that is not a regular
            file (a folder, a FIFO, a device) or that leads outside the folder (the
            folder's entries are all checked before its first article is read).
    """

    def __init__(self, source: str, *, max_chars: int = MAX_ARTICLE_CHARS) -> None:
        self.source = source
        self.max_chars = max_chars
        self.where = "standard input" if source == "-" else source
        self.ids: list[str] | None = None
        if source != "-" and Path(source).is_dir():
            self.ids = _article_names(Path(source))

    def __iter__(self) -> Iterator[InputRecord]:
        if self.ids is not None:
            yield from self._read_folder(Path(self.source), self.ids)
        elif self.source == "-":
            yield from _unique(_jsonl(sys.stdin.buffer, self.where, self.max_chars), self.where)
        else:
            path = Path(self.source)
            try:
                stream = path.open("rb")
            except OSError as e:
                raise InputError(f"Cannot read {path}: {e.strerror}.") from e
            with stream:
                yield from _unique(_jsonl(stream, self.where, self.max_chars), self.where)

    def pairs(self) -> Iterator[tuple[str, str | bytes]]:
        """The articles as ``(id, text)`` pairs, read as they are iterated: what
        :func:`~summarise.batch.summarise_iter` takes."""
        for record in self:
            yield record.id, record.text

    def _read_folder(self, path: Path, names: list[str]) -> Iterator[InputRecord]:
        for name in names:
            data = read_article_file(path / name, max_chars=self.max_chars)
            yield InputRecord(name, html_to_text(data) if is_html(name) else data)


def read_inputs(
    source: str, *, max_chars: int = MAX_ARTICLE_CHARS
) -> list[tuple[str, str | bytes]]:
    """Every ``(id, text)`` pair of a batch's input at once, for inputs small enough to
    hold in memory; :class:`BatchInputs` reads one at a time.

    Raises:
        InputError: As :class:`BatchInputs` does.
    """
    return [(record.id, record.text) for record in BatchInputs(source, max_chars=max_chars)]


def is_article_file(path: str | Path) -> bool:
    """Whether a batch reads a file in its input folder as an article: a .txt, or an HTML
    page (.html, .htm)."""
    return Path(path).suffix.lower() == ".txt" or is_html(path)


def _article_names(path: Path) -> list[str]:
    """The folder's article files, by name, sorted; every one checked before any is read
    (only names are kept: a folder of a million articles costs its names)."""
    root = path.resolve()
    names = []
    for name in sorted(os.listdir(path)):
        file = path / name
        if not is_article_file(name):
            continue
        if not file.resolve().is_relative_to(root):
            raise InputError(f"{file} leads outside {path}; batch inputs must stay inside it.")
        # Checked before opening: reading a FIFO would wait for a writer forever.
        if not file.is_file():
            raise InputError(
                f"{file} is not a regular file (a folder, FIFO or device); a batch folder's "
                ".txt and .html entries must be articles: move or rename it."
            )
        names.append(name)
    if not names:
        raise InputError(f"No .txt or .html files in {path}.")
    return names


def _unique(records: Iterator[InputRecord], where: str) -> Iterator[InputRecord]:
    """The records, refusing an id read before (named with both lines)."""
    first_line: dict[str, int | None] = {}
    for record in records:
        if record.id in first_line:
            raise InputError(
                f"{where} line {record.line}: the id {record.id!r} was already read on line "
                f"{first_line[record.id]}; article ids must be unique. Give each record its "
                "own id."
            )
        first_line[record.id] = record.line
        yield record


# A JSON string spells a character in at most 12 bytes (an escaped surrogate pair,
# "\ud83d\ude00"); the rest of a record (its id, other fields) gets this much room.
_JSON_CHAR_BYTES = 12
_RECORD_ROOM = 65_536


def _jsonl(stream: BinaryIO, where: str, max_chars: int) -> Iterator[InputRecord]:
    bound = _JSON_CHAR_BYTES * max_chars + _RECORD_ROOM
    number = 0
    while raw := stream.readline(bound + 1):
        number += 1
        if len(raw) > bound and not raw.endswith(b"\n"):
            raise InputError(
                f"{where} line {number} is longer than {bound:,} bytes, more than a record "
                f"with an article within the limit of {max_chars:,} characters can take: "
                f"split it into records of one article each, or raise {RAISE_LIMIT}."
            )
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(
                f"{where} line {number} is not UTF-8 (bad byte at offset {e.start}); "
                "write the JSONL as UTF-8."
            ) from e
        if not line.strip():
            continue
        expected = f"{where} line {number}: expected a JSON object with 'id' and 'text'"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{expected}; it is not JSON ({e}).") from e
        if not isinstance(record, dict) or "id" not in record or "text" not in record:
            raise InputError(f"{expected}.")
        article_id, text = record["id"], record["text"]
        # bool is an int, but True is no one's id; a null or an object is no text.
        if (
            isinstance(article_id, bool)
            or not isinstance(article_id, str | int)
            or article_id == ""
        ):
            raise InputError(f"{expected}: 'id' must be a non-empty string or an integer.")
        if not isinstance(text, str):
            raise InputError(f"{expected}: 'text' must be a string, not {_json_type(text)}.")
        yield InputRecord(str(article_id), text, number)


def _json_type(value: object) -> str:
    names = {type(None): "null", dict: "an object", list: "an array", bool: "a boolean"}
    return names.get(type(value), "a number")
