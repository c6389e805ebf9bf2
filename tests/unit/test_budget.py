"""A run's cost budget: articles start while the estimated cost stays within it, on both
sides of the line, and an article not started is reported, never lost."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from typing import Any

import pytest

from summarise import NotStartedError, Summariser, Usage
from summarise.backends import register_backend
from summarise.batch import asummarise_many
from summarise.budget import CostBudget
from summarise.cli import main
from summarise.errors import ConfigurationError
from summarise.pricing import ArticleSpend
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
PRICES = {"m": (1.0, 2.0)}  # USD per million prompt / completion tokens
USAGE = Usage(prompt_tokens=1000, completion_tokens=500, requests=1)
COST = (1000 * 1.0 + 500 * 2.0) / 1e6  # what one article costs: $0.002


def spent(cost_tokens: int = 1000) -> ArticleSpend:
    return ArticleSpend(Usage(prompt_tokens=cost_tokens), 1, failed=False, cached=False)


@pytest.mark.parametrize("usd", [0, -1, math.nan, math.inf, -math.inf, True, "1"])
def test_a_budget_must_be_a_positive_finite_number(usd: Any) -> None:
    with pytest.raises(ConfigurationError, match="budget-usd"):
        CostBudget(usd, model="m", prices=PRICES)


@pytest.mark.parametrize(("model", "prices"), [("other", PRICES), (None, PRICES), ("m", None)])
def test_a_budget_needs_a_price_for_the_model(model: str | None, prices: Any) -> None:
    with pytest.raises(ConfigurationError, match="--prices"):
        CostBudget(1.0, model=model, prices=prices)


def test_the_first_article_always_starts_and_teaches_the_estimate() -> None:
    budget = CostBudget(0.0001, model="m", prices=PRICES)  # less than one article
    reserved = budget.reserve()
    assert reserved == 0.0  # nothing to estimate from yet
    assert budget.settle(reserved, spent()) == pytest.approx(0.001)
    assert budget.estimate == pytest.approx(0.001)
    assert budget.reserve() is None  # now it would pass
    assert budget.refused == 1


@pytest.mark.parametrize(
    ("usd", "second_starts"),
    [(0.002, True), (0.0020001, True), (0.0019999, False)],
    ids=["exactly-at", "just-inside", "just-outside"],
)
def test_an_article_starts_only_while_spent_reserved_and_estimate_fit(
    usd: float, second_starts: bool
) -> None:
    budget = CostBudget(usd, model="m", prices=PRICES)
    first = budget.reserve()
    assert first is not None
    budget.settle(first, spent())  # spent $0.001, estimate $0.001
    assert (budget.reserve() is not None) == second_starts


def test_articles_in_flight_count_at_their_estimate() -> None:
    budget = CostBudget(0.003, model="m", prices=PRICES)
    first = budget.reserve()
    assert first is not None
    budget.settle(first, spent())  # spent 0.001
    assert budget.reserve() == pytest.approx(0.001)  # in flight: 0.002 committed
    assert budget.reserve() == pytest.approx(0.001)  # 0.003: exactly at the budget
    assert budget.reserve() is None


def test_replayed_replies_cost_nothing_and_lower_the_estimate() -> None:
    budget = CostBudget(0.002, model="m", prices=PRICES)
    for article in (spent(), ArticleSpend(Usage(), 1, failed=False, cached=True)):
        reserved = budget.reserve()
        assert reserved is not None
        budget.settle(reserved, article)
    assert budget.spent == pytest.approx(0.001)
    assert budget.estimate == pytest.approx(0.0005)


def test_until_one_finishes_only_one_article_is_in_flight() -> None:
    async def scenario() -> list[str]:
        budget = CostBudget(1.0, model="m", prices=PRICES)
        events: list[str] = []

        async def article(name: str) -> None:
            reserved = await budget.admit()
            assert reserved is not None
            events.append(f"start {name}")
            await asyncio.sleep(0.01)
            events.append(f"end {name}")
            await budget.asettle(reserved, spent())

        # Bounded: a budget that never wakes its waiters fails here instead of hanging.
        await asyncio.wait_for(asyncio.gather(article("a"), article("b"), article("c")), 5)
        return events

    events = asyncio.run(scenario())
    assert events[:2] == ["start a", "end a"]  # b and c waited for a's cost
    assert sorted(events[2:4]) == ["start b", "start c"]  # then they ran together


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_batch_starts_as_many_articles_as_the_budget_holds(concurrency: int) -> None:
    articles = [(f"a{i}", EXAMPLE) for i in range(6)]
    fake = FakeBackend(default=TRUE_SUMMARY, usage=USAGE)

    async def run() -> list[Any]:
        async with Summariser(backend=fake, model="m") as summariser:
            budget = CostBudget(3 * COST, model="m", prices=PRICES)
            many = asummarise_many(summariser, articles, concurrency=concurrency, budget=budget)
            return await asyncio.wait_for(many, 10)

    items = asyncio.run(run())
    assert [item.id for item in items] == [f"a{i}" for i in range(6)]  # none lost
    assert sum(item.ok for item in items) == 3
    refused = [item for item in items if not item.ok]
    assert all(isinstance(item.error, NotStartedError) for item in refused)
    assert len(fake.calls) == 3  # nothing was sent for the articles not started
    assert "--budget-usd" in str(refused[0].error)


@pytest.fixture
def priced_backend() -> None:
    register_backend(
        "fake-budget", lambda _s: FakeBackend(default=TRUE_SUMMARY, usage=USAGE), replace=True
    )


def test_the_batch_command_stops_at_the_budget_and_a_rerun_goes_on(
    tmp_path: Path, priced_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"m": [1.0, 2.0]}))
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": EXAMPLE}) + "\n" for i in range(5))
    )
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "--out", str(out), "--backend", "fake-budget", "--model", "m",
            "--prices", str(prices), "--concurrency", "2"]  # fmt: skip
    assert main([*args, "--budget-usd", str(2 * COST)]) == 1
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 5  # every article has its line
    assert sum("summary" in line for line in lines) == 2
    assert {line["error"]["type"] for line in lines if "error" in line} == {"NotStartedError"}
    assert "budget reached: 3 not started" in capsys.readouterr().err
    assert main(["runs", "--json"]) == 0
    (run,) = json.loads(capsys.readouterr().out)
    assert (run["outcome"], run["articles"], run["prompt_tokens"]) == ("budget", 5, 2000)
    # A rerun with room for the rest starts exactly those.
    assert main([*args, "--budget-usd", "1"]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 5
    assert all("summary" in line for line in lines)
    assert "3 retried after failing before" in capsys.readouterr().err


def test_a_budget_without_prices_is_refused_before_any_work(
    tmp_path: Path, priced_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": EXAMPLE}) + "\n")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "--out", str(out), "--backend", "fake-budget", "--model", "m"]
    assert main([*args, "--budget-usd", "1"]) == 2
    assert "--prices" in capsys.readouterr().err
    assert not out.exists()


def test_an_eval_over_budget_scores_the_fixtures_it_did_not_run_as_failures(
    tmp_path: Path, priced_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"
    chosen = tmp_path / "fixtures"
    chosen.mkdir()
    for stem in ("wikinews-japan-enters-recession", "wikinews-airbus-announces-job-cuts-of-10-000",
                 "example-putin-hamas-moscow"):  # fmt: skip
        for suffix in (".yaml", ".txt"):
            (chosen / f"{stem}{suffix}").write_bytes((fixtures / f"{stem}{suffix}").read_bytes())
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"m": [1.0, 2.0]}))
    args = ["eval", "--fixtures", str(chosen), "--backend", "fake-budget", "--model", "m",
            "--prices", str(prices), "--out", str(tmp_path / "run"),
            "--budget-usd", str(COST)]  # fmt: skip
    assert main(args) == 0
    assert "budget reached: 2 fixtures not run" in capsys.readouterr().err
    report = json.loads((tmp_path / "run" / "scores.json").read_text())
    errors = [run["error"] for run in report["runs"]]
    assert errors[0] is None
    assert all(error.startswith("NotStartedError") for error in errors[1:])


# --- the budget's own bookkeeping, to the cent ---------------------------------------------


@pytest.mark.parametrize(
    ("usd", "message"),
    [
        (math.nan, "--budget-usd nan is not a number of dollars."),
        (True, "--budget-usd True is not a number of dollars."),
        ("1", "--budget-usd '1' is not a number of dollars."),
        (0, "--budget-usd 0 must be above 0."),
        (-0.5, "--budget-usd -0.5 must be above 0."),
    ],
    ids=["nan", "bool", "text", "zero", "negative"],
)
def test_a_refused_budget_says_what_was_given(usd: Any, message: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        CostBudget(usd, model="m", prices=PRICES)
    assert str(caught.value) == message


def test_a_budget_without_a_price_says_how_to_give_one() -> None:
    with pytest.raises(ConfigurationError) as caught:
        CostBudget(1.0, model="other", prices=PRICES)
    assert str(caught.value) == (
        "--budget-usd needs a price for the model 'other': pass --prices FILE with "
        '{"MODEL": [usd_per_M_prompt, usd_per_M_completion]} and --model.'
    )


@pytest.mark.parametrize("usd", [1e-9, 1, 0.5, 1000.0], ids=["tiny", "one", "half", "big"])
def test_any_positive_budget_is_taken_and_starts_empty(usd: float) -> None:
    budget = CostBudget(usd, model="m", prices=PRICES)
    assert (budget.usd, budget.model, budget.prices) == (usd, "m", PRICES)
    assert (budget.spent, budget.finished, budget.refused, budget.estimate) == (0, 0, 0, 0)
    assert budget.would_pass() is False  # the first article may always start


def test_spent_finished_and_estimate_add_up_over_many_articles() -> None:
    budget = CostBudget(1.0, model="m", prices=PRICES)
    costs = []
    for tokens in (1000, 3000, 2000):
        reserved = budget.reserve()
        assert reserved is not None
        costs.append(budget.settle(reserved, spent(tokens)))
    assert costs == [pytest.approx(0.001), pytest.approx(0.003), pytest.approx(0.002)]
    assert budget.finished == 3
    assert budget.spent == pytest.approx(0.006)
    assert budget.estimate == pytest.approx(0.002)


def test_a_settled_article_frees_its_reservation() -> None:
    budget = CostBudget(0.003, model="m", prices=PRICES)
    first = budget.reserve()
    assert first is not None
    budget.settle(first, spent())  # spent 0.001
    second = budget.reserve()
    assert second == pytest.approx(0.001)
    budget.settle(second, spent())  # spent 0.002, nothing reserved any more
    assert budget.reserve() is not None  # 0.002 + 0.001: exactly at the budget
    assert budget.reserve() is None  # 0.002 + 0.001 in flight + 0.001: past it


def test_each_refusal_is_counted_and_explained() -> None:
    budget = CostBudget(0.0015, model="m", prices=PRICES)
    first = budget.reserve()
    assert first is not None
    budget.settle(first, spent())
    assert [budget.reserve() for _ in range(3)] == [None, None, None]
    assert budget.refused == 3
    assert budget.refusal() == (
        "not started: the run's budget of $0.0015 would be passed (spent $0.0010, about "
        "$0.0010 an article); rerun with a higher --budget-usd to summarise it."
    )


def test_concurrent_admission_neither_hangs_nor_overspends() -> None:
    async def scenario() -> tuple[list[float | None], CostBudget]:
        budget = CostBudget(0.0025, model="m", prices=PRICES)

        async def article() -> float | None:
            reserved = await budget.admit()
            if reserved is not None:
                await asyncio.sleep(0.001)
                await budget.asettle(reserved, spent())
            return reserved

        admitted = await asyncio.wait_for(asyncio.gather(*(article() for _ in range(4))), 5)
        return admitted, budget

    admitted, budget = asyncio.run(scenario())
    # a alone (no estimate yet), then b and c at $0.001 each: 0.001 + 0.002 > 0.0025
    # refuses c, so b only; d is refused too.
    assert sum(r is not None for r in admitted) == 2
    assert admitted[0] == 0.0
    assert (budget.finished, budget.refused) == (2, 2)
    assert budget.spent == pytest.approx(0.002)


def test_asettle_returns_the_cost_and_wakes_every_waiter() -> None:
    async def scenario() -> list[str]:
        budget = CostBudget(1.0, model="m", prices=PRICES)
        events: list[str] = []
        first = await budget.admit()
        assert first == 0.0

        async def waiter(name: str) -> None:
            reserved = await budget.admit()  # waits: the first is in flight, unsettled
            assert reserved == pytest.approx(0.001)
            events.append(name)

        waiters = [asyncio.create_task(waiter(n)) for n in ("b", "c", "d")]
        await asyncio.sleep(0.01)
        assert events == []
        assert await budget.asettle(first, spent()) == pytest.approx(0.001)
        await asyncio.wait_for(asyncio.gather(*waiters), 5)
        return events

    assert sorted(asyncio.run(scenario())) == ["b", "c", "d"]
