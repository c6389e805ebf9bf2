"""Many articles at once: bounded concurrency, rate limits, and output that survives.

``summarise_many`` runs a list of articles through one ``Summariser`` and returns one
:class:`BatchItem` per input, in input order: the result, or the typed error that
article raised. One article's failure never stops the batch.

:class:`~summarise.batch_output.JsonlOutput` is the crash-safe side: one fsynced line per
finished article, retries of failed articles, one line per id, one run at a time.
:func:`read_inputs` reads a batch's articles from a folder or JSONL.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from summarise.api import Summariser
from summarise.article import MAX_ARTICLE_CHARS, RAISE_LIMIT, read_article_file
from summarise.batch_output import JsonlOutput
from summarise.budget import CostBudget
from summarise.config import is_finite_number
from summarise.errors import ConfigurationError, InputError, NotStartedError, SummariseError
from summarise.html_input import html_to_text, is_html
from summarise.pricing import ArticleSpend
from summarise.types import SummaryResult, Usage

__all__ = [
    "BatchItem",
    "JsonlOutput",
    "RateLimiter",
    "asummarise_many",
    "is_article_file",
    "summarise_many",
]


@dataclass(frozen=True)
class BatchItem:
    """One article's outcome: ``result`` or ``error``, never both."""

    id: str
    result: SummaryResult[Any] | None = None
    error: SummariseError | None = None
    text: str | None = None  # the text summarised, kept for HTML inputs

    @property
    def ok(self) -> bool:
        return self.result is not None

    def to_json(self) -> dict[str, Any]:
        """The output line: the id, then the result or the typed error."""
        if self.result is not None:
            record = {"id": self.id, **self.result.model_dump(mode="json", exclude={"raw_output"})}
            if is_html(self.id):  # offsets point into the extracted text: keep it
                record["text"] = self.text
            return record
        assert self.error is not None
        usage = getattr(self.error, "usage", None)
        return {
            "id": self.id,
            "error": {
                "type": type(self.error).__name__,
                "message": str(self.error),
                "attempts": getattr(self.error, "attempts", 0),
                "usage": usage.model_dump() if isinstance(usage, Usage) else None,
            },
        }


