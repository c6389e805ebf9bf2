"""Opening a SQLite file that runs share: the reply cache and the run ledger.

The threads of one run, and several runs at once, use the same file. So a connection
may be used from any thread (its owner serialises use with a lock), waits up to
:data:`BUSY_TIMEOUT_S` for another process's write rather than failing at once, and the
file is in WAL mode, so readers never block a writer; every write is one short
transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_S", "errorcode", "open_shared"]

BUSY_TIMEOUT_S = 30
_READ_ONLY = 8  # SQLITE_READONLY


def open_shared(
    path: Path,
    schema: str,
    *,
    before_writes: Callable[[sqlite3.Connection], None] | None = None,
) -> tuple[sqlite3.Connection, sqlite3.OperationalError | None]:
    """Open ``path`` to share, in WAL mode, with ``schema``'s table made if missing.

    Args:
        path: The database file; its folder must exist.
        schema: A ``CREATE TABLE IF NOT EXISTS`` statement.
        before_writes: Called with the connection before anything is written, to refuse
            (by raising) a database that holds something else.

    Returns:
        The connection, and why SQLite refuses to write the file, if it does (a file
        that already holds the table can still be read).

    Raises:
        sqlite3.Error: The file is not a database, or the table cannot be made. On any
            error, that of ``before_writes`` too, the connection is closed.
    """
    db = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
    read_only = None
    try:
        if before_writes is not None:
            before_writes(db)
        try:
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as e:
            if errorcode(e) != _READ_ONLY:
                raise
            read_only = e
        db.execute(schema)
        db.commit()
    except BaseException:
        db.close()
        raise
    return db, read_only


def errorcode(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code for ``error`` (without extended bits), if it has one."""
    code: int | None = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF
