"""The generic merge: one summary from the summaries of a long article's parts.

Works for any model. Scalar fields take the first part's value that is not empty (the
first part holds the article's lead). List fields keep every item once: two items are
the same item when their identity agrees, where an item's identity is every scalar
field but its evidence, compared as :func:`~summarise.names.normalise_name` compares
names (so "Apple Inc." and "apple inc" agree) and numbers by value, together with the
identity of any model held in a field. The same item met twice keeps its first wording;
its evidence and its list fields (aliases...) are united, and its nested lists merged
the same way. Two wordings of one item (a period given in one part and missing in the
other) stay two items: give the type a merge of its own where that matters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.names import normalise_name
from summarise.schema_types.fields import scalar_fields
from summarise.types import Evidence

__all__ = ["identity", "merge_parts"]

M = TypeVar("M", bound=BaseModel)


def merge_parts(model: type[M], summaries: Sequence[BaseModel]) -> M:
    """One ``model`` from ``summaries`` (the parts' summaries, in article order)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        found = [getattr(s, name) for s in summaries]
        lists = [v for v in found if isinstance(v, list)]
        if lists and all(isinstance(v, list) or v is None for v in found):
            values[name] = _merge_lists(lists)  # an optional list: the parts that have one
        else:
            values[name] = next((v for v in found if not _empty(v)), found[0])
        values[info.alias or name] = values.pop(name)
    return model.model_validate({k: _plain(v) for k, v in values.items()})


def identity(item: Any) -> tuple[Any, ...]:
    """What makes two list items the same item: their plain fields but evidence, and
    the identity of any model they hold in a field."""
    if not isinstance(item, BaseModel):
        return (_comparable(item),)
    plain = tuple((name, _comparable(value)) for name, value in scalar_fields(item))
    nested = tuple(
        (name, identity(getattr(item, name)))
        for name in type(item).model_fields
        if isinstance(getattr(item, name), BaseModel)
    )
    return plain + nested


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
        if all(isinstance(x, Evidence) for x in (*ours, *theirs)):
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
        return value.model_dump(by_alias=True, round_trip=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
