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
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlparse

import instructor
import openai
import tenacity
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetExceeded,
)
from instructor.core.hooks import Hooks
from pydantic import BaseModel

from summarise.backends.base import Extraction, ExtractionRequest
from summarise.config import Settings
from summarise.errors import (
    BackendError,
    BudgetExceededError,
    ConfigurationError,
    RetriesExhaustedError,
    SummariseError,
    TransportError,
    TruncatedOutputError,
)
from summarise.types import Usage

__all__ = ["MODES", "OpenAICompatBackend", "choose_mode"]

T = TypeVar("T", bound=BaseModel)

MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_RETRYABLE_STATUS = {408, 409, 429}

# instructor logs every failed attempt at ERROR; with no logging configured, Python's
# last-resort handler would print those to a CLI user's terminal. We report failures
# ourselves, as typed errors; callers who configure logging still receive instructor's.
logging.getLogger("instructor").addHandler(logging.NullHandler())
_MAX_RETRY_AFTER_S = 60.0


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


class OpenAICompatBackend:
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
                    "No API key for OpenAI: set OPENAI_API_KEY or SUMMARISE_API_KEY, or "
                    "pass api_key=...; for a local server pass base_url=... instead."
                )
            # Local servers ignore the key, but the openai client refuses to start without one.
            api_key = "no-key-required"
        self.settings = settings
        self.mode = choose_mode(settings)
        self._client_args: dict[str, Any] = {
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
            f"base_url={self.settings.base_url!r}, mode={self.mode.value!r})"
        )

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
            self._client = openai.OpenAI(**self._client_args)
        client = self._client
        meter = _Meter()
        retrying = tenacity.Retrying(sleep=self._sleep, **self._transport_policy(meter))

        def create(*args: Any, **kwargs: Any) -> Any:
            for attempt in retrying:
                with attempt:
                    meter.requests += 1
                    return client.chat.completions.create(*args, **kwargs)
            raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

        patched = instructor.patch(create=create, mode=self.mode)
        try:
            value = patched(**self._call_args(request, meter))
        except Exception as e:
            raise _failure(e, meter) from e
        return meter.extraction(value, self.settings.model, self.mode.value)

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """The async twin of :meth:`extract`."""
        if self._aclient is None:
            self._aclient = openai.AsyncOpenAI(**self._client_args)
        client = self._aclient
        meter = _Meter()
        retrying = tenacity.AsyncRetrying(sleep=self._async_sleep, **self._transport_policy(meter))

        async def create(*args: Any, **kwargs: Any) -> Any:
            async for attempt in retrying:
                with attempt:
                    meter.requests += 1
                    return await client.chat.completions.create(*args, **kwargs)
            raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

        patched = instructor.patch(create=create, mode=self.mode)
        try:
            value = await patched(**self._call_args(request, meter))
        except Exception as e:
            raise _failure(e, meter) from e
        return meter.extraction(value, self.settings.model, self.mode.value)

    def _transport_policy(self, meter: _Meter) -> dict[str, Any]:
        return {
            "retry": tenacity.retry_if_exception(_is_transient),
            "stop": tenacity.stop_after_attempt(self.settings.max_transport_retries + 1),
            "wait": _RetryAfterOrBackoff(tenacity.wait_random_exponential(multiplier=0.5, max=30)),
            "reraise": True,
        }

    def _call_args(self, request: ExtractionRequest[T], meter: _Meter) -> dict[str, Any]:
        hooks = Hooks()
        hooks.on("completion:response", meter.on_response)
        args: dict[str, Any] = {
            "response_model": request.response_model,
            "messages": request.messages,
            "model": self.settings.model,
            "max_retries": self.settings.max_validation_retries,
            "max_tokens": self.settings.max_output_tokens,
            "temperature": self.settings.temperature,
            "hooks": hooks,
            # Lax parsing lets "1400" fill a float field; the schema still decides.
            "strict": False,
        }
        if self.settings.max_tokens_per_article is not None:
            args["token_budget"] = self.settings.max_tokens_per_article
        return args


