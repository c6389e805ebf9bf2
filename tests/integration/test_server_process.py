"""The scripted server as a process of its own (what the batch benchmarks run): it says
its URL, answers like the in-process one, takes many connections at once, and stops
when its standard input closes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarise import Summariser
from summarise.batch import summarise_iter
from tests.conftest import EXAMPLE_ARTICLE, REPO, cli_env
from tests.fabrication import TRUE_SUMMARY

pytestmark = pytest.mark.integration

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def test_the_server_process_answers_many_at_once_and_stops_when_its_input_closes(
    tmp_path: Path,
) -> None:
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps(TRUE_SUMMARY))
    server = subprocess.Popen(
        [sys.executable, "-m", "summarise.testing.openai_server", "--reply", str(reply),
         "--delay-s", "0.2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=cli_env(), cwd=REPO,
    )  # fmt: skip
    assert server.stdin is not None
    assert server.stdout is not None
    try:
        base_url = server.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        assert base_url.endswith("/v1")
        with Summariser(base_url=base_url, model="scripted") as summariser:
            result = summariser.summarise(TEXT)
        assert [a.name for a in result.summary.actors] == [
            a["name"] for a in TRUE_SUMMARY["actors"]
        ]
        articles = ((f"a{i}", TEXT) for i in range(48))  # 48 connections opened at once
        items = list(summarise_iter(articles, concurrency=48, base_url=base_url, model="m"))
        assert len(items) == 48
        assert all(item.ok for item in items)
        assert max(item.result.meta.latency_s for item in items if item.result) < 1.0
    finally:
        server.stdin.close()
        assert server.wait(timeout=30) == 0
        server.stdout.close()
