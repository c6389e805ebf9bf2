"""Ray Data: a corpus summarised on every core of a Ray cluster (or of this machine).

:func:`summarise_dataset` takes a Ray ``Dataset`` of ``{"id", "text"}`` rows and returns
a ``Dataset`` of result rows, so a corpus can be read from and written to whatever Ray
reads and writes (JSONL, Parquet, cloud storage)::

    import ray
    from summarise.engines.ray_data import summarise_dataset

    articles = ray.data.read_json("s3://bucket/articles/")        # {"id", "text"} rows
    results = summarise_dataset(articles, backend="offline", concurrency=8)
    results.write_parquet("s3://bucket/summaries/")

Each result row is ``{"id", "ok", "record"}``: ``record`` is the article's output line
as JSON text, exactly what ``summarise batch`` writes for it (a summary, or an ``error``
object), and ``ok`` says which. The line is kept as text because its shape depends on
the schema type and on success or failure, while a Parquet column needs one type.

The work runs in ``map_batches`` with a class-based callable: each Ray actor builds one
``Summariser`` (spaCy, an HTTP client, a local model) from a picklable
:class:`~summarise.engines.recipe.SummariserRecipe` when it starts, and keeps it. The
recipe holds no API key: actors read it from their own environment.

A failed article is an error record, never a lost row. When an actor dies, Ray Data
restarts it and runs its batch again; an :class:`AttemptLog` (a small actor) counts the
articles run again, and an article that was being summarised when its actor died twice
(the second time alone: a batch run again goes one article at a time) comes back as a
:class:`~summarise.errors.WorkerDiedError` record instead of killing actors forever.

Ray is an optional dependency: ``pip install 'summarise[ray]'``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import pickle
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from summarise.api import Summariser
from summarise.article import load_article
from summarise.batch import BatchItem, asummarise_many
from summarise.engines.recipe import SummariserRecipe
from summarise.errors import ConfigurationError, InputError, SummariseError, WorkerDiedError
from summarise.types import SummaryResult

if TYPE_CHECKING:
    import ray.data

__all__ = [
    "INSTALL",
    "AttemptLog",
    "RayRun",
    "SummariseBatch",
    "attempt_log",
    "connect",
    "import_ray",
    "summarise_dataset",
]

INSTALL = "pip install 'summarise[ray]'"


def import_ray() -> Any:
    """The ``ray`` module.

    Raises:
        ConfigurationError: Ray is not installed; the message gives the install command.
    """
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise ConfigurationError(
            f"The Ray engine needs Ray, which is not installed. Install it with: {INSTALL}"
        ) from e
    return ray


def connect(address: str | None) -> bool:
    """Join the Ray cluster at ``address``, or start a Ray instance on this machine
    when None; nothing when this process is connected already. Ray's own logs and
    progress bars are kept quiet: the command draws its own progress.

    Returns:
        Whether this call started the connection (and so should end it).

    Raises:
        ConfigurationError: Ray is missing, or the cluster cannot be reached.
    """
    ray = import_ray()
    import logging

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    if ray.is_initialized():
        return False
    # Ray's C++ side writes notices straight to this process's standard error (Ray
    # Data's actors keep their arguments in the object store, ray-project/ray#57838),
    # and says so once when told to stop: that one line is written while Ray starts, so
    # standard error is set aside for the start. A failure still raises, with its words.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    try:
        with _stderr_aside():
            ray.init(
                address=address or "local",
                include_dashboard=False if address is None else None,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise ConfigurationError(
            f"Cannot join the Ray cluster at --address {address} ({e}); check the address "
            "(ray://HOST:10001 or HOST:6379) and that the cluster is up."
        ) from e
    return True


@contextmanager
def _stderr_aside() -> Iterator[None]:
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class AttemptLog:
    """Which articles were started and finished, across the actors of a run (a Ray actor
    of its own, taking no CPU): the one place that knows an article is being run again
    after its actor died."""

    def __init__(self) -> None:
        self._started: Counter[str] = Counter()
        self._finished: Counter[str] = Counter()
        self._retried: set[str] = set()

    def unfinished(self, ids: list[str]) -> bool:
        """Whether any of ``ids`` was started before and never finished."""
        return any(self._started[i] > self._finished[i] for i in ids)

    def start(self, article_id: str) -> int:
        """Count a start; returns the earlier starts that never finished (actor deaths)."""
        earlier = self._started[article_id] - self._finished[article_id]
        self._started[article_id] += 1
        if earlier:
            self._retried.add(article_id)
        return earlier

    def finish(self, article_id: str) -> None:
        self._finished[article_id] += 1

    def retried(self) -> int:
        """Articles run again after the actor running them died."""
        return len(self._retried)


def attempt_log() -> Any:
    """A new :class:`AttemptLog` actor on the connected cluster."""
    ray = import_ray()
    return ray.remote(num_cpus=0)(AttemptLog).remote()


class SummariseBatch:
    """The callable ``map_batches`` runs: one per Ray actor, one ``Summariser`` each.

    Args:
        recipe: What the actor builds its ``Summariser`` from.
        attempts: The run's :class:`AttemptLog` actor.
        concurrency: Articles of a batch summarised at once in the actor (for HTTP
            backends; a CPU-bound backend reads one at a time whatever this is).
        keep_items: Return ``{"id", "item"}`` rows, ``item`` the pickled
            :class:`~summarise.batch.BatchItem`, for a driver that writes the output
            itself (``summarise batch --engine ray``), instead of output lines.
    """

    def __init__(
        self,
        recipe: SummariserRecipe,
        *,
        attempts: Any,
        concurrency: int = 8,
        keep_items: bool = False,
    ) -> None:
        # A recipe this actor cannot build (a schema type unknown here, no key in this
        # environment) makes every article an error record that says why.
        self._summariser: Summariser | SummariseError
        try:
            self._summariser = recipe.build()
        except SummariseError as e:
            self._summariser = e
        self._attempts = attempts
        self._concurrency = concurrency
        self._keep_items = keep_items
        # One event loop for the actor's life: an HTTP client is tied to its loop.
        self._runner = asyncio.Runner()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        pairs = [
            (str(i), t if isinstance(t, bytes) else str(t))
            for i, t in zip(batch["id"], batch["text"], strict=True)
        ]
        items = self._runner.run(self._summarise(pairs))
        ids = [item.id for item in items]
        if self._keep_items:  # the driver writes the lines itself: no JSON made here
            return {"id": ids, "item": [pickle.dumps(item) for item in items]}
        return {
            "id": ids,
            "ok": [item.ok for item in items],
            "record": [json.dumps(item.to_json(), ensure_ascii=False) for item in items],
        }

    async def _summarise(self, pairs: list[tuple[str, str | bytes]]) -> list[BatchItem]:
        # A batch run again after its actor died goes one article at a time, so an
        # article that kills the actor again is alone when it does.
        again = await self._attempts.unfinished.remote([i for i, _ in pairs])
        marked = _Marked(self._summariser, self._attempts)
        return await asummarise_many(
            marked,
            pairs,
            concurrency=1 if again else self._concurrency,
        )


class _Marked:
    """A summariser that records each article's start and finish in the attempt log."""

    def __init__(self, summariser: Summariser | SummariseError, attempts: Any) -> None:
        self._summariser = summariser
        self._attempts = attempts

    async def asummarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        earlier = await self._attempts.start.remote(id)
        try:
            if earlier >= 2:
                raise WorkerDiedError(
                    f"The Ray actor summarising {id!r} died while summarising it, twice "
                    "(the second time with no other article running beside it).",
                    fix="Find what kills it (memory, a crash in native code); a rerun "
                    "tries the article again.",
                )
            if isinstance(self._summariser, SummariseError):
                raise self._summariser
            return await self._summariser.asummarise(text, id=id)
        finally:
            await self._attempts.finish.remote(id)


