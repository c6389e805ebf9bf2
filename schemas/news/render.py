"""The news type's terminal rendering: the gist, then actors, claims, figures and
contested points as tables. Article text is never parsed as rich markup."""

from __future__ import annotations

from pydantic import BaseModel
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from summarise.schema_types import table
from summarise.schemas.news.model import NewsSummary
from summarise.types import as_model

__all__ = ["render_news"]


def render_news(summary: BaseModel, console: Console) -> None:
    """Print a news summary for a person."""
    news = summary if isinstance(summary, NewsSummary) else as_model(summary, NewsSummary)
    console.print(Panel(Text(news.gist), title="Gist", title_align="left"))
    table(
        console,
        "Actors",
        ["name", "kind", "role", "aliases"],
        [[a.name, a.kind, a.role, ", ".join(a.aliases)] for a in news.actors],
    )
    table(
        console,
        "Claims",
        ["speaker", "statement", "quote"],
        [[c.speaker, c.statement, c.quote or ""] for c in news.claims],
    )
    table(
        console,
        "Figures",
        ["as written", "value", "unit", "what", "according to"],
        [[f.text, f"{f.value:g}", f.unit, f.what, f.according_to or ""] for f in news.figures],
    )
    table(
        console,
        "Contested points",
        ["issue", "actor", "position"],
        [
            [point.issue if i == 0 else "", p.actor, p.position]
            for point in news.contested_points
            for i, p in enumerate(point.positions)
        ],
    )
