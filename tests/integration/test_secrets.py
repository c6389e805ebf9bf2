"""A canary API key, used for real, appears in no output, log line, error, repr, cache
entry, batch file, run folder or report."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from summarise import ConfigurationError, SummariseError, Summariser
from summarise.cli import main
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

pytestmark = pytest.mark.integration

CANARY = "sk-canary-5f0c9e2a71"
FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"


def test_the_api_key_leaks_nowhere(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SUMMARISE_API_KEY", CANARY)
    caplog.set_level(logging.DEBUG)  # every logger: summarise, openai, httpx, instructor
    article = tmp_path / "a.txt"
    article.write_text(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    batch_in = tmp_path / "in.jsonl"
    batch_in.write_text(
        "".join(json.dumps({"id": f"b{i}", "text": article.read_text()}) + "\n" for i in range(3))
    )
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for stem in ("wikinews-japan-enters-recession", "wikinews-airbus-announces-job-cuts-of-10-000"):
        for suffix in (".yaml", ".txt"):
            (fixtures / f"{stem}{suffix}").write_bytes((FIXTURES / f"{stem}{suffix}").read_bytes())
    errors: list[str] = []
    script = [Fault.status(401), *[Fault.status(503)] * 6]
    with ScriptedOpenAIServer(TRUE_SUMMARY, script) as server:
        common = ["--base-url", server.base_url, "--model", "m"]
        assert main([str(article), "--json", *common]) == 1  # 401: refused
        assert main(["batch", str(batch_in), "--out", str(tmp_path / "out.jsonl"), *common]) in (
            0,
            1,
        )
        assert main([str(article), "--json", *common]) == 0  # recorded in the cache
        assert main(
            ["eval", "--fixtures", str(fixtures), "--out", str(tmp_path / "run"), *common]
        ) in (0, 1)
        main(["cache", "clear"])
        with (
            ScriptedOpenAIServer(TRUE_SUMMARY, [Fault.status(500)]) as failing,
            Summariser(base_url=failing.base_url, model="m", max_transport_retries=0) as broken,
        ):
            try:
                broken.summarise(article.read_text())
            except SummariseError as e:
                errors += [str(e), repr(e), repr(e.__cause__), repr(e.__context__)]
            errors += [repr(broken), repr(broken.settings), repr(broken.backend)]
        sent = [h.get("authorization", "") for h in server.headers]
    assert any(CANARY in h for h in sent)  # the key really was in use
    out, err = capsys.readouterr()
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    for place, content in {
        "stdout": out,
        "stderr": err,
        "logs": caplog.text,
        "errors and reprs": "\n".join(errors),
    }.items():
        assert CANARY not in content, place
    assert CANARY.encode() not in written
    assert (tmp_path / "run" / "report.html").exists()
    assert (tmp_path / ".summarise" / "replies.sqlite").exists()
    assert (tmp_path / ".summarise" / "runs.sqlite").exists()  # the ledger, checked above


def _corpus_file(tmp_path: Path, count: int) -> Path:
    source = tmp_path / "in.jsonl"
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    source.write_text(
        "".join(json.dumps({"id": f"w{i}", "text": text}) + "\n" for i in range(count))
    )
    return source


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger's records, from DEBUG up."""
    caplog.set_level(logging.DEBUG)
    return caplog


def test_worker_processes_read_the_key_from_their_environment_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    logged: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    import pickle

    from summarise.engines import SummariserRecipe

    monkeypatch.setenv("SUMMARISE_API_KEY", CANARY)
    source = _corpus_file(tmp_path, 4)
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        common = ["--base-url", server.base_url, "--model", "m", "--no-cache"]
        out = tmp_path / "out.jsonl"
        assert main(["batch", str(source), "--out", str(out), "--workers", "2", *common]) == 0
        sent = [h.get("authorization", "") for h in server.headers]
        with Summariser(base_url=server.base_url, model="m") as summariser:
            recipe = pickle.dumps(SummariserRecipe.of(summariser))
        with (
            Summariser(base_url=server.base_url, model="m", api_key="sk-passed-in-code") as given,
            pytest.raises(ConfigurationError) as refused,
        ):
            SummariserRecipe.of(given)
    assert len(sent) == 4
    assert all(h == f"Bearer {CANARY}" for h in sent)  # each worker found it in its env
    assert CANARY.encode() not in recipe  # what each worker is sent
    assert "SUMMARISE_API_KEY" in str(refused.value)
    assert "sk-passed-in-code" not in str(refused.value)
    out_text, err = capsys.readouterr()
    for place, content in {"stdout": out_text, "stderr": err, "logs": logged.text}.items():
        assert CANARY not in content, place
    assert CANARY.encode() not in b"".join(
        p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
    )


@pytest.mark.usefixtures("ray_cluster")
def test_ray_actors_read_the_key_from_their_environment_only(tmp_path: Path) -> None:
    import os
    import pickle

    import ray

    from summarise.engines.ray_data import summarise_dataset
    from tests.integration.conftest import RAY_CANARY

    assert "SUMMARISE_API_KEY" not in os.environ  # the driver has no key to send
    rows = [{"id": f"r{i}", "text": EXAMPLE_ARTICLE.read_text(encoding="utf-8")} for i in range(4)]
    with ScriptedOpenAIServer(TRUE_SUMMARY) as server:
        dataset = summarise_dataset(
            ray.data.from_items(rows), base_url=server.base_url, model="m", concurrency=1
        )
        # What each actor is sent: the map's constructor arguments, as Ray pickles them.
        sent_to_actors = pickle.dumps(dataset._logical_plan.dag.fn_constructor_kwargs["recipe"])
        results = dataset.take_all()
        headers = [h.get("authorization", "") for h in server.headers]
    assert len(headers) == 4
    assert all(h == f"Bearer {RAY_CANARY}" for h in headers)
    assert RAY_CANARY.encode() not in sent_to_actors
    assert RAY_CANARY not in json.dumps(ray.get_runtime_context().runtime_env)
    assert all(RAY_CANARY not in row["record"] for row in results)
    session = Path(ray._private.worker.global_worker.node.get_session_dir_path())
    logs = b"".join(p.read_bytes() for p in (session / "logs").rglob("*") if p.is_file())
    assert logs  # Ray did log, to files the key is not in
    assert RAY_CANARY.encode() not in logs