def summarise_dataset(
    dataset: ray.data.Dataset,
    *,
    concurrency: int | tuple[int, int] | None = None,
    batch_size: int = 16,
    article_concurrency: int = 8,
    num_cpus: float = 1,
    attempts: Any = None,
    **options: Any,
) -> ray.data.Dataset:
    """Summarise a Ray ``Dataset`` of ``{"id", "text"}`` rows (lazily, as Ray does).

    Args:
        dataset: Rows with an ``id`` (string or integer) and a ``text`` (string).
        concurrency: Actors, or a ``(min, max)`` range for Ray to scale between; None
            lets Ray choose.
        batch_size: Articles handed to an actor at a time.
        article_concurrency: Articles of a batch summarised at once within an actor
            (worth raising for HTTP backends, whose requests overlap).
        num_cpus: CPUs each actor reserves.
        attempts: An :func:`attempt_log` actor, to read ``retried`` from afterwards; a
            new one when None.
        **options: As for :class:`~summarise.Summariser` (``backend=``, ``schema=``,
            ``model=``, ...); never ``api_key=``: set ``SUMMARISE_API_KEY`` in the
            workers' environment.

    Returns:
        A ``Dataset`` of ``{"id", "ok", "record"}`` rows, one per input row.

    Raises:
        ConfigurationError: Ray is missing, an option is unusable, or one cannot travel
            to the actors (see :meth:`SummariserRecipe.of`).
    """
    import_ray()
    with Summariser(**options) as summariser:  # settings checked here, not in an actor
        recipe = SummariserRecipe.of(summariser)
    return _mapped(
        dataset,
        recipe,
        attempts=attempts if attempts is not None else attempt_log(),
        concurrency=concurrency,
        batch_size=batch_size,
        article_concurrency=article_concurrency,
        num_cpus=num_cpus,
        keep_items=False,
    )


