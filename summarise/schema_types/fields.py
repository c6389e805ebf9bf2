"""Looking at any model's fields the same way everywhere: which are plain values, which
are choices (a ``Literal`` or an ``Enum``), which are whole numbers, and how a value reads.

The generic merge, matchers and rendering all ask these questions; asking them here
keeps their answers the same.
"""

from __future__ import annotations

import enum
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

__all__ = ["is_choice", "is_integer", "label", "scalar_fields", "shown"]


def scalar_fields(item: BaseModel) -> list[tuple[str, Any]]:
    """The item's plain-valued fields, in order: not evidence, not lists, not models."""
    return [
        (name, getattr(item, name))
        for name in type(item).model_fields
        if name != "evidence" and not isinstance(getattr(item, name), list | BaseModel)
    ]


def is_choice(model: type[BaseModel], field: str) -> bool:
    """Whether the field holds one of a fixed set of values (compared by equality)."""
    annotation = _unwrapped(model, field)
    if get_origin(annotation) is Literal:
        return True
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)


def is_integer(model: type[BaseModel], field: str) -> bool:
    """Whether the field holds a whole number (compared exactly)."""
    annotation = _unwrapped(model, field)
    return annotation is int


def label(field: str) -> str:
    """A field's name as a heading: "contested_points" is "contested points"."""
    return field.replace("_", " ")


def shown(value: Any) -> str:
    """A value as a person reads it: an enum by its value, a float without noise, a
    list joined, a model as "field: value" pairs."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, BaseModel):
        return "; ".join(f"{label(name)}: {shown(v)}" for name, v in scalar_fields(value))
    return str(value)


def _unwrapped(model: type[BaseModel], field: str) -> Any:
    """The field's annotation without ``Optional``."""
    info = model.model_fields.get(field)
    if info is None:
        return None
    annotation = info.annotation
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation
