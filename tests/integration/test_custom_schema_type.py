"""The examples/earnings schema type end to end: loaded from its folder, rendered with its
own prompt, and filled over real HTTP through instructor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarise import Summariser
from summarise.cli import main
from summarise.schema_types import load_schema_type
from summarise.testing.openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.integration

EARNINGS = Path(__file__).resolve().parents[2] / "examples" / "earnings"
ARTICLE = (EARNINGS / "article.txt").read_text(encoding="utf-8")
REPLY = {
    "company": "Apple",
    "period": "quarter which ended December 30, 2006",
    "metrics": [
        {
            "name": "annual revenue",
            "text": "$7.1 billion",
            "value": 7.1e9,
            "unit": "USD",
            "period": "2006",
            "evidence": [
                {"quote": "The overall annual revenue of the company made up $7.1 billion"}
            ],
        }
    ],
    "beat_expectations": True,
}


def test_a_custom_type_is_prompted_and_parsed_as_its_own_model() -> None:
    earnings = load_schema_type(EARNINGS)
    with (
        ScriptedOpenAIServer(REPLY) as server,
        Summariser(
            schema=earnings, base_url=server.base_url, model="scripted", mode="tools"
        ) as summariser,
    ):
        result = summariser.summarise(ARTICLE)
    summary = result.summary
    assert type(summary).__name__ == "EarningsSummary"
    assert summary.metrics[0].value == 7.1e9
    assert result.meta.schema_type == "earnings"
    request = server.requests[0]
    assert request["tools"][0]["function"]["name"] == "EarningsSummary"
    system = request["messages"][0]["content"]
    assert "company's reported results" in system  # its own prompt, not the news one


def test_the_cli_takes_a_schema_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with ScriptedOpenAIServer(REPLY) as server:
        status = main(
            [
                str(EARNINGS / "article.txt"),
                "--schema", str(EARNINGS),
                "--base-url", server.base_url,
                "--model", "scripted",
                "--json",
            ]
        )  # fmt: skip
    assert status == 0
    assert json.loads(capsys.readouterr().out)["summary"]["company"] == "Apple"
