"""Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp's server) via instructor.

Two kinds of retry, kept apart and both bounded:

* **Transport** retries repeat the *same* HTTP request after a timeout, a dropped
  connection, 408/409/429 or 5xx, with exponential backoff and full jitter, honouring
  ``Retry-After``. They wrap each request, underneath instructor, and the openai client's
  own retries are switched off so nothing retries twice.
* **Validation** re-asks (instructor) send the model its own reply and the validation
  errors, at most ``max_validation_retries`` times and within ``max_tokens_per_article``.

Usage is metered on every reply, so a failure reports what it cost as well as a success.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlparse

import instructor
import openai
import tenacity
from pydantic import BaseModel

from summarise.backends import deadline
from summarise.backends.base import BaseBackend, Extraction, ExtractionRequest
from summarise.backends.instructed import (
    Meter,
    aextract_with,
    checked_reply,
    extract_with,
    is_transient,
    unreadable_is_malformed,
)
from summarise.chunking import estimate_tokens
from summarise.config import MAX_WAIT_S, Settings
from summarise.errors import ConfigurationError

__all__ = ["MODES", "OpenAICompatBackend", "choose_mode"]

T = TypeVar("T", bound=BaseModel)

MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


def choose_mode(settings: Settings) -> instructor.Mode:
    """The instructor mode for an endpoint: the setting if given, else by endpoint.

    OpenAI itself supports ``json_schema`` structured outputs. Other servers vary, and
    some (llama.cpp's) reject ``response_format: json_schema``, so they get ``tools``,
    which every OpenAI-compatible server with function calling accepts.

    Raises:
        ConfigurationError: An unknown mode name.
    """
    if settings.mode:
        try:
            return MODES[settings.mode.lower()]
        except KeyError:
            raise ConfigurationError(
                f"Unknown mode {settings.mode!r}; pass mode= (or set SUMMARISE_MODE) "
                f"to one of {sorted(MODES)}."
            ) from None
    host = urlparse(settings.base_url).hostname if settings.base_url else "api.openai.com"
    return instructor.Mode.JSON_SCHEMA if host == "api.openai.com" else instructor.Mode.TOOLS


class OpenAICompatBackend(BaseBackend):
    """Summaries from an OpenAI-compatible chat-completions endpoint.

    Args:
        settings: Resolved settings; ``model`` is required, and ``api_key`` unless
            ``base_url`` points at a server that needs none.
        sleep: Waits between transport retries (tests pass a recorder).
        async_sleep: The async twin of ``sleep``.

    Raises:
        ConfigurationError: No model, or no key for OpenAI itself.
    """

    name = "openai"
    reasks_grounding = True  # grounding failures can go back to the model as a re-ask

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not settings.model:
            raise ConfigurationError(
                "No model name for the OpenAI-compatible backend: pass model=... "
                "(--model) or set SUMMARISE_MODEL."
            )
        api_key = settings.api_key
        if api_key is None:
            if settings.base_url is None:
                raise ConfigurationError(
                    "No API key for OpenAI.",
                    fix="Set OPENAI_API_KEY or SUMMARISE_API_KEY, or pass api_key=...; for "
                    "a local server pass base_url=... instead.",
                    kind="no_api_key",
                )
            # Local servers ignore the key, but the openai client refuses to start without one.
            api_key = "no-key-required"
        self.settings = settings
        self._mode = choose_mode(settings)
        self.mode = self._mode.value
        self._client_args: dict[str, Any] = {  # with http_client= from .deadline, below
            "api_key": api_key,
            "base_url": settings.base_url,
            "timeout": settings.timeout_s,
            "max_retries": 0,  # transport retries are ours, below
        }
        self._sleep = sleep
        self._async_sleep = async_sleep
        self._client: openai.OpenAI | None = None
        self._aclient: openai.AsyncOpenAI | None = None

    def __repr__(self) -> str:
        return (
            f"OpenAICompatBackend(model={self.settings.model!r}, "
            f"base_url={self.settings.base_url!r}, mode={self.mode!r})"
        )

    def count_tokens(self, text: str) -> int:
        """tiktoken's count for the model when tiktoken knows it and has its encoding;
        else the estimate (tiktoken downloads encodings on first use, so offline it may
        have none)."""
        encoding = _encoding(self.settings.model)
        return len(encoding.encode(text)) if encoding is not None else estimate_tokens(text)

    def close(self) -> None:
        """Close the sync HTTP client, if one was opened."""
        if self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        """Close both HTTP clients, if opened."""
        self.close()
        if self._aclient is not None:
            await self._aclient.close()
            self._aclient = None

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Ask the model for ``request.response_model``; see the module docstring."""
        if self._client is None:
            http = deadline.sync_client(self.settings.timeout_s)
            self._client = openai.OpenAI(**self._client_args, http_client=http)
        client = self._client
        meter = Meter()
        retrying = tenacity.Retrying(sleep=self._sleep, **self._transport_policy(meter))

        def create(*args: Any, **kwargs: Any) -> Any:
            for attempt in retrying:
                with attempt:
                    meter.requests += 1
                    with unreadable_is_malformed():
                        response = client.chat.completions.create(*args, **kwargs)
                    return checked_reply(response, meter, max_tokens=kwargs.get("max_tokens"))
            raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

        return extract_with(create, self._mode, request, self.settings, meter)

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """The async twin of :meth:`extract`."""
        if self._aclient is None:
            http = deadline.async_client(self.settings.timeout_s)
            self._aclient = openai.AsyncOpenAI(**self._client_args, http_client=http)
        client = self._aclient
        meter = Meter()
        retrying = tenacity.AsyncRetrying(sleep=self._async_sleep, **self._transport_policy(meter))

        async def create(*args: Any, **kwargs: Any) -> Any:
            async for attempt in retrying:
                with attempt:
                    meter.requests += 1
                    with unreadable_is_malformed():
                        response = await client.chat.completions.create(*args, **kwargs)
                    return checked_reply(response, meter, max_tokens=kwargs.get("max_tokens"))
            raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

        return await aextract_with(create, self._mode, request, self.settings, meter)

    def _transport_policy(self, meter: Meter) -> dict[str, Any]:
        return {
            "retry": tenacity.retry_if_exception(is_transient),
            "stop": tenacity.stop_after_attempt(self.settings.max_transport_retries + 1),
            "wait": _RetryAfterOrBackoff(tenacity.wait_random_exponential(multiplier=0.5, max=30)),
            "reraise": True,
        }


@functools.cache
def _encoding(model: str | None) -> Any:
    if not model:
        return None
    try:
        import tiktoken

        return tiktoken.encoding_for_model(model)
    except Exception:  # not installed, unknown model, or its encoding not downloadable
        return None


def _retry_after_s(error: BaseException | None) -> float | None:
    """Seconds the server asked us to wait, from Retry-After(-ms), if it said."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        if when is None:
            return None
        return max(0.0, when.timestamp() - time.time())


class _RetryAfterOrBackoff(tenacity.wait.wait_base):
    """Wait as long as the server asked (capped), else fall back to jittered backoff."""

    def __init__(self, backoff: tenacity.wait.wait_base) -> None:
        self._backoff = backoff

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        asked = None
        if outcome is not None:
            try:
                asked = _retry_after_s(outcome.exception())
            except (TypeError, ValueError, OverflowError):
                asked = None
        if asked is not None:
            return min(asked, MAX_WAIT_S)
        return float(self._backoff(retry_state))
