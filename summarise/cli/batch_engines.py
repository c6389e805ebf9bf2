"""Which engine runs a ``summarise batch``, chosen from ``--engine`` and ``--workers``.

- one process (``--workers 1``, the default for HTTP backends): the articles' requests
  overlap in one event loop, ``--concurrency`` at a time;
- worker processes (``--workers N``, by default one per core for a backend that
  declares itself CPU-bound): :class:`~summarise.engines.WorkerPool`;
- Ray (``--engine ray [--address ADDRESS]``): the articles go to a Ray cluster, or to
  a Ray instance started on this machine, a chunk at a time.

Whichever runs, this process reads the input, skips what the output holds, and is the
one writer of the output: each engine only turns articles into items.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from summarise.api import Summariser
from summarise.batch import BatchItem, RateLimiter, asummarise_iter
from summarise.budget import CostBudget
from summarise.engines import SummariserRecipe, WorkerPool, cores, default_workers
from summarise.errors import ConfigurationError

__all__ = ["Engine", "add_engine_options", "engine_from"]

ENGINES = ("local", "ray")


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """``--workers``, ``--engine``, ``--address`` and ``--batch-size``."""
    parser.add_argument(
        "--workers", type=int, metavar="N",
        help="processes (or, with --engine ray, actors) to summarise in; default: one per "
        "core for CPU-bound backends (offline), 1 for HTTP backends",
    )  # fmt: skip
    parser.add_argument(
        "--engine", choices=ENGINES, default="local",
        help="local: this machine (default); ray: a Ray cluster (needs pip install "
        "'summarise[ray]')",
    )  # fmt: skip
    parser.add_argument(
        "--address", metavar="ADDRESS",
        help="with --engine ray: the cluster to join (ray://HOST:10001 or HOST:6379); "
        "default: start Ray on this machine",
    )  # fmt: skip
    parser.add_argument(
        "--batch-size", type=int, default=16, metavar="N",
        help="with --engine ray: articles handed to an actor at a time (16)",
    )  # fmt: skip


@dataclass
class Engine:
    """Turns the articles to do into items, calling ``done`` with each as it finishes.

    Attributes:
        run: ``run(todo, done)``; raises ``KeyboardInterrupt`` when interrupted (every
            item already given to ``done`` stays written) and ``InputError`` for a bad
            record further on in the input.
        retried: Articles sent again because the worker or actor running them died.
    """

    run: Callable[[Iterable[tuple[str, str | bytes]], Callable[[BatchItem], None]], None]
    retried: Callable[[], int] = field(default=lambda: 0)


def engine_from(
    args: argparse.Namespace,
    summariser: Summariser,
    *,
    limiter: RateLimiter | None,
    budget: CostBudget | None,
) -> Engine:
    """The engine the options ask for; Ray is joined (or started) here.

    Raises:
        ConfigurationError: ``--workers`` or ``--batch-size`` below 1, ``--address``
            without ``--engine ray``, options Ray does not honour (``--rpm``, ``--tpm``,
            ``--budget-usd``), Ray not installed, or its cluster unreachable.
    """
    if args.workers is not None and args.workers < 1:
        raise ConfigurationError(f"--workers {args.workers}: give at least 1.")
    if args.batch_size < 1:
        raise ConfigurationError(f"--batch-size {args.batch_size}: give at least 1.")
    if args.engine == "ray":
        return _ray_engine(args, summariser)
    if args.address is not None:
        raise ConfigurationError("--address names a Ray cluster: add --engine ray.")
    workers = args.workers if args.workers is not None else default_workers(summariser)
    if workers == 1:
        return Engine(run=_in_process(summariser, None, args.concurrency, limiter, budget))
    pool = WorkerPool(SummariserRecipe.of(summariser), workers=workers)
    return Engine(
        run=_in_process(summariser, pool, args.concurrency, limiter, budget),
        retried=lambda: pool.retried,
    )


def _in_process(
    summariser: Summariser,
    pool: WorkerPool | None,
    concurrency: int,
    limiter: RateLimiter | None,
    budget: CostBudget | None,
) -> Callable[[Iterable[tuple[str, str | bytes]], Callable[[BatchItem], None]], None]:
    """Articles through the summariser itself, or through ``pool``'s worker processes, in
    this process's event loop: rate limits and the budget apply here, before each
    article."""

    def run(todo: Iterable[tuple[str, str | bytes]], done: Callable[[BatchItem], None]) -> None:
        async def summarise_all() -> None:
            async with summariser, pool or contextlib.nullcontext():
                async for item in asummarise_iter(
                    pool or summariser, todo, concurrency=concurrency, limiter=limiter,
                    budget=budget,
                ):  # fmt: skip
                    done(item)

        asyncio.run(summarise_all())

    return run


def _ray_engine(args: argparse.Namespace, summariser: Summariser) -> Engine:
    from summarise.engines.ray_data import RayRun, connect, import_ray

    ceilings = (("--rpm", args.rpm), ("--tpm", args.tpm), ("--budget-usd", args.budget_usd))
    refused = [option for option, given in ceilings if given is not None]
    if refused:
        raise ConfigurationError(
            f"{', '.join(refused)} cannot be kept across a Ray cluster's actors; leave "
            "them out with --engine ray, or run with --engine local."
        )
    recipe = SummariserRecipe.of(summariser)
    started = connect(args.address)
    ray = import_ray()
    if args.workers is not None:
        actors = args.workers
    elif summariser.backend.cpu_bound:
        actors = max(1, int(ray.cluster_resources().get("CPU", cores())))
    else:
        actors = 1
    ray_run = RayRun(
        recipe, actors=actors, batch_size=args.batch_size, article_concurrency=args.concurrency
    )

    def run(todo: Iterable[tuple[str, str | bytes]], done: Callable[[BatchItem], None]) -> None:
        try:
            for item in ray_run.items(todo):
                done(item)
        finally:
            summariser.close()
            if started:
                ray.shutdown()

    return Engine(run=run, retried=lambda: ray_run.retried)
