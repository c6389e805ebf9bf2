"""``summarise batch``: many articles to one JSONL file, resumable and crash-safe.

    summarise batch INPUT --out OUT.jsonl [--concurrency 8] [--rpm N] [--tpm N]

INPUT is a folder of .txt files (ids are the file names), a JSONL file of
``{"id", "text"}`` records, or ``-`` for JSONL on standard input. Rerunning the same
command skips ids already in OUT. Exit status: 0 when every article has a summary, 1 when
some have error lines, 2 for bad input or configuration.
"""

from __future__ import annotations

import argparse
import asyncio

from rich.console import Console
from rich.text import Text

from summarise.batch import BatchItem, JsonlOutput, RateLimiter, asummarise_many, read_inputs
from summarise.cli import options
from summarise.errors import ConfigurationError, InputError
from summarise.pricing import cost_usd, load_prices

__all__ = ["add_parser"]

PROG = "summarise batch"


def add_parser(commands: options.Commands) -> None:
    """Add ``batch`` to the top-level commands."""
    parser = commands.add_parser(
        "batch",
        help="summarise many articles into one JSONL file, resumable",
        description=__doc__.split("\n")[0],
    )
    parser.add_argument("input", help="folder of .txt files, a JSONL file, or - for stdin")
    parser.add_argument("--out", required=True, help="output JSONL (appended, resumable)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rpm", type=float, help="at most this many requests a minute")
    parser.add_argument("--tpm", type=float, help="at most this many tokens a minute")
    parser.add_argument(
        "--prices", help='JSON price table: {"model": [usd_per_M_prompt, usd_per_M_completion]}'
    )
    options.add_cache_options(parser)
    options.add_backend_options(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    """Summarise every article of ``args.input`` not yet in ``args.out``; returns the exit
    status."""
    err = Console(stderr=True)
    try:
        inputs = read_inputs(args.input)
        limiter = None
        if args.rpm is not None or args.tpm is not None:
            limiter = RateLimiter(requests_per_minute=args.rpm, tokens_per_minute=args.tpm)
        prices = load_prices(args.prices) if args.prices else None
        summariser = options.summariser_from(args)
        # Opened last: a setting refused above leaves no output file behind.
        output = JsonlOutput(args.out)
    except (ConfigurationError, InputError) as e:
        return options.exit_status(e, PROG, err)
    todo = [(i, t) for i, t in inputs if i not in output.done]
    skipped = len(inputs) - len(todo)
    totals = {"tokens": 0, "errors": 0}
    spent = {"cost": 0.0, "priced": 0}
    with (
        output,
        options.progress_bar(
            err,
            "{task.fields[rate]} · tokens {task.fields[tokens]} · errors {task.fields[errors]}",
        ) as bar,
    ):
        task = bar.add_task("batch", total=len(todo), tokens=0, errors=0, rate="")

        def done(item: BatchItem) -> None:
            usage = item.result.usage if item.result else getattr(item.error, "usage", None)
            cost = cost_usd(usage, summariser.settings.model, prices) if usage else None
            if cost is not None:
                spent["cost"] += cost
                spent["priced"] += 1
            output.write(item, cost_usd=cost)
            totals["tokens"] += usage.total_tokens if usage else 0
            totals["errors"] += 0 if item.ok else 1
            elapsed = bar.tasks[task].elapsed or 0.0
            finished = bar.tasks[task].completed + 1
            rate = f"{finished / elapsed:.2f}/s" if elapsed else ""
            bar.update(task, advance=1, rate=rate, tokens=totals["tokens"], errors=totals["errors"])

        async def summarise_all() -> None:
            async with summariser:
                await asummarise_many(
                    summariser, todo, concurrency=args.concurrency, limiter=limiter, on_done=done
                )

        try:
            asyncio.run(summarise_all())
        except InputError as e:
            return options.exit_status(e, PROG, err)
    summary = (
        f"{len(todo) - totals['errors']} summarised, {totals['errors']} failed, "
        f"{skipped} already done; {totals['tokens']} tokens"
        + (f" (${spent['cost']:.4f})" if spent["priced"] else "")
        + f"; written to {args.out}"
    )
    err.print(Text(summary, style="red" if totals["errors"] else "green"))
    return 1 if totals["errors"] else 0
