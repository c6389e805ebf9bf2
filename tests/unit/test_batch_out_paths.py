"""What ``--out`` may be. A symlink is followed: the file it leads to is locked and
rewritten, so two names of one file have one writer and a symlinked output stays a
symlink. An existing ``--out`` that is not a regular file (a FIFO, ``/dev/stdout``,
``/dev/null``, ``/dev/stdin``) and a path ending in a separator are refused, exit 2,
before any lock file is made; the other side of each rule is written to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarise.batch import BatchItem, JsonlOutput
from summarise.errors import ConfigurationError, TransportError
from tests.conftest import cli_env

NO_CALLS = ["--base-url", "http://127.0.0.1:9/v1", "--model", "unused", "--no-cache"]


def failure(article_id: str) -> BatchItem:
    return BatchItem(article_id, error=TransportError("down", attempts=1))


def test_two_names_of_one_output_share_one_lock(tmp_path: Path) -> None:
    (tmp_path / "link.jsonl").symlink_to("two.jsonl")
    with JsonlOutput(tmp_path / "two.jsonl"):
        with pytest.raises(ConfigurationError, match="being written by another"):
            JsonlOutput(tmp_path / "link.jsonl")
    with JsonlOutput(tmp_path / "link.jsonl"):  # released: the link's turn
        with pytest.raises(ConfigurationError, match="being written by another"):
            JsonlOutput(tmp_path / "two.jsonl")


def test_a_retry_rewrite_through_a_symlink_keeps_the_symlink(tmp_path: Path) -> None:
    link, target = tmp_path / "link.jsonl", tmp_path / "real" / "two.jsonl"
    target.parent.mkdir()
    link.symlink_to(target)
    with JsonlOutput(link) as out:
        out.write(failure("a"))
    with JsonlOutput(link) as out:  # a retry: the failure is superseded and dropped
        assert out.failed == {"a"}
        out.write(failure("a"))
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert len(target.read_text().splitlines()) == 1
    assert not (tmp_path / "link.jsonl.lock").exists()  # the lock is beside the file
    assert (target.parent / "two.jsonl.lock").exists()


def test_a_dangling_symlink_output_is_created_at_its_target(tmp_path: Path) -> None:
    (tmp_path / "link.jsonl").symlink_to("new.jsonl")
    with JsonlOutput(tmp_path / "link.jsonl") as out:
        out.write(failure("a"))
    assert (tmp_path / "link.jsonl").is_symlink()
    assert json.loads((tmp_path / "new.jsonl").read_text())["id"] == "a"


def run_batch(out: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    (cwd / "in.jsonl").write_text(json.dumps({"id": "a", "text": "Some news."}) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "summarise.cli", "batch", "in.jsonl", "--out", out, *NO_CALLS],
        env=cli_env(), cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    done.stderr = " ".join(done.stderr.split())
    return done


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("/dev/null", "is not a regular file"),
        ("/dev/stdin", "is not a regular file"),
        ("/dev/stdout", "is not a regular file"),  # a pipe here: it used to hang
        ("fifo.jsonl", "is not a regular file"),
        ("link-to-fifo.jsonl", "is not a regular file"),
        ("newdir/", "ends in a path separator"),
        ("folder", "is a folder"),
    ],
)
def test_an_out_that_is_not_a_regular_file_is_refused_before_any_lock(
    out: str, says: str, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "fifo.jsonl")
    (tmp_path / "link-to-fifo.jsonl").symlink_to("fifo.jsonl")
    (tmp_path / "folder").mkdir()
    before = set(os.listdir(tmp_path))
    done = run_batch(out, tmp_path)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert "name a file" in done.stderr
    assert "Traceback" not in done.stderr
    assert set(os.listdir(tmp_path)) == before | {"in.jsonl"}  # no lock, no file
    if out.startswith("/dev/"):
        assert not Path(f"{out}.lock").exists()


@pytest.mark.parametrize("out", ["out.jsonl", "sub/out.jsonl", "link.jsonl"])
def test_a_regular_file_a_new_path_or_a_symlink_to_one_is_written(out: str, tmp_path: Path) -> None:
    (tmp_path / "link.jsonl").symlink_to("target.jsonl")
    done = run_batch(out, tmp_path)
    assert done.returncode == 1, done.stderr  # the endpoint is down: an error line, written
    written = tmp_path / ("target.jsonl" if out == "link.jsonl" else out)
    assert json.loads(written.read_text())["id"] == "a"
