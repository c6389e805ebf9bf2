"""The value types every layer shares: evidence, usage, run metadata and the result.

This module imports nothing else from the package at import time, so schemas, backends
and the evaluation harness can all depend on it; ``SummaryResult.to_html`` imports the
view when called.
"""

from __future__ import annotations

import hashlib
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from pydantic.json_schema import SkipJsonSchema

__all__ = [
    "AlignmentStatus",
    "DroppedItem",
    "Evidence",
    "GroundingPolicy",
    "GroundingReport",
    "ItemFailure",
    "RunMeta",
    "SummaryResult",
    "Usage",
    "as_model",
    "rebased",
]

AlignmentStatus = Literal["exact", "normalised", "fuzzy", "unaligned"]
GroundingPolicy = Literal["strict", "flag", "off"]


class Evidence(BaseModel):
    """A span of the article that supports an item of the summary."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(
        min_length=1,
        description=(
            "A short span copied character for character from the article that supports "
            "this item. Never paraphrase; never join text from different sentences."
        ),
    )
    # Filled by the library, never by the model: SkipJsonSchema keeps these fields out of
    # the schema the model is shown, so the model is only ever asked for the quote.
    start: SkipJsonSchema[int | None] = Field(
        default=None, description="Offset of the first character of the span in the article."
    )
    end: SkipJsonSchema[int | None] = Field(
        default=None, description="Offset just past the span, so text[start:end] is the span."
    )
    status: SkipJsonSchema[AlignmentStatus | None] = Field(
        default=None, description="How the quote was found in the article; None if unchecked."
    )
    score: SkipJsonSchema[float | None] = Field(
        default=None, description="Match score, 0-100 (100 for exact and normalised)."
    )


class Usage(BaseModel):
    """Tokens spent, summed over every attempt, failed ones included."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = Field(default=0, description="HTTP requests or model runs made.")

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            requests=self.requests + other.requests,
        )


class RunMeta(BaseModel):
    """How a summary was made: enough to reproduce it or to tell two runs apart."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_type: str
    backend: str
    model: str | None
    mode: str | None
    template_sha256: str
    schema_sha256: str
    article_sha256: str
    attempts: int
    parts: int = Field(default=1, description="Parts the article was split into.")
    latency_s: float
    cached: bool = Field(default=False, description="Replayed from a reply cache.")


class ItemFailure(BaseModel):
    """An item of a summary that failed a grounding check, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(description='Where the item was, e.g. "claims[2]".')
    label: str = Field(description="A short reminder of the item: a name, a figure.")
    reasons: list[str]


class DroppedItem(ItemFailure):
    """An item strict grounding removed, with its content as the model gave it."""

    item: dict[str, object]


class GroundingReport(BaseModel):
    """What the grounding checks found."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy: GroundingPolicy
    evidence: dict[str, int] = Field(
        default_factory=dict, description="Evidence spans by alignment status."
    )
    items_checked: int = 0
    items_failed: int = 0
    items_dropped: int = 0
    reasked: bool = Field(
        default=False, description="Whether failures were sent back to the model once."
    )
    failures: list[ItemFailure] = Field(
        default_factory=list,
        description=(
            "Items that failed and were kept: every one under 'flag'; under 'strict', "
            "only a failing model in a field that cannot be left empty."
        ),
    )


T = TypeVar("T", bound=BaseModel)


class SummaryResult(BaseModel, Generic[T]):
    """A summary together with what it cost and how it was made."""

    model_config = ConfigDict(extra="forbid")

    summary: T
    usage: Usage
    meta: RunMeta
    raw_output: str | None = Field(
        default=None, description="The model's last raw reply, where the backend has one."
    )
    grounding: GroundingReport = Field(default_factory=lambda: GroundingReport(policy="off"))
    dropped: list[DroppedItem] = Field(
        default_factory=list, description="Items strict grounding removed, with reasons."
    )
    # The article the result was made from, kept (never serialised) so that to_html
    # needs no argument in the process that summarised it.
    _article: str | None = PrivateAttr(default=None)

    def to_html(self, text: str | None = None, *, title: str | None = None) -> str:
        """This result as a self-contained HTML page: the article with every evidence
        span highlighted, coloured by kind of item, and the summary beside it as cards.

        Args:
            text: The article as summarised. Not needed for a result made in this
                process; needed for one read back from JSON (a batch's output).
            title: The page's heading; the article's first line when None.

        Returns:
            The page, one HTML document with no external resources.

        Raises:
            InputError: No text was given for a result read back from JSON, or the text
                is not the one summarised (its SHA-256 differs from
                ``meta.article_sha256``), so the spans would mark the wrong words.
        """
        from summarise.errors import InputError
        from summarise.view import summary_page

        article = text if text is not None else self._article
        if article is None:
            raise InputError(
                "This result was read back without its article, so there is no text to highlight.",
                fix="Pass the article: result.to_html(text).",
            )
        if hashlib.sha256(article.encode("utf-8")).hexdigest() != self.meta.article_sha256:
            raise InputError(
                "The text is not the article this result was made from (its SHA-256 "
                "differs from meta.article_sha256), so the evidence offsets would mark "
                "the wrong words.",
                fix="Pass the exact text that was summarised (for an HTML page, the "
                "extracted text that the JSON output holds as 'text').",
            )
        return summary_page(self, article, title=title)

    def with_article(self, text: str) -> SummaryResult[T]:
        """Keep ``text`` as the article :meth:`to_html` draws on; returns ``self``."""
        self._article = text
        return self

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any], str | None]]:
        """Pickle as the fields and the kept article: a parametrised class such as
        ``SummaryResult[Any]`` has no importable name, and a result must cross to the
        process that writes it (a batch's worker processes, a Ray actor)."""
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return _unpickled_result, (fields, self._article)


def _unpickled_result(fields: dict[str, Any], article: str | None) -> SummaryResult[Any]:
    """A pickled :class:`SummaryResult` as it was (already validated when made)."""
    result = SummaryResult[Any].model_construct(**fields)
    result._article = article
    return result


M = TypeVar("M", bound=BaseModel)


def as_model(value: BaseModel, model: type[M]) -> M:
    """``value`` as an instance of ``model`` (a subclass instance as its base, a reader's
    output as the requested model), round-tripped through its field aliases so that
    models with aliases or computed fields convert too."""
    return model.model_validate(value.model_dump(by_alias=True, round_trip=True))


def rebased(value: BaseModel, model: type[M]) -> M:
    """``value``, an instance of a subclass of ``model``, as a ``model`` holding the very
    same field values (not copies, not validated again): what a reply validated as a
    subclass (strict grounding's, instructor's) is, without a second parse. Anything
    else is converted by :func:`as_model`."""
    if type(value) is model:
        return value
    if not isinstance(value, model):
        return as_model(value, model)
    fields = {name: getattr(value, name) for name in model.model_fields}
    return model.model_construct(_fields_set=set(value.model_fields_set), **fields)
