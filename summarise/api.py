"""The front door: ``summarise_article`` for one call, ``Summariser`` for many.

Every option is keyword-only. Options not given in code come from the environment
(see :mod:`summarise.config`); the backend is chosen by
:func:`summarise.backends.resolve_backend_name`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from pydantic import BaseModel

from summarise.article import load_article
from summarise.backends import Backend, Extraction, ExtractionRequest, create_backend
from summarise.backends.cached import CachedBackend
from summarise.backends.reasking import ReaskingBackend
from summarise.backends.registry import checked_backend
from summarise.cache import ReplyCache
from summarise.config import Settings, resolve_settings
from summarise.errors import BackendError, OutputError, SummariseError
from summarise.finishing import Finisher
from summarise.ledger import Ledger, RunNames
from summarise.planning import RequestPlanner
from summarise.schema_types import SchemaType, get_schema_type
from summarise.types import SummaryResult, Usage

if TYPE_CHECKING:
    # For the return type of the default schema's overload only: nothing here runs news
    # code, and import-linter's contract ignores type-checking imports.
    from summarise.schemas.news import NewsSummary

__all__ = ["Summariser", "asummarise_article", "summarise_article"]


class Summariser:
    """Holds a configured backend (and its HTTP client) for summarising many articles.

    It runs three stages: planning the requests (:mod:`summarise.planning`), sending
    them through the backend (wrapped by the grounding re-ask and the reply cache where
    they apply), and finishing (:mod:`summarise.finishing`: merge, ground, metadata).

    Args:
        schema: A schema type's name or object; ``"news"`` by default.
        backend: A backend name, or a backend object (see :mod:`summarise.backends.base`).
        model: Model name for an OpenAI-compatible endpoint.
        base_url: The endpoint, e.g. ``http://127.0.0.1:8080/v1``.
        api_key: The endpoint's key.
        mode: instructor mode: "tools", "json_schema", "json" or "md_json".
        model_path: A GGUF file for the in-process ``llama-cpp`` backend.
        cache: A reply cache: a reply already in it is replayed instead of asking the
            backend again, and new replies are recorded.
        ledger: A run ledger (or its file): each ``summarise`` call is recorded in it
            as a run of one article, with what it spent (``summarise runs`` lists them).
        **options: Any other :class:`~summarise.config.Settings` field, such as
            ``timeout_s``, ``max_validation_retries`` or ``max_tokens_per_article``.

    Raises:
        ConfigurationError: Unknown options, an unknown backend, a backend object that
            lacks part of the backend contract, or a backend missing what it needs (the
            message names the argument or variable to set).
        SchemaTypeError: Unknown schema type.
    """

    def __init__(
        self,
        *,
        schema: str | SchemaType = "news",
        backend: str | Backend | None = None,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        model_path: str | None = None,
        cache: ReplyCache | None = None,
        ledger: Ledger | str | Path | None = None,
        **options: Any,
    ) -> None:
        self.cache = cache
        self.ledger = Ledger(ledger) if isinstance(ledger, str | Path) else ledger
        self.schema_type = get_schema_type(schema)
        self.settings: Settings = resolve_settings(
            backend=backend if isinstance(backend, str) else None,
            model=model,
            base_url=base_url,
            api_key=api_key,
            mode=mode,
            model_path=model_path,
            **options,
        )
        self.backend: Backend = (
            checked_backend(backend)
            if backend is not None and not isinstance(backend, str)
            else create_backend(self.settings)
        )
        self._sender = self._wrapped(self.backend)
        self._planner = RequestPlanner(self.schema_type, self.backend, self.settings)
        self._finisher = Finisher(self.schema_type, self.backend, self.settings)

    def __repr__(self) -> str:
        return f"Summariser(schema={self.schema_type.name!r}, backend={self.backend!r})"

    def close(self) -> None:
        """Release the backend's resources (HTTP connections). Also done by ``with``."""
        self.backend.close()

    async def aclose(self) -> None:
        """Release the backend's resources from async code. Also done by ``async with``."""
        await self.backend.aclose()

    def __enter__(self) -> Summariser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Summariser:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def summarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        """Summarise one article.

        Args:
            text: The article (str, or UTF-8 bytes).
            id: An identifier carried into the result's metadata and logs.

        Returns:
            The summary with its usage and run metadata.

        Raises:
            InputError: Empty, binary or over-long input, before any model call.
            BackendError: The endpoint failed (TransportError after transport retries).
            OutputError: The model's replies were unusable (truncated, or invalid after
                every re-ask, or over the token budget).
        """
        started = time.perf_counter()
        with self._recorded() as record:
            article = load_article(text, id=id, max_chars=self.settings.max_article_chars)
            extractions: list[Extraction[BaseModel]] = []
            try:
                for request in self._planner.plan(article):
                    extractions.append(self._sender.extract(request))
            except SummariseError as e:
                _charge_parts(e, extractions)
                raise
            result = self._finisher.finish(article, extractions, started)
            record(result)
            return result

    async def asummarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        """The async twin of :meth:`summarise`: the parts of a long article are sent
        concurrently, at most ``part_concurrency`` at once; when one fails, the others
        are cancelled."""
        started = time.perf_counter()
        with self._recorded() as record:
            result = await self._asummarise(text, id, started)
            record(result)
            return result

    async def _asummarise(
        self, text: str | bytes, id: str | None, started: float
    ) -> SummaryResult[Any]:
        article = load_article(text, id=id, max_chars=self.settings.max_article_chars)
        requests = self._planner.plan(article)
        done: list[Extraction[BaseModel] | None] = [None] * len(requests)
        limit = asyncio.Semaphore(max(1, self.settings.part_concurrency))

        async def send(index: int, request: ExtractionRequest[BaseModel]) -> None:
            async with limit:
                done[index] = await self._sender.aextract(request)

        try:
            async with asyncio.TaskGroup() as group:
                for index, request in enumerate(requests):
                    group.create_task(send(index, request))
        except ExceptionGroup as failed:
            first = failed.exceptions[0]  # the others were cancelled because of it
            if isinstance(first, SummariseError):
                _charge_parts(first, [e for e in done if e is not None])
            raise first from first.__cause__
        extractions = [e for e in done if e is not None]
        return self._finisher.finish(article, extractions, started)

    @property
    def run_names(self) -> RunNames:
        """What a run ledger records this summariser as: schema type, backend, model (a
        model file by its name only: a ledger holds no paths)."""
        path = self.settings.model_path
        return {
            "schema_type": self.schema_type.name,
            "backend": self.backend.name,
            "model": self.settings.model or (Path(path).name if path else None),
        }

    def _recorded(self) -> AbstractContextManager[Callable[[SummaryResult[Any]], None]]:
        """Where a call is recorded: the ledger's run of one article, or nowhere."""
        if self.ledger is None:
            return nullcontext(lambda _result: None)
        return self.ledger.one_article(self.run_names)

    def _wrapped(self, backend: Backend) -> Backend:
        """The backend as requests reach it: with strict grounding's re-ask where the
        backend validates with re-asks, and behind the reply cache where replies may be
        recorded."""
        settings = self.settings
        reasks = (
            settings.grounding == "strict"
            and settings.max_validation_retries >= 1
            and backend.reasks_grounding
        )
        sender: Backend = ReaskingBackend(backend, self.schema_type.rules) if reasks else backend
        if self.cache is None or not backend.cacheable:
            return sender
        identity = {
            "backend": backend.name,
            "base_url": settings.base_url,
            "model": settings.model or settings.model_path,
            "mode": backend.mode or settings.mode,
            "params": {
                "temperature": settings.temperature,
                # The cap as sent (unset is 4,096), so caches recorded before it could
                # be unset still match; a reply under either cap is the same reply.
                "max_output_tokens": settings.reply_cap,
                "max_validation_retries": settings.max_validation_retries,
                "reask_grounding": reasks,
            },
        }
        return CachedBackend(sender, self.cache, identity)


