"""Backends by name: the built-in ones and any a user registers, through one hook.

Built-ins register themselves here exactly as a plugin would, with a factory that
imports its heavy dependencies only when first used, so ``import summarise`` stays fast.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from summarise.backends.base import BACKEND_MEMBERS, Backend
from summarise.config import Settings
from summarise.errors import ConfigurationError

__all__ = [
    "BackendFactory",
    "backend_names",
    "checked_backend",
    "create_backend",
    "register_backend",
    "resolve_backend_name",
]

logger = logging.getLogger("summarise")

BackendFactory = Callable[[Settings], Backend]
"""Builds a backend from resolved settings."""

_factories: dict[str, BackendFactory] = {}
_lock = threading.Lock()
_notice_shown = False


def register_backend(name: str, factory: BackendFactory, *, replace: bool = False) -> None:
    """Make a backend available as ``backend=name``.

    Args:
        name: The name users pass.
        factory: Called with the resolved settings; returns the backend.
        replace: Allow replacing an existing registration.

    Raises:
        ConfigurationError: The name is taken and ``replace`` is False.
    """
    with _lock:
        if name in _factories and not replace:
            raise ConfigurationError(
                f"Backend {name!r} is already registered; pass replace=True to replace it."
            )
        _factories[name] = factory


def backend_names() -> list[str]:
    """The registered backend names, sorted."""
    with _lock:
        return sorted(_factories)


def resolve_backend_name(settings: Settings) -> str:
    """Choose the backend: explicit first, then a configured endpoint, then offline.

    A configured endpoint means a base URL, a model name or an API key. With none of
    them the offline pipeline runs, and a one-time notice says how to use an LLM.
    """
    global _notice_shown
    if settings.backend:
        return settings.backend
    if settings.base_url or settings.model or settings.api_key:
        return "openai"
    if settings.model_path:
        return "llama-cpp"
    if not _notice_shown:
        _notice_shown = True
        logger.warning(
            "summarise: no model endpoint configured, so the offline (spaCy) backend runs. "
            # Variables, not arguments or options: the one fix true in code and on a shell.
            "For an LLM set SUMMARISE_BASE_URL and SUMMARISE_MODEL (or OPENAI_API_KEY)."
        )
    return "offline"


def create_backend(settings: Settings) -> Backend:
    """Build the backend the settings name (or resolve to).

    Raises:
        ConfigurationError: No backend has that name; the message lists the known ones.
    """
    name = resolve_backend_name(settings)
    with _lock:
        factory = _factories.get(name)
    if factory is None:
        raise ConfigurationError(
            f"Unknown backend {name!r}. Known: {backend_names()}.",
            fix="Pass backend= (or set SUMMARISE_BACKEND) to one of them, or register_backend().",
            kind="unknown_backend",
        )
    return checked_backend(factory(settings))


def checked_backend(backend: object) -> Backend:
    """``backend``, once it is known to have every member of the backend contract.

    Raises:
        ConfigurationError: Members are missing; the message names them.
    """
    missing = [member for member in BACKEND_MEMBERS if not hasattr(backend, member)]
    if missing:
        raise ConfigurationError(
            f"{type(backend).__name__} is not a backend: it lacks {missing}. Subclass "
            "summarise.backends.BaseBackend, which supplies defaults for everything but "
            "name and extract(), or write every member of summarise.backends.Backend."
        )
    return backend  # type: ignore[return-value]  # checked member by member above


def _openai(settings: Settings) -> Backend:
    from summarise.backends.openai_compat import OpenAICompatBackend

    return OpenAICompatBackend(settings)


register_backend("openai", _openai)


def _offline(settings: Settings) -> Backend:
    from summarise.backends.offline import OfflineBackend

    return OfflineBackend(settings)


register_backend("offline", _offline)


def _llama_cpp(settings: Settings) -> Backend:
    from summarise.backends.llama_cpp import LlamaCppBackend

    return LlamaCppBackend(settings)


register_backend("llama-cpp", _llama_cpp)