@dataclass
class _Meter:
    """Counts what one extraction costs, across every attempt and request."""

    requests: int = 0
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    last_output: str | None = None

    def on_response(self, response: Any) -> None:
        self.attempts += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.prompt_tokens += usage.prompt_tokens or 0
            self.completion_tokens += usage.completion_tokens or 0
        self.last_output = _raw_text(response)

    @property
    def usage(self) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            requests=self.requests,
        )

    def extraction(self, value: T, model: str | None, mode: str) -> Extraction[T]:
        return Extraction(
            value=value,
            usage=self.usage,
            attempts=self.attempts,
            model=model,
            mode=mode,
            raw_output=self.last_output,
        )


def _raw_text(response: Any) -> str | None:
    """The reply's text: the tool call's arguments, else the message content."""
    choices = getattr(response, "choices", None) or []
    if not choices:
        return None
    message = choices[0].message
    for call in getattr(message, "tool_calls", None) or []:
        return str(call.function.arguments)
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in _RETRYABLE_STATUS or error.status_code >= 500
    return False


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
            return min(asked, _MAX_RETRY_AFTER_S)
        return float(self._backoff(retry_state))


def _failure(error: Exception, meter: _Meter) -> SummariseError:
    """Translate what instructor or openai raised into this library's error tree."""
    costs: dict[str, Any] = {"attempts": meter.attempts, "usage": meter.usage}
    if isinstance(error, TokenBudgetExceeded):
        return BudgetExceededError(
            f"The token budget for this article ran out after {meter.attempts} attempt(s) "
            f"({meter.usage.total_tokens} tokens). Raise max_tokens_per_article or "
            "SUMMARISE_MAX_TOKENS_PER_ARTICLE.",
            last_output=meter.last_output,
            **costs,
        )
    if isinstance(error, IncompleteOutputException):
        return TruncatedOutputError(
            "The model's reply was cut off at its token limit (finish_reason 'length'), "
            "so it was not parsed. Raise max_output_tokens, or use a model with a larger "
            "context.",
            last_output=meter.last_output,
            **costs,
        )
    cause = error.__cause__ if isinstance(error, InstructorRetryException) else error
    if isinstance(cause, openai.APIError):
        return _endpoint_failure(cause, meter)
    if isinstance(error, InstructorRetryException):
        reasons = [str(failed.exception) for failed in error.failed_attempts or []]
        return RetriesExhaustedError(
            f"The model's reply failed validation on all {meter.attempts} attempt(s); "
            f"last error: {reasons[-1] if reasons else error}",
            last_output=meter.last_output,
            errors=reasons,
            **costs,
        )
    if isinstance(error, SummariseError):
        return error
    return BackendError(f"Unexpected failure from the endpoint: {error!r}", **costs)


def _endpoint_failure(error: openai.APIError, meter: _Meter) -> SummariseError:
    costs: dict[str, Any] = {"attempts": meter.attempts, "usage": meter.usage}
    if _is_transient(error):
        return TransportError(
            f"The endpoint failed {meter.requests} request(s) in a row; last: "
            f"{_describe(error)}. Check that the server is up, or raise "
            "max_transport_retries / timeout_s.",
            **costs,
        )
    status = getattr(error, "status_code", None)
    hint = {
        401: "check the API key (SUMMARISE_API_KEY or OPENAI_API_KEY)",
        403: "the key is not allowed to use this model",
        404: "check model= and base_url= (SUMMARISE_MODEL, SUMMARISE_BASE_URL)",
    }.get(status or 0, "the request was refused; see the message")
    return BackendError(f"The endpoint refused the request: {_describe(error)}; {hint}.", **costs)


def _describe(error: openai.APIError) -> str:
    status = getattr(error, "status_code", None)
    kind = type(error).__name__
    return f"{kind} {status}" if status else kind
