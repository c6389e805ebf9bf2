"""A batch output's lines have an explicit shape: a success is an object with an ``id``
and a ``summary``, a failure one with an ``id`` and an ``error``. An existing ``--out``
holding any other line (a copy of the input, someone else's JSONL, a junk line with an
id) is not a batch output: refused, untouched, before anything is spent; ``--out`` that
is the input by another name (a hard link) is refused too. The other side: a real
output, blank lines and a last line a kill cut short included, is resumed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarise.batch import BatchItem, JsonlOutput
from summarise.batch_output import _id_of
from summarise.cli import main
from summarise.errors import ConfigurationError, TransportError
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def line(record: object) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode()


SUCCESS = line({"id": "a0", "summary": {"gist": "x"}, "usage": {}})
FAILURE = line(BatchItem("a1", error=TransportError("down", attempts=2)).to_json())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=5))
def test_an_object_is_a_result_only_with_an_id_and_a_summary_or_an_error(
    record: dict[str, object],
) -> None:
    found = _id_of(line(record))
    has_id = isinstance(record.get("id"), str | int) and not isinstance(record.get("id"), bool)
    if isinstance(record.get("error"), dict) and has_id:
        assert found == (str(record["id"]), False)
    elif isinstance(record.get("summary"), dict) and has_id:
        assert found == (str(record["id"]), True)
    elif not isinstance(record.get("id"), bool):
        assert found is None


def test_what_batch_writes_is_a_result() -> None:
    assert _id_of(SUCCESS) == ("a0", True)
    assert _id_of(FAILURE) == ("a1", False)


@pytest.mark.parametrize(
    "junk",
    [
        line({"id": "a0", "foo": 1}),  # an id and nothing else: once skipped for good
        line({"id": "a0", "text": EXAMPLE}),  # an input record
        line({"id": "a0", "summary": "not an object"}),
        b"not json\n",
        b"\xff\xfe\n",
    ],
)
def test_a_file_with_a_line_that_is_not_a_result_is_refused_untouched(
    junk: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(SUCCESS + junk + FAILURE)
    with pytest.raises(ConfigurationError, match=r"line 2 is not a batch result.*another --out"):
        JsonlOutput(path)
    assert path.read_bytes() == SUCCESS + junk + FAILURE


def test_a_last_line_that_is_not_a_result_cut_short_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my notes, no newline at the end")
    with pytest.raises(ConfigurationError, match="line 1 is not a batch result"):
        JsonlOutput(path)
    assert path.read_bytes() == b"my notes, no newline at the end"


@pytest.mark.parametrize("cut", [1, 5, 8, 12, -1])  # -1: all but the newline
def test_a_real_output_with_blank_lines_and_a_cut_last_line_is_resumed(
    cut: int, tmp_path: Path
) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(SUCCESS + b"\n" + FAILURE + line({"id": "a2", "summary": {}})[:cut])
    with JsonlOutput(path) as out:
        assert out.done == {"a0"}
        assert out.failed == {"a1"}
    assert path.read_bytes() == SUCCESS + b"\n" + FAILURE


def records(path: Path, ids: list[str]) -> None:
    texts = "".join(json.dumps({"id": i, "text": f"{EXAMPLE}\nArticle {i}."}) + "\n" for i in ids)
    path.write_text(texts)


@pytest.mark.parametrize("how", ["copy", "hard link", "symlink"])
def test_out_that_is_the_input_or_a_copy_of_it_is_refused_before_any_request(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records(tmp_path / "in.jsonl", ["a0", "a1"])
    before = (tmp_path / "in.jsonl").read_bytes()
    if how == "copy":
        (tmp_path / "out.jsonl").write_bytes(before)
    elif how == "hard link":
        os.link(tmp_path / "in.jsonl", tmp_path / "out.jsonl")
    else:
        (tmp_path / "out.jsonl").symlink_to("in.jsonl")
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        argv = ["batch", "in.jsonl", "--out", "out.jsonl", "--no-cache", "--no-ledger"]
        assert main([*argv, "--base-url", server.base_url, "--model", "scripted"]) == 2
        assert server.requests == []
    err = " ".join(capsys.readouterr().err.split())
    assert "already done" not in err
    assert ("not a batch output" if how == "copy" else "batch's input") in err
    assert (tmp_path / "in.jsonl").read_bytes() == before


def test_out_that_is_a_hard_link_to_an_article_of_the_input_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(EXAMPLE)
    os.link(tmp_path / "in" / "one.txt", tmp_path / "out.jsonl")
    argv = ["batch", "in", "--out", "out.jsonl", "--no-cache", "--no-ledger"]
    assert main([*argv, "--base-url", "http://127.0.0.1:9/v1", "--model", "x"]) == 2
    assert "batch's input" in capsys.readouterr().err
    assert (tmp_path / "in" / "one.txt").read_text() == EXAMPLE


def test_an_output_of_another_input_is_resumed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other side: an --out that is a real batch output, of other ids, is appended to."""
    records(tmp_path / "in.jsonl", ["a2"])
    (tmp_path / "out.jsonl").write_bytes(SUCCESS + FAILURE)
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        argv = ["batch", "in.jsonl", "--out", "out.jsonl", "--no-cache", "--no-ledger"]
        assert main([*argv, "--base-url", server.base_url, "--model", "scripted"]) == 0
    ids = [json.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert ids == ["a0", "a1", "a2"]
