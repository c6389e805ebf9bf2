"""A batch killed with SIGKILL loses at most the articles in flight and corrupts nothing;
rerunning the same command finishes the rest."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, cli_env
from tests.fabrication import TRUE_SUMMARY

pytestmark = pytest.mark.integration

ARTICLES = 12
CONCURRENCY = 2


def command(source: Path, out: Path, base_url: str) -> list[str]:
    return [
        sys.executable, "-m", "summarise.cli", "batch", str(source), "--out", str(out),
        "--base-url", base_url, "--model", "scripted", "--concurrency", str(CONCURRENCY),
        "--no-cache",  # every article must reach the server, or the count below lies
    ]  # fmt: skip


def test_sigkill_mid_batch_then_resume(tmp_path: Path) -> None:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{i:02d}", "text": text}) + "\n" for i in range(ARTICLES))
    )
    out = tmp_path / "out.jsonl"
    env = cli_env()
    with ScriptedOpenAIServer(TRUE_SUMMARY, delay_s=0.4) as server:
        process = subprocess.Popen(
            command(source, out, server.base_url),
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if out.exists() and out.read_text().count("\n") >= 3:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_after = len(server.requests)
        lines = out.read_bytes().split(b"\n")
        complete = [json.loads(line) for line in lines[:-1]]  # every full line parses
        assert 3 <= len(complete) < ARTICLES
        assert len({r["id"] for r in complete}) == len(complete)

        again = subprocess.run(command(source, out, server.base_url), env=env, timeout=120)
        assert again.returncode == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [r["id"] for r in records]
    assert sorted(ids) == [f"a{i:02d}" for i in range(ARTICLES)]  # none lost, none twice
    assert all("summary" in r for r in records)
    redone = len(server.requests) - ARTICLES
    assert redone <= CONCURRENCY  # only the articles in flight at the kill were asked twice
    assert killed_after >= len(complete)
