"""Without Ray installed, ``--engine ray`` stops before writing anything, exits 2 and
gives the install command; the local engine runs as ever."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_ARTICLE, cli_env

pytestmark = pytest.mark.integration

# The CLI with ``import ray`` failing as it does where Ray is not installed.
WITHOUT_RAY = (
    "import sys; sys.modules['ray'] = None; "
    "from summarise.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_engine_ray_without_ray_exits_2_with_the_install_command(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_bytes(EXAMPLE_ARTICLE.read_bytes())
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", WITHOUT_RAY, "batch", str(source), "--out", str(out)]
    ran = subprocess.run(
        [*command, "--backend", "offline", "--engine", "ray"],
        env=cli_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 2
    assert "pip install 'summarise[ray]'" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not out.exists()
    local = subprocess.run(
        [*command, "--backend", "offline"], env=cli_env(), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert local.returncode == 0, local.stderr
    assert "1 summarised" in local.stderr
