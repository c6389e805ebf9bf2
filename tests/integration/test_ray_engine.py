"""The Ray engine on a real Ray instance (2 CPUs): the same records as the local engine,
error records instead of lost rows, resume by id, and an actor's death counted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarise import summarise_many
from summarise.cli import main
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import REPO
from tests.dying import DIES
from tests.fabrication import TRUE_SUMMARY
from tests.integration.conftest import RAY_CANARY

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("ray_cluster")]

FIXTURES = REPO / "evals" / "fixtures" / "news"


def corpus(count: int) -> list[tuple[str, str]]:
    """``count`` news articles from the eval fixtures, as (id, text)."""
    found = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.txt"))]
    assert len(found) >= count
    return found[:count]


def timeless(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the one field that differs run to run (time)."""
    if "meta" in record:
        record["meta"].pop("latency_s")
    return record


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = timeless(json.loads(line))
        assert record["id"] not in found, f"{record['id']} written twice"
        found[record["id"]] = record
    return found


def test_a_dataset_of_articles_becomes_the_local_engines_records() -> None:
    import ray

    from summarise.engines.ray_data import summarise_dataset

    articles = corpus(20)
    dataset = ray.data.from_items([{"id": i, "text": t} for i, t in articles])
    rows = summarise_dataset(dataset, backend="offline", concurrency=2, batch_size=4).take_all()
    local = {
        item.id: timeless(item.to_json()) for item in summarise_many(articles, backend="offline")
    }
    assert sorted(row["id"] for row in rows) == sorted(local)
    assert all(row["ok"] for row in rows)
    assert {row["id"]: timeless(json.loads(row["record"])) for row in rows} == local
    assert set(rows[0]) == {"id", "ok", "record"}  # no pickled item in a user's rows


def test_batch_on_ray_writes_what_the_local_engine_writes_and_resumes_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = corpus(20)
    first, whole = tmp_path / "first.jsonl", tmp_path / "whole.jsonl"
    first.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in articles[:8]))
    whole.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in articles))
    local, on_ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["batch", str(whole), "--out", str(local), "--backend", "offline"]) == 0
    capsys.readouterr()
    ray_run = ["--backend", "offline", "--engine", "ray", "--batch-size", "4"]
    assert main(["batch", str(first), "--out", str(on_ray), *ray_run]) == 0  # a partial run
    assert "8 summarised, 0 failed, 0 already done" in capsys.readouterr().err
    assert main(["batch", str(whole), "--out", str(on_ray), *ray_run]) == 0
    said = capsys.readouterr().err
    assert "12 summarised, 0 failed, 8 already done" in said
    assert "worker died" not in said
    assert by_id(on_ray) == by_id(local)
    assert len(on_ray.read_text().splitlines()) == 20


def test_an_http_backend_on_ray_turns_failures_into_error_records() -> None:
    import ray

    from summarise.engines.ray_data import summarise_dataset

    articles = [(f"a{i:02d}", text) for i, (_, text) in enumerate(corpus(20))]
    script = [Fault.status(500)] * 3  # the first three requests fail, whichever they are
    with ScriptedOpenAIServer(TRUE_SUMMARY, script) as server:
        dataset = ray.data.from_items([{"id": i, "text": t} for i, t in articles])
        rows = summarise_dataset(
            dataset, base_url=server.base_url, model="scripted", max_transport_retries=0,
            grounding="off", concurrency=2, batch_size=5, article_concurrency=4,
        ).take_all()  # fmt: skip
        sent = [h.get("authorization", "") for h in server.headers]
    assert sorted(row["id"] for row in rows) == [i for i, _ in articles]  # no row lost
    failed = [json.loads(row["record"]) for row in rows if not row["ok"]]
    assert len(failed) == 3
    assert {record["error"]["type"] for record in failed} == {"TransportError"}
    assert all("summary" in json.loads(row["record"]) for row in rows if row["ok"])
    # Each actor read the key from its own environment: the driver's has none.
    assert len(sent) == 20
    assert all(header == f"Bearer {RAY_CANARY}" for header in sent)


def test_an_actor_that_dies_is_retried_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tests.dying  # noqa: F401  (registers the schema type in this process too)

    rows = [{"id": f"fine{i}", "text": f"Article {i} is fine. It says little."} for i in range(6)]
    rows.insert(3, {"id": "deadly", "text": f"Deadly article. {DIES}"})
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "out.jsonl"
    command = ["batch", str(source), "--out", str(out), "--backend", "offline", "--schema", "dying"]
    assert main([*command, "--engine", "ray", "--batch-size", "4", "--workers", "2"]) == 1
    said = capsys.readouterr().err
    written = by_id(out)
    assert set(written) == {row["id"] for row in rows}
    assert written["deadly"]["error"]["type"] == "WorkerDiedError"
    assert all("summary" in written[f"fine{i}"] for i in range(6))
    assert "6 summarised, 1 failed (1 × WorkerDiedError" in said
    assert "retried after a worker died" in said
