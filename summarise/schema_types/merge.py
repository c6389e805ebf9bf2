"""The generic merge: one summary from the summaries of a long article's parts.

Works for any model. Scalar fields take the first part's value that is not empty (the
first part holds the article's lead). List fields keep every item once: two items are
the same item when their identity agrees, where an item's identity is every scalar
field but its evidence, compared as :func:`~summarise.names.normalise_name` compares
names (so "Apple Inc." and "apple inc" agree) and numbers by value. The same item met
twice keeps its first wording; its evidence and its list fields (aliases...) are united,
and its nested lists merged the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.names import normalise_name
from summarise.types import Evidence

__all__ = ["identity", "merge_parts"]

M = TypeVar("M", bound=BaseModel)


def merge_parts(model: type[M], summaries: Sequence[BaseModel]) -> M:
    """One ``model`` from ``summaries`` (the parts' summaries, in article order)."""
    values: dict[str, Any] = {}
    for name in model.model_fields:
        found = [getattr(s, name) for s in summaries]
        if all(isinstance(v, list) for v in found):
            values[name] = _merge_lists(found)
        else:
            values[name] = next((v for v in found if not _empty(v)), found[0])
    return model.model_validate({k: _plain(v) for k, v in values.items()})


def identity(item: Any) -> tuple[Any, ...]:
    """What makes two list items the same item: their scalar fields but evidence."""
    if not isinstance(item, BaseModel):
        return (_comparable(item),)
    return tuple(
        (name, _comparable(getattr(item, name)))
        for name in type(item).model_fields
        if name != "evidence" and not isinstance(getattr(item, name), list | BaseModel)
    )


def _merge_lists(lists: Sequence[list[Any]]) -> list[Any]:
    kept: dict[tuple[Any, ...], Any] = {}
    for item in (i for items in lists for i in items):
        key = identity(item)
        if key not in kept:
            kept[key] = item.model_copy(deep=True) if isinstance(item, BaseModel) else item
        elif isinstance(item, BaseModel):
            kept[key] = _united(kept[key], item)
    return list(kept.values())


def _united(first: BaseModel, again: BaseModel) -> BaseModel:
    """``first`` with the list fields of ``again`` added (evidence by its quote)."""
    update: dict[str, Any] = {}
    for name in type(first).model_fields:
        ours, theirs = getattr(first, name), getattr(again, name)
        if not isinstance(ours, list) or not isinstance(theirs, list):
            continue
        if name == "evidence" or all(isinstance(x, Evidence) for x in (*ours, *theirs)):
            quotes = {e.quote for e in ours}
            update[name] = [*ours, *(e for e in theirs if e.quote not in quotes)]
        else:
            update[name] = _merge_lists([ours, theirs])
    return first.model_copy(update=update)


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return normalise_name(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return round(float(value), 6)
    return repr(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
