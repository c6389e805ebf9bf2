"""Remembering, per response model, that instructor found no async validators in it.

Before each request instructor walks the response model (every class it is made of,
every member of each, every field's type) to refuse async validators, which it cannot
run: six walks per request, about a quarter of the library's own work per article
against a fast server. The answer depends only on the class, so it is remembered for
each class that passes; a class that is refused is walked, and refused, every time.
Classes are held weakly, so a schema type loaded and dropped is not kept alive.
"""

from __future__ import annotations

import weakref
from typing import Any

from instructor.v2.core import patch
from instructor.v2.validation import async_validators

__all__ = ["remember_walks"]

_walk = async_validators.reject_async_validators
_passed: weakref.WeakSet[type] = weakref.WeakSet()


def _remembered(response_model: Any) -> None:
    if not isinstance(response_model, type):
        _walk(response_model)  # a typing form (list[Model], a union): walked each time
        return
    if response_model in _passed:
        return
    _walk(response_model)  # raises for a model with async validators
    _passed.add(response_model)


def remember_walks() -> None:
    """Have instructor walk each response model class once (idempotent).

    instructor looks the walk up in its module at every call, and its patch module holds
    its own reference: both are pointed at the remembering walk.
    """
    async_validators.reject_async_validators = _remembered
    patch.reject_async_validators = _remembered  # type: ignore[attr-defined]
