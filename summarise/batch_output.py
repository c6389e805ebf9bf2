"""A batch's JSONL output: one line per article, that no kill corrupts and no rerun
duplicates.

Each finished article is appended as one line, flushed and fsynced before ``write``
returns, so a killed run loses at most the articles in flight. Reopening the file:

- cuts off a last line that a kill left half-written;
- counts an id as ``done`` when it has a successful line (an ``id`` and a
  ``summary``), and as ``failed`` (to be retried) when its line records an error (an
  ``id`` and an ``error``); a file holding any other line is not a batch output, and is
  refused untouched;
- keeps one line per id. A retry is appended, and when the output is closed (or, after
  a kill, when it is next opened) the file is rewritten without the lines it superseded,
  through a temporary file and an atomic rename, so a kill at any moment leaves the old
  file or the new one, each whole. Per id the successful line wins, else the last one;
  so while a file holds two lines for an id, the last is the one that counts.

One run at a time: the output is locked (``flock`` on a ``.lock`` file beside it, since
the rewrite replaces the output's own inode); a second run on the same file stops at once
with the first one's process id.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from summarise.errors import ConfigurationError

if TYPE_CHECKING:
    from summarise.batch import BatchItem

__all__ = ["JsonlOutput"]

logger = logging.getLogger("summarise")

_SEPARATORS = tuple({"/", os.sep} | ({os.altsep} if os.altsep else set()))


class JsonlOutput:
    """An append-only JSONL file of batch results that a kill cannot corrupt.

    Args:
        path: The output file; created, with its folder, if missing. A symlink is
            followed: the file it leads to is locked and rewritten, the link kept.

    Attributes:
        done: Ids with a successful line; a rerun skips them.
        failed: Ids whose line records an error; a rerun retries them.

    Raises:
        ConfigurationError: The path is a folder (or ends in a separator), exists but is
            not a regular file (a FIFO, a device), cannot be created or written, holds
            a line that is not a batch result (an input file, someone else's JSONL), or
            another run is writing it.
    """

    def __init__(self, path: str | Path) -> None:
        given = str(path)  # before Path drops a trailing separator
        if given.endswith(_SEPARATORS):
            raise ConfigurationError(
                f"--out {given} ends in a path separator, so it names a folder; name a file "
                "to write, such as results.jsonl inside it."
            )
        self.shown = Path(path)  # as the user wrote it, for messages
        # One file, one writer: the lock, the rewrite's temporary file and its rename act
        # on the file a symlink leads to, so two names of one file share one lock, and a
        # rewrite through a symlink replaces the file, not the symlink.
        self.path = Path(os.path.realpath(path))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._temp = self.path.with_name(f".{self.path.name}.rewrite")
        self._refuse_special(given)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = self._hold_lock()
        except OSError as e:
            raise ConfigurationError(
                f"Cannot write --out {self.shown} ({e.strerror}); name a file in a folder "
                "you can write."
            ) from e
        try:
            self._temp.unlink(missing_ok=True)  # a rewrite a kill interrupted: never used
            self.done, self.failed, superseded = self._recover()
            if superseded:
                self._rewrite()
            self._file: IO[str] = self.path.open("a", encoding="utf-8")
        except ConfigurationError:
            self._lock.close()
            raise
        except OSError as e:
            self._lock.close()
            raise ConfigurationError(
                f"Cannot write --out {self.shown} ({e.strerror}); name a file you can write."
            ) from e
        self._retried = False

    def _refuse_special(self, given: str) -> None:
        """Refuse an existing --out that is not a regular file, before any lock file is
        made beside it: a FIFO or ``/dev/stdout`` into a pipe would be read as earlier
        output and hang, ``/dev/null`` cannot be fsynced, and ``/dev/null.lock`` must
        never be created."""
        try:
            mode = os.stat(given).st_mode  # through symlinks, /proc's included
        except OSError:
            return  # nothing there yet (or a folder on the way is not one: said below)
        if stat.S_ISDIR(mode):
            raise ConfigurationError(f"--out {self.shown} is a folder; name a file to write.")
        if not stat.S_ISREG(mode):
            raise ConfigurationError(
                f"--out {self.shown} is not a regular file (a FIFO, a socket or a device "
                "such as /dev/stdout or /dev/null); name a file to write."
            )

    def _hold_lock(self) -> IO[str]:
        """Take the output's lock, or say which run holds it."""
        lock = self.lock_path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            lock.close()
            raise ConfigurationError(
                f"{self.shown} is being written by another summarise batch ({holder}). Wait "
                "for it to finish, or pass another --out."
            ) from None
        lock.seek(0)
        lock.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        lock.write(f"process {os.getpid()}, started {started}\n")
        lock.flush()
        return lock

    def _recover(self) -> tuple[set[str], set[str], bool]:
        """Ids done and failed, and whether a line is superseded; a last line cut short
        by a kill is cut off. Read a line at a time: an output of any size costs its ids.

        Raises:
            ConfigurationError: A line is not a result (nor a result's start, cut short by
                a kill, at the end): the file is not a batch output, and is left as it is.
        """
        if not self.path.exists():
            return set(), set(), False
        kept, results, good_end, tail = _scan(self.path, self._not_an_output)
        if tail and not _RESULT_START.startswith(tail[: len(_RESULT_START)]):
            self._not_an_output(f"line {results.lines + 1} is not a batch result")
        if tail:
            logger.warning(
                "summarise: %s ended in a partial line (a killed run); it was removed and "
                "that article will be redone.",
                self.shown,
            )
            with self.path.open("r+b") as f:
                f.truncate(good_end)
        done = {i for i, (ok, _) in kept.items() if ok}
        return done, set(kept) - done, results.results > len(kept)

    def _not_an_output(self, what: str) -> None:
        raise ConfigurationError(
            f"--out {self.shown}: {what} (an object with an 'id' and a 'summary' or an "
            "'error'), so the file is not a batch output; it was left as it is. Pick another "
            "--out."
        )

    def write(self, item: BatchItem, *, cost_usd: float | None = None) -> None:
        """Append one result as one line, flushed to disk before returning."""
        record = item.to_json()
        if cost_usd is not None:
            record["cost_usd"] = cost_usd
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self._file.write(line)
        self._file.flush()
        os.fsync(self._file.fileno())
        if item.id in self.failed or item.id in self.done:
            self._retried = True  # an earlier line of this id is now superseded
        if item.ok:
            self.done.add(item.id)
            self.failed.discard(item.id)
        elif item.id not in self.done:  # a success is never replaced
            self.failed.add(item.id)

    def close(self) -> None:
        """Close the file, dropping the lines this run's retries superseded, and release
        the lock."""
        if self._file.closed:
            return
        self._file.close()
        try:
            if self._retried:
                self._rewrite()
        finally:
            self._lock.close()

    def _rewrite(self) -> None:
        """Keep one line per id, where the id first stood (a retry takes the place of
        the failure it replaces, so the order of a file does not depend on which retry
        finished first): write to a temporary file, fsync it, rename it over the output
        (atomic), then fsync the folder. Read a line at a time, and the line that counts
        fetched by its offset, so the rewrite holds the ids and one line."""
        kept, _, _, _ = _scan(self.path, self._not_an_output)
        written: set[str] = set()
        with (
            self.path.open("rb") as lines,
            self.path.open("rb") as chosen,
            self._temp.open("wb") as f,
        ):
            for line in lines:
                found = _id_of(line)
                if found is None:  # blank lines stay as found
                    f.write(line)
                elif found[0] not in written:
                    written.add(found[0])
                    chosen.seek(kept[found[0]][1])
                    f.write(chosen.readline())
            f.flush()
            os.fsync(f.fileno())
        os.replace(self._temp, self.path)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def __enter__(self) -> JsonlOutput:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# How every result line starts (``BatchItem.to_json`` puts the id first, as a string): a
# last line cut short by a kill is a prefix of a result, so it starts like this.
_RESULT_START = b'{"id": "'


def _id_of(line: bytes) -> tuple[str, bool] | None:
    """A result line's id and whether it is a success; None for any other line.

    A success is an object with an ``id`` and a ``summary`` object; a failure, an object
    with an ``id`` and an ``error`` object. Anything else (an input record, a line of
    someone else's JSONL) is no result, so no id is ever skipped on its say-so.
    """
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("id"), str | int):
        return None
    if isinstance(record.get("error"), dict):
        return str(record["id"]), False
    if isinstance(record.get("summary"), dict):
        return str(record["id"]), True
    return None


@dataclass
class _Counts:
    lines: int = 0  # whole lines
    results: int = 0  # result lines among them


def _scan(
    path: Path, not_an_output: Callable[[str], None]
) -> tuple[dict[str, tuple[bool, int]], _Counts, int, bytes]:
    """One pass over an output, a line at a time: per id, the line that counts (its
    success, its byte offset; the successful line, else the last); the counts; where the
    whole lines end; and what follows them (a line a kill cut short, or nothing).
    ``not_an_output`` is called (and raises) for a whole line that is not a result."""
    kept: dict[str, tuple[bool, int]] = {}
    counts = _Counts()
    offset = 0
    with path.open("rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                return kept, counts, offset, line
            counts.lines += 1
            found = _id_of(line)
            if found is None:
                if line.strip():
                    not_an_output(f"line {counts.lines} is not a batch result")
            else:
                counts.results += 1
                article_id, ok = found
                if not kept.get(article_id, (False, 0))[0]:  # a success is never replaced
                    kept[article_id] = (ok, offset)
            offset += len(line)
    return kept, counts, offset, b""
