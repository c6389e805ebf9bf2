"""``summarise eval``: run the fixtures, write a run folder, check thresholds; and
``summarise eval compare``: what changed between two run folders.

    summarise eval [--backend B] [--model M] [--schema news] [--fixtures DIR]
                   [--out runs/NAME] [--min-f1 actors=0.8 ...] [--cache PATH | --no-cache]
                   [--resamples 1000] [--seed 0]
    summarise eval compare RUN_A RUN_B [--lenient] [--resamples 1000] [--seed 0]
                   [--html FILE]

Scores come with 95 % bootstrap intervals (resampling fixtures), and a comparison with a
verdict per field from a paired bootstrap: better, worse, or no detectable difference.

The eval harness (and scipy under it) is imported when one of these runs, not when the
parser is built, so ``summarise ARTICLE`` does not wait for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from summarise.atomic import write_atomically
from summarise.budget import CostBudget
from summarise.cli import options
from summarise.cli.pages import html_file
from summarise.errors import ConfigurationError, SummariseError
from summarise.pricing import load_prices
from summarise.printable import printable

if TYPE_CHECKING:
    from summarise.cache import ReplyCache
    from summarise.evaluation.compare import Comparison
    from summarise.evaluation.fixtures import Fixture
    from summarise.evaluation.intervals import Bootstrap
    from summarise.evaluation.runner import EvalReport, FixtureRun

__all__ = ["add_parser"]


def add_parser(commands: options.Commands) -> None:
    """Add ``eval``, and its subcommand ``compare``, to the top-level commands."""
    parser = commands.add_parser(
        "eval",
        help="score a backend against labelled fixtures; eval compare: what changed between runs",
        # The subcommand is optional, which argparse's own usage line would not show.
        usage="summarise eval [options]\n       summarise eval compare RUN_A RUN_B [options]",
        description="Score a backend against labelled fixtures and write a run folder.",
    )
    options.add_backend_options(parser)
    parser.add_argument(
        "--fixtures",
        help="fixtures folder (default: the schema type's, else ./evals/fixtures/SCHEMA)",
    )
    parser.add_argument("--out", help="run folder (default: runs/NAME)")
    parser.add_argument("--name", help="run name (default: a timestamp)")
    parser.add_argument(
        "--grounding", choices=["strict", "flag", "off"],
        help="strict drops items the article does not support, flag keeps and marks them, "
        "off checks nothing (SUMMARISE_GROUNDING; strict)",
    )  # fmt: skip
    parser.add_argument(
        "--min-f1", action="append", default=[], metavar="FIELD=X",
        help="fail (exit 1) when a field's strict micro F1 is below X; repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--claim-matcher", choices=["lexical", "embedding", "judge"], default="lexical",
        help="how claim statements are compared (embedding: all-MiniLM-L6-v2; judge: an LLM)",
    )  # fmt: skip
    parser.add_argument("--judge-model", help="the judge's model (with --claim-matcher judge)")
    parser.add_argument("--judge-base-url", help="the judge's OpenAI-compatible endpoint")
    _add_bootstrap_options(parser)
    options.add_cache_options(parser)
    options.add_ledger_options(parser)
    parser.add_argument(
        "--prices", help='JSON file: {"model": [usd_per_M_prompt, usd_per_M_completion]}'
    )
    parser.add_argument(
        "--budget-usd", type=float, metavar="USD",
        help="run no more fixtures once the estimated cost would pass USD (needs --prices); "
        "fixtures not run count as failures",
    )  # fmt: skip
    parser.set_defaults(run=run, parser=parser)
    # Optional, so that plain ``summarise eval [options]`` runs the fixtures.
    actions = parser.add_subparsers(title="commands", metavar="COMMAND", prog="summarise eval")
    compare = actions.add_parser(
        "compare",
        help="what changed between two run folders, per field and per fixture",
        description="Compare two eval run folders: F1 per field, fixtures improved or regressed.",
    )
    compare.add_argument("run_a", help="the earlier run folder")
    compare.add_argument("run_b", help="the later run folder")
    compare.add_argument("--lenient", action="store_true", help="compare lenient F1")
    _add_bootstrap_options(compare)
    compare.add_argument(
        "--html", metavar="FILE",
        help="also write a page: per field and per fixture what got better or worse, with "
        "the items that changed",
    )  # fmt: skip
    compare.add_argument(
        "--fixtures",
        help="the fixtures the runs scored, to name gold items on the page (default: the "
        "schema type's)",
    )  # fmt: skip
    compare.set_defaults(run=run_compare, parser=compare)


def _add_bootstrap_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--resamples", type=int, default=1000, metavar="N",
        help="bootstrap resamples behind each 95%% interval (default 1000)",
    )  # fmt: skip
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="the resampling seed (default 0): same seed, same intervals",
    )


def run(args: argparse.Namespace) -> int:
    """Run the fixtures, write the run folder and check ``--min-f1``; returns the exit
    status."""
    from summarise.evaluation.fixtures import load_fixtures
    from summarise.evaluation.report import write_run
    from summarise.evaluation.runner import fixtures_folder, run_eval, spend_of

    console = options.messages()
    try:
        schema_type = options.schema_from(args.schema)
        thresholds = _thresholds(args.min_f1, [*schema_type.matchers(), "all"])
        bootstrap = _bootstrap(args)
        folder = Path(args.fixtures) if args.fixtures else fixtures_folder(schema_type)
        fixtures = load_fixtures(folder, schema_type)
        prices = load_prices(args.prices) if args.prices else None
        cache = options.cache_from(args)
        run_options: dict[str, Any] = options.backend_options(args)
        statements = _statement_matcher(args, cache)
        if statements is not None:
            run_options["statements"] = statements
        name = args.name or datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        budget = None
        if args.budget_usd is not None:
            budget = CostBudget(args.budget_usd, model=args.model, prices=prices)
        with (
            options.recorded(args, "eval") as entry,
            options.progress_bar(console, "errors {task.fields[errors]}") as bar,
        ):
            task = bar.add_task("eval", total=len(fixtures), errors=0)

            def advance(fixture: Fixture, outcome: FixtureRun) -> None:
                article = spend_of(outcome)
                entry.spend.add(article, article.cost(args.model, prices))
                description = escape(printable(fixture.id[:40], one_line=True))
                bar.update(task, advance=1, errors=entry.spend.failed, description=description)

            report = run_eval(
                schema=schema_type,
                fixtures=fixtures,
                name=name,
                cache=cache,
                prices=prices,
                progress=advance,
                grounding=args.grounding,
                budget=budget,
                bootstrap=bootstrap,
                **run_options,
            )
            entry.schema_type, entry.backend = report.schema_type, report.backend
            entry.model = Path(report.model).name if report.model else None
            refused = budget.refused if budget is not None else 0
            entry.outcome = "budget" if refused else "failed" if entry.spend.failed else "ok"
    except SummariseError as e:
        return options.exit_status(e, "summarise eval", console)
    out = write_run(report, Path(args.out) if args.out else Path("runs") / name, fixtures)
    _print_scores(report, Console())
    console.print(Text(printable(f"run written to {out}")))
    failed = [
        f"{field} F1 {report.f1(field):.3f} < {minimum}"
        for field, minimum in thresholds.items()
        if report.f1(field) < minimum
    ]
    for line in failed:
        console.print(Text(printable(f"threshold not met: {line}"), style="red"))
    if refused:
        console.print(
            Text(
                f"budget reached: {refused} fixtures not run, scored as failures; rerun with "
                "a higher --budget-usd for a whole eval.",
                style="yellow",
            )
        )
    return 1 if failed else 0


def _statement_matcher(
    args: argparse.Namespace, cache: ReplyCache | None
) -> Callable[[str, str], float] | None:
    """How ``--claim-matcher`` compares claim statements; None for the eval's default
    (lexical), which ``run_eval`` chooses itself."""
    if args.claim_matcher == "embedding":
        from summarise.evaluation.embeddings import embedder

        return embedder().similarity
    if args.claim_matcher == "judge":
        from summarise.evaluation.judge import LLMJudge

        return LLMJudge(model=args.judge_model, base_url=args.judge_base_url, cache=cache)
    return None


def _thresholds(values: list[str], fields: list[str]) -> dict[str, float]:
    """``--min-f1`` as {field: minimum}, checked before any fixture runs.

    Raises:
        ConfigurationError: A value is not FIELD=NUMBER, or names a field the schema
            type does not score (the message lists those it does).
    """
    thresholds = {}
    for value in values:
        field, sep, number = value.partition("=")
        try:
            thresholds[field.strip()] = float(number)
        except ValueError:
            raise ConfigurationError(f"--min-f1 takes FIELD=NUMBER, not {value!r}.") from None
        if not sep:
            raise ConfigurationError(f"--min-f1 takes FIELD=NUMBER, not {value!r}.")
        if field.strip() not in fields:
            raise ConfigurationError(
                f"--min-f1 names {field.strip()!r}, which this schema type does not score; "
                f"use one of: {', '.join(fields)}."
            )
    return thresholds


def _bootstrap(args: argparse.Namespace) -> Bootstrap:
    """The ``--resamples`` and ``--seed`` options.

    Raises:
        ConfigurationError: Fewer than one resample.
    """
    from summarise.evaluation.intervals import Bootstrap

    if args.resamples < 1:
        raise ConfigurationError(
            f"--resamples takes a whole number of 1 or more, not {args.resamples}."
        )
    return Bootstrap(resamples=args.resamples, seed=args.seed)


def _print_scores(report: EvalReport, console: Console) -> None:
    table = Table(
        title=Text(printable(f"{report.name}: {report.backend} {report.model or ''}")),
        title_justify="left",
    )
    for column in ("field", "P", "R", "F1", "F1 95% CI", "macro F1", "lenient F1"):
        table.add_column(column)
    for field, agg in report.strict.items():
        lenient = report.lenient.get(field)
        table.add_row(
            Text(printable(field)),
            f"{agg.micro.precision:.3f}",
            f"{agg.micro.recall:.3f}",
            f"{agg.micro.f1:.3f}",
            str(agg.interval.f1) if agg.interval else "-",
            f"{agg.macro_f1:.3f}",
            f"{lenient.micro.f1:.3f}" if lenient else "-",
        )
    console.print(table)
    s = report.stats
    console.print(
        f"schema-valid {s.schema_valid_rate:.0%} · grounded {s.grounded_rate:.0%} · dropped "
        f"{s.dropped_items} · attempts {s.attempts_mean:.2f} · tokens "
        f"{s.prompt_tokens}+{s.completion_tokens}"
    )
    if report.bootstrap is not None:
        console.print(Text(f"{report.bootstrap} ({s.fixtures} fixtures)"))


def _compare_page(
    a: EvalReport, b: EvalReport, comparison: Comparison, mode: str, fixtures: str | None
) -> str:
    """The comparison's page, naming items through the runs' schema type and fixtures
    where they can be found here; without them the page still gives every score."""
    from summarise.evaluation.compare_html import compare_page
    from summarise.evaluation.fixtures import load_fixtures
    from summarise.evaluation.runner import fixtures_folder

    try:
        schema_type = options.schema_from(b.schema_type)
    except SummariseError:
        return compare_page(a, b, comparison, mode=mode)
    try:
        folder = Path(fixtures) if fixtures else fixtures_folder(schema_type)
        loaded = {f.id: f for f in load_fixtures(folder, schema_type)}
    except SummariseError:
        loaded = {}
    return compare_page(a, b, comparison, mode=mode, fixtures=loaded, schema_type=schema_type)


def run_compare(args: argparse.Namespace) -> int:
    """Print what changed from ``args.run_a`` to ``args.run_b``; returns the exit status."""
    from summarise.evaluation.compare import compare_runs
    from summarise.evaluation.report import load_run

    console = Console()
    try:
        page = html_file(args.html, inputs={}) if args.html else None
        a, b = load_run(args.run_a), load_run(args.run_b)
        bootstrap = _bootstrap(args)
    except ConfigurationError as e:
        return options.exit_status(e, "summarise eval compare", options.messages())
    except (OSError, ValueError) as e:
        options.messages().print(Text(printable(f"summarise eval compare: {e}"), style="red"))
        return 2
    mode = "lenient" if args.lenient else "strict"
    comparison = compare_runs(a, b, mode, resamples=bootstrap.resamples, seed=bootstrap.seed)
    if page is not None:
        write_atomically(page, _compare_page(a, b, comparison, mode, args.fixtures))
        options.messages().print(Text(printable(f"page written to {page}")))
    table = Table(title=Text(printable(f"{a.name} -> {b.name}")), title_justify="left")
    for column in ("field", "F1 before", "F1 after", "change", "95% CI of change", "p"):
        table.add_column(column)
    table.add_column("verdict", no_wrap=True)
    for change in comparison.fields:
        verdict = comparison.verdicts.get(change.field)
        table.add_row(
            Text(printable(change.field)),
            f"{change.before:.3f}",
            f"{change.after:.3f}",
            f"{change.delta:+.3f}",
            f"[{verdict.interval[0]:+.3f}, {verdict.interval[1]:+.3f}]" if verdict else "-",
            f"{verdict.p_value:.3f}" if verdict else "-",
            Text(verdict.verdict, style=_VERDICT_STYLE[verdict.verdict]) if verdict else "-",
        )
    console.print(table)
    console.print(
        Text(
            f"verdicts: paired bootstrap over the {_shared(a, b)} fixtures both runs scored, "
            f"{comparison.resamples} resamples, seed {comparison.seed}; better or worse only "
            "when the 95% interval of the change excludes 0"
        )
    )
    for title, changes, style in (
        ("improved", comparison.improved, "green"),
        ("regressed", comparison.regressed, "red"),
    ):
        console.print(Text(f"{title}: {len(changes)}", style=style))
        for c in changes:
            line = f"  {c.fixture} {c.field}: {c.before:.2f} -> {c.after:.2f}"
            console.print(Text(printable(line)))
    for label, ids in (("only in A", comparison.only_in_a), ("only in B", comparison.only_in_b)):
        if ids:
            console.print(Text(printable(f"{label}: {', '.join(ids)}")))
    return 0


_VERDICT_STYLE = {"better": "green", "worse": "red", "no detectable difference": ""}


def _shared(a: EvalReport, b: EvalReport) -> int:
    return len({r.fixture for r in a.runs} & {r.fixture for r in b.runs})
