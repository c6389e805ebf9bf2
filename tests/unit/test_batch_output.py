"""Batch output against kills at every byte: resume loses nothing and repeats nothing, and
every line is on disk, readable by another process, before ``write`` returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarise import ConfigurationError, RetriesExhaustedError
from summarise.batch import BatchItem, JsonlOutput

IDS = ["a", "b", "c", "d"]


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
