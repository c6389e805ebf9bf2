"""Many articles at once: bounded concurrency, rate limits, and output that survives.

``summarise_iter`` (and ``asummarise_iter``) run articles through one ``Summariser`` as
they are read and yield one :class:`BatchItem` per article as it finishes: the result,
or the typed error that article raised. One article's failure never stops the batch,
and memory holds only the articles in flight, so a corpus of any size runs on one
machine. ``summarise_many`` (and ``asummarise_many``) return every item at once, in
input order, for inputs that fit in memory.

:class:`~summarise.batch_inputs.BatchInputs` reads a batch's articles lazily from a
folder or JSONL; :class:`~summarise.batch_output.JsonlOutput` is the crash-safe side:
one fsynced line per finished article, retries of failed articles, one line per id, one
run at a time. An engine (this in-process one, or one of worker processes) reads from
the one and writes each item to the other.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from summarise.api import Summariser
from summarise.batch_inputs import BatchInputs, InputRecord, is_article_file, read_inputs
from summarise.batch_output import JsonlOutput
from summarise.budget import CostBudget
from summarise.config import is_finite_number
from summarise.errors import ConfigurationError, InputError, NotStartedError, SummariseError
from summarise.html_input import is_html
from summarise.pricing import ArticleSpend
from summarise.types import SummaryResult, Usage

__all__ = [
    "ArticleSummariser",
    "BatchInputs",
    "BatchItem",
    "InputRecord",
    "JsonlOutput",
    "RateLimiter",
    "asummarise_iter",
    "asummarise_many",
    "is_article_file",
    "read_inputs",
    "summarise_iter",
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

    @property
    def outcome(self) -> SummaryResult[Any] | SummariseError:
        """The result, or else the error: what the article cost is read from."""
        if self.result is not None:
            return self.result
        assert self.error is not None, "a BatchItem holds a result or an error"
        return self.error

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


class ArticleSummariser(Protocol):
    """What a batch runs each article through: a :class:`~summarise.Summariser`, or an
    engine that stands in for one (:class:`~summarise.engines.WorkerPool` sends each
    article to a worker process)."""

    async def asummarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        """Summarise one article, or raise its typed error."""
        ...


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


async def asummarise_iter(
    summariser: ArticleSummariser,
    articles: Iterable[tuple[str, str | bytes]],
    *,
    concurrency: int = 8,
    limiter: RateLimiter | None = None,
    budget: CostBudget | None = None,
) -> AsyncGenerator[BatchItem, None]:
    """Summarise ``(id, text)`` pairs as they are read, yielding each item as it finishes.

    For inputs of any size: an article is read only when one of the ``concurrency``
    places is free, and forgotten once its item is yielded, so memory holds at most
    ``concurrency`` articles and their results, however many there are. Items come in
    the order they finish.

    Args:
        summariser: Holds the backend and settings for every article (or an engine
            standing in for it).
        articles: The inputs, each with an id carried into its output; read lazily (a
            generator, :meth:`~summarise.batch_inputs.BatchInputs.pairs`).
        concurrency: Articles in flight at once.
        limiter: Optional request and token ceilings.
        budget: Optional cost ceiling; an article it does not admit is not started and
            comes back as a :class:`~summarise.errors.NotStartedError`.

    Yields:
        One item per input, as each finishes.

    Raises:
        InputError: ``concurrency`` below 1; an id read before, or a fault the input
            raises as it is read: no more articles are started, those in flight finish
            and are yielded, then the error is raised.
    """
    if concurrency < 1:
        raise InputError("concurrency must be at least 1.")
    source = iter(articles)
    seen: set[str] = set()
    running: set[asyncio.Task[BatchItem]] = set()
    order: dict[asyncio.Task[BatchItem], int] = {}
    failure: InputError | None = None
    try:
        while True:
            while failure is None and len(running) < concurrency:
                try:
                    article_id, text = next(source)
                    if article_id in seen:
                        raise InputError(
                            f"Article ids must be unique; {article_id!r} (input {len(seen) + 1}) "
                            "was read before."
                        )
                except StopIteration:
                    break
                except InputError as e:
                    failure = e  # the articles in flight still finish
                    break
                seen.add(article_id)
                task = asyncio.create_task(_one(summariser, article_id, text, limiter, budget))
                order[task] = len(seen)
                running.add(task)
            if not running:
                break
            finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            # Those that finished together, in input order (a set has none of its own).
            for task in sorted(finished, key=order.pop):
                yield task.result()
    finally:
        for task in running:  # closed early, or cancelled: nothing left running
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    if failure is not None:
        raise failure


async def _one(
    summariser: ArticleSummariser,
    article_id: str,
    text: str | bytes,
    limiter: RateLimiter | None,
    budget: CostBudget | None,
) -> BatchItem:
    """One article's item: not started (over budget), a result, or its typed error."""
    reserved = None if budget is None else await budget.admit()
    if budget is not None and reserved is None:
        return BatchItem(article_id, error=NotStartedError(budget.refusal()))
    if limiter is not None:
        await limiter.acquire()
    try:
        result = await summariser.asummarise(text, id=article_id)
    except SummariseError as e:
        item = BatchItem(article_id, error=e)
    else:
        if limiter is not None:
            limiter.charge(result.usage.total_tokens)
        kept = text if isinstance(text, str) and is_html(article_id) else None
        item = BatchItem(article_id, result=result, text=kept)
    if budget is not None and reserved is not None:
        await budget.asettle(reserved, ArticleSpend.of(item.outcome))
    return item


