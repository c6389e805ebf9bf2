"""What a batch says about its failures: an error line records the attempts really made
(every request, answered or not), the summary line names the commonest failure, and a
dangling ``.summarise`` symlink is called what it is."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path

import pytest

from summarise.api import Summariser
from summarise.backends.openai_compat import OpenAICompatBackend
from summarise.batch import BatchItem, asummarise_many
from summarise.cli import main
from summarise.config import resolve_settings
from summarise.errors import BackendError
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, minimal_summary

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("retries", [0, 2])
def test_a_transport_error_line_counts_every_request_as_an_attempt(retries: int) -> None:
    async def no_wait(_seconds: float) -> None:
        return None

    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(503)] * 10) as server:
        settings = resolve_settings(
            env={}, base_url=server.base_url, model="m", max_transport_retries=retries
        )
        backend = OpenAICompatBackend(settings, sleep=lambda _s: None, async_sleep=no_wait)

        async def run() -> list[BatchItem]:
            async with Summariser(backend=backend) as summariser:
                return list(await asummarise_many(summariser, [("a", EXAMPLE)]))

        (item,) = asyncio.run(run())
        sent = len(server.requests)
    assert sent == retries + 1
    error = item.to_json()["error"]
    assert error["type"] == "TransportError"
    assert error["attempts"] == sent
    assert error["usage"]["requests"] == sent


def test_a_refused_request_is_one_attempt_not_none_and_not_two() -> None:
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(401)]) as server:
        settings = resolve_settings(env={}, base_url=server.base_url, model="m")
        with Summariser(backend=OpenAICompatBackend(settings)) as summariser:
            with pytest.raises(BackendError) as caught:
                summariser.summarise(EXAMPLE)
    assert caught.value.attempts == 1


def test_a_batch_that_failed_says_the_commonest_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": f"{EXAMPLE}\n{i}"}) + "\n" for i in range(3))
    )
    said = "Incorrect API key provided. " + "x" * 200
    with ScriptedOpenAIServer(minimal_summary(), [Fault.status(401, message=said)] * 3) as server:
        argv = ["batch", "in.jsonl", "--out", "o.jsonl", "--no-cache", "--no-ledger"]
        assert main([*argv, "--base-url", server.base_url, "--model", "m"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "0 summarised, 3 failed (3 × BackendError: The endpoint refused the request:" in err
    shown = err.split("(3 × ")[1].split(", 0 already done")[0]
    assert len(shown) <= len("BackendError: ") + 80 + 1
    assert shown.endswith("…)")


def test_a_batch_with_no_failure_names_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": EXAMPLE}) + "\n")
    with ScriptedOpenAIServer(minimal_summary()) as server:
        argv = ["batch", "in.jsonl", "--out", "o.jsonl", "--no-cache", "--no-ledger"]
        assert main([*argv, "--base-url", server.base_url, "--model", "m"]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "1 summarised, 0 failed, 0 already done" in err


def test_a_dangling_state_folder_symlink_is_named_as_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    os.symlink("gone", tmp_path / ".summarise")
    (tmp_path / "a.txt").write_text(EXAMPLE)
    with ScriptedOpenAIServer(minimal_summary()) as server, caplog.at_level(logging.WARNING):
        assert main(["a.txt", "--base-url", server.base_url, "--model", "m"]) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 2  # the reply cache and the run ledger, once each
    for warning in warnings:
        assert ".summarise is a dangling symlink, to gone, which does not exist" in warning
        assert "File exists" not in warning
    os.mkdir(tmp_path / "gone")  # the other side: the link made good is used
    caplog.clear()
    with ScriptedOpenAIServer(minimal_summary()) as server, caplog.at_level(logging.WARNING):
        assert main(["a.txt", "--base-url", server.base_url, "--model", "m"]) == 0
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert (tmp_path / "gone" / "replies.sqlite").exists()
