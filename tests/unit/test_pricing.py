"""What tokens cost: a price table read as the user wrote it or refused with the shape it
needs, and an article's spend priced to the micro-dollar, prompt and completion apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarise import ConfigurationError, InputError, RetriesExhaustedError, Summariser, Usage
from summarise.pricing import ArticleSpend, cost_usd, load_prices
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

PRICES = {"m": (1.0, 2.0)}
SHAPE = "expected JSON {model: [prompt, completion]} in USD per million tokens ("


def test_a_price_table_is_read_as_floats_per_model(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text('{"gpt-4o-mini": [0.15, 0.6], "local": [0, 0], "x": ["1.5", 2, 99]}')
    prices = load_prices(path)
    assert prices == {"gpt-4o-mini": (0.15, 0.6), "local": (0.0, 0.0), "x": (1.5, 2.0)}
    assert all(isinstance(p, float) for pair in prices.values() for p in pair)
    assert load_prices(str(path)) == prices  # a path given as text, as the CLI does


@pytest.mark.parametrize(
    "content",
    ["", "{not json", "[[1, 2]]", '{"m": 1.5}', '{"m": [1.5]}', '{"m": ["cheap", 2]}',
     '{"m": [null, 2]}'],
    ids=["empty", "not-json", "a-list", "a-number", "one-price", "a-word", "a-null"],
)  # fmt: skip
def test_a_price_table_of_another_shape_is_refused_with_the_shape_it_needs(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "prices.json"
    path.write_text(content)
    with pytest.raises(ConfigurationError) as caught:
        load_prices(path)
    assert str(caught.value).startswith(f"Price table {path}: {SHAPE}")
    assert str(caught.value).endswith(").")


def test_a_missing_price_table_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(ConfigurationError) as caught:
        load_prices(path)
    assert str(caught.value).startswith(f"Price table {path}: {SHAPE}")
    assert "No such file or directory" in str(caught.value)


@pytest.mark.parametrize(
    ("model", "prices"),
    [(None, PRICES), ("other", PRICES), ("m", None), ("m", {})],
    ids=["no-model", "unpriced-model", "no-table", "empty-table"],
)
def test_without_a_price_for_the_model_there_is_no_cost_not_zero(
    model: str | None, prices: Any
) -> None:
    assert cost_usd(Usage(prompt_tokens=1000, completion_tokens=1000), model, prices) is None


def test_prompt_and_completion_tokens_are_priced_apart_per_million() -> None:
    assert cost_usd(Usage(prompt_tokens=1_000_000), "m", PRICES) == 1.0
    assert cost_usd(Usage(completion_tokens=1_000_000), "m", PRICES) == 2.0
    assert cost_usd(Usage(prompt_tokens=1000, completion_tokens=500), "m", PRICES) == 0.002
    assert cost_usd(Usage(), "m", PRICES) == 0.0
    assert cost_usd(Usage(prompt_tokens=1000), "free", {"free": (0.0, 0.0)}) == 0.0


def test_a_cost_is_rounded_to_the_micro_dollar() -> None:
    prices = {"m": (0.15, 0.6)}
    # 1,234,567 * 0.15 + 7,654,321 * 0.6 = 4,777,777.65 micro-dollars
    usage = Usage(prompt_tokens=1_234_567, completion_tokens=7_654_321)
    assert cost_usd(usage, "m", prices) == 4.777778
    assert cost_usd(Usage(prompt_tokens=3), "m", {"m": (1.0, 0.0)}) == 0.000003
    assert cost_usd(Usage(prompt_tokens=3), "m", {"m": (0.1, 0.0)}) == 0.0  # 0.3 micro-dollars
    assert cost_usd(Usage(prompt_tokens=6), "m", {"m": (0.1, 0.0)}) == 0.000001  # 0.6


def result(*, cached: bool = False) -> Any:
    usage = Usage(prompt_tokens=700, completion_tokens=300, requests=2)
    with Summariser(backend=FakeBackend([TRUE_SUMMARY], usage=usage)) as summariser:
        made = summariser.summarise(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    meta = made.meta.model_copy(update={"attempts": 2, "cached": cached})
    return made.model_copy(update={"meta": meta})


def test_a_result_spends_its_usage_and_attempts_and_a_replayed_one_nothing() -> None:
    made = ArticleSpend.of(result())
    assert made == ArticleSpend(
        Usage(prompt_tokens=700, completion_tokens=300, requests=2), 2, failed=False, cached=False
    )
    assert made.cost("m", PRICES) == pytest.approx((700 * 1.0 + 300 * 2.0) / 1e6)
    replayed = ArticleSpend.of(result(cached=True))
    assert replayed == ArticleSpend(Usage(), 0, failed=False, cached=True)
    assert replayed.cost("m", PRICES) == 0.0


def test_an_error_spends_what_its_attempts_used_or_nothing_before_any_call() -> None:
    usage = Usage(prompt_tokens=50, completion_tokens=5, requests=3)
    spent = ArticleSpend.of(RetriesExhaustedError("no", attempts=3, usage=usage))
    assert spent == ArticleSpend(usage, 3, failed=True, cached=False)
    assert spent.cost("m", PRICES) == pytest.approx((50 + 10) / 1e6)
    assert spent.cost("other", PRICES) is None
    assert ArticleSpend.of(InputError("empty")) == ArticleSpend(
        Usage(), 0, failed=True, cached=False
    )


@pytest.mark.parametrize("failed", [True, False], ids=["failed", "succeeded"])
def test_a_replayed_reply_keeps_whether_it_failed_and_that_it_was_replayed(failed: bool) -> None:
    usage = Usage(prompt_tokens=9, completion_tokens=1, requests=1)
    replayed = ArticleSpend.reported(usage, 4, failed=failed, cached=True)
    assert replayed == ArticleSpend(Usage(), 0, failed=failed, cached=True)
    assert replayed.failed is failed
    assert replayed.cached is True
    made = ArticleSpend.reported(usage, 4, failed=failed, cached=False)
    assert made == ArticleSpend(usage, 4, failed=failed, cached=False)
