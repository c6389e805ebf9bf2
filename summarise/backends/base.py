"""The backend contract: what a backend is, what it declares, and the defaults.

A backend turns one :class:`ExtractionRequest` into one validated :class:`Extraction`.
It also *declares* what it can do, so the core reads declarations and never probes:

==================  =====================================================  ===========
member              meaning                                                default
==================  =====================================================  ===========
name                the name it is registered and reported under           (required)
mode                how structured output is obtained (an instructor       None
                    mode such as "tools"), for run metadata and cache keys
cacheable           whether replies may be recorded and replayed; False    True
                    for backends whose output depends on code, not a model
reasks_grounding    whether it validates replies with re-asks (as          False
                    instructor does), so strict grounding can send
                    failures back to the model once
reads_prompt        whether it reads the rendered prompt; False for        True
                    readers of the article itself (no prompt, no hints,
                    no splitting of long articles)
context_tokens      the model's context size in tokens, or None when       None
                    unknown (then long articles are split only when
                    ``chunk_tokens`` is set)
cpu_bound           whether the work is done on this machine's CPU, one    False
                    core an article (a batch then runs in worker
                    processes, one per core); False for backends that wait
                    on a server, or use every core themselves
count_tokens(t)     tokens in ``t`` as the model counts them               estimate
extract(r)          the work                                               (required)
aextract(r)         the async twin; native for HTTP backends               a thread
close(), aclose()   release clients and connections                        nothing
==================  =====================================================  ===========

Subclass :class:`BaseBackend` to get the defaults, or write every member of
:class:`Backend` yourself (a structural type: no inheritance needed).

Two obligations come with the declarations:

* ``extract`` may be called from several threads at once (``aextract``'s default runs
  it in worker threads, one per part of a long article and per article of a batch).
  Guard what cannot be shared, as the llama-cpp and offline backends do with a lock.
* ``reasks_grounding = True`` promises that the backend validates each reply against
  ``request.response_model`` in the caller's context (``contextvars``: a thread of its
  own must copy it, as ``asyncio.to_thread`` does) and re-asks the model when the
  validator raises ``ValueError``, as instructor does. The grounding re-ask rides on it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from summarise.article import Article
from summarise.chunking import estimate_tokens
from summarise.types import Usage

if TYPE_CHECKING:
    from summarise.grounding.verify import CheckedSummary
    from summarise.schema_types import SchemaType

__all__ = ["BACKEND_MEMBERS", "Backend", "BaseBackend", "Extraction", "ExtractionRequest"]

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class ExtractionRequest(Generic[T]):
    """One article, or one part of a long one, to summarise into ``response_model``.

    Attributes:
        article: The whole checked article (evidence is grounded against all of it).
        messages: The rendered prompt for the text to summarise (the article, or one
            part of it). Backends that do not read prompts get an empty list.
        response_model: The Pydantic model to return.
        schema_type: The schema type, for backends that use its parts (the offline
            backend runs its reader).
    """

    article: Article
    messages: list[dict[str, str]]
    response_model: type[T]
    schema_type: SchemaType


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
        reasked: Whether grounding failures were sent back to the model.
        cached: Whether the reply was replayed from a reply cache.
        checked: ``value`` already checked against the article (a checked copy and
            each item's result), when strict grounding's re-ask checked it; finishing
            then applies the policy to it instead of checking the reply again.
    """

    value: T
    usage: Usage
    attempts: int
    model: str | None
    mode: str | None = None
    raw_output: str | None = None
    reasked: bool = False
    cached: bool = False
    checked: CheckedSummary | None = None


BACKEND_MEMBERS = (
    "name",
    "mode",
    "cacheable",
    "reasks_grounding",
    "reads_prompt",
    "context_tokens",
    "cpu_bound",
    "count_tokens",
    "extract",
    "aextract",
    "close",
    "aclose",
)
"""Every member of :class:`Backend`; a backend object missing one is refused up front."""


@runtime_checkable
class Backend(Protocol):
    """Turns an extraction request into a validated object; see the module docstring."""

    name: str
    mode: str | None
    cacheable: bool
    reasks_grounding: bool
    reads_prompt: bool
    context_tokens: int | None
    cpu_bound: bool

    def count_tokens(self, text: str) -> int:
        """Tokens in ``text``, as this backend's model counts them."""
        ...

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Return a validated ``request.response_model``.

        Raises:
            summarise.errors.SummariseError: A subclass saying what went wrong.
        """
        ...

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """The async twin of :meth:`extract`."""
        ...

    def close(self) -> None:
        """Release what the backend holds open."""
        ...

    async def aclose(self) -> None:
        """The async twin of :meth:`close`."""
        ...


class BaseBackend:
    """The defaults of every declaration; subclasses set ``name`` and write ``extract``."""

    name: str  # required: set it in the subclass; an object without one is refused
    mode: str | None = None
    cacheable: bool = True
    reasks_grounding: bool = False
    reads_prompt: bool = True
    context_tokens: int | None = None
    cpu_bound: bool = False

    def count_tokens(self, text: str) -> int:
        """An estimate, one token per four characters: override with the real tokenizer."""
        return estimate_tokens(text)

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        raise NotImplementedError(f"{type(self).__name__} must implement extract()")

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Runs :meth:`extract` in a worker thread, so the event loop is never blocked.
        The thread gets a copy of the caller's context (the grounding re-ask session)."""
        return await asyncio.to_thread(self.extract, request)

    def close(self) -> None:
        """Nothing to release."""

    async def aclose(self) -> None:
        """Calls :meth:`close`."""
        self.close()
