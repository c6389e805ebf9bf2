"""Writing a file whole or not at all: a process that dies while writing (a crash,
Ctrl-C, ``kill -9``) leaves the old file or the new one, never a part. Nothing is
fsynced: reports and pages are cheap to write again, so a power loss may lose the
last one written.

The new file keeps the mode of the one it replaces, or is readable by all (0644) when
there was none, as a file written with ``open`` would be under the usual umask; the
temporary file's own 0600 would make a report or a page unreadable to a web server.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]

_NEW_FILE_MODE = 0o644


def write_atomically(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` (UTF-8) through a temporary file and a rename.

    Args:
        path: The file; its folder must exist.
        text: What it will hold.

    Returns:
        The path written.

    Raises:
        OSError: The folder cannot be written; the temporary file is removed.
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as f:
            temporary = Path(f.name)
            f.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        # A write that fails (a full disk, an interrupt) leaves no stray file behind.
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    return path
