"""Batches: order kept, failures typed and recorded, output that survives a kill."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from summarise import InputError, RetriesExhaustedError
from summarise.backends import register_backend
from summarise.batch import BatchItem, JsonlOutput, RateLimiter, summarise_many
from summarise.cli import main
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE, minimal_summary
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def test_results_come_back_in_input_order_with_failures_typed() -> None:
    fake = FakeBackend([TRUE_SUMMARY, RetriesExhaustedError("bad reply", attempts=3), TRUE_SUMMARY])
    seen: list[str] = []
    items = summarise_many(
        [("a", EXAMPLE), ("b", EXAMPLE), ("c", EXAMPLE)],
        backend=fake,
        concurrency=1,
        on_done=lambda item: seen.append(item.id),
    )
    assert [i.id for i in items] == ["a", "b", "c"]
    assert [i.ok for i in items] == [True, False, True]
    assert isinstance(items[1].error, RetriesExhaustedError)
    assert items[1].to_json()["error"]["type"] == "RetriesExhaustedError"
    assert items[1].to_json()["error"]["attempts"] == 3
    assert sorted(seen) == ["a", "b", "c"]


def test_bad_input_is_refused_before_any_call() -> None:
    fake = FakeBackend(default=TRUE_SUMMARY)
    with pytest.raises(InputError, match="unique"):
        summarise_many([("a", EXAMPLE), ("a", EXAMPLE)], backend=fake)
    with pytest.raises(InputError, match="concurrency"):
        summarise_many([("a", EXAMPLE)], backend=fake, concurrency=0)
    assert fake.calls == []


def test_empty_articles_become_error_lines_not_crashes() -> None:
    items = summarise_many(
        [("empty", "  "), ("ok", EXAMPLE)], backend=FakeBackend(default=TRUE_SUMMARY)
    )
    assert items[0].to_json()["error"]["type"] == "InputError"
    assert items[1].ok


def test_output_is_resumed_and_a_cut_last_line_is_repaired(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as out:
        out.write(BatchItem("a", error=RetriesExhaustedError("x")))
        out.write(BatchItem("b", error=RetriesExhaustedError("y")))
    with path.open("a") as f:
        f.write('{"id": "c", "summary": {"gi')  # a kill in the middle of a line
    with caplog.at_level(logging.WARNING, logger="summarise"), JsonlOutput(path) as out:
        assert out.failed == {"a", "b"}  # error lines: retried, not done
        assert out.done == set()
        out.write(BatchItem("c", error=RetriesExhaustedError("z")))
    assert "partial line" in caplog.text
    lines = path.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b", "c"]


def test_rate_limiter_waits_when_a_bucket_is_empty() -> None:
    now = [0.0]
    limiter = RateLimiter(requests_per_minute=60, tokens_per_minute=600, clock=lambda: now[0])
    limiter._requests = 0.0
    assert limiter._wait_s() == pytest.approx(1.0)  # one request a second
    limiter._requests = 5.0
    limiter.charge(1200)  # twice the minute's tokens spent
    assert limiter._wait_s() > 60
    now[0] += 120
    limiter._refill()
    assert limiter._tokens == 600  # refilled, capped at the ceiling


@pytest.fixture
def fake_batch_backend() -> None:
    replies = {"fails.txt"}

    class Picky(FakeBackend):
        def extract(self, request):  # type: ignore[no-untyped-def]
            if request.article.id in replies:
                raise RetriesExhaustedError("this one fails", attempts=2)
            return super().extract(request)

    register_backend("fake-batch", lambda _s: Picky(default=minimal_summary()), replace=True)


def test_batch_command_writes_one_line_per_article_and_resumes(
    tmp_path: Path, fake_batch_backend: None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("one.txt", "two.txt", "fails.txt"):
        (folder / name).write_text(EXAMPLE)
    (folder / "notes.md").write_text("ignored")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "--out", str(out), "--backend", "fake-batch"]) == 1
    records = {json.loads(line)["id"]: json.loads(line) for line in out.read_text().splitlines()}
    assert set(records) == {"one.txt", "two.txt", "fails.txt"}
    assert records["fails.txt"]["error"]["type"] == "RetriesExhaustedError"
    assert records["one.txt"]["summary"]["actors"][0]["name"] == "Vladimir Putin"
    # Rerun: only the failed article is asked again (and fails again); still one line each.
    main(["batch", str(folder), "--out", str(out), "--backend", "fake-batch"])
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert sorted(ids) == ["fails.txt", "one.txt", "two.txt"]


def test_batch_command_reads_jsonl_and_refuses_bad_records(
    tmp_path: Path, fake_batch_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x1", "text": EXAMPLE}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "--out", str(out), "--backend", "fake-batch"]) == 0
    assert json.loads(out.read_text())["id"] == "x1"
    assert f"written to {out}" in capsys.readouterr().err  # the summary line, unwrapped
    source.write_text('{"id": "x2"}\n')
    assert main(["batch", str(source), "--out", str(out), "--backend", "fake-batch"]) == 2
    # One line, however long the path: the message is never wrapped.
    message = capsys.readouterr().err.splitlines()[-1]
    assert message.startswith(f"summarise batch: error: {source} line 1: expected a JSON")


def test_batch_folders_refuse_files_that_lead_outside(tmp_path: Path) -> None:
    from summarise.batch import read_inputs

    folder = tmp_path / "in"
    folder.mkdir()
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not for this batch")
    (folder / "link.txt").symlink_to(secret)
    with pytest.raises(InputError, match="outside"):
        read_inputs(str(folder))


def test_batch_reads_jsonl_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_batch_backend: None
) -> None:
    import io
    import sys

    records = "".join(json.dumps({"id": f"in{i}", "text": EXAMPLE}) + "\n" for i in range(2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(records.encode())))
    out = tmp_path / "out.jsonl"
    assert main(["batch", "-", "--out", str(out), "--backend", "fake-batch"]) == 0
    assert sorted(json.loads(line)["id"] for line in out.read_text().splitlines()) == ["in0", "in1"]
