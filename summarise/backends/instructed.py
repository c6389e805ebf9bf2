"""What every instructor-driven backend shares: the call, the meter, the error mapping.

A backend supplies a ``create`` function with the OpenAI chat-completions signature (an
HTTP client's, wrapped in transport retries, or llama-cpp-python's in-process one);
instructor adds the response model, validation and re-asks on top. Usage is metered on
every reply through instructor's hooks, so failures report what they cost.
"""

from __future__ import annotations

import functools
import json
import logging
import unicodedata
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

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
from summarise.backends.redaction import redact
from summarise.backends.schema_walks import remember_walks
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
    "MalformedReply",
    "Meter",
    "aextract_with",
    "checked_reply",
    "extract_with",
    "is_transient",
    "unreadable_is_malformed",
]

T = TypeVar("T", bound=BaseModel)

_RETRYABLE_STATUS = {408, 409, 429}
_MAX_MESSAGE_CHARS = 300

# instructor logs every failed attempt at ERROR; with no logging configured, Python's
# last-resort handler would print those to a CLI user's terminal. We report failures
# ourselves, as typed errors; callers who configure logging still receive instructor's.
logging.getLogger("instructor").addHandler(logging.NullHandler())
remember_walks()


def extract_with(
    create: Callable[..., Any],
    mode: instructor.Mode,
    request: ExtractionRequest[T],
    settings: Settings,
    meter: Meter,
) -> Extraction[T]:
    """Ask for ``request.response_model`` through ``create``, with instructor's re-asks;
    each reply is capped at ``settings.reply_cap`` tokens."""
    patched = instructor.patch(create=create, mode=mode)
    try:
        value = patched(**_call_args(request, settings, meter))
    except Exception as e:
        raise failure(e, meter, settings.api_key) from e
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
        raise failure(e, meter, settings.api_key) from e
    return meter.extraction(value, settings.model or settings.model_path, mode.value)


class MalformedReply(Exception):
    """The server answered 200 with something that is not a chat completion (not JSON,
    no choices): a server fault, retried as transport."""


@contextmanager
def unreadable_is_malformed() -> Iterator[None]:
    """Around the openai client's call: what it raises for a 200 whose body is not JSON
    (``JSONDecodeError``, ``UnicodeDecodeError``) is raised as :class:`MalformedReply`, a
    server fault, so it is retried, never re-asked (instructor would take a
    ``JSONDecodeError`` for a bad reply from the model)."""
    try:
        yield
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise MalformedReply("a 200 reply with a body that is not JSON") from e


def checked_reply(
    response: Any, meter: Meter, *, max_tokens: int | None, context_tokens: int | None = None
) -> Any:
    """A reply fit to hand to instructor: a chat completion, truncation made explicit.

    A reply is cut off, and reported as truncated rather than parsed as if whole, when
    the server says so (finish_reason "length"), when it used every token it was allowed
    (``max_tokens``), or when prompt and reply fill the model's context
    (``context_tokens``, where known). Some servers, llama.cpp's among them, say
    "tool_calls" or "stop" for a forced tool call that ran out of room mid-JSON, and
    llama-cpp-python silently lowers ``max_tokens`` to what the context has left, so
    the counts are checked whatever the server says. Why it was cut goes on ``meter``,
    so the error can name the setting that fixes it.

    Raises:
        MalformedReply: Not a chat completion.
    """
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        what = "a body that is not JSON" if isinstance(response, str) else "no choices"
        raise MalformedReply(f"a 200 reply with {what}")
    if getattr(choices[0], "message", None) is None:
        raise MalformedReply("a 200 reply whose choice has no message")
    usage = getattr(response, "usage", None)
    prompt = getattr(usage, "prompt_tokens", None)
    used = getattr(usage, "completion_tokens", None)
    meter.cut = _cut(choices[0].finish_reason, prompt, used, max_tokens, context_tokens)
    if meter.cut is not None:
        choices[0].finish_reason = "length"
    return response


def _cut(
    reason: str | None,
    prompt: int | None,
    used: int | None,
    max_tokens: int | None,
    context: int | None,
) -> str | None:
    """Why a reply was cut off and what to do, or None when it was not."""
    if context and prompt is not None and used is not None and prompt + used >= context:
        return (
            f"The model's reply was cut off because its context filled up ({prompt} prompt "
            f"+ {used} reply tokens of {context}), before max_output_tokens; it was not "
            "parsed. Raise context_tokens (--context-tokens, SUMMARISE_CONTEXT_TOKENS), or "
            "summarise a shorter text."
        )
    if max_tokens and used is not None and used >= max_tokens:
        return (
            f"The model's reply was cut off at max_output_tokens ({max_tokens} tokens); it "
            "was not parsed. Raise max_output_tokens (--max-output-tokens, "
            "SUMMARISE_MAX_OUTPUT_TOKENS)."
        )
    if reason == "length":
        after = f" after {used} tokens" if used is not None else ""
        return (
            f"The endpoint cut the model's reply off (finish_reason 'length'){after}, "
            f"before max_output_tokens ({max_tokens}); it was not parsed. The model's "
            "context is full, or the server caps replies lower: raise the server's "
            "context size or reply limit, use a model with a larger context, or summarise "
            "a shorter text."
        )
    return None


