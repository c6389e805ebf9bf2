"""A file written whole or not at all: a failed write keeps the old file and leaves
nothing else in the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarise.atomic import write_atomically


def test_text_that_cannot_be_encoded_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    page = tmp_path / "report.html"
    page.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(page, "a lone surrogate \ud800")
    assert page.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_failed_rename_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomically(tmp_path / "scores.json", "{}")
    assert list(tmp_path.iterdir()) == []
