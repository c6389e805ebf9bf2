"""What tokens cost: an optional price table per model, in USD per million tokens.

A table is a JSON file mapping model names to [prompt, completion] prices::

    {"gpt-4o-mini": [0.15, 0.60], "local": [0, 0]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarise.errors import ConfigurationError, SummariseError
from summarise.types import SummaryResult, Usage

__all__ = ["ArticleSpend", "Prices", "cost_usd", "load_prices"]

Prices = Mapping[str, tuple[float, float]]
"""Per model: USD per million prompt tokens and per million completion tokens."""


def load_prices(path: str | Path) -> dict[str, tuple[float, float]]:
    """Read a price table.

    Raises:
        ConfigurationError: The file is missing or not of that shape.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return {str(model): (float(p[0]), float(p[1])) for model, p in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError) as e:
        raise ConfigurationError(
            f"Price table {path}: expected JSON {{model: [prompt, completion]}} in USD per "
            f"million tokens ({e})."
        ) from e


def cost_usd(usage: Usage, model: str | None, prices: Prices | None) -> float | None:
    """The cost of ``usage`` for ``model``, or None without a price for it."""
    if prices is None or model is None or model not in prices:
        return None
    per_prompt, per_completion = prices[model]
    return round(
        (usage.prompt_tokens * per_prompt + usage.completion_tokens * per_completion) / 1e6, 6
    )


@dataclass(frozen=True)
class ArticleSpend:
    """What one article spent in this run.

    Attributes:
        usage: The tokens spent: failed attempts included; none for a reply replayed from
            the reply cache, which cost nothing this time.
        cached: Replayed from the reply cache.
    """

    usage: Usage
    attempts: int
    failed: bool
    cached: bool

    @classmethod
    def of(cls, outcome: SummaryResult[Any] | SummariseError) -> ArticleSpend:
        """The spend of an article's result, or of the error it ended in."""
        if isinstance(outcome, SummariseError):
            usage: Usage | None = getattr(outcome, "usage", None)  # None: before any call
            attempts: int = getattr(outcome, "attempts", 0)
            return cls.reported(usage, attempts, failed=True, cached=False)
        meta = outcome.meta
        return cls.reported(outcome.usage, meta.attempts, failed=False, cached=meta.cached)

    @classmethod
    def reported(
        cls, usage: Usage | None, attempts: int, *, failed: bool, cached: bool
    ) -> ArticleSpend:
        """The spend of an article from what its run reported: the usage and attempts a
        replayed reply carries are what it took when first made, not now."""
        if cached:
            return cls(Usage(), 0, failed, cached)
        return cls(usage or Usage(), attempts, failed, cached)

    def cost(self, model: str | None, prices: Prices | None) -> float | None:
        return cost_usd(self.usage, model, prices)
