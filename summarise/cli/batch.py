"""``summarise batch``: many articles to one JSONL file, resumable and crash-safe.

    summarise batch INPUT --out OUT.jsonl [--concurrency 8] [--rpm N] [--tpm N]
        [--workers N] [--engine ray [--address ADDRESS]]

INPUT is a folder of .txt files (ids are the file names), a JSONL file of
``{"id", "text"}`` records, or ``-`` for JSONL on standard input. Rerunning the same
command skips ids already summarised in OUT and retries those that failed; OUT keeps one
line per id. One run writes an OUT at a time, from this process alone, whichever engine
summarises (one process, worker processes, a Ray cluster). Exit status: 0 when every article has a
summary, 1 when some have error lines, 2 for bad input or configuration, 130 when
interrupted (Ctrl-C; rerun to finish).
"""

from __future__ import annotations

import argparse
import gc
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rich.text import Text

from summarise.atomic import write_atomically
from summarise.batch import (
    BatchInputs,
    BatchItem,
    InputRecord,
    JsonlOutput,
    RateLimiter,
)
from summarise.budget import CostBudget
from summarise.cli import options
from summarise.cli.batch_engines import add_engine_options, engine_from
from summarise.cli.pages import html_folder, write_batch_index
from summarise.errors import ConfigurationError, InputError
from summarise.ledger import Spend
from summarise.pricing import ArticleSpend, load_prices
from summarise.printable import printable
from summarise.view.cards import quote_snippet
from summarise.view.index import page_name

__all__ = ["add_parser"]

PROG = "summarise batch"
_FAILURE_CHARS = 80  # a failure's message in the summary line

EPILOG = """\
INPUT is a folder of .txt files (ids are the file names), a JSONL file of {"id", "text"}
records, or - for JSONL on standard input. Rerunning the same command skips ids already
summarised in OUT and retries those that failed; OUT keeps one line per id. One run
writes an OUT at a time.

CPU-bound backends (offline) run in one worker process per core (--workers N to
choose); HTTP backends overlap --concurrency requests in one process. --engine ray
sends the articles to a Ray cluster (--address ADDRESS), or to Ray started on this
machine; this process still reads INPUT and writes OUT, so resuming works the same.

Exit status: 0 when every article has a summary, 1 when some have error lines, 2 for bad
input or configuration, 130 when interrupted (Ctrl-C; rerun to finish).
"""


