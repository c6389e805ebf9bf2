"""Making the folder a state file lives in (``.summarise/`` for the reply cache and the
run ledger), with a message that says what is in the way."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["make_folder_for"]


def make_folder_for(path: Path) -> None:
    """Create the folder holding ``path``, and its parents, if missing.

    Raises:
        OSError: The folder cannot be made. A dangling symlink on the way (a link to a
            folder that does not exist) is named as one, with where it points: ``mkdir``
            would say only "File exists".
    """
    for folder in (path.parent, *path.parent.parents):
        if folder.is_symlink() and not folder.exists():
            raise FileExistsError(
                f"{folder} is a dangling symlink, to {os.readlink(folder)}, which does not "
                "exist: create that folder, or remove the link"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
