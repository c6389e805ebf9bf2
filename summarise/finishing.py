"""Finishing one article: merge its parts' replies, ground the summary, assemble the result.

Grounding runs against the whole article, with the schema type's rules, so every
evidence offset points into the text the caller passed. A one-part reply that strict
grounding's re-ask has already checked (against the same whole article) is not checked
again: the policy is applied to that check.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, cast

from pydantic import BaseModel

from summarise.article import Article
from summarise.backends.base import Backend, Extraction
from summarise.config import Settings
from summarise.grounding.verify import apply_policy, ground
from summarise.schema_types import SchemaType
from summarise.types import GroundingPolicy, RunMeta, SummaryResult, Usage

__all__ = ["Finisher"]


class Finisher:
    """Makes the :class:`~summarise.types.SummaryResult` from a backend's extractions."""

    def __init__(self, schema_type: SchemaType, backend: Backend, settings: Settings) -> None:
        self.schema_type = schema_type
        self.backend = backend
        self.policy = cast(GroundingPolicy, settings.grounding)  # checked by resolve_settings

    def finish(
        self, article: Article, extractions: Sequence[Extraction[BaseModel]], started: float
    ) -> SummaryResult[Any]:
        """The result for ``article`` from one extraction per part, in article order.

        Args:
            article: The whole article.
            extractions: The replies, one per request sent.
            started: ``time.perf_counter()`` when the article was taken in.
        """
        first = extractions[0]
        if len(extractions) == 1 and first.checked is not None and self.policy != "off":
            grounded = apply_policy(first.checked, self.policy)  # the re-ask checked it
        else:
            summary = self.schema_type.merge([e.value for e in extractions])
            grounded = ground(summary, article.text, self.policy, self.schema_type.rules)
        report = grounded.report
        if any(e.reasked for e in extractions):
            report = report.model_copy(update={"reasked": True})
        meta = RunMeta(
            schema_type=self.schema_type.name,
            backend=self.backend.name,
            model=first.model,
            mode=first.mode,
            template_sha256=self.schema_type.template.sha256,
            schema_sha256=self.schema_type.schema_sha256,
            article_sha256=article.sha256,
            attempts=sum(e.attempts for e in extractions),
            parts=len(extractions),
            latency_s=round(time.perf_counter() - started, 6),
            cached=all(e.cached for e in extractions),
        )
        return SummaryResult[Any](
            summary=grounded.summary,
            usage=sum((e.usage for e in extractions), Usage()),
            meta=meta,
            # Several replies make one summary: none of them alone is its raw output.
            raw_output=first.raw_output if len(extractions) == 1 else None,
            grounding=report,
            dropped=grounded.dropped,
        ).with_article(article.text)
