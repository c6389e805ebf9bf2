"""Errors speak their caller's language: on the shell a fix names options, files and
commands; in Python it keeps Python's words. And the offline notice is said only for a run
whose input was accepted."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from summarise import InputError, SummariseError, Summariser, summarise_article
from summarise.article import MAX_ARTICLE_CHARS
from summarise.backends import register_backend
from summarise.cli import main
from summarise.cli.fixes import FIXES
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE, cli_env, minimal_summary

NOT_UTF8 = "caf\xe9 au lait".encode("latin-1")
TOO_LONG = "word " * (MAX_ARTICLE_CHARS // 5 + 1)
NOTICE = "no model endpoint configured"


@pytest.fixture(autouse=True)
def fake_backend() -> None:
    register_backend("fake", lambda _settings: FakeBackend(default=minimal_summary()), replace=True)


def _article(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    return str(path)


# kind: (command-line arguments, what the shell is told, Python's words it must not see)
SHELL: dict[str, tuple[Callable[[Path], list[str]], str, str]] = {
    "not_utf8": (
        lambda tmp: [_article(tmp, NOT_UTF8), "--backend", "fake"],
        "iconv -f WINDOWS-1252 -t UTF-8 FILE",
        "pass a str",
    ),
    "too_long": (
        lambda tmp: [_article(tmp, TOO_LONG.encode()), "--backend", "fake"],
        "Split it into smaller files",
        "max_article_chars",
    ),
    "unknown_schema_type": (
        lambda _tmp: [str(EXAMPLE_ARTICLE), "--schema", "nosuch"],
        "--schema ./FOLDER",
        "register_schema_type",
    ),
    "unknown_backend": (
        lambda _tmp: [str(EXAMPLE_ARTICLE), "--backend", "nosuch"],
        "Pass --backend",
        "backend=",
    ),
    "no_api_key": (
        lambda _tmp: [str(EXAMPLE_ARTICLE), "--backend", "openai", "--model", "m"],
        "pass --base-url URL",
        "api_key=",
    ),
}

# kind: what raises it from Python, and the Python words its message keeps
PYTHON: dict[str, tuple[Callable[[], object], str]] = {
    "not_utf8": (lambda: summarise_article(NOT_UTF8, backend="fake"), "pass a str"),
    "too_long": (lambda: summarise_article(TOO_LONG, backend="fake"), "max_article_chars="),
    "unknown_schema_type": (lambda: Summariser(schema="nosuch"), "register_schema_type("),
    "unknown_backend": (lambda: Summariser(backend="nosuch"), "backend="),
    "no_api_key": (lambda: Summariser(backend="openai", model="m"), "api_key="),
}


def test_every_fix_the_shell_rephrases_is_tested_from_both_sides() -> None:
    assert set(SHELL) == set(FIXES) == set(PYTHON)


@pytest.mark.parametrize("kind", sorted(SHELL))
def test_the_shell_is_told_the_fix_in_shell_words(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, says, never = SHELL[kind]
    assert main(argv(tmp_path)) == 2
    err = capsys.readouterr().err
    assert says in err
    assert never not in err


@pytest.mark.parametrize("kind", sorted(PYTHON))
def test_python_is_told_the_fix_in_python_words(kind: str) -> None:
    call, says = PYTHON[kind]
    with pytest.raises(SummariseError) as raised:
        call()
    assert raised.value.kind == kind
    assert says in str(raised.value)
    assert str(raised.value).startswith(raised.value.problem)


def test_an_error_of_no_kind_reads_the_same_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError) as raised:
        summarise_article("  \n", backend="fake")
    assert raised.value.kind is None
    assert main([_article(tmp_path, b"  \n"), "--backend", "fake"]) == 2
    assert str(raised.value) in capsys.readouterr().err


def _summarise(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # A process of its own: the notice is said once per process.
    return subprocess.run(
        [sys.executable, "-m", "summarise.cli", *argv, "--no-cache"],
        env=cli_env(), cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("content", [NOT_UTF8, b"  \n", b"\x00\x01binary"])
def test_no_offline_notice_before_input_that_is_refused(content: bytes, tmp_path: Path) -> None:
    done = _summarise([_article(tmp_path, content)], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "summarise: error: The article" in done.stderr
    assert NOTICE not in done.stderr


def test_the_offline_notice_is_said_for_a_run_that_goes_ahead(tmp_path: Path) -> None:
    done = _summarise([str(EXAMPLE_ARTICLE), "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert NOTICE in done.stderr
    assert "SUMMARISE_BASE_URL" in done.stderr
    assert "backend=" not in done.stderr  # Python's words, on a shell


def _batch_input(tmp_path: Path) -> str:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": EXAMPLE_ARTICLE.read_text()}) + "\n")
    return str(source)


@pytest.mark.parametrize(
    "out", ["/dev/null", "folder/", "notes.jsonl"], ids=["device", "slash", "not-an-output"]
)
def test_no_offline_notice_before_a_batch_output_that_is_refused(out: str, tmp_path: Path) -> None:
    (tmp_path / "notes.jsonl").write_text("# my notes\n")  # not a batch's output
    done = _summarise(["batch", _batch_input(tmp_path), "--out", out], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "summarise batch: error:" in done.stderr
    assert NOTICE not in done.stderr


def test_the_offline_notice_is_said_for_a_batch_that_goes_ahead(tmp_path: Path) -> None:
    done = _summarise(["batch", _batch_input(tmp_path), "--out", "out.jsonl"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert NOTICE in done.stderr


def test_input_over_the_read_bound_is_told_in_shell_words(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "summarise.cli", "-", "--no-cache"],
        input=b"x" * (4 * MAX_ARTICLE_CHARS + 2),
        env=cli_env(), cwd=tmp_path, capture_output=True, timeout=120,
    )  # fmt: skip
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "standard input is longer than the limit" in err
    assert "SUMMARISE_MAX_ARTICLE_CHARS" in err
    assert "max_article_chars=" not in err  # Python's words, on a shell
