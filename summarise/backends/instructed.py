"""What every instructor-driven backend shares: the call, the meter, the error mapping.

A backend supplies a ``create`` function with the OpenAI chat-completions signature (an
HTTP client's, wrapped in transport retries, or llama-cpp-python's in-process one);
instructor adds the response model, validation and re-asks on top. Usage is metered on
every reply through instructor's hooks, so failures report what they cost.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import instructor
import openai
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
    RetriesExhaustedError,
    SummariseError,
    TransportError,
    TruncatedOutputError,
)
from summarise.types import Usage

__all__ = [
    "EmptyReply",
    "Meter",
    "aextract_with",
    "checked_reply",
    "extract_with",
    "is_transient",
]

T = TypeVar("T", bound=BaseModel)

_RETRYABLE_STATUS = {408, 409, 429}

# instructor logs every failed attempt at ERROR; with no logging configured, Python's
# last-resort handler would print those to a CLI user's terminal. We report failures
# ourselves, as typed errors; callers who configure logging still receive instructor's.
logging.getLogger("instructor").addHandler(logging.NullHandler())


def extract_with(
    create: Callable[..., Any],
    mode: instructor.Mode,
    request: ExtractionRequest[T],
    settings: Settings,
    meter: Meter,
) -> Extraction[T]:
    """Ask for ``request.response_model`` through ``create``, with instructor's re-asks."""
    patched = instructor.patch(create=create, mode=mode)
    try:
        value = patched(**_call_args(request, settings, meter))
    except Exception as e:
        raise failure(e, meter) from e
    return meter.extraction(value, settings.model or settings.model_path, mode.value)


async def aextract_with(
    create: Callable[..., Awaitable[Any]],
    mode: instructor.Mode,
    request: ExtractionRequest[T],
    settings: Settings,
    meter: Meter,
) -> Extraction[T]:
    """The async twin of :func:`extract_with`."""
    patched = instructor.patch(create=create, mode=mode)
    try:
        value = await patched(**_call_args(request, settings, meter))
    except Exception as e:
        raise failure(e, meter) from e
    return meter.extraction(value, settings.model or settings.model_path, mode.value)


class EmptyReply(Exception):
    """The server answered 200 with no choices: a server fault, retried as transport."""


def checked_reply(response: Any, max_tokens: int | None) -> Any:
    """A reply fit to hand to instructor: one with choices, truncation made explicit.

    Some servers (llama.cpp's, for a forced tool call) say "tool_calls" or "stop" for a
    reply that ran out of tokens mid-JSON; instructor only recognises "length". A reply
    of exactly ``max_tokens`` tokens is treated as cut off, so it is reported as
    truncated rather than parsed as if it were whole.

    Raises:
        EmptyReply: The reply has no choices.
    """
    choices = getattr(response, "choices", None)
    if not choices:
        raise EmptyReply("the endpoint answered with an empty 'choices' list")
    used = getattr(getattr(response, "usage", None), "completion_tokens", None)
    if max_tokens and used is not None and used >= max_tokens:
        choices[0].finish_reason = "length"
    return response


def _call_args(request: ExtractionRequest[T], settings: Settings, meter: Meter) -> dict[str, Any]:
    hooks = Hooks()
    hooks.on("completion:response", meter.on_response)
    args: dict[str, Any] = {
        "response_model": request.response_model,
        "messages": request.messages,
        "model": settings.model or "local",
        "max_retries": settings.max_validation_retries,
        "max_tokens": settings.max_output_tokens,
        "temperature": settings.temperature,
        "hooks": hooks,
        # Lax parsing lets "1400" fill a float field; the schema still decides.
        "strict": False,
    }
    if settings.max_tokens_per_article is not None:
        args["token_budget"] = settings.max_tokens_per_article
    return args


@dataclass
class Meter:
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


def is_transient(error: BaseException) -> bool:
    """Whether an endpoint error is worth repeating the same request for."""
    if isinstance(error, openai.APIConnectionError | EmptyReply):  # incl. APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in _RETRYABLE_STATUS or error.status_code >= 500
    return False


def failure(error: Exception, meter: Meter) -> SummariseError:
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
    if isinstance(cause, SummariseError):
        return cause  # raised by the backend's own create (an over-long prompt)
    if isinstance(cause, openai.APIError | EmptyReply):
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
    return BackendError(f"Unexpected failure from the model: {error!r}", **costs)


def _endpoint_failure(error: openai.APIError | EmptyReply, meter: Meter) -> SummariseError:
    costs: dict[str, Any] = {"attempts": meter.attempts, "usage": meter.usage}
    if is_transient(error):
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


def _describe(error: openai.APIError | EmptyReply) -> str:
    status = getattr(error, "status_code", None)
    kind = type(error).__name__
    return f"{kind} {status}" if status else kind
