"""The ``summarise`` command.

    summarise ARTICLE.txt              a readable rendering
    summarise ARTICLE.txt --json       the result (summary, usage, run metadata) as JSON
    cat a.txt | summarise -            read the article from standard input
    summarise eval ...                 score against fixtures (see summarise.evaluation.cli)
    summarise batch INPUT --out O.jsonl  many articles, resumable (see summarise.batch_cli)
    summarise cache clear              empty the reply cache (--cache PATH)

Replies from LLM backends are cached in .summarise/replies.sqlite (--cache PATH), so the
same article, prompt, schema and model is answered from disk; --no-cache turns it off.

Exit status: 0 on success, 2 for bad usage, configuration or input, 1 for any other
failure (endpoint, model output).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarise.api import Summariser
from summarise.cli_options import (
    add_backend_options,
    add_cache_options,
    backend_options,
    cache_from,
    schema_from,
)
from summarise.errors import ConfigurationError, InputError, SummariseError
from summarise.html_input import html_to_text, is_html
from summarise.types import SummaryResult

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarise",
        description="Summarise a news article into actors, claims, figures and contested points.",
    )
    parser.add_argument("article", help="a UTF-8 text file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_backend_options(parser)
    add_cache_options(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:
        from summarise.evaluation.cli import main as eval_main

        return eval_main(argv[1:])
    if argv[:2] == ["cache", "clear"]:
        return _clear_cache(argv[2:])
    if argv[:1] == ["batch"]:
        from summarise.batch_cli import main as batch_main

        return batch_main(argv[1:])
    args = _parser().parse_args(argv)
    err = Console(stderr=True)
    try:
        text = _read_input(args.article)
        schema = schema_from(args.schema)
        with Summariser(schema=schema, cache=cache_from(args), **backend_options(args)) as s:
            result = s.summarise(text, id=args.article)
    except (ConfigurationError, InputError) as e:
        err.print(Text(f"summarise: error: {e}", style="red"))
        return 2
    except SummariseError as e:
        err.print(Text(f"summarise: {type(e).__name__}: {e}", style="red"))
        return 1
    if args.json:
        record = result.model_dump(mode="json", exclude={"raw_output"})
        if is_html(args.article):  # offsets point into the extracted text: show it
            record["text"] = text
        sys.stdout.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    else:
        render(result, Console())
    return 0


def _clear_cache(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="summarise cache clear")
    add_cache_options(parser)
    args = parser.parse_args(argv)
    cache = cache_from(args)
    removed = cache.clear() if cache is not None else 0
    Console(stderr=True).print(Text(f"removed {removed} cached replies from {args.cache}"))
    return 0


def _read_input(path: str) -> str | bytes:
    """The article: standard input, a text file, or the text of an HTML page."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror}.") from e
    return html_to_text(data) if is_html(path) else data


def render(result: SummaryResult[Any], console: Console) -> None:
    """Print a readable summary. Text from the article is never parsed as markup."""
    summary = result.summary.model_dump()
    if set(summary) >= {"gist", "actors", "claims", "figures", "contested_points"}:
        _render_news(summary, console)
    else:
        console.print_json(result.summary.model_dump_json())
    meta, usage = result.meta, result.usage
    console.print(
        Text(
            f"{meta.backend}"
            + (f" · {meta.model}" if meta.model else "")
            + f" · {meta.attempts} attempt(s) · {usage.total_tokens} tokens"
            + f" · {meta.latency_s:.2f}s",
            style="dim",
        )
    )


def _render_news(summary: dict[str, Any], console: Console) -> None:
    console.print(Panel(Text(summary["gist"]), title="Gist", title_align="left"))
    _table(
        console,
        "Actors",
        ["name", "kind", "role", "aliases"],
        [[a["name"], a["kind"], a["role"], ", ".join(a["aliases"])] for a in summary["actors"]],
    )
    _table(
        console,
        "Claims",
        ["speaker", "statement", "quote"],
        [[c["speaker"], c["statement"], c["quote"] or ""] for c in summary["claims"]],
    )
    _table(
        console,
        "Figures",
        ["as written", "value", "unit", "what", "according to"],
        [
            [f["text"], f"{f['value']:g}", f["unit"], f["what"], f["according_to"] or ""]
            for f in summary["figures"]
        ],
    )
    _table(
        console,
        "Contested points",
        ["issue", "actor", "position"],
        [
            [point["issue"] if i == 0 else "", p["actor"], p["position"]]
            for point in summary["contested_points"]
            for i, p in enumerate(point["positions"])
        ],
    )


def _table(console: Console, title: str, columns: list[str], rows: list[list[str]]) -> None:
    if not rows:
        console.print(Text(f"{title}: none found", style="dim"))
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
