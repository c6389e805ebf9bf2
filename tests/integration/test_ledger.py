"""The run ledger against real parts: a batch through the fault-injecting server records
what its failed attempts spent, and processes recording at once lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from summarise.cli import main
from summarise.ledger import Ledger
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, cli_env, minimal_summary

pytestmark = pytest.mark.integration

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
INVALID = Fault.reply('{"gist": 42}')  # answered, and paid for, but not a summary


def test_a_batch_records_the_tokens_of_its_failed_attempts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": EXAMPLE}) + "\n" for i in range(3))
    )
    # One at a time, so the script meets the articles in order: the first fails every
    # attempt (a 503 among them, which answers nothing and costs nothing), the second
    # succeeds on its second attempt, the third on its first.
    script = [INVALID, Fault.status(503), INVALID, INVALID, INVALID]
    with ScriptedOpenAIServer(minimal_summary(), script, usage=(120, 80)) as server:
        status = main(
            ["batch", str(source), "--out", str(tmp_path / "out.jsonl"), "--concurrency", "1",
             "--no-cache", "--base-url", server.base_url, "--model", "m"]
        )  # fmt: skip
        answered = len(server.requests) - 1  # every request but the 503 was answered
    assert status == 1
    assert main(["runs", "--json"]) == 0
    (run,) = json.loads(_json_tail(capsys))
    assert (run["articles"], run["failed"], run["outcome"]) == (3, 1, "failed")
    assert answered == 6
    assert (run["prompt_tokens"], run["completion_tokens"]) == (120 * answered, 80 * answered)
    assert run["attempts"] == 3 + 2 + 1


def _json_tail(capsys: pytest.CaptureFixture[str]) -> str:
    """What `summarise runs --json` printed, after anything the batch printed."""
    out = capsys.readouterr().out
    return out[out.index("[") :]


RECORDER = textwrap.dedent(
    """
    import sys
    from summarise.ledger import Ledger
    from summarise.pricing import ArticleSpend
    from summarise.types import Usage

    ledger = Ledger(sys.argv[1])
    names = {"command": "batch", "schema_type": "news", "backend": sys.argv[3], "model": None}
    article = ArticleSpend(Usage(prompt_tokens=1), 1, failed=False, cached=False)
    for i in range(int(sys.argv[2])):
        with ledger.run(**names) as run:
            run.spend.add(article, None)
    """
)


def test_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    workers = [
        subprocess.Popen([sys.executable, "-c", RECORDER, str(path), "60", f"p{n}"], env=cli_env())
        for n in range(3)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0]
    records = Ledger(path).recent(1000)
    assert len(records) == 180
    assert len({r.id for r in records}) == 180
    assert {r.backend for r in records} == {"p0", "p1", "p2"}
    assert all(r.outcome == "ok" and r.spend.prompt_tokens == 1 for r in records)
