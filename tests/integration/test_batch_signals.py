"""Real batch processes against a real loopback server: Ctrl-C stops cleanly and a rerun
finishes the rest; a second run on the same output is refused at once; a kill in the
middle of a retry run loses nothing and the next rerun leaves one line per id."""

from __future__ import annotations

import json
import signal
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

ARTICLES = 12
CONCURRENCY = 2
EXPECTED = [f"a{i:02d}" for i in range(ARTICLES)]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in EXPECTED))
    return path


def command(source: Path, out: Path, base_url: str) -> list[str]:
    return [
        sys.executable, "-m", "summarise.cli", "batch", str(source), "--out", str(out),
        "--base-url", base_url, "--model", "scripted", "--concurrency", str(CONCURRENCY),
        "--no-cache",
    ]  # fmt: skip


def start(argv: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        argv, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_lines(out: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while not (out.exists() and out.read_text().count("\n") >= count):
        assert time.monotonic() < deadline, "the batch wrote nothing"
        time.sleep(0.05)


def ids_in(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in out.read_text().splitlines()]


def test_ctrl_c_stops_cleanly_and_a_rerun_finishes_the_rest(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with ScriptedOpenAIServer(TRUE_SUMMARY, delay_s=0.4) as server:
        process = start(command(source, out, server.base_url))
        wait_for_lines(out, 3)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130, err
        assert "Traceback" not in err
        err = " ".join(err.split())
        assert "interrupted:" in err
        assert "Run the same command again" in err
        finished = ids_in(out)  # every line whole and parsable
        assert 3 <= len(finished) < ARTICLES
        assert len(set(finished)) == len(finished)

        again = subprocess.run(
            command(source, out, server.base_url), env=cli_env(), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert f"{len(finished)} already done" in " ".join(again.stderr.split())
    assert sorted(ids_in(out)) == EXPECTED  # none lost, none twice


def test_a_second_run_on_the_same_output_is_refused_naming_the_first(
    source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    held = HeldReplies(TRUE_SUMMARY, free=2)  # the first runs until the second is refused
    with ScriptedOpenAIServer(held) as server:
        first = start(command(source, out, server.base_url))
        try:
            wait_for_lines(out, 1)  # the first holds the lock
            began = time.monotonic()
            second = subprocess.run(
                command(source, out, server.base_url), env=cli_env(), capture_output=True,
                text=True, timeout=60,
            )  # fmt: skip
            took = time.monotonic() - began
        finally:
            held.release()
        assert took < 30  # fails fast, not after summarising
        assert second.returncode == 2
        err = " ".join(second.stderr.split())
        assert f"being written by another summarise batch (process {first.pid}," in err
        assert "Traceback" not in err
        _, first_err = first.communicate(timeout=120)
        assert first.returncode == 0, first_err
    assert sorted(ids_in(out)) == EXPECTED  # each id once: the second wrote nothing
    assert len(server.requests) == ARTICLES  # and asked for nothing


def test_sigkill_during_a_retry_run_then_rerun_keeps_one_line_per_id(
    source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    # An outage: the first run's every request is refused, so every line is an error.
    with ScriptedOpenAIServer(TRUE_SUMMARY, [Fault.status(401)] * ARTICLES) as server:
        outage = subprocess.run(
            command(source, out, server.base_url), env=cli_env(), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
    assert outage.returncode == 1
    assert sorted(ids_in(out)) == EXPECTED
    with ScriptedOpenAIServer(TRUE_SUMMARY, delay_s=0.4) as server:
        retry = start(command(source, out, server.base_url))
        wait_for_lines(out, ARTICLES + 3)  # three retries appended
        retry.send_signal(signal.SIGKILL)
        retry.communicate()
        records = [json.loads(line) for line in out.read_bytes().split(b"\n")[:-1]]
        assert sorted({r["id"] for r in records}) == EXPECTED  # no finished line lost
        succeeded = {r["id"] for r in records if "summary" in r}
        assert len(succeeded) >= 3

        rerun = subprocess.run(
            command(source, out, server.base_url), env=cli_env(), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        assert rerun.returncode == 0, rerun.stderr
        assert f"{len(succeeded)} already done" in " ".join(rerun.stderr.split())
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in records) == EXPECTED  # one line per id
    assert all("summary" in r for r in records)
