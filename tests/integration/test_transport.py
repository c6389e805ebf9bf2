"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1 that misbehaves
on cue: the real openai client, instructor and tenacity, with nothing mocked."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from summarise import (
    BackendError,
    BudgetExceededError,
    NewsSummary,
    RetriesExhaustedError,
    Summariser,
    SummaryResult,
    TransportError,
    TruncatedOutputError,
)
from summarise.backends.openai_compat import OpenAICompatBackend
from summarise.config import MAX_WAIT_S, resolve_settings, wall_time_bound_s
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import minimal_summary

pytestmark = pytest.mark.integration


_opened: list[Summariser] = []


@pytest.fixture(autouse=True)
def close_summarisers() -> Iterator[None]:
    yield
    while _opened:
        _opened.pop().close()


def summariser(server: ScriptedOpenAIServer, waits: list[float], **options: Any) -> Summariser:
    """A summariser on the scripted server whose transport waits are recorded, not slept."""
    settings = resolve_settings(env={}, base_url=server.base_url, model="scripted", **options)

    async def record(seconds: float) -> None:
        waits.append(seconds)

    backend = OpenAICompatBackend(settings, sleep=waits.append, async_sleep=record)
    _opened.append(Summariser(backend=backend))
    return _opened[-1]


def test_429_500_and_a_stall_are_retried_then_succeed(example_text: str) -> None:
    waits: list[float] = []
    script = [Fault.status(429, retry_after=2.5), Fault.status(500), Fault.stall(1.5)]
    with ScriptedOpenAIServer(minimal_summary(), script) as server:
        result = summariser(server, waits, timeout_s=0.5).summarise(example_text)
    assert isinstance(result.summary, NewsSummary)
    assert len(server.requests) == 4
    assert waits[0] == 2.5  # Retry-After honoured exactly
    assert len(waits) == 3
    assert all(0 <= w <= 30 for w in waits[1:])  # jittered backoff, capped
    assert result.usage.requests == 4
    assert result.meta.attempts == 1  # transport retries are not validation attempts


def test_transport_retries_are_bounded(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(503)] * 20) as server:
        with pytest.raises(TransportError, match="503") as caught:
            summariser(server, waits, max_transport_retries=3).summarise(example_text)
    assert len(server.requests) == 4
    assert caught.value.usage is not None
    assert caught.value.usage.requests == 4


def test_a_dropped_connection_is_retried(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.reset()]) as server:
        result = summariser(server, waits).summarise(example_text)
    assert len(server.requests) == 2
    assert result.summary.actors[0].name == "Vladimir Putin"


def test_client_errors_are_not_retried(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(401)] * 5) as server:
        with pytest.raises(BackendError, match="API key") as caught:
            summariser(server, waits).summarise(example_text)
    assert not isinstance(caught.value, TransportError)
    assert len(server.requests) == 1
    assert waits == []


def test_an_invalid_reply_is_re_asked_with_its_errors(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.reply('{"gist": 42}')]) as server:
        result = summariser(server, waits).summarise(example_text)
    assert result.meta.attempts == 2
    assert result.usage.prompt_tokens == 240  # both attempts counted
    reask = json.dumps(server.requests[1]["messages"])
    assert "gist" in reask
    assert "valid string" in reask


def test_re_asks_are_bounded_and_the_failure_carries_its_cost(example_text: str) -> None:
    waits: list[float] = []
    bad = Fault.reply('{"gist": 42}')
    with ScriptedOpenAIServer(minimal_summary(), [bad] * 10) as server:
        with pytest.raises(RetriesExhaustedError) as caught:
            summariser(server, waits, max_validation_retries=1).summarise(example_text)
    error = caught.value
    assert len(server.requests) == 2
    assert error.attempts == 2
    assert error.usage is not None
    assert error.usage.total_tokens == 400
    assert error.last_output == '{"gist": 42}'
    assert len(error.errors) == 2


