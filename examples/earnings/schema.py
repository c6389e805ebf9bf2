"""An ``earnings`` schema type: what a company reported for a period, and how it compared.

A worked example of adding a schema type without touching summarise itself: this file,
``prompt.j2`` beside it, and ``load_schema_type("examples/earnings")``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from summarise import Evidence


class Metric(BaseModel):
    """One reported financial or sales figure."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="What is measured: revenue, net profit, units sold...")
    text: str = Field(description="The figure as written, e.g. '$7.1 billion'.")
    value: float = Field(description="The number itself, in the unit given, e.g. 7.1e9.")
    unit: str = Field(description="USD, percent, units, USD per share...")
    period: str | None = Field(default=None, description="The period it covers, or null.")
    evidence: list[Evidence] = Field(
        min_length=1, description="Spans copied verbatim from the article."
    )


class EarningsSummary(BaseModel):
    """A company's reported results, from one news article about them."""

    model_config = ConfigDict(extra="forbid")

    company: str = Field(description="The reporting company's name as the article gives it.")
    period: str | None = Field(description="The reporting period, e.g. 'quarter ended ...'.")
    metrics: list[Metric] = Field(description="Every reported figure, one per metric.")
    beat_expectations: bool | None = Field(
        description="True if the article says results beat expectations, False if they "
        "missed, null if it does not say."
    )


SUMMARY_MODEL = EarningsSummary