class RateLimiter:
    """Requests-per-minute and tokens-per-minute ceilings, as token buckets.

    Tokens are charged after each article with what it really used, so the ceiling
    holds on average; a single article is never split.

    Args:
        requests_per_minute: At most this many requests a minute; None for no ceiling.
        tokens_per_minute: At most this many tokens a minute; None for no ceiling.
        clock: Seconds, monotonic (tests pass a fake).

    Raises:
        ConfigurationError: A ceiling that is not a finite number of at least 1 (nan,
            0 or less would wait forever; inf is no ceiling; below 1 a minute the first
            request would already wait minutes).
    """

    def __init__(
        self,
        *,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for value, name, option in (
            (requests_per_minute, "requests_per_minute", "--rpm"),
            (tokens_per_minute, "tokens_per_minute", "--tpm"),
        ):
            if value is None:
                continue
            if not (is_finite_number(value) and value >= 1):
                raise ConfigurationError(
                    f"{name}={value!r} is not allowed ({option}): a rate ceiling must be a "
                    "finite number, at least 1 a minute. Fix it, or leave it out for no ceiling."
                )
        self._rpm = requests_per_minute
        self._tpm = tokens_per_minute
        self._clock = clock
        self._requests = requests_per_minute or 0.0
        self._tokens = tokens_per_minute or 0.0
        self._last = clock()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until one more request fits under both ceilings."""
        if self._rpm is None and self._tpm is None:
            return
        async with self._lock:
            while True:
                self._refill()
                if (self._rpm is None or self._requests >= 1) and (
                    self._tpm is None or self._tokens > 0
                ):
                    if self._rpm is not None:
                        self._requests -= 1
                    return
                await asyncio.sleep(self._wait_s())

    def charge(self, tokens: int) -> None:
        """Count the tokens an article used against the tokens-per-minute ceiling."""
        if self._tpm is not None:
            self._refill()
            self._tokens -= tokens

    def _refill(self) -> None:
        now = self._clock()
        elapsed, self._last = now - self._last, now
        if self._rpm is not None:
            self._requests = min(self._rpm, self._requests + elapsed * self._rpm / 60)
        if self._tpm is not None:
            self._tokens = min(self._tpm, self._tokens + elapsed * self._tpm / 60)

    def _wait_s(self) -> float:
        waits = [0.05]
        if self._rpm is not None and self._requests < 1:
            waits.append((1 - self._requests) * 60 / self._rpm)
        if self._tpm is not None and self._tokens <= 0:
            waits.append((1 - self._tokens) * 60 / self._tpm)
        return max(waits)


async def asummarise_many(
    summariser: Summariser,
    articles: Iterable[tuple[str, str | bytes]],
    *,
    concurrency: int = 8,
    limiter: RateLimiter | None = None,
    budget: CostBudget | None = None,
    on_done: Callable[[BatchItem], None] | None = None,
) -> list[BatchItem]:
    """Summarise ``(id, text)`` pairs, at most ``concurrency`` at a time.

    Args:
        summariser: Holds the backend and settings for every article.
        articles: The inputs, each with an id carried into its output.
        concurrency: Articles in flight at once.
        limiter: Optional request and token ceilings.
        budget: Optional cost ceiling; an article it does not admit is not started and
            comes back as a :class:`~summarise.errors.NotStartedError`.
        on_done: Called as each article finishes (for writing output, progress).

    Returns:
        One item per input, in input order.

    Raises:
        InputError: ``concurrency`` below 1, or two inputs with the same id.
    """
    if concurrency < 1:
        raise InputError("concurrency must be at least 1.")
    pairs = list(articles)
    ids = [article_id for article_id, _ in pairs]
    if len(set(ids)) != len(ids):
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(f"Article ids must be unique; repeated: {repeated[:5]}.")
    gate = asyncio.Semaphore(concurrency)

    async def one(article_id: str, text: str | bytes) -> BatchItem:
        async with gate:
            reserved = None if budget is None else await budget.admit()
            if budget is not None and reserved is None:
                item = BatchItem(article_id, error=NotStartedError(budget.refusal()))
            else:
                item = await attempt(article_id, text)
                if budget is not None and reserved is not None:
                    outcome = item.result if item.result is not None else item.error
                    assert outcome is not None
                    await budget.asettle(reserved, ArticleSpend.of(outcome))
            if on_done is not None:
                on_done(item)
            return item

    async def attempt(article_id: str, text: str | bytes) -> BatchItem:
        if limiter is not None:
            await limiter.acquire()
        try:
            result = await summariser.asummarise(text, id=article_id)
        except SummariseError as e:
            return BatchItem(article_id, error=e)
        if limiter is not None:
            limiter.charge(result.usage.total_tokens)
        kept = text if isinstance(text, str) and is_html(article_id) else None
        return BatchItem(article_id, result=result, text=kept)

    return list(await asyncio.gather(*(one(i, t) for i, t in pairs)))


def summarise_many(
    articles: Iterable[tuple[str, str | bytes]],
    *,
    concurrency: int = 8,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    on_done: Callable[[BatchItem], None] | None = None,
    **options: Any,
) -> list[BatchItem]:
    """The sync front door to :func:`asummarise_many`, building its own ``Summariser``.

    Args:
        articles: ``(id, text)`` pairs.
        concurrency, on_done: As for :func:`asummarise_many`.
        requests_per_minute, tokens_per_minute: Optional ceilings.
        **options: As for :class:`~summarise.Summariser`.
    """

    async def run() -> list[BatchItem]:
        limiter = None
        if requests_per_minute is not None or tokens_per_minute is not None:
            limiter = RateLimiter(
                requests_per_minute=requests_per_minute, tokens_per_minute=tokens_per_minute
            )
        async with Summariser(**options) as summariser:
            return await asummarise_many(
                summariser, articles, concurrency=concurrency, limiter=limiter, on_done=on_done
            )

    return asyncio.run(run())


def read_inputs(
    source: str, *, max_chars: int = MAX_ARTICLE_CHARS
) -> Sequence[tuple[str, str | bytes]]:
    """``(id, text)`` pairs from a folder of .txt or .html files (id: the file name; the
    text of an HTML page is extracted), a JSONL file (or a pipe) of ``{"id", "text"}``
    records, or ``-`` for JSONL on standard input.

    Nothing is read past what ``max_chars`` allows: an article file is read up to the
    bytes that many characters can take (see :func:`~summarise.article.read_bounded`),
    a JSONL line up to the bytes a record holding that many characters can take, so an
    endless source (``/dev/zero``, a runaway pipe) is refused instead of read until
    memory runs out.

    Raises:
        InputError: Unreadable input; a record that is not an object with a string or
            integer ``id`` and a string ``text``; a file or line too long to hold an
            article within ``max_chars``; in a folder, an entry with an article's suffix
            that is not a regular file (a folder, a FIFO, a device) or that leads outside
            the folder.
    """
    import sys

    if source == "-":
        return _jsonl(sys.stdin.buffer, "standard input", max_chars)
    path = Path(source)
    if path.is_dir():
        return _folder(path, max_chars)
    try:
        with path.open("rb") as f:
            return _jsonl(f, str(path), max_chars)
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror}.") from e


def is_article_file(path: str | Path) -> bool:
    """Whether a batch reads a file in its input folder as an article: a .txt, or an HTML
    page (.html, .htm)."""
    return Path(path).suffix.lower() == ".txt" or is_html(path)


def _folder(path: Path, max_chars: int) -> list[tuple[str, str | bytes]]:
    root = path.resolve()
    pairs: list[tuple[str, str | bytes]] = []
    for file in sorted(path.iterdir()):
        if not is_article_file(file):
            continue
        if not file.resolve().is_relative_to(root):
            raise InputError(f"{file} leads outside {path}; batch inputs must stay inside it.")
        # Checked before opening: reading a FIFO would wait for a writer forever.
        if not file.is_file():
            raise InputError(
                f"{file} is not a regular file (a folder, FIFO or device); a batch folder's "
                ".txt and .html entries must be articles: move or rename it."
            )
        data = read_article_file(file, max_chars=max_chars)
        pairs.append((file.name, html_to_text(data) if is_html(file) else data))
    if not pairs:
        raise InputError(f"No .txt or .html files in {path}.")
    return pairs


# A JSON string spells a character in at most 12 bytes (an escaped surrogate pair,
# "\ud83d\ude00"); the rest of a record (its id, other fields) gets this much room.
_JSON_CHAR_BYTES = 12
_RECORD_ROOM = 65_536


def _jsonl(stream: BinaryIO, where: str, max_chars: int) -> list[tuple[str, str | bytes]]:
    bound = _JSON_CHAR_BYTES * max_chars + _RECORD_ROOM
    pairs: list[tuple[str, str | bytes]] = []
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
        pairs.append((str(article_id), text))
    return pairs


def _json_type(value: object) -> str:
    names = {type(None): "null", dict: "an object", list: "an array", bool: "a boolean"}
    return names.get(type(value), "a number")
