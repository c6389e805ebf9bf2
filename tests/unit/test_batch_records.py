"""What a batch writes for each article, and how its rate limits pace requests.

The output line is the contract with whoever reads the JSONL: its keys, its types, and
what an error line carries. The limiter is driven by a fake clock, so every wait is
checked to the second, on both sides of its ceiling.
"""

from __future__ import annotations

import asyncio
import json
import math
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, Field

from summarise import (
    ConfigurationError,
    InputError,
    RetriesExhaustedError,
    Summariser,
    TransportError,
)
from summarise.batch import BatchItem, RateLimiter
from summarise.schema_types import register_schema_type
from summarise.testing import FakeBackend
from summarise.types import Usage
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
TEMPLATE = "{% block system %}s{% endblock %}{% block user %}{{ article }}{% endblock %}"


def result() -> Any:
    with Summariser(backend=FakeBackend([TRUE_SUMMARY])) as summariser:
        return summariser.summarise(TEXT)


def test_a_result_line_is_the_result_as_json_without_the_raw_output() -> None:
    record = BatchItem("a.txt", result=result(), text=TEXT).to_json()
    assert list(record)[:1] == ["id"]
    assert record["id"] == "a.txt"
    assert set(record) == {"id", "summary", "usage", "meta", "grounding", "dropped"}
    json.dumps(record)  # JSON types only: what json.dumps writes is what was meant
    assert record["summary"]["actors"][0]["name"] == TRUE_SUMMARY["actors"][0]["name"]
    assert "text" not in record  # offsets point into the input itself


def test_an_html_input_line_keeps_the_text_its_offsets_point_into() -> None:
    record = BatchItem("page.html", result=result(), text=TEXT).to_json()
    assert record["text"] == TEXT


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            RetriesExhaustedError("invalid", attempts=3, usage=Usage(prompt_tokens=9, requests=3)),
            {"type": "RetriesExhaustedError", "message": "invalid", "attempts": 3,
             "usage": {"prompt_tokens": 9, "completion_tokens": 0, "requests": 3}},
        ),
        (
            TransportError("down"),
            {"type": "TransportError", "message": "down", "attempts": 0, "usage": None},
        ),
        (  # refused before any call: no attempts, no usage
            InputError("The article is empty."),
            {"type": "InputError", "message": "The article is empty.", "attempts": 0,
             "usage": None},
        ),
    ],
)  # fmt: skip
def test_an_error_line_says_what_failed_and_what_it_cost(
    error: Exception, expected: dict[str, Any]
) -> None:
    record = BatchItem("a.txt", error=error).to_json()  # type: ignore[arg-type]
    assert record == {"id": "a.txt", "error": expected}
    assert not BatchItem("a.txt", error=error).ok  # type: ignore[arg-type]


class Clock:
    """A clock that only moves when the limiter sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def paced(limiter: RateLimiter, clock: Clock, requests: int, tokens_each: int = 0) -> list[float]:
    """The times at which ``requests`` requests were let through."""
    times = []

    async def run() -> None:
        for _ in range(requests):
            await limiter.acquire()
            times.append(clock.now)
            limiter.charge(tokens_each)

    original = asyncio.sleep
    asyncio.sleep = clock.sleep  # type: ignore[assignment]
    try:
        asyncio.run(run())
    finally:
        asyncio.sleep = original
    return times


def test_no_limits_means_no_waiting() -> None:
    clock = Clock()
    assert paced(RateLimiter(clock=clock), clock, 5) == [0.0] * 5
    assert clock.slept == []


def test_requests_per_minute_lets_a_full_bucket_through_then_one_a_second() -> None:
    clock = Clock()
    times = paced(RateLimiter(requests_per_minute=3, clock=clock), clock, 5)
    assert times[:3] == [0.0, 0.0, 0.0]  # the first minute's three at once
    assert times[3] == pytest.approx(20.0)  # then one every 60/3 seconds
    assert times[4] == pytest.approx(40.0)


def test_tokens_per_minute_holds_on_average_once_spent_tokens_are_charged() -> None:
    # Tokens are charged after each request with what it used, so a request goes as soon
    # as the bucket is positive again; in the steady state 600 tokens take a minute.
    clock = Clock()
    times = paced(RateLimiter(tokens_per_minute=600, clock=clock), clock, 4, tokens_each=600)
    assert times[0] == 0.0
    assert times[1] == pytest.approx(0.1)  # the bucket had 600: one token's wait
    assert times[2] - times[1] == pytest.approx(60.0)
    assert times[3] - times[2] == pytest.approx(60.0)


def test_a_bucket_never_fills_beyond_its_ceiling() -> None:
    clock = Clock()
    limiter = RateLimiter(requests_per_minute=2, clock=clock)
    clock.now = 3600.0  # an idle hour
    times = paced(limiter, clock, 3)
    assert times[:2] == [3600.0, 3600.0]
    assert times[2] == pytest.approx(3630.0)  # not an hour's worth of requests banked


@pytest.mark.parametrize(
    ("keyword", "option"),
    [("requests_per_minute", "--rpm"), ("tokens_per_minute", "--tpm")],
    ids=["rpm", "tpm"],
)
@pytest.mark.parametrize(
    "value", [0, 0.999, -1, math.nan, math.inf, True, "60"], ids=lambda v: f"v{v}"
)
def test_a_ceiling_below_one_a_minute_or_not_a_number_is_refused_naming_its_option(
    keyword: str, option: str, value: Any
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        RateLimiter(**{keyword: value})
    assert str(caught.value) == (
        f"{keyword}={value!r} is not allowed ({option}): a rate ceiling must be a finite "
        "number, at least 1 a minute. Fix it, or leave it out for no ceiling."
    )


@pytest.mark.parametrize("value", [1, 1.0, 1.001, 60, 1e9], ids=lambda v: f"v{v}")
def test_a_ceiling_of_one_a_minute_or_more_is_taken(value: float) -> None:
    clock = Clock()
    for limiter in (
        RateLimiter(requests_per_minute=value, clock=clock),
        RateLimiter(tokens_per_minute=value, clock=clock),
        RateLimiter(requests_per_minute=value, tokens_per_minute=value, clock=clock),
    ):
        assert paced(limiter, clock, 1) == [0.0]  # a full bucket: the first goes at once


def test_a_partly_refilled_request_bucket_waits_only_for_what_it_lacks() -> None:
    clock = Clock()
    limiter = RateLimiter(requests_per_minute=3, clock=clock)
    assert paced(limiter, clock, 3) == [0.0, 0.0, 0.0]
    clock.now = 10.0  # half a request refilled (one every 20 s)
    assert paced(limiter, clock, 1) == [pytest.approx(20.0)]
    assert clock.slept == [pytest.approx(10.0)]


def test_a_token_bucket_that_is_still_positive_adds_no_wait_to_a_request_wait() -> None:
    # Two requests a minute and one token a minute: the second request spends the only
    # token. At 15 s half a request and a quarter token are back; the request waits 15 s
    # more, and the token bucket, above 0, adds nothing to that wait.
    clock = Clock()
    limiter = RateLimiter(requests_per_minute=2, tokens_per_minute=1, clock=clock)
    assert paced(limiter, clock, 1, tokens_each=0) == [0.0]
    assert paced(limiter, clock, 1, tokens_each=1) == [0.0]
    clock.now = 15.0
    assert paced(limiter, clock, 1) == [pytest.approx(30.0)]
    assert clock.slept == [pytest.approx(15.0)]


def test_tokens_are_charged_only_against_a_token_ceiling() -> None:
    clock = Clock()
    limiter = RateLimiter(requests_per_minute=60, clock=clock)
    # Without a token ceiling, however many tokens are spent, a full request bucket
    # lets the next request through at once.
    assert paced(limiter, clock, 3, tokens_each=10**9) == [0.0, 0.0, 0.0]
    assert clock.slept == []


class Dated(BaseModel):
    when: date = Field(description="When it happened.")
    what: str = Field(description="What happened.")


def test_a_result_line_of_a_schema_type_with_dates_is_plain_json() -> None:
    # A user's schema type may hold values JSON has no type for: the line holds them as
    # JSON would (a date as ISO text), so the JSONL writer can always write it.
    register_schema_type("dated_test", model=Dated, template=TEMPLATE, replace=True)
    reply = {"when": "2024-03-01", "what": "Talks in Moscow."}
    with Summariser(backend=FakeBackend([reply]), schema="dated_test") as summariser:
        outcome = summariser.summarise(TEXT)
    record = BatchItem("a.txt", result=outcome).to_json()
    assert record["summary"] == reply
    assert json.loads(json.dumps(record))["summary"]["when"] == "2024-03-01"