@overload
def summarise_article(
    text: str | bytes,
    *,
    schema: Literal["news"] = "news",
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    model_path: str | None = None,
    **options: Any,
) -> NewsSummary: ...


@overload
def summarise_article(
    text: str | bytes,
    *,
    schema: str | SchemaType,
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    model_path: str | None = None,
    **options: Any,
) -> BaseModel: ...


def summarise_article(
    text: str | bytes,
    *,
    schema: str | SchemaType = "news",
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    model_path: str | None = None,
    **options: Any,
) -> BaseModel:
    """Summarise one article and return the typed summary.

    For usage, attempts and run metadata, or to summarise many articles with one client,
    use :class:`Summariser` and its ``summarise`` method.

    Args:
        text: The article (str, or UTF-8 bytes).
        schema: The schema type; ``"news"`` returns a ``NewsSummary``.
        backend, model, base_url, api_key, mode, model_path, **options: As for
            :class:`Summariser`.

    Returns:
        The summary, an instance of the schema type's model.

    Raises:
        SummariseError: A subclass saying what went wrong; see :mod:`summarise.errors`.
    """
    with _summariser(locals()) as summariser:
        summary: BaseModel = summariser.summarise(text).summary
    return summary


async def asummarise_article(
    text: str | bytes,
    *,
    schema: str | SchemaType = "news",
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    model_path: str | None = None,
    **options: Any,
) -> BaseModel:
    """The async twin of :func:`summarise_article`."""
    async with _summariser(locals()) as summariser:
        result = await summariser.asummarise(text)
    summary: BaseModel = result.summary
    return summary


def _charge_parts(error: SummariseError, finished: list[Extraction[BaseModel]]) -> None:
    """Add what the article's finished parts cost to ``error``: the article failed, but
    those tokens were spent."""
    if finished and isinstance(error, BackendError | OutputError):
        error.usage = sum((e.usage for e in finished), error.usage or Usage())
        error.attempts += sum(e.attempts for e in finished)


def _summariser(arguments: dict[str, Any]) -> Summariser:
    """A Summariser from a front door's own arguments (its ``locals()``)."""
    options = dict(arguments)
    options.pop("text")
    options.update(options.pop("options"))
    return Summariser(**options)
