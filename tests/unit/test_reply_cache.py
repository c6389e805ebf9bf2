"""The reply cache on its own: what goes in comes out whole, replaced by key, cleared,
counted, shared across handles, and a recorded extraction replays field for field."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, Json

from summarise import ConfigurationError, ReplyCache, Summariser
from summarise.article import load_article
from summarise.backends import Extraction, ExtractionRequest
from summarise.backends.cached import CachedBackend, request_key
from summarise.cache import cache_key
from summarise.config import resolve_settings
from summarise.planning import RequestPlanner
from summarise.schema_types import get_schema_type, register_schema_type
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
    # A part JSON has no type for (a path, a date) is keyed by its text, not refused.
    assert cache_key({"model_path": Path("m.gguf")}) == cache_key({"model_path": "m.gguf"})


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


# --- trouble: each kind is one exact warning, and what still works ---------------------------


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "summarise"]


def going_on(path: Path, problem: str) -> str:
    return (
        f"summarise: the reply cache {path} {problem}; going on without it. Fix or remove the "
        "file, or pass --cache PATH or --no-cache."
    )


@pytest.mark.parametrize(
    ("make", "layout"),
    [
        ("CREATE TABLE notes (body TEXT)", "tables ['notes']"),
        ("CREATE TABLE replies (id INTEGER, body BLOB)",
         "tables ['replies'], replies has ['body', 'id']"),
        ("CREATE TABLE replies (key TEXT, body BLOB); CREATE TABLE notes (x)",
         "tables ['notes', 'replies'], replies has ['body', 'key']"),
        ("CREATE TABLE t (key TEXT, reply TEXT); CREATE VIEW replies AS SELECT * FROM t",
         "tables ['replies', 't'], replies has ['key', 'reply'], replies is a view"),
        ("CREATE VIEW replies AS SELECT 'k' AS key, 'r' AS reply",
         "tables ['replies'], replies has ['key', 'reply'], replies is a view"),
    ],
    ids=["other-tables", "other-columns", "no-reply-column", "a-view", "only-a-view"],
)  # fmt: skip
def test_someone_elses_database_is_left_alone_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, make: str, layout: str
) -> None:
    path = tmp_path / "replies.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(make)
    before = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
        cache.put("k", {"v": 1})
        assert cache.get("k") is None
    problem = (
        f"cannot be opened (a SQLite database of something else ({layout}), not a reply cache)"
    )
    assert cache.problem == problem
    assert warnings_of(caplog) == [going_on(path, problem)]
    assert len(cache) == 0
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))  # a database: never moved aside


def test_a_database_with_a_replies_table_and_others_is_used(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE replies (key TEXT PRIMARY KEY, created TEXT, reply TEXT NOT NULL);"
            "CREATE TABLE notes (x)"
        )
    cache = ReplyCache(path)
    cache.put("k", {"v": 1})
    assert cache.get("k") == {"v": 1}
    assert cache.problem is None


def test_an_unreadable_file_is_moved_aside_with_the_time_in_its_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    damaged = b"SQLite format 3\x00" + b"not a database " * 100  # a cache, overwritten
    path.write_bytes(damaged)
    before = int(time.time())
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
    (aside,) = tmp_path.glob("replies.sqlite.corrupt-*")
    stamp = int(aside.name.rpartition("-")[2])
    assert before <= stamp <= time.time()
    assert aside.read_bytes() == damaged  # kept whole, for inspection
    assert warnings_of(caplog) == [
        f"summarise: the reply cache {path} was unreadable (file is not a database); moved "
        f"to {aside} and rebuilt."
    ]
    assert cache.problem is None
    cache.put("k", {"v": 1})
    assert cache.get("k") == {"v": 1}


def test_a_folder_at_the_cache_path_is_one_warning_and_never_moved(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    path.mkdir()
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
        cache.put("k", {"v": 1})
        assert cache.get("k") is None
    assert path.is_dir()
    assert cache.problem == "cannot be opened (unable to open database file)"
    assert warnings_of(caplog) == [going_on(path, cache.problem)]
    assert len(cache) == 0
    cache.close()


def test_a_cache_under_a_file_says_why_it_cannot_be_opened(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "afile").write_text("x")
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(tmp_path / "afile" / "replies.sqlite")
    assert cache.problem == "cannot be opened (File exists)"
    assert cache.get("k") is None


def test_a_read_only_cache_replays_and_says_new_replies_are_not_recorded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    cache.put("k", {"v": 1})
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    data = bytearray(path.read_bytes())
    data[18:20] = bytes([3, 1])  # a write version no writer accepts: read-only to SQLite
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
        assert cache.problem == "cannot be written (attempt to write a readonly database)"
        assert len(warnings_of(caplog)) == 1  # said at opening, before any write
        cache.put("k2", {"v": 2})
    assert cache.get("k") == {"v": 1}
    assert cache.get("k2") is None
    assert len(cache) == 1
    assert cache.problem is not None
    assert cache.problem.startswith("cannot be written (")
    (message,) = warnings_of(caplog)
    assert message == (
        f"summarise: the reply cache {path} {cache.problem}; recorded replies are still "
        "replayed, new ones are not recorded. Fix or remove the file, or pass --cache PATH "
        "or --no-cache."
    )
    with pytest.raises(ConfigurationError) as caught:
        cache.clear()
    assert str(caught.value) == (
        f"Cannot clear the reply cache {path}: {cache.problem}. Fix or remove the file, or "
        "pass --cache PATH."
    )
    assert cache.get("k") == {"v": 1}  # clear refused: nothing removed


def test_a_cache_whose_table_disappears_warns_once_and_goes_on_without_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    cache.put("k", {"v": 1})
    with sqlite3.connect(path) as other:
        other.execute("DROP TABLE replies")
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache.put("k2", {"v": 2})  # cannot be written: still read
        assert cache.get("k") is None  # cannot be read either: out of use
        assert cache.get("k") is None
        cache.put("k3", {"v": 3})
    assert cache.problem == "cannot be written (no such table: replies)"
    assert warnings_of(caplog) == [
        f"summarise: the reply cache {path} cannot be written (no such table: replies); "
        "recorded replies are still replayed, new ones are not recorded. Fix or remove the "
        "file, or pass --cache PATH or --no-cache."
    ]
    assert len(cache) == 0


def test_a_cache_made_in_one_thread_is_used_from_another(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    seen: list[Any] = []

    def work() -> None:
        cache.put("k", {"v": 1})
        seen.append(cache.get("k"))
        seen.append(len(cache))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen == [{"v": 1}, 1]
    assert cache.problem is None


def test_a_reply_is_stored_as_canonical_json(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    cache.put("k", {"b": 1, "a": "é"})
    (stored,) = sqlite3.connect(path).execute("SELECT reply FROM replies").fetchone()
    assert stored == '{"a": "\\u00e9", "b": 1}'


def test_clear_counts_what_it_removed_and_a_second_clear_removes_nothing(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    for i in range(3):
        cache.put(f"k{i}", {"v": i})
    assert cache.clear() == 3
    assert cache.clear() == 0
    assert ReplyCache(tmp_path / "replies.sqlite").get("k0") is None  # committed


def read_only(path: Path) -> None:
    """Make the database at ``path`` one SQLite itself refuses to write, whoever runs."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    data = bytearray(path.read_bytes())
    data[18:20] = bytes([3, 1])
    path.write_bytes(bytes(data))


