"""One frozen settings object, and the one function that reads the environment.

Precedence for every setting: the argument given in code, then ``SUMMARISE_*``, then the
matching ``OPENAI_*`` variable where one exists, then the default. The environment is read
in :func:`resolve_settings` and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from summarise.article import MAX_ARTICLE_CHARS
from summarise.errors import ConfigurationError

__all__ = ["Settings", "resolve_settings"]

_ENV: dict[str, tuple[str, ...]] = {
    "backend": ("SUMMARISE_BACKEND",),
    "base_url": ("SUMMARISE_BASE_URL", "OPENAI_BASE_URL"),
    "model": ("SUMMARISE_MODEL", "OPENAI_MODEL"),
    "api_key": ("SUMMARISE_API_KEY", "OPENAI_API_KEY"),
    "mode": ("SUMMARISE_MODE",),
    "model_path": ("SUMMARISE_MODEL_PATH",),
    "timeout_s": ("SUMMARISE_TIMEOUT",),
    "max_tokens_per_article": ("SUMMARISE_MAX_TOKENS_PER_ARTICLE",),
    "grounding": ("SUMMARISE_GROUNDING",),
    "context_tokens": ("SUMMARISE_CONTEXT_TOKENS",),
    "hints": ("SUMMARISE_HINTS",),
    "chunk_tokens": ("SUMMARISE_CHUNK_TOKENS",),
}
_POLICIES = ("strict", "flag", "off")


@dataclass(frozen=True)
class Settings:
    """Everything a backend needs to know, resolved once.

    Attributes:
        backend: Backend name ("openai", "offline", "llama-cpp" or a registered one);
            None lets :func:`summarise.backends.resolve_backend_name` choose.
        base_url: An OpenAI-compatible endpoint, e.g. ``http://127.0.0.1:8080/v1``.
        model: The model name to send to the endpoint.
        api_key: The endpoint's key; never shown in a repr or an error.
        mode: instructor mode ("tools", "json_schema", "json", "md_json"); None chooses
            by endpoint.
        model_path: A GGUF file for the in-process llama-cpp backend.
        timeout_s: Seconds to wait for one HTTP response.
        max_validation_retries: Re-asks after the first attempt when the reply fails
            validation.
        max_transport_retries: Retries after the first attempt on 429, 5xx, timeouts and
            dropped connections.
        max_tokens_per_article: Cap on prompt plus completion tokens over every attempt
            for one article; None for no cap.
        max_output_tokens: Cap on one reply's completion tokens.
        temperature: Sampling temperature sent to the model.
        max_article_chars: Longer input is refused before any model call.
        context_tokens: Context window for in-process models (llama-cpp).
        hints: Put the schema type's hints (for news, the offline pipeline's candidates)
            into prompts, for backends that read prompts.
        chunk_tokens: Split articles longer than this many tokens into parts. None:
            derived from the backend's declared context size (local models); no
            splitting for remote endpoints, whose contexts are large.
        part_concurrency: How many parts of one long article ``asummarise`` sends at
            once (``summarise`` sends them one after another).
        grounding: "strict" drops items the article does not support (after sending
            them back to the model once per request, where the backend re-asks), "flag"
            keeps and reports them, "off" checks nothing.
    """

    backend: str | None = None
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str | None = None
    model_path: str | None = None
    timeout_s: float = 120.0
    max_validation_retries: int = 2
    max_transport_retries: int = 4
    max_tokens_per_article: int | None = 100_000
    max_output_tokens: int = 4096
    temperature: float = 0.0
    max_article_chars: int = MAX_ARTICLE_CHARS
    grounding: str = "strict"
    context_tokens: int = 4096
    hints: bool = False
    chunk_tokens: int | None = None
    part_concurrency: int = 4

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the given non-None values replaced."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def resolve_settings(env: Mapping[str, str] | None = None, **given: Any) -> Settings:
    """Build :class:`Settings` from arguments, falling back to the environment.

    Args:
        env: The environment to read; ``os.environ`` when None.
        **given: Settings passed in code. A None value means "not given".

    Returns:
        The resolved, validated settings.

    Raises:
        ConfigurationError: A name is not a setting, or a value cannot be parsed; the
            message names the argument or variable at fault.
    """
    environ = os.environ if env is None else env
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ConfigurationError(f"Unknown setting(s) {unknown}; known: {sorted(known)}.")

    values: dict[str, Any] = {}
    for name, value in given.items():
        if value is not None:
            values[name] = value
    for name, variables in _ENV.items():
        if name in values:
            continue
        for variable in variables:
            raw = environ.get(variable, "").strip()
            if raw:
                values[name] = _parse(name, raw, variable)
                break
    settings = Settings(**values)
    _validate(settings)
    return settings


def _parse(name: str, raw: str, variable: str) -> Any:
    if name == "hints":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigurationError(f"{variable}={raw!r} is not on or off; fix or unset {variable}.")
    kind = {
        "timeout_s": float,
        "max_tokens_per_article": int,
        "context_tokens": int,
        "chunk_tokens": int,
    }.get(name, str)
    try:
        return kind(raw)
    except ValueError:
        raise ConfigurationError(
            f"{variable}={raw!r} is not a valid {kind.__name__}; fix or unset {variable}."
        ) from None


def _validate(settings: Settings) -> None:
    if settings.timeout_s <= 0:
        raise ConfigurationError("timeout_s must be positive (argument or SUMMARISE_TIMEOUT).")
    for name in ("max_validation_retries", "max_transport_retries"):
        if getattr(settings, name) < 0:
            raise ConfigurationError(f"{name} must be 0 or more.")
    budget = settings.max_tokens_per_article
    if budget is not None and budget <= 0:
        raise ConfigurationError(
            "max_tokens_per_article must be positive "
            "(argument or SUMMARISE_MAX_TOKENS_PER_ARTICLE)."
        )
    if settings.max_article_chars <= 0:
        raise ConfigurationError("max_article_chars must be positive.")
    if settings.context_tokens < 256:
        raise ConfigurationError(
            "context_tokens must be at least 256 (argument or SUMMARISE_CONTEXT_TOKENS)."
        )
    if settings.chunk_tokens is not None and settings.chunk_tokens < 64:
        raise ConfigurationError(
            "chunk_tokens must be at least 64 (argument or SUMMARISE_CHUNK_TOKENS)."
        )
    if settings.grounding not in _POLICIES:
        raise ConfigurationError(
            f"grounding={settings.grounding!r} is not one of {list(_POLICIES)} "
            "(argument or SUMMARISE_GROUNDING)."
        )
