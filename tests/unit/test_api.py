from __future__ import annotations

import asyncio

import pytest

from summarise import (
    InputError,
    NewsSummary,
    RetriesExhaustedError,
    Summariser,
    Usage,
    asummarise_article,
    summarise_article,
)
from summarise.testing import FakeBackend
from tests.conftest import minimal_summary


def test_summarise_article_returns_the_typed_summary(example_text: str) -> None:
    fake = FakeBackend([minimal_summary()])
    summary = summarise_article(example_text, backend=fake)
    assert isinstance(summary, NewsSummary)
    assert summary.actors[0].name == "Vladimir Putin"
    assert summary.figures[0].value == 200
    assert fake.calls[0].article.text == example_text


def test_the_result_carries_usage_and_reproducible_metadata(example_text: str) -> None:
    usage = Usage(prompt_tokens=7, completion_tokens=3, requests=1)
    summariser = Summariser(backend=FakeBackend(default=minimal_summary(), usage=usage))
    first = summariser.summarise(example_text, id="a1")
    second = summariser.summarise(example_text)
    assert first.usage.total_tokens == 10
    assert first.meta.backend == "fake"
    assert first.meta.schema_type == "news"
    assert first.meta.article_sha256 == second.meta.article_sha256
    assert first.meta.template_sha256 == summariser.schema_type.template.sha256
    assert first.meta.attempts == 1


def test_the_prompt_carries_the_article_as_data(example_text: str) -> None:
    fake = FakeBackend([minimal_summary()])
    hostile = example_text + "\n{{ 7*7 }} {% include 'secrets' %}"
    summarise_article(hostile, backend=fake)
    user = fake.calls[0].messages[1]["content"]
    assert "{{ 7*7 }} {% include 'secrets' %}" in user


@pytest.mark.parametrize("bad", ["", "   ", b"\xff\xfe\x00"])
def test_bad_input_fails_before_any_model_call(bad: str | bytes) -> None:
    fake = FakeBackend([minimal_summary()])
    with pytest.raises(InputError):
        summarise_article(bad, backend=fake)
    assert fake.calls == []


def test_backend_errors_pass_through_typed(example_text: str) -> None:
    fake = FakeBackend([{"gist": 3}])
    with pytest.raises(RetriesExhaustedError, match="does not validate"):
        summarise_article(example_text, backend=fake)


def test_async_front_door_runs_a_sync_backend_in_a_thread(example_text: str) -> None:
    fake = FakeBackend([minimal_summary()])
    summary = asyncio.run(asummarise_article(example_text, backend=fake))
    assert isinstance(summary, NewsSummary)
    assert len(fake.calls) == 1


def test_fake_backend_without_replies_says_so(example_text: str) -> None:
    with pytest.raises(AssertionError, match="no reply queued"):
        summarise_article(example_text, backend=FakeBackend())


def test_hints_put_the_offline_candidates_into_the_prompt(example_text: str) -> None:
    fake = FakeBackend([minimal_summary(), minimal_summary()])
    with Summariser(backend=fake, hints=True) as summariser:
        summariser.summarise(example_text)
    with Summariser(backend=fake) as summariser:
        summariser.summarise(example_text)
    with_hints, without = (call.messages[1]["content"] for call in fake.calls)
    assert "Candidates found by a rule-based reader" in with_hints
    assert "- Mousa Abu Marzouk (person; also Moussa Abu Marzouk, Abu Marzouk)" in with_hints
    assert "Candidates found" not in without


def test_hints_switch_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARISE_HINTS", "on")
    assert Summariser(backend=FakeBackend()).settings.hints is True
    monkeypatch.setenv("SUMMARISE_HINTS", "maybe")
    from summarise import ConfigurationError

    with pytest.raises(ConfigurationError, match="SUMMARISE_HINTS"):
        Summariser(backend=FakeBackend())
