"""Worker processes for the offline backend: the same output as one process, and nothing
lost or doubled when a worker or the parent is killed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from summarise import Summariser
from summarise.batch import BatchItem, asummarise_iter
from summarise.cli import main
from summarise.engines import SummariserRecipe, WorkerPool
from tests.conftest import REPO, cli_env
from tests.dying import DIES

pytestmark = pytest.mark.integration

FIXTURES = REPO / "evals" / "fixtures" / "news"


def articles(folder: Path, count: int) -> Path:
    """``count`` news articles from the eval fixtures, as a batch folder."""
    folder.mkdir()
    for source in sorted(FIXTURES.glob("*.txt"))[:count]:
        (folder / source.name).write_bytes(source.read_bytes())
    assert len(list(folder.iterdir())) == count
    return folder


def records(path: Path) -> dict[str, dict[str, Any]]:
    """An output's lines by id, without the one field that differs run to run (time)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "meta" in record:
            record["meta"].pop("latency_s")
        assert record["id"] not in found, f"{record['id']} written twice"
        found[record["id"]] = record
    return found


def test_two_workers_write_what_one_process_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = articles(tmp_path / "in", 20)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert (
        main(["batch", str(source), "--out", str(one), "--backend", "offline", "--workers", "1"])
        == 0
    )
    said_by_one = capsys.readouterr().err.strip()
    assert (
        main(["batch", str(source), "--out", str(two), "--backend", "offline", "--workers", "2"])
        == 0
    )
    said_by_two = capsys.readouterr().err.strip()
    assert len(records(one)) == 20
    assert records(two) == records(one)
    assert said_by_two.replace("two.jsonl", "one.jsonl") == said_by_one
    assert "worker died" not in said_by_two
    # A rerun skips every id, as one process does.
    assert (
        main(["batch", str(source), "--out", str(two), "--backend", "offline", "--workers", "2"])
        == 0
    )
    assert "0 summarised, 0 failed, 20 already done" in capsys.readouterr().err
    assert len(two.read_text().splitlines()) == 20


def test_a_killed_worker_loses_no_article(tmp_path: Path) -> None:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.txt"))[:12]]
    with Summariser(backend="offline") as summariser:
        recipe = SummariserRecipe.of(summariser)

    async def run() -> tuple[list[BatchItem], int]:
        import multiprocessing

        items: list[BatchItem] = []
        async with WorkerPool(recipe, workers=2) as pool:
            async for item in asummarise_iter(pool, texts, concurrency=4):
                items.append(item)
                if len(items) == 2:  # the pool is busy with the next articles
                    victim = multiprocessing.active_children()[0]
                    os.kill(victim.pid or 0, signal.SIGKILL)
            return items, pool.retried

    items, retried = asyncio.run(run())
    assert sorted(item.id for item in items) == sorted(i for i, _ in texts)
    assert all(item.ok for item in items), [item.error for item in items if not item.ok]
    assert 1 <= retried <= 2  # the articles in the pool when it died, at most one a worker


def test_an_article_that_kills_its_worker_twice_is_an_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tests.dying  # noqa: F401  (registers the schema type in this process too)

    source = tmp_path / "in.jsonl"
    rows = [{"id": f"fine{i}", "text": f"Article {i} is fine. It says little."} for i in range(5)]
    rows.insert(2, {"id": "deadly", "text": f"Deadly article. {DIES}"})
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "out.jsonl"
    command = ["batch", str(source), "--out", str(out), "--backend", "offline"]
    assert main([*command, "--schema", "dying", "--workers", "2"]) == 1
    said = capsys.readouterr().err
    written = records(out)
    assert set(written) == {row["id"] for row in rows}
    assert written["deadly"]["error"]["type"] == "WorkerDiedError"
    assert "twice" in written["deadly"]["error"]["message"]
    assert all("summary" in written[f"fine{i}"] for i in range(5))
    assert "5 summarised, 1 failed (1 × WorkerDiedError" in said
    assert "retried after a worker died" in said


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_killed_parent_leaves_no_worker_and_a_rerun_finishes(tmp_path: Path) -> None:
    source = articles(tmp_path / "in", 30)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable, "-m", "summarise.cli", "batch", str(source), "--out", str(out),
        "--backend", "offline", "--workers", "2",
    ]  # fmt: skip
    env = cli_env()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.exists() and out.read_text().count("\n") >= 3:
            break
        time.sleep(0.05)
    workers = _children(process.pid)
    assert len(workers) >= 2  # the pool (and multiprocessing's resource tracker)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = out.read_bytes().split(b"\n")
    complete = [json.loads(line) for line in written[:-1]]
    assert 3 <= len(complete) < 30
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in workers):
        time.sleep(0.1)
    assert not [p for p in workers if _running(p)], "workers outlived their parent"

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{len(complete)} already done" in again.stderr
    assert len(records(out)) == 30


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "0"], "--workers 0: give at least 1"),
        (["--address", "127.0.0.1:6379"], "add --engine ray"),
        (["--engine", "ray", "--rpm", "60"], "--rpm cannot be kept across"),
    ],
    ids=["noworkers", "addresswithoutray", "ceilingonray"],
)
def test_engine_options_that_cannot_work_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    source = articles(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "--out", str(out), "--backend", "offline", *options]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_schema_type_a_worker_cannot_import_is_an_error_line_per_article(
    tmp_path: Path,
) -> None:
    import dataclasses

    with Summariser(backend="offline") as summariser:
        recipe = dataclasses.replace(
            SummariserRecipe.of(summariser), schema="gone", imports=("no_such_module_here",)
        )
    texts = [("a", "An article. It says little."), ("b", "Another. It says less.")]

    async def run() -> list[BatchItem]:
        async with WorkerPool(recipe, workers=2) as pool:
            return [item async for item in asummarise_iter(pool, texts)]

    items = asyncio.run(run())
    assert sorted(item.id for item in items) == ["a", "b"]
    assert all(type(item.error).__name__ == "ConfigurationError" for item in items)
    assert all("no_such_module_here" in str(item.error) for item in items)
