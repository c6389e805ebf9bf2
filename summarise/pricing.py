"""What tokens cost: an optional price table per model, in USD per million tokens.

A table is a JSON file mapping model names to [prompt, completion] prices::

    {"gpt-4o-mini": [0.15, 0.60], "local": [0, 0]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from summarise.errors import ConfigurationError
from summarise.types import Usage

__all__ = ["Prices", "cost_usd", "load_prices"]

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
