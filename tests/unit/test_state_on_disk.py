"""Caches that are damaged or shared never crash a run or give wrong answers."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from summarise import ReplyCache


@pytest.mark.parametrize(
    "damage",
    [b"SQLite format 3\x00" + b"\x00" * 50, b"SQLite format 3\x00" + b"overwritten" * 100],
)
def test_an_unreadable_cache_is_moved_aside_and_rebuilt(
    tmp_path: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    path.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
    assert "rebuilt" in caplog.text
    assert cache.get("anything") is None
    cache.put("k", {"v": 1})
    assert cache.get("k") == {"v": 1}
    assert list(tmp_path.glob("replies.sqlite.corrupt-*"))  # kept for inspection


@pytest.mark.parametrize(
    "other",
    [
        b"this is not sqlite at all" * 100,
        b"An article the user named as --cache by mistake.\n",
        b'{"id": "a", "summary": {}}\n',
        b"SQLite format 2\x00" + b"\x00" * 50,
    ],
)
def test_a_file_that_is_not_sqlite_is_left_untouched_and_the_run_goes_on(
    tmp_path: Path, other: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "replies.sqlite"
    path.write_bytes(other)
    with caplog.at_level(logging.WARNING, logger="summarise"):
        cache = ReplyCache(path)
        cache.put("k", {"v": 1})
        assert cache.get("k") is None  # no cache: every lookup misses
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1, warnings
    assert "not a SQLite database" in warnings[0]
    assert "left untouched" in warnings[0]
    assert path.read_bytes() == other
    assert list(tmp_path.iterdir()) == [path]  # nothing moved aside, nothing beside it


def test_a_truncated_cache_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    cache = ReplyCache(path)
    for i in range(200):
        cache.put(f"k{i}", {"v": "x" * 500})
    cache.close()
    for extra in tmp_path.glob("replies.sqlite-*"):  # the WAL, checkpointed on close
        extra.unlink()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    rebuilt = ReplyCache(path)
    # Either SQLite could read what was left, or the file was set aside: never a crash,
    # and whatever is read back is a whole entry.
    for i in range(200):
        entry = rebuilt.get(f"k{i}")
        assert entry is None or entry == {"v": "x" * 500}


def test_concurrent_processes_share_one_cache(tmp_path: Path) -> None:
    path = tmp_path / "replies.sqlite"
    ReplyCache(path).close()
    script = (
        "import sys; from summarise import ReplyCache; c = ReplyCache(sys.argv[1]); "
        "[c.put(f'{sys.argv[2]}-{i}', {'i': i}) for i in range(150)]"
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(path), name])
        for name in ("a", "b", "c")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    cache = ReplyCache(path)
    assert len(cache) == 450
    assert cache.get("b-149") == {"i": 149}
