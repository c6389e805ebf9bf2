"""An on-disk cache of model replies, for record and replay.

Entries are keyed by everything that decides a reply: backend, model, mode, the prompt
template's hash, the schema's hash, the article's hash and the generation parameters.
Change the prompt or the schema and exactly the affected entries stop matching. Only
the reply is stored (its JSON, usage, attempts); never a key, header or URL.

SQLite in WAL mode, one short transaction per write, so concurrent runs can share a
cache and a killed run never leaves a half-written entry. A SQLite file that is not a
readable database any more (truncated, overwritten inside: it still starts with SQLite's
header) is moved aside with a warning and the cache rebuilt; any other file at the path
(not SQLite at all: an article, a JSONL file) is not a cache, and is left untouched.

A cache is an optimisation, so its trouble never stops a run: a cache that cannot be
opened (a folder at its path, a database of another layout, a file that is not SQLite)
or read is one warning, and
the run goes on without it; one that cannot be written (a read-only file) is one warning,
and its recorded replies are still replayed. Only ``clear`` raises.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from summarise.errors import ConfigurationError
from summarise.folders import make_folder_for
from summarise.shared_sqlite import ForeignDatabase, errorcode, open_shared

__all__ = ["ReplyCache", "cache_key"]

logger = logging.getLogger("summarise")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS replies (
    key TEXT PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (datetime('now')),
    reply TEXT NOT NULL
)
"""


def cache_key(parts: Mapping[str, Any]) -> str:
    """A stable key for a request: the SHA-256 of its parts as canonical JSON."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class ReplyCache:
    """Model replies by request key, in one SQLite file.

    Args:
        path: The database file; created with its folder if missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._writable = True
        self.problem: str | None = None  # why the cache is (partly) out of use
        try:
            make_folder_for(self.path)
            self._db, read_only = self._open_or_rebuild()
        except (OSError, sqlite3.Error, ForeignDatabase) as e:
            self._give_up(f"cannot be opened ({_reason(e)})", writes_only=False)
            return
        if read_only is not None:  # still good for replaying what it holds
            self._give_up(f"cannot be written ({read_only})", writes_only=True)

    def _open_or_rebuild(self) -> tuple[sqlite3.Connection, sqlite3.Error | None]:
        """The connection, and why SQLite refuses writes, if it does."""
        try:
            return self._open()
        except sqlite3.DatabaseError as e:
            if errorcode(e) not in _NOT_A_DATABASE or not self.path.is_file():
                raise
            if not _looks_like_sqlite(self.path):
                # Someone else's file (an article, a JSONL output named as --cache): no
                # cache of ours, so it is left exactly as it is.
                raise ForeignDatabase(
                    "not a SQLite database (it does not start with SQLite's header), so not "
                    "a reply cache; left untouched"
                ) from e
            # A database, damaged (truncated, overwritten inside): kept for inspection,
            # and the cache started anew.
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.rename(aside)
            logger.warning(
                "summarise: the reply cache %s was unreadable (%s); moved to %s and rebuilt.",
                self.path, e, aside,
            )  # fmt: skip
            return self._open()

    def _open(self) -> tuple[sqlite3.Connection, sqlite3.Error | None]:
        # The layout is checked before any write: another program's database is left alone.
        db, read_only = open_shared(
            self.path, _SCHEMA, table="replies", columns={"key", "reply"}, what="a reply cache"
        )
        try:
            db.execute("SELECT COUNT(*) FROM replies").fetchone()  # a damaged file fails here
        except sqlite3.Error:
            db.close()
            raise
        return db, read_only

    def _give_up(self, problem: str, *, writes_only: bool) -> None:
        """Stop using the cache (or only writing to it), with one warning."""
        if self.problem is None:
            going_on = (
                "recorded replies are still replayed, new ones are not recorded"
                if writes_only
                else "going on without it"
            )
            logger.warning(
                "summarise: the reply cache %s %s; %s. Fix or remove the file, or pass "
                "--cache PATH or --no-cache.",
                self.path, problem, going_on,
            )  # fmt: skip
        self.problem = self.problem or problem
        self._writable = False
        if not writes_only:
            self._db = None

    def __repr__(self) -> str:
        return f"ReplyCache({str(self.path)!r})"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored reply, or None. A corrupt entry, or a cache out of use, reads as a
        miss."""
        if self._db is None:
            return None
        try:
            with self._lock:
                row = self._db.execute("SELECT reply FROM replies WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as e:
            self._give_up(f"cannot be read ({e})", writes_only=False)
            return None
        if row is None:
            return None
        try:
            reply = json.loads(row[0])
        except (json.JSONDecodeError, TypeError):
            return None
        return reply if isinstance(reply, dict) else None

    def put(self, key: str, reply: Mapping[str, Any]) -> None:
        """Store a reply, replacing any earlier one under the same key; a cache that
        cannot be written stores nothing, after one warning."""
        if self._db is None or not self._writable:
            return
        data = json.dumps(reply, sort_keys=True)
        try:
            with self._lock, self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO replies (key, reply) VALUES (?, ?)", (key, data)
                )
        except sqlite3.Error as e:
            self._give_up(f"cannot be written ({e})", writes_only=True)

    def clear(self) -> int:
        """Remove every entry; returns how many there were.

        Raises:
            ConfigurationError: The cache cannot be opened or written.
        """
        try:
            if self._db is None or not self._writable:
                raise sqlite3.OperationalError(self.problem)
            with self._lock, self._db:
                count: int = self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
                self._db.execute("DELETE FROM replies")
        except sqlite3.Error as e:
            raise ConfigurationError(
                f"Cannot clear the reply cache {self.path}: {e}. Fix or remove the file, or "
                "pass --cache PATH."
            ) from e
        return count

    def __len__(self) -> int:
        if self._db is None:
            return 0
        with self._lock:
            count: int = self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
        return count

    def close(self) -> None:
        if self._db is not None:
            with self._lock:
                self._db.close()


# SQLITE_CORRUPT and SQLITE_NOTADB: the file is not a database (any longer). Other errors
# (a folder at the path, a read-only file) are no reason to move the file aside.
_NOT_A_DATABASE = {11, 26}


_SQLITE_HEADER = b"SQLite format 3\x00"


def _looks_like_sqlite(path: Path) -> bool:
    """Whether a file is (or was) a SQLite database: empty, or starting with its 16-byte
    header. Only such a file is ever moved aside as a corrupt cache."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_HEADER))
    except OSError:
        return False
    return head in (b"", _SQLITE_HEADER)


def _reason(error: BaseException) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)
