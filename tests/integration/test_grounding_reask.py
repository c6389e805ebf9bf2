"""Strict grounding sends failures back to the model once, through instructor's re-ask,
over real HTTP; what still fails is dropped."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from summarise import Summariser
from summarise.batch import summarise_many
from summarise.grounding.verify import Rule, RuleContext
from summarise.schema_types import SchemaType, get_schema_type
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY, with_inventions

pytestmark = pytest.mark.integration

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def summariser(server: ScriptedOpenAIServer, **options: object) -> Summariser:
    return Summariser(base_url=server.base_url, model="scripted", mode="tools", **options)


def test_failures_are_re_asked_once_and_a_corrected_reply_is_kept() -> None:
    invented, _ = with_inventions(seed=7, count=2)
    first = Fault.reply(invented.model_dump_json())
    with ScriptedOpenAIServer(TRUE_SUMMARY, [first]) as server, summariser(server) as s:
        result = s.summarise(TEXT)
    assert len(server.requests) == 2
    assert result.grounding.reasked
    assert result.dropped == []
    assert result.meta.attempts == 2
    assert result.usage.prompt_tokens == 240  # the re-ask is counted
    feedback = server.requests[1]["messages"][-1]["content"]
    assert "not supported by the article" in feedback
    assert "actors[" in feedback or "claims[" in feedback or "figures[" in feedback


def test_what_still_fails_after_the_re_ask_is_dropped() -> None:
    invented, injected = with_inventions(seed=8)
    bad = Fault.reply(invented.model_dump_json())
    with ScriptedOpenAIServer(TRUE_SUMMARY, [bad, bad, bad]) as server, summariser(server) as s:
        result = s.summarise(TEXT)
    assert len(server.requests) == 2  # one re-ask, not more
    assert len(result.dropped) == injected
    assert [a.name for a in result.summary.actors] == [a["name"] for a in TRUE_SUMMARY["actors"]]
    assert type(result.summary).__name__ == "NewsSummary"
    assert type(result.summary) is Summariser().schema_type.model


def test_flag_and_off_never_re_ask() -> None:
    invented, injected = with_inventions(seed=9)
    bad = Fault.reply(invented.model_dump_json())
    for policy in ("flag", "off"):
        with (
            ScriptedOpenAIServer(TRUE_SUMMARY, [bad]) as server,
            summariser(server, grounding=policy) as s,
        ):
            result = s.summarise(TEXT)
        assert len(server.requests) == 1
        assert not result.grounding.reasked
        assert len(result.summary.actors) == len(invented.actors)
        assert result.grounding.items_failed == (injected if policy == "flag" else 0)


def test_the_model_sees_the_same_schema_under_strict_grounding() -> None:
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        with summariser(server) as s:
            s.summarise(TEXT)
        with summariser(server, grounding="off") as s:
            s.summarise(TEXT)
    strict_tools, off_tools = (json.dumps(r["tools"], sort_keys=True) for r in server.requests)
    assert strict_tools == off_tools


def counting_news() -> tuple[SchemaType, Counter[str]]:
    """The news type with each of its real rules counting the items it checks."""
    news = get_schema_type("news")
    calls: Counter[str] = Counter()

    def counted(model: type, rule: Rule) -> Rule:
        def run(item: object, context: RuleContext) -> list[str]:
            calls[model.__name__] += 1
            return rule(item, context)

        return run

    rules = {model: counted(model, rule) for model, rule in news.rules.items()}
    parts = dataclasses.replace(news.parts, rules=rules)
    return dataclasses.replace(news, name="counting-news", parts=parts), calls


@pytest.mark.parametrize("mode", ["tools", "json"])
def test_strict_grounding_checks_each_reply_once(mode: str) -> None:
    schema, calls = counting_news()
    with (
        ScriptedOpenAIServer(TRUE_SUMMARY) as server,
        Summariser(base_url=server.base_url, model="scripted", mode=mode, schema=schema) as s,
    ):
        result = s.summarise(TEXT)
    assert len(server.requests) == 1
    assert calls["Actor"] == len(TRUE_SUMMARY["actors"])  # once per actor, not twice
    assert calls["Claim"] == len(TRUE_SUMMARY["claims"])
    assert calls["Figure"] == len(TRUE_SUMMARY["figures"])
    assert result.dropped == []
    assert result.grounding.items_failed == 0
    assert all(e.start is not None for a in result.summary.actors for e in a.evidence)


def test_a_re_asked_article_checks_each_of_its_two_replies_once() -> None:
    schema, calls = counting_news()
    invented, injected = with_inventions(seed=8)
    bad = Fault.reply(invented.model_dump_json())
    with (
        ScriptedOpenAIServer(TRUE_SUMMARY, [bad, bad]) as server,
        summariser(server, schema=schema) as s,
    ):
        result = s.summarise(TEXT)
    assert len(server.requests) == 2
    assert calls["Actor"] == 2 * len(invented.actors)  # the reply re-asked, then the last
    assert calls["Claim"] == 2 * len(invented.claims)
    assert len(result.dropped) == injected


def test_a_batch_checks_each_reply_once() -> None:
    schema, calls = counting_news()
    articles = [(f"a{i}", TEXT) for i in range(3)]
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        items = summarise_many(
            articles, concurrency=3, base_url=server.base_url, model="scripted", schema=schema
        )
    assert all(item.ok for item in items)
    assert calls["Actor"] == 3 * len(TRUE_SUMMARY["actors"])


def test_grounding_off_checks_nothing_and_flag_checks_once() -> None:
    for policy, times in (("off", 0), ("flag", 1)):
        schema, calls = counting_news()
        with (
            ScriptedOpenAIServer(TRUE_SUMMARY) as server,
            summariser(server, schema=schema, grounding=policy) as s,
        ):
            s.summarise(TEXT)
        assert calls["Actor"] == times * len(TRUE_SUMMARY["actors"])
