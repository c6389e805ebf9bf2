"""``--cache`` names a file of its own: naming ``--out``, the batch's input, an article
of an input folder or the article being summarised is refused, exit 2, before anything
is read, spent or moved; a cache path beside them is used. (That a file which is not
SQLite at all is never moved aside is ``tests/unit/test_state_on_disk.py``.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from summarise.cli import main
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": EXAMPLE}) + "\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "one.txt").write_text(EXAMPLE)
    (tmp_path / "article.txt").write_text(EXAMPLE)
    os.link(tmp_path / "folder" / "one.txt", tmp_path / "linked.sqlite")
    return tmp_path


CLASHES = {
    "cache is --out": ["batch", "in.jsonl", "--out", "same.jsonl", "--cache", "same.jsonl"],
    "cache is --out by a symlink": [
        "batch", "in.jsonl", "--out", "same.jsonl", "--cache", "link-to-same.jsonl",
    ],
    "cache is the input": ["batch", "in.jsonl", "--out", "o.jsonl", "--cache", "in.jsonl"],
    "cache is an article of the folder": [
        "batch", "folder", "--out", "o.jsonl", "--cache", "folder/one.txt",
    ],
    "cache would be read as an article": [
        "batch", "folder", "--out", "o.jsonl", "--cache", "folder/new.txt",
    ],
    "cache is a hard link to an article": [
        "batch", "folder", "--out", "o.jsonl", "--cache", "linked.sqlite",
    ],
    "cache is the article": ["article.txt", "--cache", "article.txt"],
}  # fmt: skip


@pytest.mark.parametrize("case", list(CLASHES))
def test_a_cache_sharing_a_file_with_the_work_is_refused(
    case: str, inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (inputs / "link-to-same.jsonl").symlink_to("same.jsonl")
    before = {p: p.read_bytes() for p in inputs.rglob("*") if p.is_file()}
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        argv = [*CLASHES[case], "--base-url", server.base_url, "--model", "s", "--no-ledger"]
        assert main(argv) == 2
        assert server.requests == []
    err = " ".join(capsys.readouterr().err.split())
    assert "the reply cache needs a file of its own" in err
    assert "--no-cache" in err
    assert {p: p.read_bytes() for p in inputs.rglob("*") if p.is_file()} == before
    assert not list(inputs.rglob("*.corrupt-*"))


@pytest.mark.parametrize(
    "argv",
    [
        ["batch", "in.jsonl", "--out", "o.jsonl", "--cache", "c.sqlite"],
        ["batch", "folder", "--out", "o.jsonl", "--cache", "folder/c.sqlite"],
        ["article.txt", "--cache", "c.sqlite"],
        ["batch", "in.jsonl", "--out", "o.jsonl", "--cache", "in.jsonl", "--no-cache"],
    ],
)
def test_a_cache_of_its_own_is_used(argv: list[str], inputs: Path) -> None:
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        assert main([*argv, "--base-url", server.base_url, "--model", "s", "--no-ledger"]) == 0
