"""Record and replay replies, around any backend that declares ``cacheable``.

Each request is keyed by everything that decides its reply: the backend, endpoint,
model and mode; the schema's and the prompt template's hashes; the article's hash and
the exact messages sent (so a part of a long article, or a prompt with hints, has a key
of its own); and the generation parameters. A recorded reply is replayed as it was,
with ``cached=True``; an entry that no longer validates (the schema changed under it)
is asked again and overwritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.backends.base import Backend, Extraction, ExtractionRequest
from summarise.backends.wrapped import WrappedBackend
from summarise.cache import ReplyCache, cache_key
from summarise.types import Usage

__all__ = ["CachedBackend", "request_key"]

T = TypeVar("T", bound=BaseModel)


def request_key(request: ExtractionRequest[Any], identity: Mapping[str, Any]) -> str:
    """The cache key of ``request`` sent with ``identity`` (backend, endpoint, model,
    mode and parameters)."""
    messages = json.dumps(request.messages, sort_keys=True, ensure_ascii=False)
    return cache_key(
        {
            **identity,
            "template": request.schema_type.template.sha256,
            "schema": request.schema_type.schema_sha256,
            "article": request.article.sha256,
            "messages": hashlib.sha256(messages.encode()).hexdigest(),
        }
    )


class CachedBackend(WrappedBackend):
    """Answers from ``cache`` what it has recorded; asks ``inner`` and records the rest.

    Args:
        inner: The backend (already wrapped for the grounding re-ask, if any).
        cache: The reply cache.
        identity: What, beside the request, decides a reply: backend name, endpoint,
            model, mode and generation parameters.
    """

    def __init__(self, inner: Backend, cache: ReplyCache, identity: Mapping[str, Any]) -> None:
        super().__init__(inner)
        self.cache = cache
        self.identity = dict(identity)

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        key = request_key(request, self.identity)
        replayed = self._replay(key, request)
        if replayed is not None:
            return replayed
        extraction = self.inner.extract(request)
        self._record(key, extraction)
        return extraction

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        key = request_key(request, self.identity)
        replayed = self._replay(key, request)
        if replayed is not None:
            return replayed
        extraction = await self.inner.aextract(request)
        self._record(key, extraction)
        return extraction

    def _replay(self, key: str, request: ExtractionRequest[T]) -> Extraction[T] | None:
        stored = self.cache.get(key)
        if stored is None:
            return None
        try:
            return Extraction(
                value=request.response_model.model_validate(stored["value"]),
                usage=Usage.model_validate(stored["usage"]),
                attempts=int(stored["attempts"]),
                model=stored.get("model"),
                mode=stored.get("mode"),
                raw_output=stored.get("raw_output"),
                reasked=bool(stored.get("reasked", False)),
                cached=True,
            )
        except (KeyError, TypeError, ValueError):
            return None  # an entry from an older schema: ask again, and overwrite it

    def _record(self, key: str, extraction: Extraction[Any]) -> None:
        self.cache.put(
            key,
            {
                "value": extraction.value.model_dump(mode="json", by_alias=True, round_trip=True),
                "usage": extraction.usage.model_dump(),
                "attempts": extraction.attempts,
                "model": extraction.model,
                "mode": extraction.mode,
                "raw_output": extraction.raw_output,
                "reasked": extraction.reasked,
            },
        )