def test_truncated_output_is_never_parsed(example_text: str) -> None:
    waits: list[float] = []
    # Valid JSON for the schema, but the server says the reply was cut off.
    cut = Fault.reply(json.dumps(minimal_summary()), finish_reason="length")
    with ScriptedOpenAIServer(minimal_summary(), [cut]) as server:
        with pytest.raises(TruncatedOutputError) as caught:
            summariser(server, waits).summarise(example_text)
    assert caught.value.usage is not None
    assert caught.value.usage.completion_tokens == 80


def test_the_token_budget_stops_re_asks(example_text: str) -> None:
    waits: list[float] = []
    bad = Fault.reply('{"gist": 42}')
    with ScriptedOpenAIServer(minimal_summary(), [bad] * 10) as server:
        with pytest.raises(BudgetExceededError, match="max_tokens_per_article"):
            summariser(
                server, waits, max_validation_retries=5, max_tokens_per_article=300
            ).summarise(example_text)
    assert len(server.requests) == 2  # 200 tokens, then 400 >= 300: stop


@pytest.mark.parametrize(
    ("mode", "request_key"),
    [("tools", "tools"), ("json_schema", "response_format"), ("md_json", "messages")],
)
def test_each_mode_sends_its_own_request_shape(
    example_text: str, mode: str, request_key: str
) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary()) as server:
        result = summariser(server, waits, mode=mode).summarise(example_text)
    assert request_key in server.requests[0]
    assert result.meta.mode is not None
    assert result.summary.figures[0].unit == "hostages"


def test_async_path_retries_the_same_way(example_text: str) -> None:
    waits: list[float] = []
    script = [Fault.status(429, retry_after=1), Fault.reply('{"gist": 42}')]

    async def run(server: ScriptedOpenAIServer) -> SummaryResult[Any]:
        async with summariser(server, waits) as s:
            return await s.asummarise(example_text)

    with ScriptedOpenAIServer(minimal_summary(), script) as server:
        result = asyncio.run(run(server))
    assert waits[0] == 1
    assert len(server.requests) == 3
    assert result.meta.attempts == 2
    assert result.usage.requests == 3


def test_the_api_key_is_sent_but_never_reported(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(500)] * 5) as server:
        settings = resolve_settings(
            env={}, base_url=server.base_url, model="m", api_key="sk-canary-7f3a"
        )
        backend = OpenAICompatBackend(settings, sleep=waits.append)
        with pytest.raises(TransportError) as caught, Summariser(backend=backend) as s:
            s.summarise(example_text)
    assert "sk-canary-7f3a" not in str(caught.value)
    assert "sk-canary-7f3a" not in repr(backend)


def test_a_reply_that_uses_every_token_is_truncated_whatever_the_server_says(
    example_text: str,
) -> None:
    waits: list[float] = []
    # The server claims a normal finish, but the reply used all 80 tokens it was allowed.
    whole = Fault.reply(json.dumps(minimal_summary()))
    with ScriptedOpenAIServer(minimal_summary(), [whole]) as server:
        with pytest.raises(TruncatedOutputError):
            summariser(server, waits, max_output_tokens=80).summarise(example_text)


def test_a_body_that_is_not_json_is_retried_as_transport(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(
        minimal_summary(), [Fault.raw("<html>502 Bad Gateway</html>")]
    ) as server:
        result = summariser(server, waits).summarise(example_text)
    assert len(server.requests) == 2
    assert result.summary.actors[0].name == "Vladimir Putin"


def test_tool_arguments_that_are_not_json_are_re_asked(example_text: str) -> None:
    waits: list[float] = []
    broken = Fault.reply('{"gist": "Putin hosted", "actors": [')
    with ScriptedOpenAIServer(minimal_summary(), [broken]) as server:
        result = summariser(server, waits, mode="tools").summarise(example_text)
    assert result.meta.attempts == 2  # a validation re-ask, not a transport retry
    assert waits == []


def test_an_empty_choices_list_is_retried_then_typed(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.empty_choices()]) as server:
        result = summariser(server, waits).summarise(example_text)
    assert len(server.requests) == 2
    assert len(waits) == 1  # a transport retry
    assert result.meta.attempts == 1
    with ScriptedOpenAIServer(minimal_summary(), [Fault.empty_choices()] * 10) as server:
        with pytest.raises(TransportError, match=r"MalformedReply \(a 200 reply with no choices"):
            summariser(server, waits, max_transport_retries=2).summarise(example_text)
    assert len(server.requests) == 3