def test_a_read_only_database_without_the_cache_table_is_left_where_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")  # a database, empty, someone's
    read_only(path)
    before = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
    assert cache.problem == "cannot be opened (attempt to write a readonly database)"
    assert warnings_of(caplog) == [going_on(path, cache.problem)]
    assert path.read_bytes() == before  # a database SQLite can read: never moved aside
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_table_of_just_key_and_reply_is_a_cache(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE replies (key TEXT PRIMARY KEY, reply TEXT NOT NULL)")
    cache = ReplyCache(path)
    assert cache.problem is None
    cache.put("k", {"v": 1})
    assert cache.get("k") == {"v": 1}


def test_a_cache_that_cannot_be_read_says_so_and_goes_on_without_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    with sqlite3.connect(path) as other:
        other.execute("DROP TABLE replies")
    with caplog.at_level(logging.WARNING, logger="summarise"):
        assert cache.get("k") is None
        cache.put("k", {"v": 1})  # out of use: not even tried
    assert cache.problem == "cannot be read (no such table: replies)"
    assert warnings_of(caplog) == [going_on(path, cache.problem)]
    assert len(cache) == 0
    with sqlite3.connect(path) as other:
        assert other.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_once_a_write_failed_nothing_more_is_written_in_this_run(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    with sqlite3.connect(path) as other:
        other.execute("ALTER TABLE replies RENAME TO kept")
    cache.put("k1", {"v": 1})  # fails: one warning, and writing stops
    with sqlite3.connect(path) as other:
        other.execute("ALTER TABLE kept RENAME TO replies")
    cache.put("k2", {"v": 2})
    assert cache.problem == "cannot be written (no such table: replies)"
    assert cache.get("k2") is None  # still read, never written again
    assert len(cache) == 0


def test_a_closed_cache_is_one_file_with_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    cache.put("k", {"v": 1})
    assert (tmp_path / "replies.sqlite-wal").exists()  # WAL while open
    cache.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replies.sqlite"]
    copy = tmp_path / "copy" / "replies.sqlite"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())  # so it can be copied as it is
    assert ReplyCache(copy).get("k") == {"v": 1}


def test_a_key_is_made_of_the_identity_and_the_request_hashes_so_old_entries_still_match() -> None:
    inner = Recorded()
    news = get_schema_type("news")
    (request,) = RequestPlanner(news, inner, resolve_settings(env={})).plan(load_article(TEXT))
    identity = {"backend": "openai", "model": "m-1", "params": {"temperature": 0.0}}
    # The messages are hashed as canonical JSON that keeps non-ASCII text as it is.
    messages = json.dumps(request.messages, sort_keys=True, ensure_ascii=False)
    assert "’" in messages  # the example article's apostrophe: ASCII escaping would differ
    expected = cache_key(
        {
            **identity,
            "template": news.template.sha256,
            "schema": news.schema_sha256,
            "article": request.article.sha256,
            "messages": hashlib.sha256(messages.encode()).hexdigest(),
        }
    )
    assert request_key(request, identity) == expected


def test_an_entry_recorded_without_the_reasked_flag_replays_as_not_reasked(
    tmp_path: Path,
) -> None:
    inner = Recorded()
    news = get_schema_type("news")
    (request,) = RequestPlanner(news, inner, resolve_settings(env={})).plan(load_article(TEXT))
    cache = ReplyCache(tmp_path / "replies.sqlite")
    wrapped = CachedBackend(inner, cache, {"model": "m-1"})
    key = request_key(request, wrapped.identity)
    cache.put(key, {"value": TRUE_SUMMARY, "usage": {"prompt_tokens": 5}, "attempts": 1})
    replayed = wrapped.extract(request)
    assert inner.calls == []
    assert replayed.cached is True
    assert replayed.reasked is False
    assert (replayed.model, replayed.mode, replayed.raw_output) == (None, None, None)


class Unusual(BaseModel):
    """A user's schema type with what JSON does not carry as such: a date, a field whose
    name is a Python keyword (so it has an alias), and a JSON-in-a-string field."""

    model_config = ConfigDict(extra="forbid")

    when: date = Field(description="When it happened.")
    from_: str = Field(alias="from", description="Where it came from.")
    payload: Json[list[int]] = Field(description="Numbers, as JSON text.")


def test_a_reply_of_any_pydantic_type_is_replayed_from_the_cache(tmp_path: Path) -> None:
    template = "{% block system %}s{% endblock %}{% block user %}{{ article }}{% endblock %}"
    register_schema_type("unusual_test", model=Unusual, template=template, replace=True)
    reply = {"when": "2024-03-01", "from": "Moscow", "payload": "[1, 2]"}
    fake = FakeBackend(default=reply)
    fake.cacheable = True
    cache = ReplyCache(tmp_path / "replies.sqlite")
    with Summariser(backend=fake, cache=cache, schema="unusual_test") as summariser:
        first = summariser.summarise(TEXT)
        again = summariser.summarise(TEXT)
    assert len(fake.calls) == 1  # the second was replayed, not asked again
    assert (first.meta.cached, again.meta.cached) == (False, True)
    assert again.summary == first.summary
    assert again.summary.when == date(2024, 3, 1)
    assert again.summary.payload == [1, 2]


def test_every_missing_folder_of_the_cache_path_is_created(tmp_path: Path) -> None:
    path = tmp_path / "state" / "caches" / "replies.sqlite"
    cache = ReplyCache(path)
    assert cache.problem is None
    cache.put("k", {"v": 1})
    assert ReplyCache(path).get("k") == {"v": 1}
