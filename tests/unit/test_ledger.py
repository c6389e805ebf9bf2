"""The run ledger: what a run spent, recorded whatever way the run ends, read back by
`summarise runs`, and never holding what was summarised."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from summarise import RetriesExhaustedError, Summariser, Usage
from summarise.backends import register_backend
from summarise.cli import main
from summarise.errors import InputError
from summarise.ledger import Ledger, Spend
from summarise.pricing import ArticleSpend
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

EXAMPLE = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
USAGE = Usage(prompt_tokens=1000, completion_tokens=200, requests=1)


def test_a_failed_article_spends_what_its_attempts_used() -> None:
    error = RetriesExhaustedError("no", attempts=3, usage=USAGE)
    assert ArticleSpend.of(error) == ArticleSpend(USAGE, 3, failed=True, cached=False)
    before_any_call = InputError("empty")
    assert ArticleSpend.of(before_any_call) == ArticleSpend(Usage(), 0, failed=True, cached=False)


def test_a_replayed_reply_spends_nothing_and_counts_as_a_cache_hit() -> None:
    replayed = ArticleSpend.reported(USAGE, 2, failed=False, cached=True)
    assert (replayed.usage, replayed.attempts) == (Usage(), 0)
    made = ArticleSpend.reported(USAGE, 2, failed=False, cached=False)
    assert (made.usage, made.attempts) == (USAGE, 2)
    assert ArticleSpend.reported(None, 0, failed=True, cached=False).usage == Usage()


def test_spend_adds_up_articles_failures_attempts_tokens_hits_and_cost() -> None:
    spend = Spend()
    spend.add(ArticleSpend(USAGE, 2, failed=False, cached=False), 0.01)
    spend.add(ArticleSpend(USAGE, 3, failed=True, cached=False), None)  # no price for it
    spend.add(ArticleSpend(Usage(), 1, failed=False, cached=True), 0.0)
    assert spend == Spend(
        articles=3, failed=1, attempts=6, prompt_tokens=2000, completion_tokens=400,
        cache_hits=1, cost_usd=0.01,
    )  # fmt: skip
    assert spend.total_tokens == 2400
    assert Spend().cost_usd is None  # no priced article: no cost, not $0


def _record(ledger: Ledger, outcome: str = "ok", **names: Any) -> int | None:
    run_names = {"schema_type": "news", "backend": "openai", "model": "m", **names}
    with ledger.run(command="batch", **run_names) as entry:
        entry.spend.add(ArticleSpend(USAGE, 2, failed=False, cached=False), 0.5)
        entry.outcome = outcome  # type: ignore[assignment]
    return entry.id


def test_a_run_is_recorded_with_what_it_spent(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    run_id = _record(ledger)
    assert run_id is not None
    record = ledger.get(run_id)
    assert record is not None
    assert (record.command, record.schema_type, record.backend, record.model) == (
        "batch", "news", "openai", "m",
    )  # fmt: skip
    assert record.outcome == "ok"
    assert record.spend == Spend(1, 0, 2, 1000, 200, 0, 0.5)
    assert record.wall_s >= 0
    assert record.to_json()["prompt_tokens"] == 1000


def test_a_run_shows_as_running_until_it_ends(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    with ledger.run(command="batch", schema_type="news", backend="b", model=None) as entry:
        assert entry.id is not None
        seen = Ledger(tmp_path / "runs.sqlite").get(entry.id)  # another reader, mid-run
        assert seen is not None
        assert seen.outcome == "running"
    ended = ledger.get(entry.id)
    assert ended is not None
    assert ended.outcome == "ok"


@pytest.mark.parametrize(
    ("raised", "outcome"), [(KeyboardInterrupt, "interrupted"), (RuntimeError, "failed")]
)
def test_a_run_left_by_an_exception_is_recorded_as_such(
    tmp_path: Path, raised: type[BaseException], outcome: str
) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")

    def interrupted_run() -> None:
        with ledger.run(command="batch", schema_type="news", backend="b", model=None) as entry:
            entry.spend.add(ArticleSpend(USAGE, 1, failed=False, cached=False), None)
            raise raised

    with pytest.raises(raised):
        interrupted_run()
    record = ledger.get(1)
    assert record is not None
    assert (record.outcome, record.spend.prompt_tokens) == (outcome, 1000)


def test_recent_runs_come_newest_first_and_stop_at_the_limit(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    ids = [_record(ledger) for _ in range(3)]
    assert [r.id for r in ledger.recent(2)] == ids[::-1][:2]
    assert [r.id for r in ledger.recent(3)] == ids[::-1]


def test_totals_sum_per_model_and_per_day(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    _record(ledger, model="a")
    _record(ledger, model="a")
    _record(ledger, model="b")
    by_model = {row["model"]: row for row in ledger.totals("model")}
    assert set(by_model) == {"openai a", "openai b"}
    assert by_model["openai a"]["runs"] == 2
    assert by_model["openai a"]["total_tokens"] == 2400
    assert by_model["openai a"]["cost_usd"] == pytest.approx(1.0)
    (day,) = ledger.totals("day")
    assert (day["runs"], day["articles"]) == (3, 3)
    assert len(day["day"]) == 10  # YYYY-MM-DD


def test_a_ledger_that_cannot_be_used_is_one_warning_and_the_run_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "runs.sqlite"
    folder.mkdir()  # a folder where the file should be
    with caplog.at_level(logging.WARNING, logger="summarise"):
        ledger = Ledger(folder)
        assert _record(ledger) is None
        assert _record(ledger) is None
    assert caplog.text.count("run ledger") == 1
    assert ledger.recent() == []


# --- through the command line -------------------------------------------------------------


@pytest.fixture
def priced_backend() -> None:
    """A backend answering every article, each reply costing USAGE, but the one whose
    text says "fails"."""

    class Backend(FakeBackend):
        name = "fake-priced"

        def extract(self, request: Any) -> Any:
            if "fails" in request.messages[-1]["content"]:
                raise RetriesExhaustedError("this one fails", attempts=3, usage=USAGE)
            return super().extract(request)

    register_backend(
        "fake-priced", lambda _s: Backend(default=TRUE_SUMMARY, usage=USAGE), replace=True
    )


def _batch_input(tmp_path: Path, count: int, failing: int = 0) -> Path:
    source = tmp_path / "in.jsonl"
    texts = [EXAMPLE] * count + [EXAMPLE + "\nThis one fails."] * failing
    source.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in
                              enumerate(texts)))  # fmt: skip
    return source


def _runs_json(*args: str, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    assert main(["runs", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_batch_is_recorded_with_its_failures_and_their_tokens(
    tmp_path: Path, priced_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"m": [1.0, 2.0]}))
    source = _batch_input(tmp_path, 2, failing=1)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "--out", str(out), "--backend", "fake-priced", "--model", "m"]
    assert main([*args, "--prices", str(prices)]) == 1
    (run,) = _runs_json(capsys=capsys)
    assert run["command"] == "batch"
    assert (run["backend"], run["model"], run["schema_type"]) == ("fake-priced", "m", "news")
    assert (run["articles"], run["failed"], run["outcome"]) == (3, 1, "failed")
    assert run["attempts"] == 1 + 1 + 3  # the failure's three attempts included
    assert run["prompt_tokens"] == 3000  # the failure's tokens included
    assert run["cost_usd"] == pytest.approx(3 * (1000 * 1.0 + 200 * 2.0) / 1e6)
    # The ledger holds no article text, id or path.
    data = (tmp_path / ".summarise" / "runs.sqlite").read_bytes()
    for secret in (b"a0", str(source).encode(), b"Putin is attempting"):
        assert secret not in data


def test_runs_show_and_totals_read_back_what_was_recorded(
    tmp_path: Path, priced_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _batch_input(tmp_path, 1)
    args = ["batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--backend", "fake-priced"]
    assert main(args) == 0
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake-priced"]) == 0
    listed = _runs_json(capsys=capsys)
    assert [r["command"] for r in listed] == ["summarise", "batch"]
    shown = _runs_json("show", str(listed[1]["id"]), capsys=capsys)
    assert shown == listed[1]
    (day,) = _runs_json("totals", "--by", "day", capsys=capsys)
    assert (day["runs"], day["articles"], day["prompt_tokens"]) == (2, 2, 2000)
    assert main(["runs"]) == 0
    table = capsys.readouterr().out
    assert "batch" in table
    assert "summarise" in table


def test_no_ledger_records_nothing_and_reading_an_absent_one_creates_nothing(
    tmp_path: Path, priced_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / ".summarise" / "runs.sqlite"
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake-priced", "--no-ledger"]) == 0
    assert not ledger.exists()
    assert _runs_json(capsys=capsys) == []
    assert not ledger.exists()


@pytest.mark.parametrize("args", [["show", "99"], ["--limit", "0"]])
def test_asking_for_what_is_not_there_is_a_usage_error(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["runs", *args]) == 2
    assert "summarise runs: error:" in capsys.readouterr().err


def test_the_ledger_is_a_plain_sqlite_file_others_can_read(
    tmp_path: Path, priced_backend: None
) -> None:
    assert main([str(EXAMPLE_ARTICLE), "--backend", "fake-priced"]) == 0
    with sqlite3.connect(tmp_path / ".summarise" / "runs.sqlite") as db:
        rows = db.execute("SELECT command, outcome, prompt_tokens FROM runs").fetchall()
    assert rows == [("summarise", "ok", 1000)]


# --- the ledger's own contract, on both sides of each line ---------------------------------


def test_cache_hits_and_cost_add_up_to_the_micro_dollar() -> None:
    spend = Spend()
    for _ in range(3):
        spend.add(ArticleSpend(Usage(), 0, failed=False, cached=True), 0.0000006)
    assert spend.cache_hits == 3
    assert spend.cost_usd == 0.000003  # each 0.6 micro-dollars kept as one micro-dollar
    assert (spend.articles, spend.failed, spend.attempts) == (3, 0, 0)


def test_a_ledger_in_missing_folders_is_created_and_shown_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "state" / "deep" / "runs.sqlite"
    ledger = Ledger(path)
    assert ledger.problem is None
    assert _record(ledger) == 1
    assert repr(ledger) == f"Ledger({str(path)!r})"


def test_a_ledger_made_in_one_thread_records_runs_from_another(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    ids: list[int | None] = []
    worker = threading.Thread(target=lambda: ids.append(_record(ledger)))
    worker.start()
    worker.join()
    assert ids == [1]
    assert ledger.problem is None
    assert [r.id for r in ledger.recent()] == [1]


def test_a_ledger_that_cannot_be_opened_says_why_and_how_to_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "runs.sqlite"
    path.mkdir()
    with caplog.at_level(logging.WARNING, logger="summarise"):
        ledger = Ledger(path)
    assert ledger.problem is not None
    assert ledger.problem.startswith("cannot be opened (")
    (message,) = [r.getMessage() for r in caplog.records]
    assert message == (
        f"summarise: the run ledger {path} {ledger.problem}; the run goes on without it. "
        "Fix or move the file, or pass --ledger PATH or --no-ledger."
    )


def test_a_ledger_that_stops_being_writable_warns_once_and_records_nothing_more(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "runs.sqlite"
    ledger = Ledger(path)
    with sqlite3.connect(path) as other:  # someone else's hand in the file
        other.execute("DROP TABLE runs")
    with caplog.at_level(logging.WARNING, logger="summarise"):
        assert _record(ledger) is None
        assert _record(ledger) is None  # out of use now: no error, no second warning
    assert ledger.problem == "cannot be written (no such table: runs)"
    assert [r.getMessage() for r in caplog.records] == [
        f"summarise: the run ledger {path} cannot be written (no such table: runs); the run "
        "goes on without it. Fix or move the file, or pass --ledger PATH or --no-ledger."
    ]
    assert ledger.recent() == []


def test_a_closed_ledger_records_and_reads_nothing(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    assert _record(ledger) == 1
    ledger.close()
    ledger.close()  # twice is fine
    assert ledger.recent() == []
    assert ledger.get(1) is None
    assert _record(ledger) is None
    assert [r.id for r in Ledger(tmp_path / "runs.sqlite").recent()] == [1]


def test_wall_time_is_kept_to_the_millisecond(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    for _ in range(5):
        with ledger.run(command="batch", schema_type="news", backend="b", model=None):
            time.sleep(0.0123)
    for record in ledger.recent():
        assert 0.012 <= record.wall_s < 1
        assert round(record.wall_s, 3) == record.wall_s


def test_recent_shows_twenty_runs_unless_told_otherwise(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    for _ in range(21):
        _record(ledger)
    assert [r.id for r in ledger.recent()] == list(range(21, 1, -1))
    assert ledger.get(21) is not None
    assert ledger.get(22) is None
    assert ledger.get(0) is None


def test_a_record_carries_the_version_that_made_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    _record(ledger)
    record = ledger.get(1)
    assert record is not None
    assert record.version == metadata.version("summarise") != "unknown"
    assert record.to_json()["version"] == record.version

    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)  # run from a bare checkout
    _record(ledger)
    unknown = ledger.get(2)
    assert unknown is not None
    assert unknown.version == "unknown"


TOTAL_KEYS = ["runs", "articles", "failed", "prompt_tokens", "completion_tokens",
              "total_tokens", "cost_usd", "priced_runs", "cache_hits"]  # fmt: skip


def test_totals_per_model_come_most_tokens_first_with_every_sum_named(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runs.sqlite")
    with ledger.run(command="batch", schema_type="news", backend="openai", model="small") as e:
        e.spend.add(ArticleSpend(Usage(prompt_tokens=10, completion_tokens=5), 1,
                                 failed=True, cached=False), None)  # fmt: skip
    for _ in range(2):
        with ledger.run(command="batch", schema_type="news", backend="openai", model="big") as e:
            e.spend.add(ArticleSpend(USAGE, 2, failed=False, cached=False), 0.25)
            e.spend.add(ArticleSpend(Usage(), 0, failed=False, cached=True), 0.0)
    with ledger.run(command="batch", schema_type="news", backend="local", model=None):
        pass
    rows = ledger.totals("model")
    assert [row["model"] for row in rows] == ["openai big", "openai small", "local "]
    assert [list(row) for row in rows] == [["model", *TOTAL_KEYS]] * 3
    big, small, _ = rows
    assert big == {"model": "openai big", "runs": 2, "articles": 4, "failed": 0,
                   "prompt_tokens": 2000, "completion_tokens": 400, "total_tokens": 2400,
                   "cost_usd": 0.5, "priced_runs": 2, "cache_hits": 2}  # fmt: skip
    assert (small["failed"], small["cost_usd"], small["priced_runs"]) == (1, None, 0)


def test_totals_per_day_come_newest_day_first(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    ledger = Ledger(path)
    for _ in range(3):
        _record(ledger)
    with sqlite3.connect(path) as db:  # runs made on other days, the oldest the biggest
        db.execute("UPDATE runs SET started = '2024-01-02T10:00:00+00:00' WHERE id = 1")
        db.execute(
            "UPDATE runs SET started = '2023-12-31T23:59:59+00:00', prompt_tokens = 99999 "
            "WHERE id = 3"
        )
    days = ledger.totals("day")
    today = datetime.now(UTC).date().isoformat()
    assert [(d["day"], d["runs"]) for d in days] == [
        (today, 1),
        ("2024-01-02", 1),
        ("2023-12-31", 1),
    ]
    assert [list(d) for d in days] == [["day", *TOTAL_KEYS]] * 3


# --- from Python, when asked for ----------------------------------------------------------


def test_a_summariser_given_a_ledger_records_each_call_as_a_run(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    fake = FakeBackend([TRUE_SUMMARY, RetriesExhaustedError("no", attempts=3, usage=USAGE)],
                       usage=USAGE)  # fmt: skip
    with Summariser(backend=fake, ledger=path) as summariser:
        summariser.summarise(EXAMPLE)
        with pytest.raises(RetriesExhaustedError):
            asyncio.run(summariser.asummarise(EXAMPLE + " Again."))
    failed, ok = Ledger(path).recent()
    assert (ok.command, ok.outcome, ok.spend.articles, ok.spend.prompt_tokens) == (
        "python", "ok", 1, 1000,
    )  # fmt: skip
    assert (ok.schema_type, ok.backend) == ("news", fake.name)
    assert (failed.outcome, failed.spend.failed, failed.spend.attempts) == ("failed", 1, 3)
    assert failed.spend.prompt_tokens == 1000  # what the failed attempts spent


def test_a_summariser_without_a_ledger_records_nothing(tmp_path: Path) -> None:
    with Summariser(backend=FakeBackend([TRUE_SUMMARY])) as summariser:
        summariser.summarise(EXAMPLE)
    assert not list(tmp_path.rglob("*.sqlite"))


def test_another_programs_database_is_not_a_ledger_and_is_left_as_it_was(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "theirs.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE replies (key TEXT PRIMARY KEY, reply TEXT)")
    with caplog.at_level(logging.WARNING, logger="summarise"):
        ledger = Ledger(path)
        assert ledger.recent() == []
    assert ledger.problem is not None
    assert "not a run ledger" in ledger.problem
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"replies"}  # no runs table written into someone else's file


def test_a_runs_table_of_other_columns_is_refused_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE runs (name TEXT)")
    with caplog.at_level(logging.WARNING, logger="summarise"):
        assert main(["runs", "--ledger", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert "not a run ledger" in caplog.text
    with sqlite3.connect(path) as db:  # left as it was: no row, no column added
        assert [r[1] for r in db.execute("PRAGMA table_info(runs)")] == ["name"]


def test_a_ledger_with_extra_tables_beside_its_runs_is_used(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    Ledger(path).close()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    ledger = Ledger(path)
    assert ledger.problem is None
    with ledger.run(command="batch", schema_type="news", backend="fake", model=None):
        pass
    assert [r.command for r in ledger.recent()] == ["batch"]
