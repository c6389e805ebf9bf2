"""An ``earnings`` schema type: what a company reported for a period, and how it compared.

A worked example of adding a schema type without touching summarise itself, through the
public extension points only: the model below, ``prompt.j2`` beside it, and ``PARTS``:
a grounding rule for metrics and an eval matcher for them. Everything else (merging the
parts of a long article, scoring ``company``, ``period`` and ``beat_expectations``,
the terminal rendering) is the generic default. Load it with
``summarise.schema_types.load_schema_type("examples/earnings")``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarise import Evidence
from summarise.grounding import RuleContext, value_written_in
from summarise.schema_types import (
    FieldMatcher,
    MatchContext,
    SchemaParts,
    lexical,
    values_agree,
)


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


def metric_rule(metric: Metric, context: RuleContext) -> list[str]:
    """A metric's value must be a number written in its evidence: a model that turns
    "$7.1 billion" into 7.1e6 (or invents a figure) is caught here."""
    spans = context.evidence_text(metric.evidence)
    if spans and not any(value_written_in(metric.value, span) for span in spans):
        return [f"no number in its evidence agrees with the value {metric.value:g}"]
    return []


def metric_similarity(predicted: Any, gold: Any, context: MatchContext) -> float:
    """The same metric: the value must agree (and, strictly, the unit); then what it
    measures decides between metrics of one value."""
    if not values_agree(predicted.value, gold.value):
        return 0.0
    unit = lexical(predicted.unit.casefold(), gold.unit.casefold())
    if context.mode == "strict" and unit < 0.6:
        return 0.0
    name = max(lexical(predicted.name, n) for n in [gold.name, *context.alternatives(gold)])
    return 0.5 + 0.2 * unit + 0.3 * name


PARTS = SchemaParts(
    rules={Metric: metric_rule},
    matchers={"metrics": FieldMatcher(metric_similarity, threshold=0.7)},
)
