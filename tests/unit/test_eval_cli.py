from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarise.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"


@pytest.fixture
def two_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for stem in ("wikinews-airbus-announces-job-cuts-of-10-000", "wikinews-japan-enters-recession"):
        shutil.copy(FIXTURES / f"{stem}.yaml", folder)
        shutil.copy(FIXTURES / f"{stem}.txt", folder)
    return folder


def test_eval_writes_a_run_and_meets_low_thresholds(two_fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    status = main(
        ["eval", "--backend", "offline", "--fixtures", str(two_fixtures), "--out", str(out),
         "--no-cache", "--min-f1", "actors=0.1"]
    )  # fmt: skip
    assert status == 0
    scores = json.loads((out / "scores.json").read_text())
    assert scores["stats"]["fixtures"] == 2
    assert "<script" not in (out / "report.html").read_text().split("<body>")[1].split("</body>")[0]


def test_an_unmet_threshold_exits_1(two_fixtures: Path, tmp_path: Path) -> None:
    status = main(
        ["eval", "--backend", "offline", "--fixtures", str(two_fixtures),
         "--out", str(tmp_path / "run"), "--no-cache", "--min-f1", "actors=1.01"]
    )  # fmt: skip
    assert status == 1


def test_a_malformed_threshold_exits_2(
    two_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--fixtures", str(two_fixtures), "--min-f1", "actors"]) == 2
    assert "FIELD=NUMBER" in capsys.readouterr().err


def test_compare_prints_what_changed(
    two_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a", "b"):
        main(["eval", "--backend", "offline", "--fixtures", str(two_fixtures),
              "--out", str(tmp_path / name), "--no-cache"])  # fmt: skip
    capsys.readouterr()
    assert main(["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "improved: 0" in out
    assert "regressed: 0" in out
