"""The front door: ``summarise_article`` for one call, ``Summariser`` for many.

Every option is keyword-only. Options not given in code come from the environment
(see :mod:`summarise.config`); the backend is chosen by
:func:`summarise.backends.resolve_backend_name`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
from collections.abc import Iterator
from typing import Any, Literal, overload

from pydantic import BaseModel

from summarise.article import Article, load_article
from summarise.backends import Backend, Extraction, ExtractionRequest, create_backend
from summarise.cache import ReplyCache, cache_key
from summarise.chunking import TokenCounter, merge_summaries, split_text, token_counter
from summarise.config import Settings, resolve_settings
from summarise.errors import InputError
from summarise.grounding.reask import ReaskSession, reasking, reasking_model
from summarise.grounding.verify import ground
from summarise.schema_types import SchemaType, get_schema_type
from summarise.schemas.news import NewsSummary
from summarise.types import RunMeta, SummaryResult, Usage

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
        article = load_article(text, id=id, max_chars=self.settings.max_article_chars)
        started = time.perf_counter()
        replayed = self._replay(article)
        if replayed is not None:
            extraction, reasked = replayed
            return self._result(article, extraction, time.perf_counter() - started, reasked, True)
        with self._reask_scope(article) as session:
            requests = self._requests(article)
            extractions = [self.backend.extract(r) for r in requests]
        extraction = extractions[0] if len(extractions) == 1 else _merged(extractions)
        reasked = bool(session and session.reasked)
        self._record(article, extraction, reasked)
        return self._result(article, extraction, time.perf_counter() - started, reasked)

    async def asummarise(self, text: str | bytes, *, id: str | None = None) -> SummaryResult[Any]:
        """The async twin of :meth:`summarise`. Backends without ``aextract`` run in a
        worker thread, so the event loop is never blocked."""
        article = load_article(text, id=id, max_chars=self.settings.max_article_chars)
        started = time.perf_counter()
        replayed = self._replay(article)
        if replayed is not None:
            extraction, reasked = replayed
            return self._result(article, extraction, time.perf_counter() - started, reasked, True)
        native = getattr(self.backend, "aextract", None)

        async def extract(one: ExtractionRequest[BaseModel]) -> Extraction[BaseModel]:
            if native is not None:
                result: Extraction[BaseModel] = await native(one)
                return result
            # to_thread copies the context, so the re-ask session goes along.
            return await asyncio.to_thread(self.backend.extract, one)

        with self._reask_scope(article) as session:
            extractions = [await extract(r) for r in self._requests(article)]
        extraction = extractions[0] if len(extractions) == 1 else _merged(extractions)
        reasked = bool(session and session.reasked)
        self._record(article, extraction, reasked)
        return self._result(article, extraction, time.perf_counter() - started, reasked)

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
                    "chunk_tokens": self.settings.chunk_tokens,
                },
            }
        )

    def _caches(self) -> bool:
        # A backend whose replies depend on code rather than on anything in the key
        # (the offline pipeline) opts out: replaying it would hide every change to it.
        return self.cache is not None and bool(getattr(self.backend, "cacheable", True))

    def _replay(self, article: Article) -> tuple[Extraction[BaseModel], bool] | None:
        """A recorded reply for this article, and whether grounding re-asked for it."""
        if self.cache is None or not self._caches():
            return None
        stored = self.cache.get(self._cache_key(article))
        if stored is None:
            return None
        try:
            extraction = Extraction(
                value=self.schema_type.model.model_validate(stored["value"]),
                usage=Usage.model_validate(stored["usage"]),
                attempts=int(stored["attempts"]),
                model=stored.get("model"),
                mode=stored.get("mode"),
                raw_output=stored.get("raw_output"),
                parts=int(stored.get("parts", 1)),
            )
        except (KeyError, TypeError, ValueError):
            return None  # an entry from an older schema: ask again, and overwrite it
        return extraction, bool(stored.get("reasked", False))

    def _record(self, article: Article, extraction: Extraction[BaseModel], reasked: bool) -> None:
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
                "parts": extraction.parts,
                "reasked": reasked,
            },
        )

    def _requests(self, article: Article) -> list[ExtractionRequest[BaseModel]]:
        """One request for the article, or one per part if it is too long for a prompt.
        Prompts (and hints) are rendered only here, once per text actually sent."""
        budget = self._chunk_budget
        if budget is None or self._count(article.text) <= budget:
            return [self._request(article, article.text)]
        spans = split_text(article.text, budget, self._count)
        return [self._request(article, article.text[start:end]) for start, end in spans]

    @functools.cached_property
    def _count(self) -> TokenCounter:
        return token_counter(self.backend, self.settings.model)

    @functools.cached_property
    def _chunk_budget(self) -> int | None:
        """Tokens of article one prompt can take; constant for a summariser."""
        settings = self.settings
        if self.schema_type.name != "news" or self.backend.name == "offline":
            return None  # merging is news-aware; the offline pipeline reads any length
        if settings.chunk_tokens is not None:
            return settings.chunk_tokens
        if getattr(self.backend, "_llama", None) is None:
            return None
        count = self._count
        empty = self.schema_type.template.render(article="", hints=None)
        overhead = sum(count(m["content"]) for m in empty) + count(
            json.dumps(self.schema_type.model.model_json_schema())
        )
        budget = settings.context_tokens - settings.max_output_tokens - overhead
        if budget < 64:
            raise InputError(
                f"The model's context ({settings.context_tokens} tokens) leaves no room for "
                f"an article after the prompt ({overhead}) and the reply "
                f"({settings.max_output_tokens}). Raise context_tokens or lower "
                "max_output_tokens."
            )
        return budget

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

    def _request(self, article: Article, text: str) -> ExtractionRequest[BaseModel]:
        """A request to summarise ``text``: the article, or one part of it."""
        messages = self.schema_type.template.render(article=text, hints=self._hints(text))
        model = self.schema_type.model
        return ExtractionRequest(
            article=article,
            messages=messages,
            response_model=reasking_model(model) if self._reasks() else model,
            schema_type=self.schema_type.name,
        )

    def _hints(self, text: str) -> str | None:
        """The offline candidates for the prompt, when asked for and of use: only for
        the news type, and never for the offline backend itself."""
        if (
            not self.settings.hints
            or self.schema_type.name != "news"
            or self.backend.name == "offline"
        ):
            return None
        from summarise.hints import offline_hints

        return offline_hints(text)

    def _result(
        self,
        article: Article,
        extraction: Extraction[BaseModel],
        latency_s: float,
        reasked: bool,
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
            parts=extraction.parts,
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
        if reasked:
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


def _merged(extractions: list[Extraction[BaseModel]]) -> Extraction[BaseModel]:
    """One extraction from an article's parts: summaries merged, costs summed."""
    merged = merge_summaries(
        [NewsSummary.model_validate(e.value.model_dump()) for e in extractions]
    )
    return Extraction(
        value=merged,
        usage=sum((e.usage for e in extractions), Usage()),
        attempts=sum(e.attempts for e in extractions),
        model=extractions[0].model,
        mode=extractions[0].mode,
        raw_output=None,  # several replies; none of them is the summary's
        parts=len(extractions),
    )


def _summariser(arguments: dict[str, Any]) -> Summariser:
    """A Summariser from a front door's own arguments (its ``locals()``)."""
    options = dict(arguments)
    options.pop("text")
    options.update(options.pop("options"))
    return Summariser(**options)
