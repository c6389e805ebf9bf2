"""A ledger of runs: what each run did and what it cost, kept in SQLite beside the reply
cache.

One row per run: when it started, which command, schema type, backend and model; how
many articles, how many failed, how many attempts; the prompt and completion tokens
spent (failed attempts included; replies replayed from the reply cache spend nothing and
count as cache hits); the cost where a price is known; the wall time; the outcome. No
article text, id or path, no URL and no key goes in: a ledger can be shared without
telling what was summarised or how to reach the endpoint.

A run's row is written when it starts (outcome ``running``) and completed when it ends,
so a killed run stays visible with what it had begun. SQLite in WAL mode with a busy
timeout, one short transaction per write: several processes can record at once. Like
the reply cache, a ledger that cannot be opened or written is one warning; it never
stops a run.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict

from summarise._version import installed_version
from summarise.errors import SummariseError
from summarise.folders import make_folder_for
from summarise.pricing import ArticleSpend
from summarise.shared_sqlite import ForeignDatabase, open_shared
from summarise.types import SummaryResult

__all__ = ["Ledger", "LedgerRun", "RunNames", "RunRecord", "Spend"]

logger = logging.getLogger("summarise")

Outcome = Literal["running", "ok", "failed", "interrupted", "budget"]


class RunNames(TypedDict):
    """What a run is recorded as running: its schema type, backend and model."""

    schema_type: str
    backend: str
    model: str | None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    command TEXT NOT NULL,
    schema_type TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT,
    articles INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cache_hits INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    wall_s REAL NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL,
    version TEXT NOT NULL
)
"""

# The columns a record is read from, in RunRecord's order.
_COLUMNS = (
    "id", "started", "command", "schema_type", "backend", "model", "outcome", "wall_s",
    "version", "articles", "failed", "attempts", "prompt_tokens", "completion_tokens",
    "cache_hits", "cost_usd",
)  # fmt: skip


@dataclass
class Spend:
    """What a run has spent so far; each finished article adds to it.

    Attributes:
        cost_usd: The cost of the priced articles; None while none had a price.
    """

    articles: int = 0
    failed: int = 0
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0
    cost_usd: float | None = None

    def add(self, article: ArticleSpend, cost: float | None) -> None:
        """Count one finished article and what it cost (None without a price)."""
        self.articles += 1
        self.failed += article.failed
        self.attempts += article.attempts
        self.prompt_tokens += article.usage.prompt_tokens
        self.completion_tokens += article.usage.completion_tokens
        self.cache_hits += article.cached
        if cost is not None:
            self.cost_usd = round((self.cost_usd or 0.0) + cost, 6)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class RunRecord:
    """One run, as the ledger holds it."""

    id: int
    started: str
    command: str
    schema_type: str
    backend: str
    model: str | None
    outcome: str
    wall_s: float
    version: str
    spend: Spend = field(default_factory=Spend)

    def to_json(self) -> dict[str, Any]:
        record = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "spend"}
        return {**record, **asdict(self.spend)}


