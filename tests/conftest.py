"""Fixtures shared by every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are judged by what they find, not by how fast one example runs: on a
# loaded 2-core machine a single slow example would fail on hypothesis's 200 ms deadline.
settings.register_profile("summarise", deadline=None)
settings.load_profile("summarise")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_ARTICLE = REPO / "examples" / "example-putin-hamas-moscow.txt"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep a developer's OPENAI_* and SUMMARISE_* settings out of every test, and run
    each test in its own folder, so default files (.summarise/ caches, runs/) land there."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "SUMMARISE_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def minimal_summary(**overrides: object) -> dict[str, object]:
    """A valid, fully grounded news summary of the example article, as a model would
    send it."""
    summary: dict[str, object] = {
        "gist": "Putin hosted Hamas and Iranian officials in Moscow.",
        "actors": [
            {
                "name": "Vladimir Putin",
                "kind": "person",
                "role": "Russian president, host of the talks",
                "aliases": ["Putin"],
                "evidence": [{"quote": "Russia’s President Vladimir Putin"}],
            },
            {
                "name": "Kasra Aarabi",
                "kind": "person",
                "role": "director of IRGC research at United Against Nuclear Iran",
                "aliases": [],
                "evidence": [{"quote": "Kasra Aarabi"}],
            },
        ],
        "claims": [
            {
                "speaker": "Kasra Aarabi",
                "statement": "Russia and Iran are united by hostility towards the West.",
                "quote": None,
                "cue": "said",
                "evidence": [{"quote": "said Russia and Iran were united by"}],
            }
        ],
        "figures": [
            {
                "text": "more than 200",
                "value": 200,
                "unit": "hostages",
                "qualifier": "more_than",
                "what": "hostages held by Hamas",
                "according_to": None,
                "evidence": [{"quote": "more than 200 hostages held by Hamas"}],
            }
        ],
        "contested_points": [],
    }
    summary.update(overrides)
    return summary


def cli_env() -> dict[str, str]:
    """The environment for a ``summarise`` subprocess: this checkout's package first on
    the path (a test runs in its own folder, from which an editable install of another
    checkout would be found instead), and no OPENAI_* or SUMMARISE_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARISE_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        metavar="DIR",
        help="write the browser tests' screenshots of the HTML pages to DIR",
    )