@pytest.mark.parametrize("headers_too", [False, True])
@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_dribbling_server_is_cut_off_at_the_whole_request_deadline(
    example_text: str, headers_too: bool, asynchronous: bool
) -> None:
    # One byte every 0.2 s: no single read waits long, so per-read timeouts never fire.
    waits: list[float] = []
    script = [Fault.dribble(0.2, headers_too=headers_too)] * 5
    with ScriptedOpenAIServer(minimal_summary(), script) as server:
        s = summariser(server, waits, timeout_s=1.0, max_transport_retries=1)
        run = (lambda: asyncio.run(s.asummarise(example_text))) if asynchronous else None
        started = time.monotonic()
        with pytest.raises(TransportError, match="no whole reply within timeout_s") as caught:
            run() if run else s.summarise(example_text)
        elapsed = time.monotonic() - started
    assert len(server.requests) == 2  # retried once as a transport fault, then given up
    assert len(waits) == 1
    assert 1.8 <= elapsed <= 2 * 1.0 + 1.0  # two requests of one second each, no more
    assert elapsed <= wall_time_bound_s(s.settings)
    assert all(w <= MAX_WAIT_S for w in waits)
    assert "--timeout" in str(caught.value)


def test_a_slow_reply_that_ends_before_the_deadline_is_kept(example_text: str) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.dribble(0.0005)]) as server:
        result = summariser(server, waits, timeout_s=20.0).summarise(example_text)
    assert len(server.requests) == 1
    assert result.summary.actors[0].name == "Vladimir Putin"


@pytest.mark.parametrize(
    "body",
    [
        "<html>502 Bad Gateway</html>",
        "",
        "null",
        "[]",
        "42",
        '{"object": "error"}',
        '{"choices": "none"}',
        '{"choices": [{"index": 0}]}',
    ],
)
def test_any_200_that_is_not_a_completion_is_a_transport_fault(
    example_text: str, body: str
) -> None:
    waits: list[float] = []
    with ScriptedOpenAIServer(minimal_summary(), [Fault.raw(body)] * 10) as server:
        with pytest.raises(TransportError, match="MalformedReply") as caught:
            summariser(server, waits, max_transport_retries=2).summarise(example_text)
    assert len(server.requests) == 3  # transport retries, not validation re-asks
    assert len(waits) == 2  # with backoff between them
    assert caught.value.usage is not None
    assert caught.value.usage.requests == 3
    assert "0 attempt" not in str(caught.value)


@pytest.mark.parametrize(
    ("code", "hint"),
    [(400, "mode='tools'"), (404, "SUMMARISE_MODEL"), (413, "shorter text"), (422, "mode")],
)
def test_a_refusal_shows_what_the_server_said_and_what_to_do(
    example_text: str, code: int, hint: str
) -> None:
    waits: list[float] = []
    said = "This model's maximum context length is 8192 tokens"
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(code, message=said)]) as server:
        with pytest.raises(BackendError) as caught:
            summariser(server, waits).summarise(example_text)
    message = str(caught.value)
    assert said in message
    assert str(code) in message
    assert hint in message
    assert len(server.requests) == 1


def test_what_the_server_said_is_made_safe_to_show(example_text: str) -> None:
    waits: list[float] = []
    said = (
        "Incorrect API key provided: sk-canary-7f3a. \x1b[2J\x1b[31mred\u202eevil\r\n"
        "Authorization: Bearer tok-9b1c " + "x" * 5000
    )
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(400, message=said)]) as server:
        settings = resolve_settings(
            env={}, base_url=server.base_url, model="m", api_key="sk-canary-7f3a"
        )
        backend = OpenAICompatBackend(settings, sleep=waits.append)
        with pytest.raises(BackendError) as caught, Summariser(backend=backend) as s:
            s.summarise(example_text)
    message = str(caught.value)
    assert "Incorrect API key provided" in message
    assert "canary" not in message
    assert "tok-9b1c" not in message
    assert not any(c in message for c in "\x1b\u202e\r\n")
    assert len(message) < 700  # bounded, whatever the server sent
