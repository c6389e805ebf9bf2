"""Input is never read past what an article within ``max_article_chars`` can take, and a
path that is not a regular file is refused before it is opened: an endless source
(``/dev/zero``, ``yes | summarise -``, a single endless JSONL line) or a FIFO is an
``InputError`` and exit 2, never a MemoryError or a hang. Both sides of each bound are
here: input just within it is read whole."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.article import read_article_file, read_bounded
from summarise.batch import read_inputs
from summarise.errors import InputError
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, cli_env
from tests.fabrication import TRUE_SUMMARY

NO_CALLS = ["--base-url", "http://127.0.0.1:9/v1", "--model", "unused", "--no-cache"]


class Endless(io.RawIOBase):
    """A stream that never ends (``/dev/zero``, ``yes``), counting what was read."""

    def __init__(self, byte: bytes = b"x") -> None:
        self.byte = byte
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        buffer[:] = self.byte * len(buffer)
        self.taken += len(buffer)
        return len(buffer)


def test_an_endless_stream_is_refused_after_one_byte_past_the_bound() -> None:
    stream = Endless()
    with pytest.raises(InputError, match=r"limit of 10 characters.*SUMMARISE_MAX_ARTICLE_CHARS"):
        read_bounded(io.BufferedReader(stream), max_chars=10, name="standard input")
    assert stream.taken <= 4 * 10 + 1 + io.DEFAULT_BUFFER_SIZE


def test_the_byte_bound_is_four_bytes_a_character() -> None:
    assert read_bounded(io.BytesIO(b"x" * 40), max_chars=10, name="in") == b"x" * 40
    with pytest.raises(InputError, match="more than 40 bytes"):
        read_bounded(io.BytesIO(b"x" * 41), max_chars=10, name="in")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=50), st.integers(min_value=0, max_value=20))
def test_any_text_within_the_limit_is_read_whole(text: str, room: int) -> None:
    data = text.encode("utf-8", "surrogatepass")
    assert read_bounded(io.BytesIO(data), max_chars=len(text) + room or 1, name="in") == data


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_path_that_is_not_a_regular_file_is_refused_before_opening(
    kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.txt"
    if kind == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer forever
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        read_article_file(path)


def test_a_regular_file_and_a_symlink_to_one_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    assert read_article_file(tmp_path / "a.txt") == b"Some text."
    assert read_article_file(tmp_path / "link.txt") == b"Some text."


def jsonl_line(text: str) -> bytes:
    return (json.dumps({"id": "a", "text": text}) + "\n").encode()


def test_a_jsonl_line_longer_than_any_record_within_the_limit_is_refused(tmp_path: Path) -> None:
    # The worst case for a record within the limit: every character an escaped pair.
    worst = "🙂" * 10
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl_line(worst))
    assert read_inputs(str(source), max_chars=10) == [("a", worst)]
    source.write_bytes(b"x" * (12 * 10 + 65_536 + 1))
    with pytest.raises(InputError, match=r"line 1 is longer than .*bytes"):
        read_inputs(str(source), max_chars=10)


def test_a_jsonl_text_with_a_line_separator_is_one_record(tmp_path: Path) -> None:
    # JSON allows U+2028 unescaped in a string; it does not end a JSONL line.
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        '{"id": "a", "text": "one\u2028two"}\n{"id": "b", "text": "three"}\n'.encode()
    )
    assert read_inputs(str(source)) == [("a", "one\u2028two"), ("b", "three")]


def test_a_batch_folder_article_too_long_to_read_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 41)
    with pytest.raises(InputError, match=r"big\.txt is longer than the limit of 10 characters"):
        read_inputs(str(tmp_path), max_chars=10)
    (tmp_path / "big.txt").write_bytes(b"x" * 40)
    assert read_inputs(str(tmp_path), max_chars=10) == [("big.txt", b"x" * 40)]


def summarise_cli(
    argv: list[str], cwd: Path, *, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "summarise.cli", *argv],
        env={**cli_env(), **env}, cwd=cwd, input=stdin, capture_output=True, timeout=60,
    )  # fmt: skip
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), " ".join(done.stderr.decode().split())
    )


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["/dev/zero"], "/dev/zero is not a regular file"),
        (["fifo.txt"], "fifo.txt is not a regular file"),
        (["folder"], "folder is not a regular file"),
        (["batch", "/dev/zero", "--out", "o.jsonl"], "/dev/zero line 1 is longer than"),
    ],
)
def test_the_cli_refuses_endless_or_blocking_paths(
    argv: list[str], says: str, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "folder").mkdir()
    done = summarise_cli([*argv, *NO_CALLS], tmp_path)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_the_cli_refuses_endless_standard_input(tmp_path: Path) -> None:
    """``yes x | summarise -`` and one endless JSONL line on ``summarise batch -``: the
    command reads past the bound by one byte and stops (a pipe that never ends is refused
    as soon as the bound is passed)."""
    endless = subprocess.Popen(["yes", "x"], stdout=subprocess.PIPE)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "summarise.cli", "-", *NO_CALLS],
            env={**cli_env(), "SUMMARISE_MAX_ARTICLE_CHARS": "1000"}, cwd=tmp_path,
            stdin=endless.stdout, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert done.returncode == 2
    assert "standard input is longer than the limit of 1,000 characters" in done.stderr
    assert "SUMMARISE_MAX_ARTICLE_CHARS" in done.stderr
    one_line = b"x" * 200_000
    argv = ["batch", "-", "--out", "o.jsonl", *NO_CALLS]
    done = summarise_cli(argv, tmp_path, stdin=one_line, SUMMARISE_MAX_ARTICLE_CHARS="1000")
    assert done.returncode == 2
    assert "standard input line 1 is longer than" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_article_at_the_limit_is_summarised_and_one_past_it_is_refused(tmp_path: Path) -> None:
    size = len(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        backend = ["--base-url", server.base_url, "--model", "scripted", "--no-cache"]
        at = summarise_cli(
            [str(EXAMPLE_ARTICLE), *backend], tmp_path, SUMMARISE_MAX_ARTICLE_CHARS=str(size)
        )
        assert at.returncode == 0, at.stderr
        past = summarise_cli(
            [str(EXAMPLE_ARTICLE), *backend], tmp_path, SUMMARISE_MAX_ARTICLE_CHARS=str(size - 1)
        )
        assert past.returncode == 2
        assert f"the limit is {size - 1:,}" in past.stderr
        assert "SUMMARISE_MAX_ARTICLE_CHARS" in past.stderr
        assert len(server.requests) == 1
