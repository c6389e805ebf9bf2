from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from summarise.backends import register_backend
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


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal
    for command in ("ARTICLE", "batch", "eval", "eval compare", "cache clear"):
        assert command in out
    assert "./eval" in out  # how a file named like a command is reached


@pytest.mark.parametrize(
    ("argv", "own", "not_theirs"),
    [
        ([str(EXAMPLE_ARTICLE)], ["--json", "--html", "--backend", "--no-cache"], ["--out"]),
        (["batch"], ["--out", "--html", "--concurrency", "--rpm", "--backend"], ["--json"]),
        (["eval"], ["--fixtures", "--min-f1", "--claim-matcher", "compare"], ["--json"]),
        (
            ["eval", "compare"],
            ["run_a", "--lenient", "--html", "--fixtures"],
            ["--json", "--backend", "--min-f1", "--claim-matcher"],
        ),
        (["cache"], ["clear"], ["--json", "--backend"]),
        (["cache", "clear"], ["--cache", "--no-cache"], ["--json", "--backend"]),
    ],
)
def test_each_command_has_its_own_help(
    argv: list[str], own: list[str], not_theirs: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in own:
        assert option in out
    for option in not_theirs:
        assert option not in out


def test_options_may_come_before_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "--backend", "fake", str(EXAMPLE_ARTICLE)]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["backend"] == "fake"


def test_a_file_named_like_a_command_is_reached_as_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "eval").write_bytes(EXAMPLE_ARTICLE.read_bytes())  # the tests run in tmp_path
    assert main(["./eval", "--json", "--backend", "fake"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["backend"] == "fake"


@pytest.mark.parametrize(
    "argv",
    [
        [str(EXAMPLE_ARTICLE), "--no-such-option"],
        ["--no-such-option", str(EXAMPLE_ARTICLE)],
        ["batch", "in.jsonl", "--out", "o.jsonl", "--no-such-option"],
        ["eval", "--no-such-option"],
        ["eval", "compare", "a", "b", "--no-such-option"],
        ["cache", "clear", "--no-such-option"],
        ["cache"],  # a command without its subcommand
        [],  # no article
    ],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage:" in capsys.readouterr().err
