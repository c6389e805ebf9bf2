"""Backends: the seam between the library and whatever produces a summary.

The contract is written in :mod:`summarise.backends.base`: a backend declares what it
can do (instructor mode, cacheable, re-asks for grounding, reads the prompt, context
size, token counting) on :class:`BaseBackend`, and does its work in ``extract`` (and
``aextract``). Backends are found by name through :func:`register_backend`; the
built-ins register themselves exactly as a plugin would.
"""

from summarise.article import Article
from summarise.backends.base import Backend, BaseBackend, Extraction, ExtractionRequest
from summarise.backends.registry import (
    BackendFactory,
    backend_names,
    checked_backend,
    create_backend,
    register_backend,
    resolve_backend_name,
)
from summarise.config import Settings

__all__ = [
    "Article",
    "Backend",
    "BackendFactory",
    "BaseBackend",
    "Extraction",
    "ExtractionRequest",
    "Settings",
    "backend_names",
    "checked_backend",
    "create_backend",
    "register_backend",
    "resolve_backend_name",
]
