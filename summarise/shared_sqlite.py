"""Opening a SQLite file that runs share: the reply cache and the run ledger.

The threads of one run, and several runs at once, use the same file. So a connection
may be used from any thread (its owner serialises use with a lock), waits up to
:data:`BUSY_TIMEOUT_S` for another process's write rather than failing at once, and the
file is in WAL mode, so readers never block a writer; every write is one short
transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_S", "ForeignDatabase", "errorcode", "open_shared"]

BUSY_TIMEOUT_S = 30
_READ_ONLY = 8  # SQLITE_READONLY


class ForeignDatabase(Exception):
    """A readable SQLite database that holds something else: someone else's, left alone."""


def open_shared(
    path: Path,
    schema: str,
    *,
    table: str,
    columns: set[str],
    what: str,
) -> tuple[sqlite3.Connection, sqlite3.OperationalError | None]:
    """Open ``path`` to share, in WAL mode, with ``schema``'s table made if missing.

    A database that holds something else is refused before anything is written to it:
    tables or views but no ``table``, a view named ``table``, or a ``table`` without
    ``columns``. A ``table`` with those columns is used, whatever else is beside it.

    Args:
        path: The database file; its folder must exist.
        schema: A ``CREATE TABLE IF NOT EXISTS`` statement for ``table``.
        table: The table the file is for.
        columns: The columns that table must have.
        what: What the file is, for the refusal ("a reply cache").

    Returns:
        The connection, and why SQLite refuses to write the file, if it does (a file
        that already holds the table can still be read).

    Raises:
        ForeignDatabase: The database holds something else.
        sqlite3.Error: The file is not a database, or the table cannot be made. On any
            error the connection is closed.
    """
    db = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
    read_only = None
    try:
        _refuse_foreign(db, table, columns, what)
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


def _refuse_foreign(db: sqlite3.Connection, table: str, columns: set[str], what: str) -> None:
    objects = dict(db.execute("SELECT name, type FROM sqlite_master WHERE type != 'index'"))
    tables = set(objects)
    found = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    kind = objects.get(table, "table")
    if (
        (tables and table not in tables)
        or kind != "table"
        or (table in tables and not columns <= found)
    ):
        layout = f"tables {sorted(tables)}" + (f", {table} has {sorted(found)}" if found else "")
        if kind != "table":
            layout += f", {table} is a {kind}"
        raise ForeignDatabase(f"a SQLite database of something else ({layout}), not {what}")
