"""Advice that can help, and numbers as people read them. A context with no room for an
article says how much it needs (prompt + reply + room for the article) and offers a
lower reply cap only when the lowest allowed cap would leave room; a setting's range is
printed with thousands separators, never an exponent."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarise.config import MIN_OUTPUT_TOKENS, resolve_settings
from summarise.errors import ConfigurationError, InputError
from summarise.planning import MIN_PART_TOKENS, RequestPlanner
from summarise.schema_types import get_schema_type
from summarise.testing import FakeBackend


def planner(context: int, max_output: int | None) -> RequestPlanner:
    backend = FakeBackend()
    backend.context_tokens = context
    settings = resolve_settings(max_output_tokens=max_output)
    return RequestPlanner(get_schema_type("news"), backend, settings)


def prompt_tokens() -> int:
    return 100_000 - 1_000 - planner(100_000, 1_000).part_budget  # type: ignore[operator]


def refusal(context: int, max_output: int | None) -> str:
    with pytest.raises(InputError) as caught:
        _ = planner(context, max_output).part_budget
    return str(caught.value)


def test_a_context_smaller_than_the_prompt_does_not_suggest_a_lower_reply_cap() -> None:
    prompt = prompt_tokens()
    message = refusal(512, 16)  # the prompt alone is far past 512 tokens
    needed = prompt + 16 + MIN_PART_TOKENS
    assert f"needs at least {needed:,}" in message
    assert f"Raise context_tokens to {needed:,} or more" in message
    assert "max_output_tokens" not in message


@given(st.integers(min_value=MIN_OUTPUT_TOKENS, max_value=20_000), st.integers(0, 3_000))
def test_a_lower_reply_cap_is_offered_exactly_when_it_would_fit(reply: int, room: int) -> None:
    prompt = prompt_tokens()
    context = prompt + room + 256
    if context - prompt - reply >= MIN_PART_TOKENS:
        return  # it fits: no refusal
    message = refusal(context, reply)
    most = context - prompt - MIN_PART_TOKENS
    offered = re.search(r"lower max_output_tokens to ([\d,]+) or less", message)
    assert (offered is not None) == (most >= MIN_OUTPUT_TOKENS), message
    if offered is not None:  # and the cap offered does fit
        assert planner(context, int(offered[1].replace(",", ""))).part_budget == MIN_PART_TOKENS


@pytest.mark.parametrize(
    ("setting", "shown"),
    [
        ("max_output_tokens", "16 to 1,048,576"),
        ("context_tokens", "256 to 1,048,576"),
        ("max_tokens_per_article", "1 to 100,000,000"),
        ("timeout_s", "above 0 to 3,600"),
        ("temperature", "from 0 to 2"),
    ],
)
def test_a_range_is_printed_with_separators_and_no_exponent(setting: str, shown: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(**{setting: -5})
    assert shown in str(caught.value)
    assert not re.search(r"\de[+-]\d", str(caught.value))
