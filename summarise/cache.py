"""An on-disk cache of model replies, for record and replay.

Entries are keyed by everything that decides a reply: backend, model, mode, the prompt
template's hash, the schema's hash, the article's hash and the generation parameters.
Change the prompt or the schema and exactly the affected entries stop matching. Only
the reply is stored (its JSON, usage, attempts); never a key, header or URL.

SQLite in WAL mode, one short transaction per write, so concurrent runs can share a
cache and a killed run never leaves a half-written entry. A file that is not a readable
database (truncated, overwritten) is moved aside with a warning and the cache rebuilt.
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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:
            # Not a database (truncated, overwritten): keep it for inspection, start anew.
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.rename(aside)
            logger.warning(
                "summarise: the reply cache %s was unreadable (%s); moved to %s and rebuilt.",
                self.path, e, aside,
            )  # fmt: skip
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute("SELECT COUNT(*) FROM replies").fetchone()
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def __repr__(self) -> str:
        return f"ReplyCache({str(self.path)!r})"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored reply, or None. A corrupt entry reads as a miss."""
        with self._lock:
            row = self._db.execute("SELECT reply FROM replies WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            reply = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return reply if isinstance(reply, dict) else None

    def put(self, key: str, reply: Mapping[str, Any]) -> None:
        """Store a reply, replacing any earlier one under the same key."""
        data = json.dumps(reply, sort_keys=True)
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO replies (key, reply) VALUES (?, ?)", (key, data)
            )

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        with self._lock, self._db:
            count: int = self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
            self._db.execute("DELETE FROM replies")
        return count

    def __len__(self) -> int:
        with self._lock:
            count: int = self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
        return count

    def close(self) -> None:
        with self._lock:
            self._db.close()
