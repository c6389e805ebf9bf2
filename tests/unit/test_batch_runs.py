"""Running a batch: how many articles are in flight, which ids are refused, what an item
keeps, how rate ceilings reach the limiter, and what the cost budget is told of each
article, failed ones included."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from summarise import (
    ConfigurationError,
    InputError,
    NotStartedError,
    RetriesExhaustedError,
    Summariser,
    Usage,
)
from summarise.batch import BatchItem, asummarise_many, summarise_many
from summarise.budget import CostBudget
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
PAGE = f"<html><body><article><p>{EXAMPLE}</p></article></body></html>"
PRICES = {"m": (1.0, 2.0)}  # USD per million prompt / completion tokens
USAGE = Usage(prompt_tokens=1000, completion_tokens=500, requests=1)
COST = (1000 * 1.0 + 500 * 2.0) / 1e6


class Counting(FakeBackend):
    """A fake whose replies take a moment, counting how many are asked at once."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.in_flight = 0
        self.most = 0

    async def aextract(self, request: Any) -> Any:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(0.005)
            return self.extract(request)
        finally:
            self.in_flight -= 1


def run(articles: list[tuple[str, str | bytes]], backend: Any, **options: Any) -> list[BatchItem]:
    async def go() -> list[BatchItem]:
        async with Summariser(backend=backend, model="m") as summariser:
            return await asummarise_many(summariser, articles, **options)

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("concurrency", "most"), [(None, 8), (1, 1), (3, 3)], ids=["default", "one", "three"]
)
def test_at_most_concurrency_articles_are_in_flight(concurrency: int | None, most: int) -> None:
    articles: list[tuple[str, str | bytes]] = [(f"a{i}", EXAMPLE) for i in range(12)]
    options = {} if concurrency is None else {"concurrency": concurrency}
    for many in ("async", "sync"):
        fake = Counting(default=TRUE_SUMMARY)
        if many == "async":
            items = run(articles, fake, **options)
        else:
            items = summarise_many(articles, backend=fake, **options)
        assert all(item.ok for item in items)
        assert fake.most == most, many


def test_repeated_ids_are_named_sorted_at_most_five_before_any_call() -> None:
    fake = FakeBackend(default=TRUE_SUMMARY)
    ids = ["c", "a", "b", "a", "c", "c"]
    with pytest.raises(InputError) as caught:
        summarise_many([(i, EXAMPLE) for i in ids], backend=fake)
    assert str(caught.value) == "Article ids must be unique; repeated: ['a', 'c']."
    many = [f"r{i}" for i in range(7)] * 2
    with pytest.raises(InputError) as caught:
        summarise_many([(i, EXAMPLE) for i in many], backend=fake)
    assert str(caught.value).endswith("repeated: ['r0', 'r1', 'r2', 'r3', 'r4'].")
    with pytest.raises(InputError) as caught:
        summarise_many([("a", EXAMPLE)], backend=fake, concurrency=0)
    assert str(caught.value) == "concurrency must be at least 1."
    assert fake.calls == []


def test_only_an_html_item_keeps_the_text_its_offsets_point_into() -> None:
    articles: list[tuple[str, str | bytes]] = [
        ("page.html", EXAMPLE),
        ("page.htm", EXAMPLE),
        ("plain.txt", EXAMPLE),
        ("bytes.html", EXAMPLE.encode()),  # not text yet: nothing of it to keep
    ]
    items = {item.id: item for item in run(articles, FakeBackend(default=TRUE_SUMMARY))}
    assert items["page.html"].text == EXAMPLE
    assert items["page.htm"].text == EXAMPLE
    assert items["plain.txt"].text is None
    assert items["bytes.html"].text is None
    assert all(item.ok for item in items.values())


@pytest.mark.parametrize(
    "ceiling",
    [{"requests_per_minute": 0}, {"tokens_per_minute": 0}, {"requests_per_minute": 1,
     "tokens_per_minute": 0.5}],
    ids=["rpm", "tpm", "both"],
)  # fmt: skip
def test_each_ceiling_given_to_summarise_many_reaches_the_limiter(ceiling: Any) -> None:
    fake = FakeBackend(default=TRUE_SUMMARY)
    with pytest.raises(ConfigurationError, match="a rate ceiling must be"):
        summarise_many([("a", EXAMPLE)], backend=fake, **ceiling)
    assert fake.calls == []


def test_summarise_many_paces_articles_by_the_tokens_they_spent() -> None:
    # 6,000 tokens a minute and 6,029 spent by the first article: the second waits until
    # 30 tokens are back, 0.3 s. Without a ceiling there is no wait.
    fake = FakeBackend(default=TRUE_SUMMARY, usage=Usage(prompt_tokens=6029, requests=1))
    articles: list[tuple[str, str | bytes]] = [("a", EXAMPLE), ("b", EXAMPLE)]
    started = time.monotonic()
    items = summarise_many(articles, backend=fake, concurrency=1, tokens_per_minute=6000)
    assert time.monotonic() - started >= 0.3
    assert [item.ok for item in items] == [True, True]
    started = time.monotonic()
    summarise_many(articles, backend=fake, concurrency=1, requests_per_minute=6000)
    assert time.monotonic() - started < 0.3


# --- the cost budget -----------------------------------------------------------------------


def test_the_budget_is_told_what_each_article_cost_failures_included() -> None:
    failure = RetriesExhaustedError("bad reply", attempts=3, usage=USAGE)
    fake = FakeBackend([TRUE_SUMMARY, failure, TRUE_SUMMARY], usage=USAGE)
    budget = CostBudget(1.0, model="m", prices=PRICES)
    done: list[str] = []
    items = run(
        [("a", EXAMPLE), ("b", EXAMPLE), ("c", EXAMPLE)],
        fake,
        concurrency=1,
        budget=budget,
        on_done=lambda item: done.append(item.id),
    )
    assert [item.ok for item in items] == [True, False, True]
    assert isinstance(items[1].error, RetriesExhaustedError)
    assert budget.finished == 3
    assert budget.spent == pytest.approx(3 * COST)  # the failure's tokens too
    assert budget.refused == 0
    assert done == ["a", "b", "c"]


def test_an_article_the_budget_refuses_is_reported_done_and_never_sent() -> None:
    fake = FakeBackend(default=TRUE_SUMMARY, usage=USAGE)
    budget = CostBudget(COST, model="m", prices=PRICES)  # room for one article
    done: list[BatchItem] = []
    items = run(
        [("a", EXAMPLE), ("b", EXAMPLE), ("c", EXAMPLE)],
        fake,
        concurrency=1,
        budget=budget,
        on_done=done.append,
    )
    assert [item.id for item in done] == ["a", "b", "c"]  # the refused are written too
    assert [item.ok for item in items] == [True, False, False]
    for item in items[1:]:
        assert isinstance(item.error, NotStartedError)
        assert str(item.error) == budget.refusal()
        assert item.result is None
    assert len(fake.calls) == 1
    assert (budget.finished, budget.refused) == (1, 2)
    assert budget.spent == pytest.approx(COST)


def test_without_a_budget_every_article_is_started() -> None:
    fake = FakeBackend(default=TRUE_SUMMARY, usage=USAGE)
    items = run([(f"a{i}", EXAMPLE) for i in range(4)], fake, concurrency=2)
    assert all(item.ok for item in items)
    assert len(fake.calls) == 4
