"""Engines: many articles through one output shape, on one core, every core, or a cluster.

Engines sit above the data path and never below it: each runs articles through the same
``Summariser`` stages and yields the same :class:`~summarise.batch.BatchItem` (one output
line shape), so resume by id and error lines work alike whichever runs a batch.

- in-process async (:func:`~summarise.batch.asummarise_iter`): HTTP backends, whose
  requests overlap in one process;
- :class:`WorkerPool`: CPU-bound backends (declared ``cpu_bound``), one process per core;
- :func:`summarise_dataset` (:mod:`summarise.engines.ray_data`, needs ``pip install
  'summarise[ray]'``): a Ray ``Dataset`` of ``{id, text}`` rows to a ``Dataset`` of result
  rows, on this machine or a Ray cluster.

Each engine sends its workers a :class:`SummariserRecipe`, never an API key: workers read
the key from their own environment.
"""

from summarise.engines.processes import WorkerPool, cores, default_workers
from summarise.engines.recipe import SummariserRecipe

__all__ = ["SummariserRecipe", "WorkerPool", "cores", "default_workers"]
