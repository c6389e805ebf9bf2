"""One frozen settings object, and the one function that reads the environment.

Precedence for every setting: the argument given in code, then ``SUMMARISE_*``, then the
matching ``OPENAI_*`` variable where one exists, then the default. The environment is read
in :func:`resolve_settings` and nowhere else.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from summarise.article import MAX_ARTICLE_CHARS
from summarise.errors import ConfigurationError

__all__ = [
    "DEFAULT_OUTPUT_TOKENS",
    "MAX_WAIT_S",
    "MIN_OUTPUT_TOKENS",
    "Settings",
    "is_finite_number",
    "resolve_settings",
    "wall_time_bound_s",
]

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
    "max_output_tokens": ("SUMMARISE_MAX_OUTPUT_TOKENS",),
    "hints": ("SUMMARISE_HINTS",),
    "chunk_tokens": ("SUMMARISE_CHUNK_TOKENS",),
    "max_article_chars": ("SUMMARISE_MAX_ARTICLE_CHARS",),
}
_POLICIES = ("strict", "flag", "off")

DEFAULT_OUTPUT_TOKENS = 4096
"""The reply cap when ``max_output_tokens`` is not given (an in-process model lowers it
to what its context leaves after the prompt)."""

MIN_OUTPUT_TOKENS = 16
"""The lowest ``max_output_tokens`` allowed."""

MAX_WAIT_S = 60.0
"""The longest wait between two transport retries: a ``Retry-After`` is obeyed up to this
(backoff without one is capped lower, at 30 s)."""


@dataclass(frozen=True)
class _Range:
    """What a numeric setting may be: a finite ``kind`` from ``low`` to ``high``.

    The upper ends are far beyond any sensible value; they exist so that every setting
    that multiplies into a run's wall time (see :func:`wall_time_bound_s`) is finite.
    """

    kind: type[int] | type[float]
    low: float
    high: float
    above_low: bool = False  # ``low`` itself is refused (a timeout of 0 s means nothing)
    optional: bool = False  # None is allowed and means what the Settings docstring says
    option: str | None = None  # the command-line option, where there is one

    def admits(self, value: Any) -> bool:
        if not is_finite_number(value) or (self.kind is int and not isinstance(value, int)):
            return False
        above: bool = value > self.low if self.above_low else value >= self.low
        return above and value <= self.high

    def describe(self) -> str:
        what = "a whole number" if self.kind is int else "a number"
        low = f"above {_shown(self.low)}" if self.above_low else f"from {_shown(self.low)}"
        return f"{what} {low} to {_shown(self.high)}" + (", or unset" if self.optional else "")


def is_finite_number(value: Any) -> bool:
    """Whether ``value`` is an int or float (not a bool) that is neither nan nor infinite:
    the first test of every number a user gives."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _shown(value: float) -> str:
    """A limit as a person reads it: thousands separated, never an exponent
    (1,048,576, not 1.04858e+06)."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


_NUMBERS: dict[str, _Range] = {
    "timeout_s": _Range(float, 0, 3600, above_low=True, option="--timeout"),
    "max_validation_retries": _Range(int, 0, 20),
    "max_transport_retries": _Range(int, 0, 20),
    "max_tokens_per_article": _Range(int, 1, 100_000_000, optional=True),
    "max_output_tokens": _Range(
        int, MIN_OUTPUT_TOKENS, 1_048_576, optional=True, option="--max-output-tokens"
    ),
    "temperature": _Range(float, 0, 2),
    "max_article_chars": _Range(int, 1, 100_000_000),
    "context_tokens": _Range(int, 256, 1_048_576, optional=True, option="--context-tokens"),
    "chunk_tokens": _Range(int, 64, 1_048_576, optional=True),
    "part_concurrency": _Range(int, 1, 64),
}


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
        timeout_s: Seconds one HTTP request may take, whole: connecting, sending, and
            receiving every byte of the reply. A server that answers slowly, or a byte
            at a time, is cut off at this deadline and the request retried.
        max_validation_retries: Re-asks after the first attempt when the reply fails
            validation.
        max_transport_retries: Retries after the first attempt on 429, 5xx, timeouts and
            dropped connections.
        max_tokens_per_article: Cap on prompt plus completion tokens over every attempt
            for one article; None for no cap.
        max_output_tokens: Cap on one reply's completion tokens
            (``SUMMARISE_MAX_OUTPUT_TOKENS``). None: 4,096, and for an in-process model
            never more than its context leaves after the prompt (the planner then keeps
            up to half the context for the reply, not 4,096 of it).
        temperature: Sampling temperature sent to the model.
        max_article_chars: Longer input is refused before any model call
            (``SUMMARISE_MAX_ARTICLE_CHARS``); input is never read past what this allows.
        context_tokens: Context window for in-process models (llama-cpp). None: what
            the model file says it was trained for, at most 8,192.
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

    Every number is checked when the object is made (finite, and within the range
    :data:`_NUMBERS` gives it), so a run never starts with a setting that would hang it.

    **Wall time.** Each setting that can stretch a run is bounded, so a run's wall time
    is too; :func:`wall_time_bound_s` computes it. For an HTTP endpoint, per request to
    the model (``Rt`` = ``max_transport_retries``, ``T`` = ``timeout_s``, ``W`` = 60 s,
    the longest wait between retries)::

        call    <= (Rt + 1) * T + Rt * W
        part    <= (max_validation_retries + 1) * call
        article <= parts * part         (asummarise: ceil(parts / part_concurrency) * part)

    In-process models have no timeout: each reply ends at ``max_output_tokens`` or when
    the context is full, whichever comes first.
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
    max_output_tokens: int | None = None
    temperature: float = 0.0
    max_article_chars: int = MAX_ARTICLE_CHARS
    grounding: str = "strict"
    context_tokens: int | None = None
    hints: bool = False
    chunk_tokens: int | None = None
    part_concurrency: int = 4

    def __post_init__(self) -> None:
        for name, rule in _NUMBERS.items():
            value = getattr(self, name)
            if not (value is None and rule.optional) and not rule.admits(value):
                raise ConfigurationError(_out_of_range(name, f"{name}={value!r}"))
        if self.grounding not in _POLICIES:
            raise ConfigurationError(
                f"grounding={self.grounding!r} is not one of {list(_POLICIES)}; "
                "fix the argument or SUMMARISE_GROUNDING."
            )

    @property
    def reply_cap(self) -> int:
        """The cap on one reply's tokens as sent: ``max_output_tokens``, else
        :data:`DEFAULT_OUTPUT_TOKENS`."""
        return self.max_output_tokens or DEFAULT_OUTPUT_TOKENS

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
    return Settings(**values)


def _parse(name: str, raw: str, variable: str) -> Any:
    if name == "hints":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigurationError(f"{variable}={raw!r} is not on or off; fix or unset {variable}.")
    rule = _NUMBERS.get(name)
    if rule is None:
        return raw
    try:
        value = rule.kind(raw)
    except ValueError:
        raise ConfigurationError(
            f"{variable}={raw!r} is not a valid {rule.kind.__name__}; fix or unset {variable}."
        ) from None
    if not rule.admits(value):
        raise ConfigurationError(_out_of_range(name, f"{variable}={raw!r}"))
    return value


def _out_of_range(name: str, given: str) -> str:
    """The message for a number out of its range: what was given, what is allowed, and
    every way to set it."""
    rule = _NUMBERS[name]
    ways = [f"the argument {name}="]
    if rule.option:
        ways.append(rule.option)
    ways.extend(_ENV.get(name, ()))
    return (
        f"{given} is not allowed: {name} must be {rule.describe()}. Fix or unset {', '.join(ways)}."
    )


def wall_time_bound_s(settings: Settings, *, parts: int = 1, concurrent: bool = False) -> float:
    """The longest one article can take against an HTTP endpoint, from its settings alone.

    Args:
        settings: The run's settings.
        parts: How many parts the article is split into.
        concurrent: Whether parts are sent ``part_concurrency`` at a time (``asummarise``).

    Returns:
        Seconds; see the formula in :class:`Settings`. Rate limits in a batch add their
        own queueing on top.
    """
    retries = settings.max_transport_retries
    call = (retries + 1) * settings.timeout_s + retries * MAX_WAIT_S
    part = (settings.max_validation_retries + 1) * call
    rounds = math.ceil(parts / settings.part_concurrency) if concurrent else parts
    return rounds * part
