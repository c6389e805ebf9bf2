"""The reply cache on its own: what goes in comes out whole, replaced by key, cleared,
counted, shared across handles, and a recorded extraction replays field for field."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from summarise import ReplyCache, Summariser
from summarise.article import load_article
from summarise.backends import Extraction, ExtractionRequest
from summarise.backends.cached import CachedBackend
from summarise.cache import cache_key
from summarise.config import resolve_settings
from summarise.planning import RequestPlanner
from summarise.schema_types import get_schema_type
from summarise.testing import FakeBackend
from summarise.types import Usage
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def test_cache_key_is_the_sha256_of_canonical_json() -> None:
    import hashlib

    parts = {"b": [1, 2], "a": "x"}
    canonical = json.dumps(parts, sort_keys=True, default=str).encode()
    assert cache_key(parts) == hashlib.sha256(canonical).hexdigest()
    assert cache_key({"a": "x", "b": [1, 2]}) == cache_key(parts)
    assert cache_key({"a": "x", "b": [2, 1]}) != cache_key(parts)
    assert len(cache_key({})) == 64


def test_put_get_replace_count_and_clear(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "deep" / "replies.sqlite")  # the folder is created
    assert cache.get("k") is None
    assert len(cache) == 0
    cache.put("k", {"value": {"é": 1}, "n": [1, 2]})
    assert cache.get("k") == {"value": {"é": 1}, "n": [1, 2]}
    cache.put("k", {"value": 2})
    assert cache.get("k") == {"value": 2}
    cache.put("other", {"value": 3})
    assert len(cache) == 2
    assert cache.clear() == 2
    assert len(cache) == 0
    assert cache.get("k") is None
    assert repr(cache) == f"ReplyCache({str(tmp_path / 'deep' / 'replies.sqlite')!r})"
    cache.close()


def test_an_entry_written_by_one_handle_is_read_by_another(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    writer, reader = ReplyCache(path), ReplyCache(path)
    writer.put("k", {"value": 1})
    assert reader.get("k") == {"value": 1}
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"  # concurrent readers and a writer


@pytest.mark.parametrize("stored", ["not json", "[1, 2]", "42"])
def test_an_entry_that_is_not_a_json_object_reads_as_a_miss(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO replies (key, reply) VALUES ('k', ?)", (stored,))
    assert cache.get("k") is None


RECORDED = {
    "usage": Usage(prompt_tokens=11, completion_tokens=7, requests=2),
    "attempts": 3,
    "model": "m-1",
    "mode": "tools",
    "raw_output": '{"gist": "..."}',
    "reasked": True,
}


class Recorded(FakeBackend):
    """Answers with an extraction whose every field is set, to see each replayed."""

    cacheable = True

    def extract(self, request: ExtractionRequest[Any]) -> Extraction[Any]:
        self.calls.append(request)
        return Extraction(request.response_model.model_validate(TRUE_SUMMARY), **RECORDED)


def test_a_recorded_extraction_replays_field_for_field(tmp_path: Path) -> None:
    inner = Recorded()
    news = get_schema_type("news")
    (request,) = RequestPlanner(news, inner, resolve_settings(env={})).plan(load_article(TEXT))
    wrapped = CachedBackend(inner, ReplyCache(tmp_path / "replies.sqlite"), {"model": "m-1"})
    first = wrapped.extract(request)
    again = wrapped.extract(request)
    assert len(inner.calls) == 1
    assert (first.cached, again.cached) == (False, True)
    for field, value in RECORDED.items():
        assert getattr(again, field) == value, field
    assert again.value == first.value


def test_a_stale_entry_is_asked_again_and_overwritten(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    fake = FakeBackend(default=TRUE_SUMMARY)
    fake.cacheable = True
    with Summariser(backend=fake, cache=cache) as summariser:
        summariser.summarise(TEXT)
        (key,) = [row[0] for row in cache._db.execute("SELECT key FROM replies")]
        cache.put(key, {"value": {"not": "a summary"}, "usage": {}, "attempts": 1})
        result = summariser.summarise(TEXT)
    assert len(fake.calls) == 2
    assert result.meta.cached is False
    assert cache.get(key)["value"]["gist"] == TRUE_SUMMARY["gist"]  # type: ignore[index]


def test_the_async_path_records_and_replays_the_same_way(tmp_path: Path) -> None:
    import asyncio

    inner = Recorded()
    news = get_schema_type("news")
    (request,) = RequestPlanner(news, inner, resolve_settings(env={})).plan(load_article(TEXT))
    cache = ReplyCache(tmp_path / "replies.sqlite")
    wrapped = CachedBackend(inner, cache, {"model": "m-1"})

    async def twice() -> tuple[Extraction[Any], Extraction[Any]]:
        return await wrapped.aextract(request), await wrapped.aextract(request)

    first, again = asyncio.run(twice())
    assert len(inner.calls) == 1
    assert (first.cached, again.cached) == (False, True)
    for field, value in RECORDED.items():
        assert getattr(again, field) == value, field
    # The sync path reads what the async path wrote: one key for both.
    assert wrapped.extract(request).cached
    assert len(inner.calls) == 1
    assert len(cache) == 1
