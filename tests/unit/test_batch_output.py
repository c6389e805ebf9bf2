"""Batch output against kills at every byte: resume loses nothing and repeats nothing, and
every line is on disk, readable by another process, before ``write`` returns."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise import ConfigurationError, RetriesExhaustedError, Summariser
from summarise.batch import BatchItem, JsonlOutput
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

IDS = ["a", "b", "c", "d"]


def _result() -> Any:
    with Summariser(backend=FakeBackend([TRUE_SUMMARY])) as summariser:
        return summariser.summarise(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))


RESULT = _result()


def item(article_id: str) -> BatchItem:
    # A multi-byte character, so a cut can also fall inside one.
    return BatchItem(article_id, error=RetriesExhaustedError(f"failed «{article_id}»"))


def written(path: Path, ids: list[str]) -> bytes:
    with JsonlOutput(path) as out:
        for article_id in ids:
            out.write(item(article_id))
    return path.read_bytes()


def resume(path: Path) -> list[str]:
    """Reopen, write every id not yet done (as a rerun does), and return the ids in the
    file, in order."""
    with JsonlOutput(path) as out:
        for article_id in IDS:
            if article_id not in out.done:
                out.write(item(article_id))
    return [json.loads(line)["id"] for line in path.read_bytes().splitlines()]


def test_every_cut_in_the_last_two_lines_resumes_without_loss_or_repeat(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = written(tmp_path / "whole.jsonl", IDS)
    lines = whole.splitlines(keepends=True)
    start = len(whole) - len(lines[-1]) - len(lines[-2])
    for cut in range(start, len(whole) + 1):  # every byte offset of the last two lines
        path = tmp_path / f"cut-{cut}.jsonl"
        path.write_bytes(whole[:cut])
        complete = whole[:cut].count(b"\n")  # lines ending in a newline survived whole
        with JsonlOutput(path) as out:  # every line records an error: to be retried
            assert out.failed == set(IDS[:complete]), f"cut at byte {cut}"
            assert out.done == set()
        assert resume(path) == IDS[:complete] + IDS[complete:], f"cut at byte {cut}"


def test_a_line_cut_just_before_its_newline_is_redone_not_counted(tmp_path: Path) -> None:
    whole = written(tmp_path / "whole.jsonl", IDS)
    path = tmp_path / "out.jsonl"
    path.write_bytes(whole[:-1])  # the last record is valid JSON, but not a whole line
    json.loads(whole[:-1].splitlines()[-1])
    with JsonlOutput(path) as out:
        assert "d" not in out.failed
    assert path.read_bytes() == whole[: whole.rfind(b"\n", 0, len(whole) - 1) + 1]
    assert resume(path) == IDS


def test_each_line_is_readable_through_another_handle_before_close(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as out:
        for n, article_id in enumerate(IDS, start=1):
            out.write(item(article_id))
            with path.open(encoding="utf-8") as reader:  # as another process would
                seen = [json.loads(line)["id"] for line in reader]
            assert seen == IDS[:n]


def test_a_line_that_is_not_a_result_means_the_file_is_not_an_output(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    whole = written(path, ["a"])
    for junk in (b'{"no id": true}\n', b"[1, 2]\n", b'{"id": "b", "foo": 1}\n'):
        path.write_bytes(whole + junk)
        with pytest.raises(ConfigurationError, match="line 2 is not a batch result"):
            JsonlOutput(path)
        assert path.read_bytes() == whole + junk  # left as it was


# --- what reopening decides ----------------------------------------------------------------


def success(article_id: str) -> BatchItem:
    return BatchItem(article_id, result=RESULT)


def records_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_reopening_a_whole_file_warns_of_nothing_and_leaves_it_in_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "out.jsonl"
    whole = written(path, IDS)
    inode = path.stat().st_ino
    with caplog.at_level(logging.WARNING, logger="summarise"), JsonlOutput(path) as out:
        assert out.failed == set(IDS)
    assert caplog.records == []
    assert path.read_bytes() == whole
    assert path.stat().st_ino == inode  # not rewritten: a `tail -f` keeps following it


def test_a_cut_line_is_named_in_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "out.jsonl"
    whole = written(path, IDS)
    path.write_bytes(whole[:-5])
    with caplog.at_level(logging.WARNING, logger="summarise"), JsonlOutput(path):
        pass
    assert [r.getMessage() for r in caplog.records] == [
        f"summarise: {path} ended in a partial line (a killed run); it was removed and that "
        "article will be redone."
    ]


def test_a_success_is_never_replaced_by_a_later_failure_of_the_same_id(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as out:
        out.write(success("a"))
        assert (out.done, out.failed) == ({"a"}, set())
        out.write(item("a"))  # a failure after the success: the success still counts
        assert (out.done, out.failed) == ({"a"}, set())
    assert records_of(path) == [success("a").to_json()]
    # And the same read from a file that holds both (a kill came before the rewrite).
    path.write_bytes(line_of(success("a")) + line_of(item("a")) + line_of(item("b")))
    with JsonlOutput(path) as out:
        assert (out.done, out.failed) == ({"a"}, {"b"})
    assert path.read_bytes() == line_of(success("a")) + line_of(item("b"))


def test_of_two_failures_of_one_id_the_last_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    first = BatchItem("a", error=RetriesExhaustedError("first"))
    last = BatchItem("a", error=RetriesExhaustedError("last"))
    path.write_bytes(line_of(first) + line_of(item("b")) + line_of(last))
    with JsonlOutput(path) as out:
        assert (out.done, out.failed) == (set(), {"a", "b"})
    assert path.read_bytes() == line_of(last) + line_of(item("b"))  # in a's first place


def line_of(batch_item: BatchItem) -> bytes:
    return (json.dumps(batch_item.to_json(), ensure_ascii=False) + "\n").encode()


# --- what a write records --------------------------------------------------------------------


def test_a_write_counts_its_id_as_done_or_failed_at_once(tmp_path: Path) -> None:
    with JsonlOutput(tmp_path / "out.jsonl") as out:
        out.write(item("a"))
        assert (out.done, out.failed) == (set(), {"a"})
        out.write(success("b"))
        assert (out.done, out.failed) == ({"b"}, {"a"})
        out.write(success("a"))  # a retry that worked
        assert (out.done, out.failed) == ({"a", "b"}, set())


def test_retries_finishing_in_any_order_leave_the_ids_in_their_first_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as out:
        for article_id in "abcd":
            out.write(item(article_id))
    with JsonlOutput(path) as out:
        for article_id in "dbca":  # retries finish in another order
            out.write(success(article_id))
    assert [r["id"] for r in records_of(path)] == list("abcd")
    assert all("summary" in r for r in records_of(path))


def test_a_run_that_retried_nothing_is_not_rewritten_and_one_that_did_is(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as out:
        out.write(item("a"))
        out.write(success("b"))
    inode = path.stat().st_ino
    with JsonlOutput(path) as out:
        out.write(success("c"))  # a new id: nothing superseded
    assert path.stat().st_ino == inode
    assert [r["id"] for r in records_of(path)] == ["a", "b", "c"]
    with JsonlOutput(path) as out:
        out.write(success("a"))  # a retry: it takes the place of the failure it replaces
    assert [r["id"] for r in records_of(path)] == ["a", "b", "c"]
    assert all("error" not in r for r in records_of(path))


def test_a_line_is_utf_8_as_written_and_carries_its_cost_only_when_given(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as out:
        out.write(item("a"), cost_usd=0.0123)
        out.write(item("b"))
        out.write(item("c"), cost_usd=0.0)
    data = path.read_bytes()
    assert "failed «a»".encode() in data  # not \u00ab escapes: readable as it is
    assert b"\\u" not in data
    a, b, c = records_of(path)
    assert a["cost_usd"] == 0.0123
    assert "cost_usd" not in b
    assert c["cost_usd"] == 0.0
    assert set(a) == {"id", "error", "cost_usd"}


# --- where it may write, and the lock ------------------------------------------------------


def test_missing_folders_of_the_output_are_created(tmp_path: Path) -> None:
    path = tmp_path / "runs" / "today" / "out.jsonl"
    with JsonlOutput(path) as out:
        out.write(item("a"))
    assert [r["id"] for r in records_of(path)] == ["a"]


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").mkdir()
    with pytest.raises(ConfigurationError) as caught:
        JsonlOutput(tmp_path / "out.jsonl")
    assert str(caught.value) == f"--out {tmp_path / 'out.jsonl'} is a folder; name a file to write."


def test_an_output_under_a_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    path = tmp_path / "afile" / "out.jsonl"
    with pytest.raises(ConfigurationError) as caught:
        JsonlOutput(path)
    assert str(caught.value) == (
        f"Cannot write --out {path} (File exists); name a file in a folder you can write."
    )


def test_an_output_that_cannot_be_opened_is_refused_and_its_lock_released(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(written(path, ["a"]) + b"# a note\n")  # found only once locked
    with pytest.raises(ConfigurationError, match="line 2 is not a batch result"):
        JsonlOutput(path)
    lock = (tmp_path / "out.jsonl.lock").open("a")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: the failed open let it go
    lock.close()


def test_the_lock_beside_the_output_names_this_process_and_when_it_started(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path):
        held = (tmp_path / "out.jsonl.lock").read_text(encoding="utf-8")
        assert re.fullmatch(
            rf"process {os.getpid()}, started \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\n", held
        )
        with pytest.raises(ConfigurationError) as caught:
            JsonlOutput(path)
        assert str(caught.value) == (
            f"{path} is being written by another summarise batch ({held.strip()}). Wait for "
            "it to finish, or pass another --out."
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.lock"]


def test_a_lock_held_by_a_process_that_wrote_nothing_in_it_is_still_honoured(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.jsonl"
    holder = (tmp_path / "out.jsonl.lock").open("a")
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        with pytest.raises(ConfigurationError) as caught:
            JsonlOutput(path)
        assert "(another process). Wait for it to finish" in str(caught.value)
    finally:
        holder.close()
    assert not path.exists()  # refused before it touched the output


# --- kills anywhere in a history of runs -----------------------------------------------------

RUNS = st.lists(
    st.lists(st.tuples(st.sampled_from(IDS), st.booleans()), min_size=1, max_size=5),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(runs=RUNS, data=st.data())
def test_a_kill_at_any_byte_of_any_history_resumes_without_loss_or_repeat(
    runs: list[list[tuple[str, bool]]], data: st.DataObject
) -> None:
    """Runs appended their lines (successes and failures, retries of either) and were
    killed before any rewrite, the last one at any byte. Reopening counts exactly the
    whole lines, keeps one line per id with any success winning, and a finishing run
    ends with every id once, each a success."""
    lines = [line_of(success(i) if ok else item(i)) for run in runs for i, ok in run]
    whole = b"".join(lines)
    cut = data.draw(st.integers(0, len(whole)), label="cut")
    ends = [len(b"".join(lines[: n + 1])) for n in range(len(lines))]
    survived = [line for line, end in zip(lines, ends, strict=True) if end <= cut]
    succeeded = {json.loads(line)["id"] for line in survived if b'"error"' not in line}
    seen = {json.loads(line)["id"] for line in survived}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.jsonl"
        path.write_bytes(whole[:cut])
        with JsonlOutput(path) as out:
            assert (out.done, out.failed) == (succeeded, seen - succeeded)
            ids = [r["id"] for r in records_of(path)]
            assert sorted(ids) == sorted(seen)  # one line per id, none lost
            assert {r["id"] for r in records_of(path) if "error" not in r} == succeeded
            for article_id in IDS:
                if article_id not in out.done:
                    out.write(success(article_id))
        records = records_of(path)
        assert sorted(r["id"] for r in records) == IDS
        assert all("error" not in r for r in records)
