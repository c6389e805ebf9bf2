"""A scripted server's replies held back on demand, for tests of one batch running while
another starts: the first batch is still running, however slow the machine is."""

from __future__ import annotations

import itertools
import threading
from typing import Any


class HeldReplies:
    """Answers the first ``free`` requests at once and holds every later one until
    :meth:`release` (or two minutes pass, so a failed test never hangs)."""

    def __init__(self, reply: dict[str, Any], *, free: int) -> None:
        self._reply = reply
        self._free = free
        self._answered = itertools.count()
        self._released = threading.Event()

    def __call__(self, _body: dict[str, Any]) -> dict[str, Any]:
        if next(self._answered) >= self._free:
            self._released.wait(timeout=120)
        return self._reply

    def release(self) -> None:
        self._released.set()
