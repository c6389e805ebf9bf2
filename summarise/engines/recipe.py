"""What a worker needs to build its own ``Summariser``, and nothing secret.

An engine that runs articles in other processes (worker processes, Ray actors) sends
each one a :class:`SummariserRecipe` once, when the worker starts; the worker builds one
``Summariser`` from it and keeps it for every article it is given. The recipe holds the
schema type's name, the backend's name and every setting except the API key: a worker reads
the key from its own environment (``SUMMARISE_API_KEY`` or ``OPENAI_API_KEY``), so the
key is never pickled into a task's arguments, a log or an output.
"""

from __future__ import annotations

import importlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from summarise.api import Summariser
from summarise.backends import backend_names
from summarise.cache import ReplyCache
from summarise.config import resolve_settings
from summarise.errors import ConfigurationError

__all__ = ["SummariserRecipe"]


@dataclass(frozen=True)
class SummariserRecipe:
    """A picklable recipe for the ``Summariser`` a worker builds.

    Attributes:
        schema: The schema type's name.
        imports: Modules the worker imports before finding the type by name: for a type
            registered from user code, the module of its model, which registers it when
            imported (a built-in type needs none).
        settings: Every setting but ``api_key``; ``backend`` is the backend's registered
            name.
        cache: The reply cache's file, or None.
    """

    schema: str
    imports: tuple[str, ...]
    settings: dict[str, Any]
    cache: Path | None = None

    @classmethod
    def of(cls, summariser: Summariser) -> SummariserRecipe:
        """The recipe for a summariser like ``summariser``, built in another process.

        Raises:
            ConfigurationError: The API key was passed in code rather than set in the
                environment (a worker reads it from its own environment, never from what
                it is sent), or the backend is an object that is not registered by name
                (a worker builds its backend from the name).
        """
        settings = asdict(summariser.settings)
        key = settings.pop("api_key")
        if key is not None and key != resolve_settings().api_key:
            raise ConfigurationError(
                "api_key= was passed in code, but workers never receive the key in what they "
                "are sent: each reads it from its own environment. Set SUMMARISE_API_KEY (or "
                "OPENAI_API_KEY) where the workers run instead, and leave api_key= out."
            )
        backend = summariser.backend.name
        if backend not in backend_names():
            raise ConfigurationError(
                f"The backend {backend!r} is an object, not a registered backend, so a worker "
                "cannot build it. Register its factory with register_backend() in a module "
                "the workers import, and pass backend= by name."
            )
        settings["backend"] = backend
        schema_type = summariser.schema_type
        module = schema_type.model.__module__
        builtin = module.startswith("summarise.schemas.")
        cache = summariser.cache.path if summariser.cache is not None else None
        return cls(
            schema=schema_type.name,
            imports=() if builtin else (module,),
            settings=settings,
            cache=cache,
        )

    def build(self) -> Summariser:
        """The worker's ``Summariser``; the key comes from this process's environment.

        Raises:
            ConfigurationError: As ``Summariser`` does (say, no key in this environment,
                or a schema type its module does not register).
        """
        for module in self.imports:
            try:
                importlib.import_module(module)
            except ImportError as e:
                raise ConfigurationError(
                    f"The schema type {self.schema!r} comes from the module {module!r}, which "
                    f"this worker cannot import ({e}). Make it importable where the workers "
                    "run (a module that registers the type when imported), or run in one "
                    "process (--workers 1)."
                ) from e
        cache = ReplyCache(self.cache) if self.cache is not None else None
        return Summariser(schema=self.schema, cache=cache, **self.settings)
