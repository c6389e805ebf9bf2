"""The generic terminal rendering: any summary as a panel of its plain fields and a table
per list field.

Nested lists (a contested point's positions) become indented rows under their item;
evidence is left out, as in every rendering for a person. Every value is printed as
text, never as rich markup, because it may come from the article.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarise.schema_types.fields import label, shown

__all__ = ["render_tables", "table"]


def render_tables(summary: BaseModel, console: Console) -> None:
    """Print ``summary``: its scalar fields in one panel, then a table per list field."""
    title = type(summary).__name__
    lines = [
        f"{label(name)}: {shown(value)}"
        for name, value in _fields(summary)
        if not isinstance(value, list)
    ]
    if lines:
        console.print(Panel(Text("\n".join(lines)), title=title, title_align="left"))
    for name, value in _fields(summary):
        if isinstance(value, list):
            _list_table(console, label(name), value)


def table(console: Console, title: str, columns: list[str], rows: list[list[str]]) -> None:
    """Print one titled table of plain-text cells, or a line saying there is none."""
    if not rows:
        console.print(Text(f"{title}: none found", style="dim"))
        return
    grid = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    console.print(grid)


def _list_table(console: Console, title: str, items: list[Any]) -> None:
    models = [i for i in items if isinstance(i, BaseModel)]
    if not items:
        table(console, title, [], [])
        return
    if len(models) != len(items):  # a list of plain values
        table(console, title, ["value"], [[shown(i)] for i in items])
        return
    columns = _columns(models)
    rows: list[list[str]] = []
    for item in models:
        rows.append([shown(getattr(item, c)) for c in columns])
        for nested_name, nested in _fields(item):
            if isinstance(nested, list) and nested and isinstance(nested[0], BaseModel):
                for sub in nested:
                    row = [""] * len(columns)
                    row[0] = f"  └ {label(nested_name)}: " + shown(sub)
                    rows.append(row)
    table(console, title, [label(c) for c in columns], rows)


def _columns(items: list[BaseModel]) -> list[str]:
    """Every field but evidence and nested item lists, in the model's order."""
    nested = {
        name
        for item in items
        for name, value in _fields(item)
        if isinstance(value, list) and any(isinstance(v, BaseModel) for v in value)
    }
    return [name for name, _ in _fields(items[0]) if name not in nested]


def _fields(model: BaseModel) -> list[tuple[str, Any]]:
    return [(n, getattr(model, n)) for n in type(model).model_fields if n != "evidence"]
