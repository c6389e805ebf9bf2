"""The wheel works on its own: prompts, schemas and the pages' assets inside, no generic
top-level names."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_prompts_and_schemas_inside_the_package(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path), str(REPO)],
        check=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("summarise-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "summarise/py.typed",
        "summarise/prompts/news.j2",
        "summarise/schemas/news/__init__.py",
        "summarise/schemas/news/model.py",
        "summarise/schemas/news/offline/clustering.py",
        "summarise/cli/__init__.py",
        "summarise/schemas/__init__.py",
        "summarise/view/view.css",  # the HTML pages' own style and script
        "summarise/view/view.js",
    ):
        assert needed in names
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {
        "summarise",
        wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info",
    }
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "summarise = summarise.cli:main" in entry_points