def add_parser(commands: options.Commands) -> None:
    """Add ``batch`` to the top-level commands."""
    parser = commands.add_parser(
        "batch",
        help="summarise many articles into one JSONL file, resumable",
        description="Summarise many articles into one JSONL file, resumable and crash-safe.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "input", metavar="INPUT", help="folder of .txt files, a JSONL file, or - for stdin"
    )
    parser.add_argument("--out", required=True, help="output JSONL (appended, resumable)")
    parser.add_argument(
        "--concurrency", type=int, default=8, metavar="N", help="articles summarised at once (8)"
    )
    parser.add_argument("--rpm", type=float, help="at most this many requests a minute")
    parser.add_argument("--tpm", type=float, help="at most this many tokens a minute")
    parser.add_argument(
        "--prices", help='JSON price table: {"model": [usd_per_M_prompt, usd_per_M_completion]}'
    )
    parser.add_argument(
        "--budget-usd", type=float, metavar="USD",
        help="start no more articles once the estimated cost would pass USD (needs --prices)",
    )  # fmt: skip
    parser.add_argument(
        "--html", metavar="DIR",
        help="also write a page per article summarised (the article with its evidence "
        "highlighted) and DIR/index.html listing every article of OUT",
    )  # fmt: skip
    add_engine_options(parser)
    options.add_cache_options(parser)
    options.add_ledger_options(parser)
    options.add_backend_options(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    """Summarise every article of ``args.input`` not yet done in ``args.out`` (retrying
    those that failed before); returns the exit status."""
    err = options.messages()
    try:
        with options.held_notices():
            _refuse_out_as_input(args.input, args.out)
            options.refuse_cache_on(args, input=args.input, out=args.out)
            pages = (
                html_folder(args.html, inputs={"input": args.input, "output": args.out})
                if args.html
                else None
            )
            inputs = BatchInputs(args.input, max_chars=options.article_limit())
            # The input is read as the batch goes; its first record is read now, so an
            # unreadable input or a bad first line stops the run before anything is written.
            records = iter(inputs)
            first = list(itertools.islice(records, 1))
            limiter = RateLimiter(requests_per_minute=args.rpm, tokens_per_minute=args.tpm)
            prices = load_prices(args.prices) if args.prices else None
            summariser = options.summariser_from(args)
            budget = None
            if args.budget_usd is not None:
                budget = CostBudget(args.budget_usd, model=summariser.settings.model, prices=prices)
            engine = engine_from(args, summariser, limiter=limiter, budget=budget)
            # Opened last: a setting refused above leaves no output file behind.
            output = JsonlOutput(args.out)
    except (ConfigurationError, InputError) as e:
        return options.exit_status(e, PROG, err)
    todo = _ToDo(itertools.chain(first, records), output)
    total = None if inputs.ids is None else sum(i not in output.done for i in inputs.ids)
    model = summariser.settings.model
    interrupted = False
    with (
        output,
        options.recorded(args, "batch", summariser) as entry,
        options.progress_bar(
            err,
            "{task.fields[rate]} · tokens {task.fields[tokens]} · errors {task.fields[errors]}",
        ) as bar,
    ):
        task = bar.add_task("batch", total=total, tokens=0, errors=0, rate="")
        spend = entry.spend
        failures: Counter[str] = Counter()  # each failure's kind and message, counted

        def done(item: BatchItem) -> None:
            article = ArticleSpend.of(item.outcome)
            cost = article.cost(model, prices)
            spend.add(article, cost)
            output.write(item, cost_usd=cost)
            if pages is not None and item.result is not None:
                write_atomically(pages / page_name(item.id), item.result.to_html())
            if item.error is not None:
                # Cut for the summary line; the output file holds the message whole.
                message = quote_snippet(str(item.error), _FAILURE_CHARS)
                failures[f"{type(item.error).__name__}: {message}"] += 1
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{spend.articles / elapsed:.2f}/s" if elapsed else ""
            bar.update(task, advance=1, rate=rate, tokens=spend.total_tokens, errors=spend.failed)

        try:
            with _frozen():
                engine.run(todo, done)
        except InputError as e:
            entry.outcome = "failed"
            status = options.exit_status(e, PROG, err)
            if todo.read or todo.skipped:  # a bad record further on: those before are written
                summary = _summary(
                    spend, todo.skipped, todo.retried, args.out, failures, engine.retried()
                )
                err.print(
                    Text(f"stopped: {summary}. Fix the input and run the same command again.")
                )
            return status
        except KeyboardInterrupt:
            # asyncio.run has cancelled the articles in flight; every finished one is
            # already on disk, and closing the output keeps one line per id.
            interrupted = True
            entry.outcome = "interrupted"
        not_started = budget.refused if budget is not None else 0
        if not interrupted:
            entry.outcome = "budget" if not_started else "failed" if spend.failed else "ok"
    index = write_batch_index(pages, args.out) if pages is not None else None  # one line per id
    summary = _summary(spend, todo.skipped, todo.retried, args.out, failures, engine.retried())
    if index is not None:
        summary += printable(f"; pages in {index.parent} (open index.html)")
    if interrupted:
        left = f"{todo.read - spend.articles}" if todo.exhausted else "the rest"
        err.print(Text(f"interrupted: {summary}; {left} not done.", style="yellow"))
        err.print(Text("Run the same command again to do the rest.", style="yellow"))
        return options.INTERRUPTED
    err.print(Text(summary, style="red" if spend.failed else "green"))
    if not_started:
        err.print(
            Text(
                f"budget reached: {not_started} not started; rerun with a higher "
                "--budget-usd to summarise them.",
                style="yellow",
            )
        )
    return 1 if spend.failed else 0


@contextmanager
def _frozen() -> Iterator[None]:
    """Leave what is alive now (modules, the summariser, its client), which lives as long
    as the run, out of the collector's full passes for the run: each would otherwise
    stall every article in flight for about 100 ms."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _ToDo:
    """The input's articles not yet summarised in the output, as ``(id, text)`` pairs,
    counting as they are read those skipped (done before) and those retried (failed
    before)."""

    def __init__(self, records: Iterable[InputRecord], output: JsonlOutput) -> None:
        self._records = records
        self._output = output
        self.read = 0  # handed on to be summarised
        self.skipped = 0
        self.retried = 0
        self.exhausted = False

    def __iter__(self) -> Iterator[tuple[str, str | bytes]]:
        for record in self._records:
            if record.id in self._output.done:
                self.skipped += 1
                continue
            self.retried += record.id in self._output.failed
            self.read += 1
            yield record.id, record.text
        self.exhausted = True


def _summary(
    spend: Spend,
    skipped: int,
    retried: int,
    out: str,
    failures: Counter[str],
    worker_deaths: int,
) -> str:
    """The run's one-line account: what was done, skipped, retried (after failing before,
    or after the worker running them died) and spent, and the commonest failure, so a
    batch where everything failed says why."""
    commonest = ""
    if spend.failed and failures:
        what, count = failures.most_common(1)[0]
        commonest = f" ({count} × {printable(what)})"
    return (
        f"{spend.articles - spend.failed} summarised, {spend.failed} failed{commonest}, "
        f"{skipped} already done"
        + (f", {retried} retried after failing before" if retried else "")
        + (f", {worker_deaths} retried after a worker died" if worker_deaths else "")
        + (f", {spend.cache_hits} replayed from the cache" if spend.cache_hits else "")
        + f"; {spend.total_tokens} tokens"
        + (f" (${spend.cost_usd:.4f})" if spend.cost_usd is not None else "")
        + f"; written to {printable(out)}"
    )


def _refuse_out_as_input(source: str, out: str) -> None:
    """``--out`` must not be the input, nor an article file inside the input folder (the
    next run would read its own results as an article), by any name: a symlink or a
    hard link to the input is the input."""
    if source != "-" and options.read_as_article(out, source):
        raise ConfigurationError(
            f"--out {out} would overwrite or be read as the batch's input {source}; "
            "write the results to another file."
        )