class Ledger:
    """The runs recorded in one SQLite file.

    Args:
        path: The database file; created with its folder if missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.problem: str | None = None  # why the ledger is out of use, if it is
        try:
            make_folder_for(self.path)
            self._db, read_only = open_shared(
                self.path, _SCHEMA, table="runs", columns=set(_COLUMNS), what="a run ledger"
            )
            if read_only is not None:  # a ledger is for recording: unwritable, it is no use
                raise read_only
        except (OSError, sqlite3.Error, ForeignDatabase) as e:
            self._give_up(f"cannot be opened ({e})")

    def __repr__(self) -> str:
        return f"Ledger({str(self.path)!r})"

    def _give_up(self, problem: str) -> None:
        if self.problem is None:
            logger.warning(
                "summarise: the run ledger %s %s; the run goes on without it. Fix or move "
                "the file, or pass --ledger PATH or --no-ledger.",
                self.path, problem,
            )  # fmt: skip
            self.problem = problem
        if self._db is not None:
            self._db.close()
            self._db = None

    def _write(self, sql: str, values: tuple[Any, ...]) -> int | None:
        if self._db is None:
            return None
        try:
            with self._lock, self._db:
                return self._db.execute(sql, values).lastrowid
        except sqlite3.Error as e:
            self._give_up(f"cannot be written ({e})")
            return None

    @contextmanager
    def run(
        self, *, command: str, schema_type: str, backend: str, model: str | None
    ) -> Iterator[LedgerRun]:
        """Record one run: the row is written now and completed on leaving the block
        (``interrupted`` if it was left by Ctrl-C, ``failed`` by another exception,
        else the outcome the block set). The block may correct the names it was given
        (an eval learns its backend's model as it runs)."""
        started = datetime.now(UTC).isoformat(timespec="seconds")
        run_id = self._write(
            "INSERT INTO runs (started, command, schema_type, backend, model, outcome, "
            "version) VALUES (?, ?, ?, ?, ?, 'running', ?)",
            (started, command, schema_type, backend, model, installed_version(fallback="unknown")),
        )
        entry = LedgerRun(run_id, schema_type, backend, model)
        began = time.monotonic()
        try:
            yield entry
        except KeyboardInterrupt:
            entry.outcome = "interrupted"
            raise
        except BaseException:
            entry.outcome = "failed"
            raise
        finally:
            self._finish(entry, time.monotonic() - began)

    @contextmanager
    def one_article(self, names: RunNames) -> Iterator[Callable[[SummaryResult[Any]], None]]:
        """Record a run of one article from Python (command ``python``); see
        :meth:`LedgerRun.one_article`."""
        with self.run(command="python", **names) as entry, entry.one_article() as record:
            yield record

    def _finish(self, entry: LedgerRun, wall_s: float) -> None:
        if entry.id is None:
            return
        s = entry.spend
        self._write(
            "UPDATE runs SET schema_type = ?, backend = ?, model = ?, articles = ?, "
            "failed = ?, attempts = ?, prompt_tokens = ?, completion_tokens = ?, "
            "cache_hits = ?, cost_usd = ?, wall_s = ?, outcome = ? WHERE id = ?",
            (entry.schema_type, entry.backend, entry.model, s.articles, s.failed, s.attempts,
             s.prompt_tokens, s.completion_tokens, s.cache_hits, s.cost_usd,
             round(wall_s, 3), entry.outcome, entry.id),
        )  # fmt: skip

    def recent(self, limit: int = 20) -> list[RunRecord]:
        """The last ``limit`` runs, newest first."""
        return self._select("ORDER BY id DESC LIMIT ?", (limit,))

    def get(self, run_id: int) -> RunRecord | None:
        found = self._select("WHERE id = ?", (run_id,))
        return found[0] if found else None

    def totals(self, by: Literal["model", "day"]) -> list[dict[str, Any]]:
        """Runs, articles, tokens and cost summed per model (backend and model) or per
        day (UTC), newest day or most tokens first."""
        key = "backend || ' ' || COALESCE(model, '')" if by == "model" else "substr(started, 1, 10)"
        order = "total_tokens DESC" if by == "model" else "key DESC"
        rows = self._query(
            f"SELECT {key} AS key, COUNT(*), SUM(articles), SUM(failed), SUM(prompt_tokens), "
            "SUM(completion_tokens), SUM(prompt_tokens + completion_tokens) AS total_tokens, "
            "SUM(cost_usd), COUNT(cost_usd), SUM(cache_hits) FROM runs "
            f"GROUP BY key ORDER BY {order}",
            (),
        )
        names = ("runs", "articles", "failed", "prompt_tokens", "completion_tokens",
                 "total_tokens", "cost_usd", "priced_runs", "cache_hits")  # fmt: skip
        return [{by: row[0], **dict(zip(names, row[1:], strict=True))} for row in rows]

    def _select(self, where: str, values: tuple[Any, ...]) -> list[RunRecord]:
        columns = ", ".join(_COLUMNS)
        return [_record(row) for row in self._query(f"SELECT {columns} FROM runs {where}", values)]

    def _query(self, sql: str, values: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if self._db is None:
            return []
        try:
            with self._lock:
                return list(self._db.execute(sql, values).fetchall())
        except sqlite3.Error as e:
            self._give_up(f"cannot be read ({e})")
            return []

    def close(self) -> None:
        if self._db is not None:
            with self._lock:
                self._db.close()
            self._db = None


@dataclass
class LedgerRun:
    """A run being recorded: add to ``spend`` as articles finish, set ``outcome``.

    Attributes:
        id: The run's row; None when nothing is recorded (no ledger, or it is out of use).
    """

    id: int | None
    schema_type: str = ""
    backend: str = ""
    model: str | None = None
    spend: Spend = field(default_factory=Spend)
    outcome: Outcome = "ok"

    @contextmanager
    def one_article(self) -> Iterator[Callable[[SummaryResult[Any]], None]]:
        """Count one article: call the yielded function with its result; an error leaving
        the block is counted as the article's failure, with what its attempts spent."""
        try:
            yield lambda result: self.spend.add(ArticleSpend.of(result), None)
        except SummariseError as e:
            self.spend.add(ArticleSpend.of(e), None)
            raise


def _record(row: tuple[Any, ...]) -> RunRecord:
    run_id, started, command, schema_type, backend, model, outcome, wall_s, version, *spent = row
    return RunRecord(
        id=run_id, started=started, command=command, schema_type=schema_type,
        backend=backend, model=model, outcome=outcome, wall_s=wall_s, version=version,
        spend=Spend(*spent),
    )  # fmt: skip
