"""Two real batch processes on one output through a symlink: one writer per file, not
per name. The second, started while the first runs on ``two.jsonl``, names
``link.jsonl -> two.jsonl`` and exits 2 at once, asking the endpoint nothing; a retry run
through the link keeps the link a symlink and the file one line per id."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, cli_env
from tests.fabrication import TRUE_SUMMARY
from tests.held_replies import HeldReplies

pytestmark = pytest.mark.integration

EXPECTED = [f"a{i:02d}" for i in range(8)]


def command(source: Path, out: Path, base_url: str) -> list[str]:
    return [
        sys.executable, "-m", "summarise.cli", "batch", str(source), "--out", str(out),
        "--base-url", base_url, "--model", "scripted", "--concurrency", "2", "--no-cache",
        "--no-ledger",
    ]  # fmt: skip


def ids_in(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in out.read_text().splitlines()]


def test_a_symlink_to_a_running_batch_output_is_refused_and_kept_a_link(tmp_path: Path) -> None:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in EXPECTED))
    two, link = tmp_path / "two.jsonl", tmp_path / "link.jsonl"
    link.symlink_to("two.jsonl")
    # The first batch's later requests wait until the second has been refused, so the
    # first is still running when the second starts, however slow the machine is.
    held = HeldReplies(TRUE_SUMMARY, free=2)
    with ScriptedOpenAIServer(held) as server:
        first = subprocess.Popen(
            command(source, two, server.base_url), env=cli_env(), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while not (two.exists() and two.read_text().count("\n") >= 1):
                assert time.monotonic() < deadline, "the first batch wrote nothing"
                time.sleep(0.05)
            second = subprocess.run(
                command(source, link, server.base_url), env=cli_env(), capture_output=True,
                text=True, timeout=60,
            )  # fmt: skip
        finally:
            held.release()  # a failed check still lets the first batch finish
            _, first_err = first.communicate(timeout=120)
        assert second.returncode == 2, second.stderr
        err = " ".join(second.stderr.split())
        assert f"being written by another summarise batch (process {first.pid}," in err
        assert first.returncode == 0, first_err
        assert len(server.requests) == len(EXPECTED)  # the second asked for nothing
    assert sorted(ids_in(two)) == EXPECTED  # each id once

    # A retry rewrite through the link replaces the file, not the link.
    two.unlink()
    with ScriptedOpenAIServer(TRUE_SUMMARY, [Fault.status(401)] * 3) as server:
        outage = subprocess.run(
            command(source, link, server.base_url), env=cli_env(), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        assert outage.returncode == 1, outage.stderr
        rerun = subprocess.run(
            command(source, link, server.base_url), env=cli_env(), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        assert rerun.returncode == 0, rerun.stderr
    assert link.is_symlink()
    assert sorted(ids_in(two)) == EXPECTED  # one line per id after the rewrite
    assert all("summary" in json.loads(x) for x in two.read_text().splitlines())
