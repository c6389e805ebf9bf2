"""Bad paths and records given to the command line are typed errors, exit 2, that say what
to do, with no traceback: through the real CLI in a subprocess, so that a read that would
block (a FIFO) or a crash shows as what it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, cli_env
from tests.fabrication import TRUE_SUMMARY

# Nothing is asked of this endpoint: every case fails before the first request.
NO_CALLS = ["--base-url", "http://127.0.0.1:9/v1", "--model", "unused", "--no-cache"]


def articles(here: Path) -> Path:
    folder = here / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(EXAMPLE_ARTICLE.read_text())
    return folder


def records(here: Path, record: object) -> Path:
    source = here / "in.jsonl"
    source.write_text(json.dumps(record) + "\n")
    return source


def out_is_a_folder(here: Path) -> list[str]:
    (here / "out.jsonl").mkdir()
    return ["batch", str(articles(here)), "--out", "out.jsonl", *NO_CALLS]


def out_under_a_file(here: Path) -> list[str]:
    (here / "afile").write_text("x")
    return ["batch", str(articles(here)), "--out", "afile/out.jsonl", *NO_CALLS]


def a_folder_named_like_an_article(here: Path) -> list[str]:
    folder = articles(here)
    (folder / "x.txt").mkdir()
    return ["batch", str(folder), "--out", "out.jsonl", *NO_CALLS]


def a_fifo_named_like_an_article(here: Path) -> list[str]:
    folder = articles(here)
    os.mkfifo(folder / "x.txt")
    return ["batch", str(folder), "--out", "out.jsonl", *NO_CALLS]


def text_is_null(here: Path) -> list[str]:
    return ["batch", str(records(here, {"id": "a", "text": None})), "--out", "o.jsonl", *NO_CALLS]


def text_is_an_object(here: Path) -> list[str]:
    source = records(here, {"id": "a", "text": {"body": "x"}})
    return ["batch", str(source), "--out", "o.jsonl", *NO_CALLS]


def id_is_null(here: Path) -> list[str]:
    return ["batch", str(records(here, {"id": None, "text": "x"})), "--out", "o.jsonl", *NO_CALLS]


def state_folder_is_a_file(here: Path) -> list[str]:
    (here / ".summarise").write_text("my notes")
    argv = ["batch", str(articles(here)), "--out", "out.jsonl"]
    return [*argv, "--base-url", "http://127.0.0.1:9/v1", "--model", "unused"]  # default cache


def state_folder_is_a_file_for_the_article_command(here: Path) -> list[str]:
    (here / ".summarise").write_text("my notes")
    return [str(EXAMPLE_ARTICLE), "--base-url", "http://127.0.0.1:9/v1", "--model", "unused"]


def model_path_is_not_a_model(here: Path) -> list[str]:
    (here / "notes.gguf").write_text("not a model")
    argv = [str(EXAMPLE_ARTICLE), "--backend", "llama-cpp", "--model-path", "notes.gguf"]
    return [*argv, "--no-cache"]


CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "out is a folder": (out_is_a_folder, "is a folder; name a file"),
    "out under a file": (out_under_a_file, "Cannot write --out"),
    "folder named x.txt": (a_folder_named_like_an_article, "not a regular file"),
    "FIFO named x.txt": (a_fifo_named_like_an_article, "not a regular file"),
    "text null": (text_is_null, "'text' must be a string, not null"),
    "text object": (text_is_an_object, "'text' must be a string, not an object"),
    "id null": (id_is_null, "'id' must be a non-empty string or an integer"),
    ".summarise a file (batch)": (state_folder_is_a_file, "move the file away"),
    ".summarise a file (article)": (state_folder_is_a_file_for_the_article_command, "--no-cache"),
    "model path not GGUF": (model_path_is_not_a_model, "is not a GGUF model file"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_path_or_record_exits_2_with_the_fix_and_no_traceback(
    case: str, tmp_path: Path
) -> None:
    make, says = CASES[case]
    argv = make(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "summarise.cli", *argv],
        env=cli_env(), cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    err = " ".join(done.stderr.split())  # rich wraps long lines
    assert done.returncode == 2, err
    assert says in err
    assert "Traceback" not in err
    assert not (tmp_path / "o.jsonl").exists()


def test_the_same_inputs_made_good_are_accepted(tmp_path: Path) -> None:
    """The other side of the cases above: an integer id with string text, a subfolder not
    named like an article, and a --out file in a folder that exists are all summarised."""
    folder = articles(tmp_path)
    (folder / "drafts").mkdir()
    source = records(tmp_path, {"id": 7, "text": EXAMPLE_ARTICLE.read_text()})
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        for argv in (
            ["batch", str(folder), "--out", "out.jsonl"],
            ["batch", str(source), "--out", "out2.jsonl"],
        ):
            backend = ["--base-url", server.base_url, "--model", "scripted", "--no-cache"]
            done = subprocess.run(
                [sys.executable, "-m", "summarise.cli", *argv, *backend],
                env=cli_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
    for out, ids in (("out.jsonl", ["one.txt"]), ("out2.jsonl", ["7"])):
        lines = (tmp_path / out).read_text().splitlines()
        assert [json.loads(line)["id"] for line in lines] == ids
