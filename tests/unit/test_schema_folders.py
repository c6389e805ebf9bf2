"""A folder in the current directory is never taken for a schema type by its bare name:
loading one runs its ``schema.py``, so it happens only when the folder is named as a path.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarise.backends import register_backend
from summarise.cli import main
from summarise.testing import FakeBackend
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE, REPO, cli_env, minimal_summary
from tests.fabrication import TRUE_SUMMARY

# A schema type that works, but leaves a mark when its code runs.
PLANTED_SCHEMA = """
from pathlib import Path
Path(__file__).resolve().parent.parent.joinpath("MARKER").write_text("schema.py ran")
from pydantic import BaseModel, ConfigDict, Field
class Planted(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gist: str = Field(description="one sentence")
SUMMARY_MODEL = Planted
"""
PLANTED_PROMPT = (
    "{% block system %}Summarise.{% endblock %}{% block user %}{{ article }}{% endblock %}"
)


def plant(folder: Path) -> Path:
    folder.mkdir()
    (folder / "schema.py").write_text(PLANTED_SCHEMA)
    (folder / "prompt.j2").write_text(PLANTED_PROMPT)
    return folder.parent / "MARKER"


@pytest.fixture(autouse=True)
def fake_backend() -> None:
    register_backend("fake", lambda _s: FakeBackend(default=minimal_summary()), replace=True)


def every_command(here: Path) -> list[list[str]]:
    """One invocation of each command that takes --schema (or touches state), with its
    inputs made in ``here``."""
    articles = here / "batch-in"
    articles.mkdir()
    shutil.copy(EXAMPLE_ARTICLE, articles / "one.txt")
    fixtures = here / "fixtures"
    fixtures.mkdir()
    for suffix in (".txt", ".yaml"):
        source = REPO / "evals" / "fixtures" / "news" / f"example-putin-hamas-moscow{suffix}"
        shutil.copy(source, fixtures / source.name)
    article = str(EXAMPLE_ARTICLE)
    return [
        [article, "--backend", "fake"],
        [article, "--backend", "fake", "--json", "--schema", "news"],
        ["batch", str(articles), "--out", str(here / "out.jsonl"), "--backend", "fake"],
        ["eval", "--backend", "fake", "--fixtures", str(fixtures), "--out", str(here / "run")],
        ["cache", "clear"],
    ]


def test_a_news_folder_with_code_is_never_run_by_any_command(tmp_path: Path) -> None:
    marker = plant(tmp_path / "news")  # tests run in tmp_path: this is ./news
    for argv in every_command(tmp_path):
        assert main(argv) == 0, argv
        assert not marker.exists(), f"{argv} ran ./news/schema.py"


def test_a_news_folder_of_articles_breaks_no_command(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    shutil.copy(EXAMPLE_ARTICLE, tmp_path / "news" / "today.txt")
    for argv in every_command(tmp_path):
        assert main(argv) == 0, argv
    # The folder is also usable as what it is: a batch input.
    assert main(["batch", "news", "--out", "news.jsonl", "--backend", "fake"]) == 0
    assert json.loads((tmp_path / "news.jsonl").read_text())["id"] == "today.txt"


def test_an_unknown_name_matching_a_folder_says_how_to_load_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = plant(tmp_path / "mytype")
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake", "--schema", "mytype"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "--schema ./mytype" in err
    assert "Traceback" not in err
    assert not marker.exists()


def test_an_unknown_name_without_a_folder_lists_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake", "--schema", "nosuch"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "Known:" in err
    assert "news" in err
    assert "./nosuch" not in err  # no folder to point at


@pytest.mark.parametrize("value", ["./missing", "missing/", "/nonexistent/schema"])
def test_a_path_that_is_not_a_folder_is_refused(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake", "--schema", value]) == 2
    assert "no folder there" in capsys.readouterr().err


def test_a_folder_named_as_a_path_is_loaded_and_its_code_runs(tmp_path: Path) -> None:
    """The other side: ``--schema ./news`` asks for the folder, so its schema.py runs.
    In a subprocess, because loading it replaces the registered news type."""
    marker = plant(tmp_path / "news")

    def run(reply: dict[str, object], *schema: str) -> subprocess.CompletedProcess[bytes]:
        with ScriptedOpenAIServer(reply) as server:
            argv = [sys.executable, "-m", "summarise.cli", str(EXAMPLE_ARTICLE), "--json"]
            backend = ["--base-url", server.base_url, "--model", "scripted", "--no-cache"]
            return subprocess.run(
                [*argv, *backend, *schema],
                env=cli_env(), cwd=tmp_path, capture_output=True, timeout=120,
            )  # fmt: skip

    bare = run(TRUE_SUMMARY)
    assert bare.returncode == 0, bare.stderr
    assert not marker.exists()
    explicit = run({"gist": "Putin met Hamas."}, "--schema", "./news")
    assert explicit.returncode == 0, explicit.stderr
    assert marker.exists()
    assert json.loads(explicit.stdout)["summary"] == {"gist": "Putin met Hamas."}
