"""Strict grounding's one re-ask, around any backend that validates with re-asks.

The inner backend is asked for a subclass of the summary model whose validator runs the
grounding checks (:mod:`summarise.grounding.reask`); the first failure goes back to the
model through the backend's own re-ask, once per request. The reply is handed back as
the schema type's real model, with ``reasked`` saying whether the re-ask was used, and
with the validator's checked copy of it (``checked``), so it is never checked twice.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from pydantic import BaseModel

from summarise.backends.base import Backend, Extraction, ExtractionRequest
from summarise.backends.wrapped import WrappedBackend
from summarise.grounding.reask import ReaskSession, reasking, reasking_model
from summarise.grounding.verify import CheckedSummary, Rules
from summarise.types import rebased

__all__ = ["ReaskingBackend"]

T = TypeVar("T", bound=BaseModel)


class ReaskingBackend(WrappedBackend):
    """Arms the grounding re-ask for each request sent to ``inner``.

    Args:
        inner: A backend that declares ``reasks_grounding``.
        rules: The schema type's grounding rules.
    """

    def __init__(self, inner: Backend, rules: Rules) -> None:
        super().__init__(inner)
        self.rules = rules

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        with reasking(request.article.text, self.rules) as session:
            extraction = self.inner.extract(_armed(request))
        return _disarmed(extraction, request, session)

    async def aextract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        with reasking(request.article.text, self.rules) as session:
            extraction = await self.inner.aextract(_armed(request))
        return _disarmed(extraction, request, session)


def _armed(request: ExtractionRequest[T]) -> ExtractionRequest[T]:
    model = reasking_model(request.response_model)
    return ExtractionRequest(request.article, request.messages, model, request.schema_type)


def _disarmed(
    extraction: Extraction[Any], request: ExtractionRequest[T], session: ReaskSession
) -> Extraction[T]:
    value = rebased(extraction.value, request.response_model)
    checked = session.checked_for(extraction.value)
    if checked is not None:  # the same reply, checked once: carried as the real model
        checked = CheckedSummary(rebased(checked.summary, request.response_model), checked.results)
    return cast(
        Extraction[T],
        Extraction(
            value=value,
            usage=extraction.usage,
            attempts=extraction.attempts,
            model=extraction.model,
            mode=extraction.mode,
            raw_output=extraction.raw_output,
            reasked=session.reasked,
            cached=extraction.cached,
            checked=checked,
        ),
    )
