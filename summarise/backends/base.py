"""What a backend is: one method that turns a request into a validated object plus usage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from summarise.article import Article
from summarise.types import Usage

__all__ = ["AsyncBackend", "Backend", "Extraction", "ExtractionRequest"]

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class ExtractionRequest(Generic[T]):
    """One article to summarise into ``response_model``.

    Attributes:
        article: The checked article.
        messages: The rendered prompt. Backends that read the article directly (the
            offline pipeline) may ignore it.
        response_model: The Pydantic model to return.
        schema_type: The schema type's name, for backends that handle only some types.
    """

    article: Article
    messages: list[dict[str, str]]
    response_model: type[T]
    schema_type: str


@dataclass(frozen=True)
class Extraction(Generic[T]):
    """What a backend returns.

    Attributes:
        value: The validated summary.
        usage: Tokens spent over every attempt, failed ones included.
        attempts: Model calls made, counting validation re-asks (transport retries of
            the same call are not attempts).
        model: The model that answered, as the backend names it.
        mode: How structured output was obtained (an instructor mode, or None).
        raw_output: The last raw reply text, where there is one.
        parts: How many parts of the article were asked for (1 unless it was split).
    """

    value: T
    usage: Usage
    attempts: int
    model: str | None
    mode: str | None = None
    raw_output: str | None = None
    parts: int = 1


@runtime_checkable
class Backend(Protocol):
    """Turns an extraction request into a validated object. Any class with these
    members is a backend; no inheritance needed.

    A backend whose replies are validated against ``request.response_model`` with
    re-asks (as instructor does) may set ``reasks_grounding = True``: under strict
    grounding it is then given a model whose validator sends grounding failures back
    to the model once.
    """

    name: str

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Return a validated ``request.response_model``.

        Raises:
            summarise.errors.SummariseError: A subclass saying what went wrong.
        """
        ...


@runtime_checkable
class AsyncBackend(Backend, Protocol):
    """A backend that can also run without blocking the event loop."""

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """The async twin of :meth:`Backend.extract`."""
        ...
