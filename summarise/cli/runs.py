"""``summarise runs``: what the recorded runs did and cost.

summarise runs                     the last 20 runs, newest first
summarise runs show ID             one run in full
summarise runs totals --by day     runs, articles, tokens and cost per day (or per model)

Each takes --json for the same as JSON, and --ledger PATH for another ledger.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from summarise.cli import options
from summarise.errors import ConfigurationError
from summarise.ledger import Ledger, RunRecord
from summarise.printable import printable

__all__ = ["add_parser"]

PROG = "summarise runs"


def add_parser(commands: options.Commands) -> None:
    """Add ``runs``, with ``show`` and ``totals``, to the top-level commands."""
    parser = commands.add_parser(
        "runs",
        help="list the recorded runs and what they cost; runs show ID; runs totals",
        usage="summarise runs [--limit N] [--json]\n"
        "       summarise runs show ID [--json]\n"
        "       summarise runs totals [--by model|day] [--json]",
        description="What each run of summarise, batch and eval did and cost, newest first.",
    )
    _common(parser)
    parser.add_argument("--limit", type=int, default=20, help="how many runs (default 20)")
    parser.set_defaults(run=run_list, parser=parser)
    actions = parser.add_subparsers(title="commands", metavar="COMMAND", prog=PROG)
    show = actions.add_parser("show", help="one run in full", description="One run in full.")
    show.add_argument("id", type=int, help="the run's number, as `summarise runs` lists it")
    _common(show)
    show.set_defaults(run=run_show, parser=show)
    totals = actions.add_parser(
        "totals",
        help="runs, articles, tokens and cost per model or per day",
        description="Runs, articles, tokens and cost summed per model or per day (UTC).",
    )
    totals.add_argument("--by", choices=["model", "day"], default="model", help="group by")
    _common(totals)
    totals.set_defaults(run=run_totals, parser=totals)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ledger", default=str(options.DEFAULT_LEDGER), help="the ledger to read")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run_list(args: argparse.Namespace) -> int:
    if args.limit < 1:
        error = ConfigurationError(f"--limit {args.limit} must be at least 1.")
        return options.exit_status(error, PROG, options.messages())
    ledger = _ledger(args)
    records = ledger.recent(args.limit) if ledger else []
    if args.json:
        return _print_json([r.to_json() for r in records])
    table = Table(
        title="runs, newest first (times UTC)", title_justify="left", box=box.SIMPLE,
        pad_edge=False, collapse_padding=True,
    )  # fmt: skip
    for column in ("id", "started", "command", "model", "articles", "tokens", "cost", "wall",
                   "outcome"):  # fmt: skip
        # Only the model may wrap: every other cell is short and must stay whole (the id
        # is what `runs show` takes).
        wraps = column == "model"
        table.add_column(
            column,
            justify="right" if column in _NUMERIC else "left",
            no_wrap=not wraps,
            overflow="fold",
        )
    for r in records:
        table.add_row(*(Text(printable(cell, one_line=True)) for cell in _row(r)))
    Console().print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    ledger = _ledger(args)
    record = ledger.get(args.id) if ledger else None
    if record is None:
        error = ConfigurationError(
            f"No run {args.id} in {args.ledger}; `summarise runs` lists the runs it holds."
        )
        return options.exit_status(error, PROG, options.messages())
    if args.json:
        return _print_json(record.to_json())
    table = Table(show_header=False, title=f"run {record.id}", title_justify="left")
    table.add_column("field")
    table.add_column("value")
    for key, value in record.to_json().items():
        table.add_row(key, Text(printable(_cell(value), one_line=True)))
    Console().print(table)
    return 0


def run_totals(args: argparse.Namespace) -> int:
    ledger = _ledger(args)
    rows = ledger.totals(args.by) if ledger else []
    if args.json:
        return _print_json(rows)
    table = Table(title=f"totals by {args.by}", title_justify="left", box=box.SIMPLE)
    for key in (args.by, "runs", "articles", "failed", "total_tokens", "cost_usd", "cache_hits"):
        table.add_column(key.replace("_", " "), justify="left" if key == args.by else "right")
    for row in rows:
        cells = [row[args.by], row["runs"], row["articles"], row["failed"],
                 row["total_tokens"], _cost(row["cost_usd"]), row["cache_hits"]]  # fmt: skip
        table.add_row(*(Text(printable(_cell(c), one_line=True)) for c in cells))
    Console().print(table)
    return 0


_NUMERIC = {"id", "articles", "tokens", "cost", "wall"}


def _row(r: RunRecord) -> list[str]:
    s = r.spend
    model = f"{r.backend} {r.model}" if r.model else r.backend
    articles = f"{s.articles}" + (f" ({s.failed} failed)" if s.failed else "")
    return [str(r.id), r.started[5:16].replace("T", " "), r.command, model, articles,
            f"{s.total_tokens:,}", _cost(s.cost_usd), f"{r.wall_s:.1f}s", r.outcome]  # fmt: skip


def _cost(usd: float | None) -> str:
    return "—" if usd is None else f"${usd:.4f}"


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


def _ledger(args: argparse.Namespace) -> Ledger | None:
    # Reading never creates a ledger where none was: an absent file holds no runs.
    return Ledger(args.ledger) if Path(args.ledger).exists() else None


def _print_json(value: Any) -> int:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
    return 0