def _mapped(
    dataset: ray.data.Dataset,
    recipe: SummariserRecipe,
    *,
    attempts: Any,
    concurrency: int | tuple[int, int] | None,
    batch_size: int,
    article_concurrency: int,
    num_cpus: float,
    keep_items: bool,
) -> ray.data.Dataset:
    import ray.data

    if isinstance(concurrency, tuple):
        compute = ray.data.ActorPoolStrategy(min_size=concurrency[0], max_size=concurrency[1])
    else:
        compute = ray.data.ActorPoolStrategy(size=concurrency)
    return dataset.map_batches(
        SummariseBatch,
        fn_constructor_kwargs={
            "recipe": recipe,
            "attempts": attempts,
            "concurrency": article_concurrency,
            "keep_items": keep_items,
        },
        batch_size=batch_size,
        batch_format="numpy",
        compute=compute,
        num_cpus=num_cpus,
    )


class RayRun:
    """A run of ``summarise batch --engine ray``: articles go to the cluster a chunk at a
    time and come back as :class:`~summarise.batch.BatchItem` for the driver to write.

    Args:
        recipe: What each actor builds its ``Summariser`` from.
        actors: Actors per chunk.
        batch_size, article_concurrency: As for :func:`summarise_dataset`.
        chunk: Articles read from the input and sent at once (the driver holds at most
            this many texts); None: 2,000, or 50 batches an actor when that is more, so
            that starting each chunk's actors (spaCy, a client) is a few percent of its
            work however large the cluster.

    Attributes:
        retried: Articles run again after the actor running them died (read after the
            items are consumed).
    """

    def __init__(
        self,
        recipe: SummariserRecipe,
        *,
        actors: int,
        batch_size: int = 16,
        article_concurrency: int = 8,
        chunk: int | None = None,
    ) -> None:
        self._recipe = recipe
        self._actors = actors
        self._batch_size = batch_size
        self._article_concurrency = article_concurrency
        self._chunk = chunk or max(2000, actors * batch_size * 50)
        self._attempts = attempt_log()
        self.retried = 0

    def items(self, pairs: Iterable[tuple[str, str | bytes]]) -> Iterator[BatchItem]:
        """Summarise ``pairs`` on the cluster; yield each item as it comes back."""
        ray = import_ray()
        source = iter(pairs)
        while chunk := list(itertools.islice(source, self._chunk)):
            rows = []
            for article_id, text in chunk:
                try:
                    rows.append({"id": article_id, "text": _as_str(text, article_id)})
                except InputError as e:
                    yield BatchItem(article_id, error=e)  # as a local run says it
            if not rows:
                continue
            dataset = ray.data.from_items(rows)
            del rows, chunk  # the dataset holds them now
            results = _mapped(
                dataset,
                self._recipe,
                attempts=self._attempts,
                concurrency=self._actors,
                batch_size=self._batch_size,
                article_concurrency=self._article_concurrency,
                num_cpus=1,
                keep_items=True,
            )
            for row in results.iter_rows():
                yield pickle.loads(row["item"])
            self.retried = ray.get(self._attempts.retried.remote())


def _as_str(text: str | bytes, article_id: str) -> str:
    """An article's text as a string (one Arrow column holds one type): bytes decoded
    as :func:`~summarise.article.load_article` decodes them, and refused as it refuses
    them."""
    if isinstance(text, str):
        return text
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        load_article(text, id=article_id)  # raises the InputError a local run records
        raise