async def asummarise_many(
    summariser: ArticleSummariser,
    articles: Iterable[tuple[str, str | bytes]],
    *,
    concurrency: int = 8,
    limiter: RateLimiter | None = None,
    budget: CostBudget | None = None,
    on_done: Callable[[BatchItem], None] | None = None,
) -> list[BatchItem]:
    """Summarise ``(id, text)`` pairs, at most ``concurrency`` at a time, and return
    every item at once: for inputs that fit in memory (see :func:`asummarise_iter` for
    any size).

    Args:
        summariser: Holds the backend and settings for every article (or an engine
            standing in for it).
        articles: The inputs, each with an id carried into its output.
        concurrency: Articles in flight at once.
        limiter: Optional request and token ceilings.
        budget: Optional cost ceiling; an article it does not admit is not started and
            comes back as a :class:`~summarise.errors.NotStartedError`.
        on_done: Called as each article finishes (for writing output, progress).

    Returns:
        One item per input, in input order.

    Raises:
        InputError: ``concurrency`` below 1, or two inputs with the same id (both
            before any article is started).
    """
    if concurrency < 1:
        raise InputError("concurrency must be at least 1.")
    pairs = list(articles)
    ids = [article_id for article_id, _ in pairs]
    if len(set(ids)) != len(ids):
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(f"Article ids must be unique; repeated: {repeated[:5]}.")
    finished: dict[str, BatchItem] = {}
    async for item in asummarise_iter(
        summariser, pairs, concurrency=concurrency, limiter=limiter, budget=budget
    ):
        finished[item.id] = item
        if on_done is not None:
            on_done(item)
    return [finished[article_id] for article_id in ids]


def summarise_iter(
    articles: Iterable[tuple[str, str | bytes]],
    *,
    concurrency: int = 8,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    **options: Any,
) -> Iterator[BatchItem]:
    """The sync twin of :func:`asummarise_iter`, building its own ``Summariser``:
    articles are read as places free up and each item is yielded as it finishes, so a
    corpus of any size runs in the memory of ``concurrency`` articles::

        for item in summarise_iter(BatchInputs("corpus.jsonl").pairs(), concurrency=32, ...):
            store(item.to_json())

    The articles in flight wait while the loop body runs: keep it short.

    Args:
        articles: ``(id, text)`` pairs, read lazily.
        concurrency: As for :func:`asummarise_iter`.
        requests_per_minute, tokens_per_minute: Optional ceilings.
        **options: As for :class:`~summarise.Summariser`.

    Yields:
        One item per input, as each finishes.

    Raises:
        InputError: As :func:`asummarise_iter`.
    """
    # A limiter with no ceilings waits for nothing: one path with or without them.
    limiter = RateLimiter(
        requests_per_minute=requests_per_minute, tokens_per_minute=tokens_per_minute
    )
    summariser = Summariser(**options)
    with asyncio.Runner() as runner:
        items = asummarise_iter(summariser, articles, concurrency=concurrency, limiter=limiter)

        async def following() -> BatchItem | None:
            return await anext(items, None)

        try:
            while (item := runner.run(following())) is not None:
                yield item
        finally:
            runner.run(items.aclose())
            runner.run(summariser.aclose())


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
        limiter = RateLimiter(
            requests_per_minute=requests_per_minute, tokens_per_minute=tokens_per_minute
        )
        async with Summariser(**options) as summariser:
            return await asummarise_many(
                summariser, articles, concurrency=concurrency, limiter=limiter, on_done=on_done
            )

    return asyncio.run(run())
