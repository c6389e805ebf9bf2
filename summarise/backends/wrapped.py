"""A backend around another backend, declaring what the inner one declares.

The reply cache and the grounding re-ask are wrappers of this kind, so they work around
any backend, and the summariser stacks them without knowing which backend is inside.
"""

from __future__ import annotations

from summarise.backends.base import Backend, BaseBackend

__all__ = ["WrappedBackend"]


class WrappedBackend(BaseBackend):
    """Passes every declaration, ``count_tokens``, ``close`` and ``aclose`` through to
    ``inner``; subclasses override ``extract`` and ``aextract``."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.name = inner.name
        self.mode = inner.mode
        self.cacheable = inner.cacheable
        self.reasks_grounding = inner.reasks_grounding
        self.reads_prompt = inner.reads_prompt
        self.context_tokens = inner.context_tokens
        self.cpu_bound = inner.cpu_bound

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.inner!r})"

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()
