"""Record and replay through the reply cache, against a real loopback server."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise import ReplyCache, Summariser
from summarise.schema_types import register_schema_type
from summarise.schemas.news import NewsSummary
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

pytestmark = pytest.mark.integration

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
CANARY = "sk-canary-cache-0042"


def test_a_recorded_reply_is_replayed_without_asking_again(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        options = {"base_url": server.base_url, "model": "m", "api_key": CANARY, "cache": cache}
        with Summariser(**options) as s:
            first = s.summarise(TEXT)
        with Summariser(**options) as s:
            second = s.summarise(TEXT)
    assert len(server.requests) == 1
    assert not first.meta.cached
    assert second.meta.cached
    assert second.summary == first.summary
    assert second.usage == first.usage  # what the recorded reply cost
    assert CANARY.encode() not in (tmp_path / "replies.sqlite").read_bytes()


def test_a_changed_prompt_or_model_misses_the_cache(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    source = (Path(__file__).resolve().parents[2] / "prompts" / "news.j2").read_text()
    changed = register_schema_type(
        "news_reworded", model=NewsSummary, template=source + "\n", replace=True
    )
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        for schema, model in (("news", "m"), (changed, "m"), ("news", "other-model")):
            with Summariser(schema=schema, base_url=server.base_url, model=model, cache=cache) as s:
                assert not s.summarise(TEXT).meta.cached
        assert len(server.requests) == 3
    assert len(cache) == 3


def test_a_corrupt_entry_reads_as_a_miss(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    cache.put("k", {"value": 1})
    cache._db.execute("UPDATE replies SET reply = '{not json'")
    cache._db.commit()
    assert cache.get("k") is None
    assert cache.clear() == 1


def test_the_cli_caches_by_default_and_not_with_no_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from summarise.cli import main

    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        base = [str(article), "--json", "--base-url", server.base_url, "--model", "m"]
        runs = [main(base), main(base), main([*base, "--no-cache"])]
        assert len(server.requests) == 2  # the second call was replayed
    assert runs == [0, 0, 0]
    cached = [
        json.loads(chunk)["meta"]["cached"] for chunk in _json_objects(capsys.readouterr().out)
    ]
    assert cached == [False, True, False]
    assert (tmp_path / ".summarise" / "replies.sqlite").exists()  # the default, in the cwd


def _json_objects(text: str) -> list[str]:
    objects, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            start = i if depth == 0 else start
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                objects.append(text[start : i + 1])
    return objects


def test_batch_lines_carry_their_cost_with_a_price_table(tmp_path: Path) -> None:
    import json

    from summarise.cli import main

    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"m": [1.0, 2.0]}))
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "one", "text": TEXT}) + "\n")
    out = tmp_path / "out.jsonl"
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        status = main(
            ["batch", str(source), "--out", str(out), "--base-url", server.base_url,
             "--model", "m", "--prices", str(prices), "--no-cache"]
        )  # fmt: skip
    assert status == 0
    record = json.loads(out.read_text())
    assert record["cost_usd"] == pytest.approx((120 * 1.0 + 80 * 2.0) / 1e6)
