"""Every numeric setting and option refused the same way wherever it is given: in code,
in the environment, on each command's command line. A refused value exits 2 naming
what to fix, before any article is read by a model or any output is written."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from summarise import ConfigurationError
from summarise.backends import register_backend
from summarise.batch import RateLimiter
from summarise.cli import main
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE, minimal_summary

_calls: list[object] = []


@pytest.fixture(autouse=True)
def fake_backend() -> None:
    _calls.clear()

    def make(_settings: object) -> FakeBackend:
        backend = FakeBackend(default=minimal_summary())
        _calls.append(backend)
        return backend

    register_backend("fake", make, replace=True)


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    articles = tmp_path / "articles"
    articles.mkdir(exist_ok=True)
    (articles / "a.txt").write_text(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    return {
        "article": [str(EXAMPLE_ARTICLE), "--backend", "fake", "--no-cache"],
        "batch": ["batch", str(articles), "--out", str(tmp_path / "out.jsonl"), "--backend",
                  "fake", "--no-cache"],
        "eval": ["eval", "--backend", "fake", "--no-cache", "--out", str(tmp_path / "run")],
    }  # fmt: skip


OPTIONS = [
    ("--timeout", "timeout_s", "SUMMARISE_TIMEOUT", "0.001"),
    ("--context-tokens", "context_tokens", "SUMMARISE_CONTEXT_TOKENS", "256"),
    ("--max-output-tokens", "max_output_tokens", "SUMMARISE_MAX_OUTPUT_TOKENS", "16"),
]


@pytest.mark.parametrize("command", ["article", "batch", "eval"])
@pytest.mark.parametrize(("option", "name", "variable", "lowest"), OPTIONS)
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0"])
def test_a_bad_option_exits_2_before_any_work(
    command: str,
    option: str,
    name: str,
    variable: str,
    lowest: str,
    value: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*_commands(tmp_path)[command], f"{option}={value}"]
    try:
        status = main(argv)
    except SystemExit as e:  # argparse: "nan" is not an int
        status = int(e.code or 0)
        assert f"argument {option}" in capsys.readouterr().err
    else:
        err = capsys.readouterr().err
        assert name in err
        assert option in err  # the option that fixes it is named
        assert variable in err
    assert status == 2
    assert _calls == []  # no backend was even built
    assert not (tmp_path / "out.jsonl").exists()
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(("option", "name", "variable", "lowest"), OPTIONS)
def test_the_lowest_allowed_value_runs(
    option: str, name: str, variable: str, lowest: str, tmp_path: Path
) -> None:
    assert main([*_commands(tmp_path)["article"], option, lowest]) == 0


@pytest.mark.parametrize(("option", "name", "variable", "lowest"), OPTIONS)
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_a_bad_variable_exits_2_naming_it(
    option: str,
    name: str,
    variable: str,
    lowest: str,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(_commands(tmp_path)["article"]) == 2
    assert f"{variable}='{value}'" in capsys.readouterr().err
    assert _calls == []


@pytest.mark.parametrize("option", ["--rpm", "--tpm"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "0.5"])
@pytest.mark.timeout(20)  # before the fix, these waited forever without a request
def test_a_bad_rate_ceiling_exits_2_before_any_work(
    option: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*_commands(tmp_path)["batch"], f"{option}={value}"]) == 2
    err = capsys.readouterr().err
    assert option in err
    assert "at least 1" in err
    assert _calls == []
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("option", ["--rpm", "--tpm"])
@pytest.mark.timeout(20)
def test_the_lowest_rate_ceiling_runs(option: str, tmp_path: Path) -> None:
    assert main([*_commands(tmp_path)["batch"], option, "1"]) == 0
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1


@pytest.mark.parametrize("name", ["requests_per_minute", "tokens_per_minute"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -1, 0, 0.99, True, "60"])
def test_the_rate_limiter_refuses_what_would_hang_it(name: str, value: object) -> None:
    with pytest.raises(ConfigurationError, match=f"{name}="):
        RateLimiter(**{name: value})  # type: ignore[arg-type]
    assert RateLimiter(**{name: 1})  # type: ignore[arg-type]
