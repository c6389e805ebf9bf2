"""Test helpers for users of summarise, and for its own tests.

``FakeBackend`` answers from a queue of canned replies and records every request, so code
built on summarise can be tested without a model or a network::

    fake = FakeBackend([{"gist": "...", "actors": [], ...}])
    result = Summariser(backend=fake).summarise(text)
    assert fake.calls[0].article.text == text

``ScriptedOpenAIServer`` (in :mod:`summarise.testing.openai_server`) is a real
OpenAI-compatible HTTP server on 127.0.0.1 that follows a per-request script of faults.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarise.backends.base import BaseBackend, Extraction, ExtractionRequest
from summarise.errors import RetriesExhaustedError
from summarise.types import Usage

__all__ = ["FakeBackend"]

T = TypeVar("T", bound=BaseModel)
Reply = BaseModel | dict[str, Any] | Exception


class FakeBackend(BaseBackend):
    """A backend that replies from a queue and remembers what it was asked.

    Args:
        replies: Replies in order. A dict is validated into the requested model; a model
            instance is returned as is; an exception is raised.
        default: Returned (or raised) whenever the queue is empty; without one, an empty
            queue is a test error.
        usage: The usage reported for each reply.
    """

    name = "fake"
    cacheable = False  # its replies come from its queue; a cache would replay stale ones

    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        default: Reply | None = None,
        usage: Usage | None = None,
    ) -> None:
        self._replies: collections.deque[Reply] = collections.deque(replies)
        self._default = default
        self._usage = usage or Usage(prompt_tokens=100, completion_tokens=50, requests=1)
        self._lock = threading.Lock()
        self.calls: list[ExtractionRequest[Any]] = []

    def queue(self, *replies: Reply) -> None:
        """Add replies to the end of the queue."""
        with self._lock:
            self._replies.extend(replies)

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Record the request and answer with the next reply."""
        with self._lock:
            self.calls.append(request)
            if self._replies:
                reply = self._replies.popleft()
            elif self._default is not None:
                reply = self._default
            else:
                raise AssertionError(
                    f"FakeBackend got request {len(self.calls)} with no reply queued; "
                    "queue() more replies or pass default=."
                )
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, request.response_model):
            value = reply
        else:
            data = reply.model_dump() if isinstance(reply, BaseModel) else reply
            try:
                value = request.response_model.model_validate(data)
            except ValidationError as e:
                raise RetriesExhaustedError(
                    f"FakeBackend reply does not validate: {e}",
                    attempts=1,
                    usage=self._usage,
                    errors=[str(e)],
                ) from e
        return Extraction(
            value=value,
            usage=self._usage,
            attempts=1,
            model="fake",
            mode=None,
            raw_output=value.model_dump_json(),
        )
