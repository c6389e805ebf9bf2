from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from summarise import register_backend
from summarise.cli import main
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE, minimal_summary


@pytest.fixture(autouse=True)
def fake_backend() -> None:
    register_backend("fake", lambda _settings: FakeBackend(default=minimal_summary()), replace=True)


def test_json_output_is_the_whole_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE_ARTICLE), "--json", "--backend", "fake"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["summary"]["actors"][0]["name"] == "Vladimir Putin"
    assert result["meta"]["backend"] == "fake"
    assert result["usage"]["prompt_tokens"] == 100


def test_readable_output_shows_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake"]) == 0
    out = capsys.readouterr().out
    for heading in ("Gist", "Actors", "Claims", "Figures"):
        assert heading in out
    assert "Vladimir Putin" in out
    assert "Contested points: none found" in out


def test_article_text_is_not_read_as_rich_markup(capsys: pytest.CaptureFixture[str]) -> None:
    register_backend(
        "fake",
        lambda _s: FakeBackend(default=minimal_summary(gist="[bold red]Boom[/] [link=x]y[/link]")),
        replace=True,
    )
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake"]) == 0
    assert "[bold red]Boom[/] [link=x]y[/link]" in capsys.readouterr().out


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(EXAMPLE_ARTICLE.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["-", "--json", "--backend", "fake"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["article_sha256"]


def test_empty_input_exits_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert main([str(empty), "--backend", "fake"]) == 2
    assert "empty" in capsys.readouterr().err


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/article.txt", "--backend", "fake"]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_configuration_errors_exit_2_and_name_the_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE_ARTICLE), "--backend", "openai"]) == 2
    assert "SUMMARISE_MODEL" in capsys.readouterr().err


def test_model_failures_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    register_backend("fake", lambda _s: FakeBackend(default={"gist": 1}), replace=True)
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake"]) == 1
    assert "RetriesExhaustedError" in capsys.readouterr().err


def test_cache_clear_reports_what_it_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarise import ReplyCache

    path = tmp_path / "c.sqlite"
    cache = ReplyCache(path)
    cache.put("k1", {"x": 1})
    cache.put("k2", {"x": 2})
    cache.close()
    assert main(["cache", "clear", "--cache", str(path)]) == 0
    assert "removed 2" in capsys.readouterr().err
    assert len(ReplyCache(path)) == 0
