"""Worker processes for CPU-bound backends: every core of this machine on one batch.

:class:`WorkerPool` stands where a ``Summariser`` stands in
:func:`~summarise.batch.asummarise_iter`: its ``asummarise`` sends the article to one of
``workers`` processes, each of which builds one ``Summariser`` (loading spaCy once) from a
:class:`~summarise.engines.recipe.SummariserRecipe` sent when it started. Everything else
stays in the parent, as in a run of one process: reading the input a few articles at a
time, rate limits, the cost budget, progress, and the one writer of the output. So a
``kill -9`` of a worker loses nothing written, and one of the parent loses only the
articles in flight (the workers notice their parent is gone and exit).

Processes are started with ``spawn``: spaCy, threads and ``fork`` do not mix. At most
``workers`` articles are in the pool at once, so when a worker dies the articles in the
pool are exactly those it may have died of. Each is retried (in a new pool) alone, one
after another, so an article that kills its worker a second time is known for certain:
it becomes an error line (:class:`~summarise.errors.WorkerDiedError`), never a lost row.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from typing import Any

from summarise.api import Summariser
from summarise.engines.recipe import SummariserRecipe
from summarise.errors import ConfigurationError, WorkerDiedError
from summarise.types import SummaryResult

__all__ = ["WorkerPool", "cores", "default_workers"]


def cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(summariser: Summariser) -> int:
    """Worker processes for a batch by default: one per core for a backend that declares
    itself CPU-bound, else 1 (an HTTP backend overlaps requests within one process)."""
    return cores() if summariser.backend.cpu_bound else 1


class WorkerPool:
    """Summarises articles in ``workers`` processes; use it as the summariser of
    :func:`~summarise.batch.asummarise_iter`.

    Args:
        recipe: What each worker builds its ``Summariser`` from, sent once per worker.
        workers: Processes to run, at least 1.

    Attributes:
        retried: Articles sent again because a worker died while they were in the pool.

    Raises:
        ConfigurationError: ``workers`` below 1.
    """

    def __init__(self, recipe: SummariserRecipe, *, workers: int) -> None:
        if workers < 1:
            raise ConfigurationError(f"--workers {workers}: run at least 1 worker process.")
        self.recipe = recipe
        self.workers = workers
        self.retried = 0
        self._pool: ProcessPoolExecutor | None = None
        self._places = _Places(workers)

    def _current(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.recipe, os.getpid()),
            )
        return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop a pool a worker died in (once, however many articles saw it break)."""
        if self._pool is broken:
            self._pool = None
            broken.shutdown(wait=False, cancel_futures=True)

    async def asummarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        """Summarise one article in a worker process.

        Returns:
            As :meth:`~summarise.Summariser.asummarise`.

        Raises:
            SummariseError: What the worker's ``Summariser`` raised for the article;
                :class:`~summarise.errors.WorkerDiedError` when its worker died on it
                twice.
        """
        deaths = 0
        while True:
            async with self._places.place(alone=deaths > 0):
                pool = self._current()
                try:
                    result: SummaryResult[Any] = await asyncio.wrap_future(
                        pool.submit(_summarise_here, text, id)
                    )
                except BrokenProcessPool:
                    self._replace(pool)
                    deaths += 1
                else:
                    return result
            if deaths == 1:
                self.retried += 1
            else:
                raise WorkerDiedError(
                    f"The worker process summarising {id!r} died while summarising it, twice "
                    "(the second time with no other article beside it).",
                    fix="Find what kills it (memory, a crash in native code); a rerun tries "
                    "the article again.",
                )

    async def aclose(self) -> None:
        """Stop the workers (an article still running is left to finish on its own)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def __aenter__(self) -> WorkerPool:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _Places:
    """At most ``capacity`` articles in the pool; an article retried after a worker died
    waits for the pool to empty and has it to itself."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._busy = 0
        self._alone = False
        self._waiting_alone = 0
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def place(self, *, alone: bool) -> AsyncIterator[None]:
        async with self._changed:
            if alone:
                self._waiting_alone += 1
                await self._changed.wait_for(lambda: self._busy == 0)
                self._waiting_alone -= 1
                self._alone = True
            else:
                await self._changed.wait_for(
                    lambda: (
                        not self._alone and not self._waiting_alone and self._busy < self._capacity
                    )
                )
            self._busy += 1
        try:
            yield
        finally:
            async with self._changed:
                self._busy -= 1
                if alone:
                    self._alone = False
                self._changed.notify_all()


# The worker's side: one Summariser per process, built for its first article (so a
# recipe that cannot be built here, say a schema type unknown to this process, is an
# error line per article that says why, not a pool that dies as it starts).
_recipe: SummariserRecipe | None = None
_summariser: Summariser | None = None

# Set before spaCy (and numpy under it) is first imported in the worker: one thread
# each, since the pool already runs one process per core.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _start_worker(recipe: SummariserRecipe, parent: int) -> None:
    global _recipe
    for variable in _THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
    # Ctrl-C reaches the whole process group: the parent stops the run and writes what
    # finished; a worker has nothing to say about it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    _recipe = recipe


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent was killed would wait for work forever: exit instead."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _summarise_here(text: str | bytes, article_id: str | None) -> SummaryResult[Any]:
    global _summariser
    if _summariser is None:
        assert _recipe is not None, "the pool's initializer keeps the recipe"
        _summariser = _recipe.build()
    return _summariser.summarise(text, id=article_id)
