"""The offline backend: the schema type's own reader, with no model endpoint.

A schema type that supplies an ``offline`` part (:class:`~summarise.schema_types.
OfflineReader`) can be summarised without a key or a network; the built-in news type
supplies a deterministic spaCy pipeline. The reader reads the article itself, not the
prompt, so the prompt is never rendered for it, hints are never computed for it and a
long article is never split for it.
"""

from __future__ import annotations

import threading
from typing import TypeVar

from pydantic import BaseModel

from summarise.backends.base import BaseBackend, Extraction, ExtractionRequest
from summarise.config import Settings
from summarise.errors import ConfigurationError
from summarise.types import Usage, as_model

__all__ = ["OfflineBackend"]

T = TypeVar("T", bound=BaseModel)

# Readers hold one shared pipeline (spaCy's is not safe to call from two threads at
# once) and batches call them from worker threads: one reading at a time.
_lock = threading.Lock()


class OfflineBackend(BaseBackend):
    """Summaries from the schema type's offline reader, on one CPU core, no network."""

    name = "offline"
    cacheable = False  # deterministic and local: a cache would only go stale
    reads_prompt = False
    cpu_bound = True  # spaCy on one core an article, one article at a time a process

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def __repr__(self) -> str:
        return "OfflineBackend()"

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Read ``request.article`` with the schema type's offline reader.

        Raises:
            ConfigurationError: The schema type has no offline reader.
        """
        reader = request.schema_type.parts.offline
        if reader is None:
            raise ConfigurationError(
                f"The schema type {request.schema_type.name!r} has no offline reader, so "
                "the offline backend cannot summarise it. Use an LLM backend (model=, "
                "base_url=, or --model / --base-url), or give the type an offline part."
            )
        with _lock:
            summary = reader.read(request.article.text)
        # The news reader returns the requested model itself; convert only when not.
        value = (
            summary
            if isinstance(summary, request.response_model)
            else as_model(summary, request.response_model)
        )
        return Extraction(value=value, usage=Usage(), attempts=1, model=reader.name, mode="rules")
