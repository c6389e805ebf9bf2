from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from summarise import FixtureError
from summarise.cli import main
from summarise.evaluation.runner import fixtures_folder, run_eval
from summarise.schema_types import SchemaType, get_schema_type
from summarise.view.page import asset
from tests.conftest import REPO

FIXTURES = REPO / "evals" / "fixtures" / "news"


@pytest.fixture
def two_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for stem in ("wikinews-airbus-announces-job-cuts-of-10-000", "wikinews-japan-enters-recession"):
        shutil.copy(FIXTURES / f"{stem}.yaml", folder)
        shutil.copy(FIXTURES / f"{stem}.txt", folder)
    return folder


def offline_eval(fixtures: Path, out: Path, *extra: str) -> int:
    """``summarise eval`` on the offline backend, uncached, into ``out``."""
    return main(
        ["eval", "--backend", "offline", "--fixtures", str(fixtures), "--out", str(out),
         "--no-cache", *extra]
    )  # fmt: skip


def test_eval_writes_a_run_and_meets_low_thresholds(two_fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    status = offline_eval(two_fixtures, out, "--min-f1", "actors=0.1")
    assert status == 0
    scores = json.loads((out / "scores.json").read_text())
    assert scores["stats"]["fixtures"] == 2
    body = (out / "report.html").read_text().split("<body")[1].split("</body>")[0]
    assert body.count("<script") == 1  # the page's own, allowed by its hash
    assert f"<script>{asset('view.js')}</script>" in body


@pytest.mark.parametrize(
    ("threshold", "status"), [("actors=1.01", 1), ("all=0.1", 0)], ids=["unmet", "met"]
)
def test_a_threshold_decides_the_exit_status(
    two_fixtures: Path, tmp_path: Path, threshold: str, status: int
) -> None:
    assert offline_eval(two_fixtures, tmp_path / "run", "--min-f1", threshold) == status


def test_a_malformed_threshold_exits_2(
    two_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--fixtures", str(two_fixtures), "--min-f1", "actors"]) == 2
    assert "FIELD=NUMBER" in capsys.readouterr().err


def test_an_unknown_threshold_field_exits_2_before_running_anything(
    two_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    status = offline_eval(two_fixtures, out, "--min-f1", "actors=0.1", "--min-f1", "bogus=0.5")
    assert status == 2
    err = capsys.readouterr().err
    assert "'bogus'" in err
    assert "actors, claims, figures, contested_points, all" in err
    assert not out.exists()


def test_eval_prints_intervals_and_how_they_were_drawn(
    two_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = offline_eval(two_fixtures, tmp_path / "run", "--resamples", "300", "--seed", "4")
    assert status == 0
    out = capsys.readouterr().out
    assert "F1 95% CI" in out
    assert "300 resamples, seed 4" in out
    scores = json.loads((tmp_path / "run" / "scores.json").read_text())
    assert scores["bootstrap"] == {"resamples": 300, "seed": 4, "confidence": 0.95}
    assert set(scores["strict"]["actors"]["interval"]) == {"precision", "recall", "f1"}


def test_no_resamples_exits_2(two_fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    status = offline_eval(two_fixtures, out, "--resamples", "0")
    assert status == 2
    assert not out.exists()


def test_compare_prints_what_changed(
    two_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a", "b"):
        offline_eval(two_fixtures, tmp_path / name)
    capsys.readouterr()
    assert main(["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "improved: 0" in out
    assert "regressed: 0" in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert sum("no detectable difference" in row for row in rows) == 5  # four fields and all
    assert not [row for row in rows if "better" in row or "worse" in row]
    assert "1000 resamples, seed 0" in " ".join(out.split())  # wrapped at the terminal width


def news_without_fixtures(fixtures_dir: Path | None = None) -> SchemaType:
    """The news type as an installed package registers it: the repository's fixtures
    folder was not shipped, so it has none of its own (or one that is not there)."""
    return dataclasses.replace(get_schema_type("news"), fixtures_dir=fixtures_dir)


def test_fixtures_are_found_under_the_current_directory(
    two_fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    here = project / "evals" / "fixtures" / "news"
    shutil.copytree(two_fixtures, here)
    monkeypatch.chdir(project)
    news = news_without_fixtures()
    assert fixtures_folder(news) == here
    assert fixtures_folder(news_without_fixtures(tmp_path / "gone")) == here

    report = run_eval(schema=news, backend="offline")
    assert report.fixtures_dir == str(here)
    assert report.stats.fixtures == 2


def test_the_registered_folder_comes_first(two_fixtures: Path, tmp_path: Path) -> None:
    shutil.copytree(two_fixtures, tmp_path / "evals" / "fixtures" / "news")  # tests run here
    assert fixtures_folder(news_without_fixtures(two_fixtures)) == two_fixtures


def test_no_fixtures_folder_names_every_place_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    here = tmp_path / "evals" / "fixtures" / "news"
    with pytest.raises(FixtureError) as error:
        fixtures_folder(news_without_fixtures())
    assert str(here) in str(error.value)
    assert "--fixtures DIR" in str(error.value)

    gone = tmp_path / "gone"
    with pytest.raises(FixtureError) as error:
        fixtures_folder(news_without_fixtures(gone))
    assert str(gone) in str(error.value)
    assert str(here) in str(error.value)


def test_the_eval_command_says_where_it_looked_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A schema type loaded from a folder without a fixtures/ subfolder has no folder of
    # its own, so the command falls back to the current directory, and finds nothing.
    folder = tmp_path / "types" / "gist"
    folder.mkdir(parents=True)
    (folder / "schema.py").write_text(
        "from pydantic import BaseModel, Field\n\n\n"
        "class Gist(BaseModel):\n"
        '    gist: str = Field(description="The article in one sentence.")\n\n\n'
        "SUMMARY_MODEL = Gist\n"
    )
    (folder / "prompt.j2").write_text(
        "{% block system %}Summarise.{% endblock %}{% block user %}{{ article }}{% endblock %}"
    )
    assert main(["eval", "--schema", str(folder), "--no-cache"]) == 2
    err = "".join(capsys.readouterr().err.split())  # the console wraps long paths
    assert str(tmp_path / "evals" / "fixtures" / "gist") in err
    assert "--fixturesDIR" in err
