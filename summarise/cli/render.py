"""The terminal rendering of one result: the schema type's own rendering of the summary
(tables for any type by default), and a line of run metadata under it.

Article text reaches the terminal only inside ``rich.text.Text``, never as markup, so a
quote holding ``[bold]`` or ``[link=...]`` prints as written; and only through
:func:`~summarise.printable.printable` (the schema type's rendering gets a printable copy
of the summary), so no escape sequence in the article or the reply reaches the terminal.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from summarise.printable import printable
from summarise.schema_types import SchemaType
from summarise.types import SummaryResult

__all__ = ["render"]


def render(result: SummaryResult[Any], schema_type: SchemaType, console: Console) -> None:
    """Print a readable summary, then the backend, model, attempts, tokens and latency.

    Args:
        result: What ``Summariser.summarise`` returned.
        schema_type: The summary's schema type, whose rendering is used.
        console: Where to print.
    """
    schema_type.render(result.summary, console)
    meta, usage = result.meta, result.usage
    console.print(
        Text(
            printable(
                f"{meta.backend}"
                + (f" · {meta.model}" if meta.model else "")
                + f" · {meta.attempts} attempt(s) · {usage.total_tokens} tokens"
                + f" · {meta.latency_s:.2f}s"
            ),
            style="dim",
        )
    )
