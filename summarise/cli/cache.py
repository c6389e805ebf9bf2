"""``summarise cache clear``: empty the reply cache (``--cache PATH``)."""

from __future__ import annotations

import argparse

from rich.text import Text

from summarise.cli.options import Commands, add_cache_options, cache_from, exit_status, messages
from summarise.errors import SummariseError
from summarise.printable import printable

__all__ = ["add_parser"]


def add_parser(commands: Commands) -> None:
    """Add ``cache`` and its one subcommand, ``clear``, to the top-level commands."""
    cache = commands.add_parser(
        "cache",
        help="cache clear: empty the reply cache",
        description="Manage the cache of model replies.",
    )
    actions = cache.add_subparsers(
        title="commands", metavar="COMMAND", required=True, prog="summarise cache"
    )
    clear = actions.add_parser(
        "clear",
        help="remove every cached reply",
        description="Remove every cached reply; the next run asks the model again.",
    )
    add_cache_options(clear)
    clear.set_defaults(run=run_clear, parser=clear)


def run_clear(args: argparse.Namespace) -> int:
    """Empty the cache at ``args.cache`` and say how many replies went; returns the exit
    status (2 when the cache cannot be cleared)."""
    try:
        cache = cache_from(args)
        removed = cache.clear() if cache is not None else 0
    except SummariseError as e:
        return exit_status(e, "summarise cache clear", messages())
    messages().print(Text(printable(f"removed {removed} cached replies from {args.cache}")))
    return 0
