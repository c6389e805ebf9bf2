"""`summarise eval --schema examples/earnings` from the shell, replaying the replies that
SmolLM2-135M gave over real HTTP (recorded in tests/data with the same command).

Only replies that validated were recorded (a failure is never cached), so the endpoint
the recording was made from is stood in for by a scripted server on the same address:
every fixture with a recorded reply must be answered from the cache without a request,
and every other one must reach the server and fail as the small model did.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarise.cli import main
from summarise.testing.openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EARNINGS = ROOT / "examples" / "earnings"
RECORDED = ROOT / "tests" / "data" / "earnings-smollm2-replies.sqlite"
BASELINE = ROOT / "evals" / "baseline" / "earnings-smollm2" / "scores.json"
RECORDED_AT = 18080  # the port of the llama.cpp server the replies came from


def test_the_earnings_eval_replays_recorded_replies(tmp_path: Path) -> None:
    cache = tmp_path / "replies.sqlite"
    shutil.copy(RECORDED, cache)  # replaying must not change the committed recording
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    recorded = {r["fixture"] for r in baseline["runs"] if r["ok"]}
    assert recorded, "the recording holds no valid reply"
    with ScriptedOpenAIServer({"not": "an earnings summary"}, port=RECORDED_AT) as server:
        status = main(
            [
                "eval",
                "--schema", str(EARNINGS),
                "--base-url", f"http://127.0.0.1:{RECORDED_AT}/v1",
                "--model", "smollm2",
                "--cache", str(cache),
                "--out", str(tmp_path / "run"),
            ]
        )  # fmt: skip
    assert status == 0
    run = json.loads((tmp_path / "run" / "scores.json").read_text(encoding="utf-8"))
    replayed = {r["fixture"]: r for r in run["runs"]}
    assert set(replayed) == {r["fixture"] for r in baseline["runs"]}
    for fixture in recorded:
        assert replayed[fixture]["ok"]
        assert replayed[fixture]["cached"]
    for fixture in set(replayed) - recorded:
        assert not replayed[fixture]["ok"]
        assert "RetriesExhaustedError" in replayed[fixture]["error"]
    sent = " ".join(json.dumps(r["messages"], ensure_ascii=False) for r in server.requests)
    assert len(server.requests) >= len(replayed) - len(recorded)
    for fixture in recorded:  # no request carried a recorded fixture's article
        article = (EARNINGS / "fixtures" / f"{fixture}.txt").read_text(encoding="utf-8")
        assert article.splitlines()[0] not in sent
    assert run["strict"] == baseline["strict"]  # the same scores as when recorded
