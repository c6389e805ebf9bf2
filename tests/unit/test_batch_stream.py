"""Batches of any size: inputs read as places free up, items yielded as they finish,
faults in the input named by line as they are reached, and the CLI keeping everything
finished before a bad line."""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarise import InputError, Summariser
from summarise.backends import register_backend
from summarise.batch import BatchInputs, BatchItem, asummarise_iter, read_inputs, summarise_iter
from summarise.cli import main
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class Pulled:
    """An input that counts how many articles were taken from it."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.taken = 0

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for i in range(self.count):
            self.taken += 1
            yield f"a{i}", EXAMPLE


@pytest.mark.parametrize("concurrency", [1, 3])
def test_articles_are_read_only_as_places_free_up(concurrency: int) -> None:
    source = Pulled(20)
    ahead = []

    async def run() -> list[BatchItem]:
        items = []
        summariser = Summariser(backend=FakeBackend(default=TRUE_SUMMARY))
        async for item in asummarise_iter(summariser, source, concurrency=concurrency):
            ahead.append(source.taken - len(items))  # read but not yet yielded
            items.append(item)
        return items

    items = asyncio.run(run())
    assert sorted(i.id for i in items) == sorted(f"a{i}" for i in range(20))
    assert all(item.ok for item in items)
    assert max(ahead) <= concurrency  # never the whole input
    assert max(ahead) >= 1


def test_the_sync_iterator_yields_as_it_goes_and_stops_reading_when_closed() -> None:
    source = Pulled(50)
    items = summarise_iter(source, concurrency=2, backend=FakeBackend(default=TRUE_SUMMARY))
    first = next(items)
    assert first.ok
    assert source.taken <= 3
    items.close()  # the rest is never read
    assert source.taken <= 3
    every = list(summarise_iter(Pulled(5), backend=FakeBackend(default=TRUE_SUMMARY)))
    assert sorted(i.id for i in every) == [f"a{i}" for i in range(5)]


def test_a_repeated_id_lets_those_in_flight_finish_then_is_refused() -> None:
    articles = [("a", EXAMPLE), ("b", EXAMPLE), ("a", EXAMPLE), ("c", EXAMPLE)]
    seen: list[str] = []

    async def run() -> None:
        summariser = Summariser(backend=FakeBackend(default=TRUE_SUMMARY))
        async for item in asummarise_iter(summariser, articles, concurrency=8):
            seen.append(item.id)

    with pytest.raises(InputError, match=r"'a' \(input 3\) was read before"):
        asyncio.run(run())
    assert sorted(seen) == ["a", "b"]  # finished and yielded; c never started


def test_jsonl_is_read_lazily_and_a_bad_line_is_named_when_reached(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "a", "text": "A."}, {"id": "b", "text": "B."}, {"id": 3}]
    )
    records = iter(BatchInputs(str(source)))
    assert [(r.id, r.text, r.line) for r in (next(records), next(records))] == [
        ("a", "A.", 1),
        ("b", "B.", 2),
    ]
    with pytest.raises(InputError, match="line 3: expected a JSON object"):
        next(records)


def test_a_repeated_id_is_refused_naming_both_lines(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "a", "text": "A."}, {"id": "b", "text": "B."}, {"id": "a", "text": "A again."}],
    )
    with pytest.raises(InputError) as caught:
        read_inputs(str(source))
    assert "line 3: the id 'a' was already read on line 1" in str(caught.value)
    unique = write_jsonl(
        tmp_path / "ok.jsonl", [{"id": 1, "text": "A."}, {"id": "1x", "text": "B."}]
    )
    assert read_inputs(str(unique)) == [("1", "A."), ("1x", "B.")]


def test_a_folder_is_listed_and_checked_before_its_first_article_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("An article.")
    (tmp_path / "b.txt").write_text("Another.")
    (tmp_path / "notes.md").write_text("Not an article.")
    inputs = BatchInputs(str(tmp_path))
    assert inputs.ids == ["a.txt", "b.txt"]
    (tmp_path / "a.txt").write_text("Changed before reading.")
    assert [r.text for r in inputs] == [b"Changed before reading.", b"Another."]
    (tmp_path / "c.txt").mkdir()
    with pytest.raises(InputError, match="is not a regular file"):
        BatchInputs(str(tmp_path))
    assert BatchInputs(str(write_jsonl(tmp_path / "in.jsonl", []))).ids is None


def test_the_cli_keeps_what_finished_before_a_bad_line_and_a_rerun_does_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    register_backend("canned", lambda _s: FakeBackend(default=TRUE_SUMMARY), replace=True)
    good = [{"id": f"a{i}", "text": EXAMPLE} for i in range(3)]
    write_jsonl(tmp_path / "in.jsonl", [*good, {"id": "a1", "text": EXAMPLE}])
    argv = ["batch", "in.jsonl", "--out", "out.jsonl", "--backend", "canned", "--no-cache"]
    assert main([*argv, "--concurrency", "1"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "in.jsonl line 4: the id 'a1' was already read on line 2" in err
    assert "3 summarised, 0 failed" in err
    assert "run the same command again" in err
    done = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert done == ["a0", "a1", "a2"]
    write_jsonl(tmp_path / "in.jsonl", [*good, {"id": "a3", "text": EXAMPLE}])
    assert main(argv) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "1 summarised, 0 failed, 3 already done" in err
    done = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert done == ["a0", "a1", "a2", "a3"]


def test_the_cli_run_keeps_start_up_objects_out_of_full_collections_then_lets_them_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[int] = []

    class Watching(FakeBackend):
        def extract(self, request):  # type: ignore[no-untyped-def]
            frozen.append(gc.get_freeze_count())
            return super().extract(request)

    monkeypatch.chdir(tmp_path)
    register_backend("watching", lambda _s: Watching(default=TRUE_SUMMARY), replace=True)
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": EXAMPLE}])
    assert gc.get_freeze_count() == 0
    argv = ["batch", "in.jsonl", "--out", "out.jsonl", "--backend", "watching", "--no-cache"]
    assert main(argv) == 0
    assert frozen[0] > 1000  # the modules and the summariser, during the run
    assert gc.get_freeze_count() == 0  # and collectable again after it


def test_a_jsonl_file_streams_through_the_sync_iterator(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": EXAMPLE} for i in range(5)])
    items = summarise_iter(
        BatchInputs(str(source)).pairs(), concurrency=2, backend=FakeBackend(default=TRUE_SUMMARY)
    )
    assert sorted(item.id for item in items) == ["0", "1", "2", "3", "4"]