# Enough for every schema type a process uses at once; a bound, because a type loaded
# from a folder again is a new class.
_PREPARED_MODELS = 64


@functools.lru_cache(maxsize=_PREPARED_MODELS)
def instructor_model(model: type[T]) -> type[T]:
    """``model`` as instructor sends it, made once per model class.

    Given a plain model, instructor wraps it in a new subclass on every call, so its own
    per-class cache of the tool schema never hits: the JSON schema is rebuilt for every
    request (a third of the library's work per article). Handing it the same wrapped
    class each time lets that cache work.
    """
    return cast(type[T], instructor.openai_schema(model))


def _call_args(request: ExtractionRequest[T], settings: Settings, meter: Meter) -> dict[str, Any]:
    hooks = Hooks()
    hooks.on("completion:response", meter.on_response)
    args: dict[str, Any] = {
        "response_model": instructor_model(request.response_model),
        "messages": request.messages,
        "model": settings.model or "local",
        "max_retries": settings.max_validation_retries,
        "max_tokens": settings.reply_cap,
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
    cut: str | None = None  # why the last reply was cut off, if it was

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
    if isinstance(error, openai.APIConnectionError | MalformedReply):  # incl. APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in _RETRYABLE_STATUS or error.status_code >= 500
    return False


def failure(error: Exception, meter: Meter, secret: str | None = None) -> SummariseError:
    """Translate what instructor or openai raised into this library's error tree.

    ``secret`` (the API key) is removed from anything the server said that is quoted."""
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
            meter.cut or "The model's reply was cut off, so it was not parsed.",
            last_output=meter.last_output,
            **costs,
        )
    cause = error.__cause__ if isinstance(error, InstructorRetryException) else error
    if isinstance(cause, SummariseError):
        return cause  # raised by the backend's own create (an over-long prompt)
    if isinstance(cause, openai.APIError | MalformedReply):
        return _endpoint_failure(cause, meter, secret)
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


def _endpoint_failure(
    error: openai.APIError | MalformedReply, meter: Meter, secret: str | None
) -> SummariseError:
    # Every request sent was an attempt at a reply, answered or not: five requests lost
    # to transport faults are five attempts, not none.
    attempts = max(meter.attempts, meter.requests)
    costs: dict[str, Any] = {"attempts": attempts, "usage": meter.usage}
    what = _describe(error, secret)
    if is_transient(error):
        return TransportError(
            f"The endpoint failed {meter.requests} request(s) in a row; last: {what}. "
            "Check that the server is up and answering, or raise max_transport_retries "
            "or timeout_s (--timeout, SUMMARISE_TIMEOUT).",
            **costs,
        )
    status = getattr(error, "status_code", None)
    hint = {
        400: "fix what the server names: often the model name, the mode (try mode='tools'),"
        " or a prompt plus max_output_tokens beyond the model's context",
        401: "check the API key (SUMMARISE_API_KEY or OPENAI_API_KEY)",
        403: "the key is not allowed to use this model",
        404: "check model= and base_url= (SUMMARISE_MODEL, SUMMARISE_BASE_URL)",
        413: "the request is too large for the server: summarise a shorter text",
        422: "fix what the server names: often the model name or the mode (try mode='tools')",
    }.get(status or 0, "fix what the server names")
    return BackendError(f"The endpoint refused the request: {what}; {hint}.", **costs)


def _describe(error: openai.APIError | MalformedReply, secret: str | None) -> str:
    """The error's kind and status, and what the server said, made safe to show."""
    if isinstance(error, MalformedReply):
        return f"MalformedReply ({error})"
    if isinstance(error, openai.APITimeoutError):
        return "APITimeoutError (no whole reply within timeout_s)"
    status = getattr(error, "status_code", None)
    kind = f"{type(error).__name__} {status}" if status else type(error).__name__
    said = _server_message(getattr(error, "body", None), secret)
    return f'{kind}, the server said: "{said}"' if said else kind


def _server_message(body: Any, secret: str | None) -> str:
    """The message in an error body, without credentials or control characters, and
    short: it is shown in a terminal and written to batch files."""
    if isinstance(body, dict):
        body = body.get("message", body)
    text = body if isinstance(body, str) else "" if body is None else json.dumps(body)
    # Control and format characters (escape sequences, bidi overrides) become spaces.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    # Cut first (a redaction costs time in the text's length), generously: what is cut
    # below is cut again after redaction.
    text = " ".join(text[: _MAX_MESSAGE_CHARS * 8].split())
    text = redact(text, secret)
    if len(text) > _MAX_MESSAGE_CHARS:
        text = text[: _MAX_MESSAGE_CHARS - 1] + "…"
    return text
