"""The front door: ``summarise_article`` for one call, ``Summariser`` for many.

Every option is keyword-only. Options not given in code come from the environment
(see :mod:`summarise.config`); the backend is chosen by
:func:`summarise.backends.resolve_backend_name`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, overload

from pydantic import BaseModel

from summarise.article import Article, load_article
from summarise.backends import Backend, Extraction, ExtractionRequest, create_backend
from summarise.cache import ReplyCache, cache_key
from summarise.config import Settings, resolve_settings
from summarise.grounding.reask import ReaskSession, reasking, reasking_model
from summarise.grounding.verify import ground
from summarise.schema_types import SchemaType, get_schema_type
from summarise.types import RunMeta, SummaryResult, Usage

if TYPE_CHECKING:
    from summarise.schemas.news import NewsSummary

__all__ = ["Summariser", "asummarise_article", "summarise_article"]


class Summariser:
    """Holds a configured backend (and its HTTP client) for summarising many articles.

    Args:
        schema: A schema type's name or object; ``"news"`` by default.
        backend: A backend name, or a backend object (anything with ``extract``).
        model: Model name for an OpenAI-compatible endpoint.
        base_url: The endpoint, e.g. ``http://127.0.0.1:8080/v1``.
        api_key: The endpoint's key.
        mode: instructor mode: "tools", "json_schema", "json" or "md_json".
        model_path: A GGUF file for the in-process ``llama-cpp`` backend.
        cache: A reply cache: a reply already in it is replayed instead of asking the
            backend again, and new replies are recorded.
        **options: Any other :class:`~summarise.config.Settings` field, such as
            ``timeout_s``, ``max_validation_retries`` or ``max_tokens_per_article``.

    Raises:
        ConfigurationError: Unknown options, an unknown backend, or a backend missing
            what it needs (the message names the argument or variable to set).
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
        **options: Any,
    ) -> None:
        self.cache = cache
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
            backend
            if backend is not None and not isinstance(backend, str)
            else create_backend(self.settings)
        )

    def __repr__(self) -> str:
        return f"Summariser(schema={self.schema_type.name!r}, backend={self.backend!r})"

    def close(self) -> None:
        """Release the backend's resources (HTTP connections). Also done by ``with``."""
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()

    async def aclose(self) -> None:
        """Release the backend's resources from async code. Also done by ``async with``."""
        aclose = getattr(self.backend, "aclose", None)
        if aclose is not None:
            await aclose()
        else:
            self.close()

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
        article, request = self._prepare(text, id)
        started = time.perf_counter()
        replayed = self._replay(article)
        if replayed is not None:
            return self._result(article, replayed, time.perf_counter() - started, None, True)
        with self._reask_scope(article) as session:
            extraction = self.backend.extract(request)
        self._record(article, extraction, session)
        return self._result(article, extraction, time.perf_counter() - started, session)

    async def asummarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        """The async twin of :meth:`summarise`. Backends without ``aextract`` run in a
        worker thread, so the event loop is never blocked."""
        article, request = self._prepare(text, id)
        started = time.perf_counter()
        replayed = self._replay(article)
        if replayed is not None:
            return self._result(article, replayed, time.perf_counter() - started, None, True)
        with self._reask_scope(article) as session:
            aextract = getattr(self.backend, "aextract", None)
            if aextract is not None:
                extraction = await aextract(request)
            else:  # to_thread copies the context, so the re-ask session goes along
                extraction = await asyncio.to_thread(self.backend.extract, request)
        self._record(article, extraction, session)
        return self._result(article, extraction, time.perf_counter() - started, session)

    def _cache_key(self, article: Article) -> str:
        settings = self.settings
        mode = getattr(self.backend, "mode", None)
        return cache_key(
            {
                "backend": self.backend.name,
                "base_url": settings.base_url,
                "model": settings.model or settings.model_path,
                "mode": getattr(mode, "value", mode) or settings.mode,
                "template": self.schema_type.template.sha256,
                "schema": self.schema_type.schema_sha256,
                "article": article.sha256,
                "params": {
                    "temperature": settings.temperature,
                    "max_output_tokens": settings.max_output_tokens,
                    "max_validation_retries": settings.max_validation_retries,
                    "reask_grounding": self._reasks(),
                    "hints": self.settings.hints,
                },
            }
        )

    def _caches(self) -> bool:
        # A backend whose replies depend on code rather than on anything in the key
        # (the offline pipeline) opts out: replaying it would hide every change to it.
        return self.cache is not None and bool(getattr(self.backend, "cacheable", True))

    def _replay(self, article: Article) -> Extraction[BaseModel] | None:
        if self.cache is None or not self._caches():
            return None
        stored = self.cache.get(self._cache_key(article))
        if stored is None:
            return None
        try:
            return Extraction(
                value=self.schema_type.model.model_validate(stored["value"]),
                usage=Usage.model_validate(stored["usage"]),
                attempts=int(stored["attempts"]),
                model=stored.get("model"),
                mode=stored.get("mode"),
                raw_output=stored.get("raw_output"),
            )
        except (KeyError, TypeError, ValueError):
            return None  # an entry from an older schema: ask again, and overwrite it

    def _record(
        self, article: Article, extraction: Extraction[BaseModel], session: ReaskSession | None
    ) -> None:
        if self.cache is None or not self._caches():
            return
        self.cache.put(
            self._cache_key(article),
            {
                "value": extraction.value.model_dump(mode="json"),
                "usage": extraction.usage.model_dump(),
                "attempts": extraction.attempts,
                "model": extraction.model,
                "mode": extraction.mode,
                "raw_output": extraction.raw_output,
                "reasked": bool(session and session.reasked),
            },
        )

    def _reasks(self) -> bool:
        return (
            self.settings.grounding == "strict"
            and self.settings.max_validation_retries >= 1
            and bool(getattr(self.backend, "reasks_grounding", False))
        )

    @contextlib.contextmanager
    def _reask_scope(self, article: Article) -> Iterator[ReaskSession | None]:
        if not self._reasks():
            yield None
            return
        with reasking(article.text) as session:
            yield session

    def _prepare(
        self, text: str | bytes, id: str | None
    ) -> tuple[Article, ExtractionRequest[BaseModel]]:
        article = load_article(text, id=id, max_chars=self.settings.max_article_chars)
        messages = self.schema_type.template.render(
            article=article.text, hints=self._hints(article)
        )
        model = self.schema_type.model
        request: ExtractionRequest[BaseModel] = ExtractionRequest(
            article=article,
            messages=messages,
            response_model=reasking_model(model) if self._reasks() else model,
            schema_type=self.schema_type.name,
        )
        return article, request

    def _hints(self, article: Article) -> str | None:
        """The offline candidates for the prompt, when asked for and of use: only for
        the news type, and never for the offline backend itself."""
        if (
            not self.settings.hints
            or self.schema_type.name != "news"
            or self.backend.name == "offline"
        ):
            return None
        from summarise.hints import offline_hints

        return offline_hints(article.text)

    def _result(
        self,
        article: Article,
        extraction: Extraction[BaseModel],
        latency_s: float,
        session: ReaskSession | None,
        cached: bool = False,
    ) -> SummaryResult[Any]:
        meta = RunMeta(
            schema_type=self.schema_type.name,
            backend=self.backend.name,
            model=extraction.model,
            mode=extraction.mode,
            template_sha256=self.schema_type.template.sha256,
            schema_sha256=self.schema_type.schema_sha256,
            article_sha256=article.sha256,
            attempts=extraction.attempts,
            latency_s=round(latency_s, 6),
            cached=cached,
        )
        summary = extraction.value
        model = self.schema_type.model
        if type(summary) is not model:  # the re-asking subclass: hand back the real type
            summary = model.model_validate(summary.model_dump())
        policy: Any = self.settings.grounding
        grounded = ground(summary, article.text, policy)
        report = grounded.report
        if session is not None and session.reasked:
            report = report.model_copy(update={"reasked": True})
        return SummaryResult[Any](
            summary=grounded.summary,
            usage=extraction.usage,
            meta=meta,
            raw_output=extraction.raw_output,
            grounding=report,
            dropped=grounded.dropped,
        )


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


def _summariser(arguments: dict[str, Any]) -> Summariser:
    """A Summariser from a front door's own arguments (its ``locals()``)."""
    options = dict(arguments)
    options.pop("text")
    options.update(options.pop("options"))
    return Summariser(**options)
