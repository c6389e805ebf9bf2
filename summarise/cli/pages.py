"""Where the command line writes HTML pages (``--html``), checked before any work.

A page never replaces an input: ``--html`` naming the article, the batch's input or its
output is refused (exit 2) before anything is summarised, as is a folder that cannot be
made or written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from summarise.atomic import write_atomically
from summarise.cli.options import read_as_article
from summarise.errors import ConfigurationError
from summarise.view.index import index_page

__all__ = ["html_file", "html_folder", "write_batch_index"]


def html_file(value: str, *, inputs: dict[str, str]) -> Path:
    """The file a page is written to, checked.

    Args:
        value: ``--html`` as given.
        inputs: What each path the command reads is called (``{"article": path}``).

    Raises:
        ConfigurationError: It is a folder, one of the inputs, or in a folder that does
            not exist or cannot be written.
    """
    path = Path(value)
    if value.endswith(("/", os.sep)) or path.is_dir():
        raise ConfigurationError(
            f"--html {value} is a folder; name the page's file, such as page.html."
        )
    _refuse_inputs(path, value, inputs)
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigurationError(
            f"--html {value}: the folder {folder} does not exist or cannot be written; "
            "create it or name a page elsewhere."
        )
    return path


def html_folder(value: str, *, inputs: dict[str, str]) -> Path:
    """The folder a batch's pages are written to, created if missing and checked.

    Args:
        value: ``--html`` as given.
        inputs: What each path the batch reads or writes is called (input, out).

    Raises:
        ConfigurationError: It is a file, an input or the output, or cannot be made or
            written.
    """
    path = Path(value)
    _refuse_inputs(path, value, inputs)
    if path.exists() and not path.is_dir():
        raise ConfigurationError(
            f"--html {value} is a file; a batch writes a folder of pages (one per article "
            "and index.html), so name a folder."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigurationError(f"--html {value}: cannot make the folder ({e.strerror}).") from e
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigurationError(f"--html {value}: the folder cannot be written.")
    return path


def _refuse_inputs(path: Path, value: str, inputs: dict[str, str]) -> None:
    for what, source in inputs.items():
        if source != "-" and read_as_article(path, source):  # the source itself included
            raise ConfigurationError(
                f"--html {value} would overwrite the {what} {source}; write the page elsewhere."
            )


def write_batch_index(folder: Path, out: str) -> Path:
    """Write ``folder/index.html`` for every article of the batch output ``out``: the
    ones summarised by this run and by earlier runs, and those that failed.

    Per id the successful line counts, else the last one, as for a rerun.
    """
    records: dict[str, dict[str, Any]] = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or "id" not in record:
                continue
            key = str(record["id"])
            if "summary" in record or "summary" not in records.get(key, {}):
                records[key] = record
    pages = {p.name for p in folder.glob("*.html")}
    page = index_page(list(records.values()), pages=pages, title=Path(out).name)
    return write_atomically(folder / "index.html", page)
