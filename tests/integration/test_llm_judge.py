"""The LLM judge claim matcher over real HTTP, with cached verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise import ReplyCache
from summarise.evaluation import score_fixture
from summarise.evaluation.judge import LLMJudge
from summarise.schema_types import lexical
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.unit.test_evaluation import BY_ID

pytestmark = pytest.mark.integration

FIXTURE = "wikinews-japan-enters-recession"


def paraphrased():  # type: ignore[no-untyped-def]
    prediction = BY_ID[FIXTURE].expected.model_copy(deep=True)
    claim = prediction.claims[1]
    claim.statement = "Conditions will deteriorate."
    claim.quote = None
    claim.evidence[0].quote = "Masamichi Adachi"
    claim.evidence[0].start = claim.evidence[0].end = None
    return prediction


def test_the_judge_decides_and_its_verdicts_are_cached(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "judge.sqlite")
    with ScriptedOpenAIServer({"same": True}) as server:
        judge = LLMJudge(model="judge", base_url=server.base_url, cache=cache)
        first = score_fixture(paraphrased(), BY_ID[FIXTURE], statements=judge)
        asked = len(server.requests)
        again = LLMJudge(model="judge", base_url=server.base_url, cache=cache)
        second = score_fixture(paraphrased(), BY_ID[FIXTURE], statements=again)
        judge.close()
        again.close()
    by_words = score_fixture(paraphrased(), BY_ID[FIXTURE], statements=lexical)
    assert first.strict["claims"].counts.tp == 2
    assert by_words.strict["claims"].counts.tp == 1
    assert asked >= 1
    assert len(server.requests) == asked  # the second run asked nothing
    assert again.calls == 0
    assert second.strict["claims"].counts.tp == 2
    assert "Statement A" in server.requests[0]["messages"][1]["content"]
