"""Any summary as the view sees it: plain facts, and items of some kind with their evidence.

Nothing here knows a schema type: the kinds are the summary's fields that hold items
(Pydantic models, alone or in a list), and evidence is every ``list[Evidence]`` field met
anywhere inside an item, nested items included (a contested point's positions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarise.types import Evidence

__all__ = ["Cited", "Item", "Part", "facts", "item_of", "items_of", "kinds_of"]


@dataclass(frozen=True)
class Cited:
    """One evidence entry and the item (or nested part) it supports.

    Attributes:
        path: Where the entry is: ``"claims[2].evidence[0]"``.
        evidence: The entry, with its offsets and alignment.
    """

    path: str
    evidence: Evidence

    @property
    def aligned(self) -> bool:
        """Whether the entry was found in the article (it then has offsets)."""
        e = self.evidence
        return e.status != "unaligned" and e.start is not None and e.end is not None


@dataclass(frozen=True)
class Part:
    """An item, or a nested model inside one, with the evidence written in it directly.

    Attributes:
        path: ``"claims[2]"``, or ``"contested_points[0].positions[1]"`` for a nested one.
        model: The model itself.
        evidence: Its own evidence entries (not its nested parts').
        parts: Nested models held in its list fields, each a part of its own.
    """

    path: str
    model: BaseModel
    evidence: tuple[Cited, ...]
    parts: tuple[Part, ...]

    def all_evidence(self) -> list[Cited]:
        """Its evidence and every nested part's, in order."""
        found = list(self.evidence)
        for part in self.parts:
            found += part.all_evidence()
        return found


@dataclass(frozen=True)
class Item(Part):
    """A top-level item of the summary.

    Attributes:
        kind: The summary field it is in ("actors"); kinds are coloured apart.
        index: Its place in that field.
    """

    kind: str = ""
    index: int = 0


def kinds_of(summary: BaseModel) -> list[str]:
    """The fields of the summary's model that hold items, in the model's order: a field is
    a kind when its value is a model or a list of models (empty lists count when the
    annotation says models), so every kind has a colour even with no items."""
    kinds = []
    for name, info in type(summary).model_fields.items():
        value = getattr(summary, name)
        if isinstance(value, BaseModel) or (
            isinstance(value, list)
            and (any(isinstance(v, BaseModel) for v in value) or _holds_models(info.annotation))
        ):
            kinds.append(name)
    return kinds


def facts(summary: BaseModel) -> list[tuple[str, Any]]:
    """The summary's fields that are not kinds of item (a gist, a company, a period), with
    their values, in the model's order."""
    kinds = set(kinds_of(summary))
    return [(n, getattr(summary, n)) for n in type(summary).model_fields if n not in kinds]


def items_of(summary: BaseModel) -> list[Item]:
    """Every item of every kind, in the model's field order, then in list order."""
    found: list[Item] = []
    for kind in kinds_of(summary):
        value = getattr(summary, kind)
        models = [value] if isinstance(value, BaseModel) else value
        for index, model in enumerate(models):
            if isinstance(model, BaseModel):
                path = kind if isinstance(value, BaseModel) else f"{kind}[{index}]"
                found.append(item_of(model, kind, index, path))
    return found


def item_of(model: BaseModel, kind: str, index: int, path: str) -> Item:
    """One model as an item of ``kind``, with every evidence entry inside it.

    Args:
        model: The item.
        kind: The summary field it belongs to.
        index: Its place there.
        path: How evidence paths start (``"claims[2]"``).
    """
    part = _part(model, path)
    return Item(
        path=part.path,
        model=model,
        evidence=part.evidence,
        parts=part.parts,
        kind=kind,
        index=index,
    )


def _part(model: BaseModel, path: str) -> Part:
    evidence: list[Cited] = []
    parts: list[Part] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            parts.append(_part(value, f"{path}.{name}"))
            continue
        if not isinstance(value, list):
            continue
        for i, entry in enumerate(value):
            if isinstance(entry, Evidence):
                evidence.append(Cited(f"{path}.{name}[{i}]", entry))
            elif isinstance(entry, BaseModel):
                parts.append(_part(entry, f"{path}.{name}[{i}]"))
    return Part(path=path, model=model, evidence=tuple(evidence), parts=tuple(parts))


def _holds_models(annotation: Any) -> bool:
    """Whether a list annotation's items are Pydantic models (``list[Actor]``)."""
    args = getattr(annotation, "__args__", ())
    return any(isinstance(a, type) and issubclass(a, BaseModel) for a in args)
