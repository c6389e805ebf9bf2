"""Batches that lose or skip no work: failed articles are retried on a rerun with one line
kept per id, through any kill; --out never names the input; a reply cache that cannot be
used is one warning, never a lost batch."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from summarise import ReplyCache, TransportError
from summarise.backends import register_backend
from summarise.batch import BatchItem, JsonlOutput, summarise_many
from summarise.cli import main
from summarise.testing import FakeBackend
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
IDS = ["a", "b", "c", "d"]


def lines_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def outage(tmp_path: Path) -> dict[str, object]:
    """A backend that fails every article while ``state["down"]``, and counts the ids
    it is asked about."""
    state: dict[str, object] = {"down": True, "asked": []}

    class Flaky(FakeBackend):
        def extract(self, request):  # type: ignore[no-untyped-def]
            state["asked"].append(request.article.id)  # type: ignore[attr-defined]
            if state["down"]:
                raise TransportError("endpoint down", attempts=3)
            return super().extract(request)

    register_backend("flaky", lambda _s: Flaky(default=TRUE_SUMMARY), replace=True)
    source = tmp_path / "in.jsonl"
    # A text of its own for each id: the reply cache would answer a repeat of another.
    texts = {i: f"{EXAMPLE}\nArticle {i}." for i in IDS}
    source.write_text("".join(json.dumps({"id": i, "text": texts[i]}) + "\n" for i in IDS))
    return state


def batch(*extra: str) -> int:
    return main(["batch", "in.jsonl", "--out", "out.jsonl", "--backend", "flaky", *extra])


def test_a_rerun_after_an_outage_retries_the_failed_and_keeps_one_line_each(
    tmp_path: Path, outage: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert batch() == 1
    assert all("error" in r for r in lines_of(tmp_path / "out.jsonl"))
    outage["down"], outage["asked"] = False, []
    assert batch() == 0
    assert sorted(outage["asked"]) == IDS  # type: ignore[call-overload]
    records = lines_of(tmp_path / "out.jsonl")
    assert [r["id"] for r in records] == IDS  # one line each, the retry in place of the failure
    assert all("summary" in r for r in records)
    err = " ".join(capsys.readouterr().err.split())
    assert "4 summarised, 0 failed, 0 already done, 4 retried after failing before" in err
    assert not list(tmp_path.glob(".out.jsonl.rewrite"))


def test_a_rerun_asks_again_only_for_what_failed(
    tmp_path: Path, outage: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    outage["down"] = False
    out = tmp_path / "out.jsonl"
    with JsonlOutput(out) as output:  # a and c done, b failed, d never started
        for article_id in ("a", "c"):
            output.write(
                summarise_many([(article_id, EXAMPLE)], backend=FakeBackend(default=TRUE_SUMMARY))[
                    0
                ]
            )
        output.write(BatchItem("b", error=TransportError("down")))
    before = out.read_text().splitlines()
    assert batch() == 0
    assert sorted(outage["asked"]) == ["b", "d"]  # type: ignore[call-overload]
    after = out.read_text().splitlines()
    assert after[:1] == before[:1]  # a finished line is kept byte for byte
    assert sorted(json.loads(line)["id"] for line in after) == IDS
    assert "1 retried" in " ".join(capsys.readouterr().err.split())


def test_a_retry_that_fails_again_replaces_the_old_failure(
    tmp_path: Path, outage: dict[str, object]
) -> None:
    assert batch() == 1
    assert batch() == 1
    assert [r["id"] for r in lines_of(tmp_path / "out.jsonl")] == IDS


def result_line(article_id: str) -> bytes:
    # What a success line is to the output file: an id and no error. Kept short so that
    # every byte offset can be a kill point.
    record = {"id": article_id, "summary": {"gist": f"summary «{article_id}»"}}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode()


def error_line(article_id: str) -> bytes:
    item = BatchItem(article_id, error=TransportError(f"down «{article_id}»"))
    return (json.dumps(item.to_json(), ensure_ascii=False) + "\n").encode()


def test_a_kill_at_any_byte_of_a_retry_run_loses_no_line_and_leaves_no_duplicate(
    tmp_path: Path,
) -> None:
    """A first run left a done, b and c failed; the retry run appended b's success and c's
    second failure when it was killed, at every byte, before its rewrite. Reopening and
    finishing (as a rerun does) must end with one line per id, a and b's successes kept."""
    first = result_line("a") + error_line("b") + error_line("c")
    retry = result_line("b") + error_line("c")
    whole = first + retry
    for cut in range(len(first), len(whole) + 1):
        path = tmp_path / f"cut-{cut}.jsonl"
        path.write_bytes(whole[:cut])
        b_retried = cut >= len(first) + len(result_line("b"))
        with JsonlOutput(path) as out:
            assert out.done == ({"a", "b"} if b_retried else {"a"}), f"cut at {cut}"
            assert path.read_bytes().count(b'"id": "b"') == 1, f"cut at {cut}"  # rewritten
            for article_id in IDS:
                if article_id not in out.done:
                    out.write(BatchItem(article_id, error=TransportError("down")))
        records = [json.loads(line) for line in path.read_bytes().splitlines()]
        assert sorted(r["id"] for r in records) == IDS, f"cut at {cut}"
        assert "summary" in records[0], f"cut at {cut}"
        assert b_retried == any(r["id"] == "b" and "summary" in r for r in records)


def test_a_rewrite_cut_short_by_a_kill_is_discarded(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(result_line("a") + error_line("b"))
    (tmp_path / ".out.jsonl.rewrite").write_bytes(result_line("a")[:10])  # the kill's leftover
    with JsonlOutput(path) as out:
        assert out.done == {"a"}
        assert out.failed == {"b"}
    assert not (tmp_path / ".out.jsonl.rewrite").exists()
    assert path.read_bytes() == result_line("a") + error_line("b")


def test_a_second_output_on_the_same_file_is_refused_while_the_first_is_open(
    tmp_path: Path,
) -> None:
    from summarise import ConfigurationError

    with JsonlOutput(tmp_path / "out.jsonl"):
        with pytest.raises(ConfigurationError, match=r"another summarise batch \(process \d+"):
            JsonlOutput(tmp_path / "out.jsonl")
    with JsonlOutput(tmp_path / "out.jsonl"):  # released on close
        pass


@pytest.mark.parametrize("out", ["in.jsonl", "./in.jsonl", "sub/../in.jsonl"])
def test_out_naming_the_input_is_refused(
    tmp_path: Path, outage: dict[str, object], out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    before = (tmp_path / "in.jsonl").read_bytes()
    assert main(["batch", "in.jsonl", "--out", out, "--backend", "flaky"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "would overwrite or be read as the batch's input" in err
    assert (tmp_path / "in.jsonl").read_bytes() == before
    assert outage["asked"] == []


def test_out_as_an_article_inside_the_input_folder_is_refused_and_beside_it_is_not(
    tmp_path: Path, outage: dict[str, object]
) -> None:
    outage["down"] = False
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "one.txt").write_text(EXAMPLE)
    assert main(["batch", "folder", "--out", "folder/out.txt", "--backend", "flaky"]) == 2
    assert main(["batch", "folder", "--out", "folder/out.jsonl", "--backend", "flaky"]) == 0
    assert main(["batch", "folder", "--out", "out.txt", "--backend", "flaky"]) == 0


def unwritable_cache(path: Path) -> None:
    """A cache SQLite itself treats as read-only, whoever runs the test (root included):
    a write version above 2 in the header (byte 18) makes any writer refuse it."""
    cache = ReplyCache(path)
    cache.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    data = bytearray(path.read_bytes())
    data[18:20] = bytes([3, 1])  # write version 3, read version 1
    path.write_bytes(bytes(data))


def foreign_table(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE replies (id INTEGER PRIMARY KEY, body BLOB)")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(unwritable_cache, id="read-only"),
        pytest.param(foreign_table, id="another-table-layout"),
        pytest.param(lambda path: path.mkdir(), id="a-folder-at-the-cache-path"),
    ],
)
def test_a_cache_that_cannot_be_used_is_one_warning_and_the_batch_goes_on(
    tmp_path: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "replies.sqlite"
    damage(cache)  # type: ignore[operator]
    before = cache.read_bytes() if cache.is_file() else None
    source = tmp_path / "in.jsonl"
    # A text of its own for each id: the reply cache would answer a repeat of another.
    texts = {i: f"{EXAMPLE}\nArticle {i}." for i in IDS}
    source.write_text("".join(json.dumps({"id": i, "text": texts[i]}) + "\n" for i in IDS))
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server, caplog.at_level(logging.WARNING):
        argv = ["batch", str(source), "--out", "out.jsonl", "--cache", str(cache)]
        assert main([*argv, "--base-url", server.base_url, "--model", "scripted"]) == 0
    records = lines_of(tmp_path / "out.jsonl")
    assert sorted(r["id"] for r in records) == IDS
    assert all("summary" in r for r in records)
    warnings = [r for r in caplog.records if "reply cache" in r.getMessage()]
    assert len(warnings) == 1, [w.getMessage() for w in warnings]  # once, not per article
    assert "--no-cache" in warnings[0].getMessage()
    if before is not None:
        assert cache.read_bytes() == before  # someone else's file is left as it was


def test_a_read_only_cache_still_replays_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    cache.put("k", {"v": 1})
    cache.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    data = bytearray(path.read_bytes())
    data[18:20] = bytes([3, 1])
    path.write_bytes(bytes(data))
    cache = ReplyCache(path)
    cache.put("k2", {"v": 2})  # refused by SQLite: a warning, not an error
    assert cache.get("k") == {"v": 1}
    assert cache.get("k2") is None
    assert cache.problem is not None


def test_cache_clear_on_a_cache_that_cannot_be_used_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "replies.sqlite").mkdir()
    assert main(["cache", "clear", "--cache", "replies.sqlite"]) == 2
    assert "Cannot clear the reply cache" in capsys.readouterr().err
