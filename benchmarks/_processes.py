"""Processes for the batch benchmarks: the scripted server in a process of its own, and
a measured process whose wall time, CPU time and peak memory are its own alone.

A benchmark may compare two versions of the library in one run: ``tree`` names the
checkout a measured process imports ``summarise`` from (this one by default).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def scripted_server(reply: dict[str, Any], *, delay_s: float) -> Iterator[str]:
    """This checkout's scripted OpenAI server in a process of its own; yields its URL."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(reply, f)
    argv = [sys.executable, "-m", "summarise.testing.openai_server", "--reply", f.name]
    server = subprocess.Popen(
        [*argv, "--delay-s", str(delay_s)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip()
    finally:
        assert server.stdin is not None
        server.stdin.close()  # the server stops when its input closes
        server.wait(timeout=30)
        os.unlink(f.name)


@dataclass(frozen=True)
class Measured:
    """What one measured process reported (its last stdout line, as JSON) and used."""

    report: dict[str, Any]
    wall_s: float
    cpu_s: float
    peak_rss_mb: float


def measured(argv: list[str], *, tree: Path = REPO, cwd: Path | None = None) -> Measured:
    """Run ``argv`` (a Python process importing ``summarise`` from ``tree``) and measure
    it alone: ``os.wait4`` gives this child's own CPU time and peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            argv, env=env, cwd=cwd or tree, stdout=subprocess.PIPE, stderr=err, text=True
        )
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{argv[:4]} exited {child.returncode}: {err.read()[-2000:]}")
    lines = out.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return Measured(report, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def baseline_tree(argv: list[str]) -> Path | None:
    """The checkout named by ``--baseline PATH`` on the command line, if any."""
    if "--baseline" not in argv:
        return None
    path = Path(argv[argv.index("--baseline") + 1]).resolve()
    if not (path / "summarise" / "__init__.py").exists():
        raise SystemExit(f"--baseline {path}: not a checkout of summarise")
    return path
