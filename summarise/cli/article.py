"""``summarise ARTICLE``: summarise one article and print it, readable or as JSON.

summarise ARTICLE.txt              a readable rendering
summarise ARTICLE.txt --json       the result (summary, usage, run metadata) as JSON
summarise ARTICLE.txt --html FILE  also a page: the article with its evidence highlighted
summarise PAGE.html                the article's text, extracted from the page
cat a.txt | summarise -            read the article from standard input
"""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.text import Text

from summarise.article import load_article, read_article_file, read_bounded
from summarise.atomic import write_atomically
from summarise.cli import options
from summarise.cli.pages import html_file
from summarise.cli.render import render
from summarise.errors import SummariseError
from summarise.html_input import html_to_text, is_html
from summarise.printable import printable

__all__ = ["ARTICLE", "add_parser"]

# The command's name among the subparsers. Nobody types it: the top-level dispatch puts it
# in front of any first argument that is not another command's name (see app.main).
ARTICLE = "ARTICLE"


def add_parser(commands: options.Commands) -> None:
    """Add the article command to the top-level commands."""
    parser = commands.add_parser(
        ARTICLE,
        prog="summarise",
        help="summarise one article: a text or HTML file, or - for standard input",
        description="Summarise a news article into actors, claims, figures and contested points.",
    )
    parser.add_argument("article", help="a UTF-8 text file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--html", metavar="FILE",
        help="also write a page: the article with every evidence span highlighted and the "
        "summary beside it as cards (one self-contained file)",
    )  # fmt: skip
    options.add_backend_options(parser)
    options.add_cache_options(parser)
    options.add_ledger_options(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    """Summarise ``args.article`` and print the result; returns the exit status."""
    try:
        options.refuse_cache_on(args, article=args.article)
        page = html_file(args.html, inputs={"article": args.article}) if args.html else None
        # Read and checked before the summariser is made, so input that cannot be
        # summarised is refused before anything else is said (the offline notice, say).
        limit = options.article_limit()
        article = load_article(_read_input(args.article, limit), id=args.article, max_chars=limit)
        with (
            options.summariser_from(args) as summariser,
            options.recorded(args, "summarise", summariser) as entry,
            entry.one_article() as count,  # an error is counted; the run marked failed
        ):
            result = summariser.summarise(article.text, id=article.id)
            count(result)
    except SummariseError as e:
        return options.exit_status(e, "summarise", options.messages())
    if page is not None:
        write_atomically(page, result.to_html(article.text))
        options.messages().print(Text(printable(f"page written to {page}")))
    if args.json:
        record = result.model_dump(mode="json", exclude={"raw_output"})
        if is_html(args.article):  # offsets point into the extracted text: show it
            record["text"] = article.text
        sys.stdout.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    else:
        render(result, summariser.schema_type, Console())
    return 0


def _read_input(path: str, max_chars: int) -> str | bytes:
    """The article: standard input, a text file, or the text of an HTML page; never read
    past what ``max_chars`` allows, and never a FIFO or device."""
    if path == "-":
        return read_bounded(sys.stdin.buffer, max_chars=max_chars, name="standard input")
    data = read_article_file(path, max_chars=max_chars)
    return html_to_text(data) if is_html(path) else data
