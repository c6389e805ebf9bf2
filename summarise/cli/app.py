"""The ``summarise`` command's top-level parser: one argparse subcommand per job, and the
rule that lets ``summarise ARTICLE`` go without a subcommand word.

Each command module adds its own parser and sets two defaults: ``run``, the function that
takes the parsed arguments and returns the exit status, and ``parser``, its own parser (for
errors); ``main`` parses and calls ``run``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from summarise._version import installed_version
from summarise.cli import article, batch, cache, evaluate, runs
from summarise.cli.options import INTERRUPTED

__all__ = ["main"]

EPILOG = """\
The first argument names a command only when it is exactly {words};
anything else is the article, so `summarise ARTICLE [options]` needs no command word. To
summarise a file named like a command, give it as a path: `summarise ./eval`.

`summarise ARTICLE --help` lists the article's options; `summarise COMMAND --help` a
command's.

Exit status: 0 on success; 1 when the endpoint or the model's output fails, a batch has
failed articles, or an eval misses a --min-f1 threshold; 2 for bad usage, configuration or
input; 130 when interrupted (Ctrl-C).
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        0 on success, 1 on a failure of the endpoint, the model or a threshold, 2 for bad
        usage, configuration or input. Bad usage and ``--help`` exit through
        ``SystemExit``, as argparse does.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    top, words = _parser()
    if argv and argv[0] not in {*words, "-h", "--help", "--version"}:
        # Anything that is not a command's name is the article (or an option before it):
        # route it to the article command, whose name nobody types.
        argv.insert(0, article.ARTICLE)
    args, unknown = top.parse_known_args(argv)
    if unknown:  # said by the command's own parser, so its usage line comes with it
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        status: int = args.run(args)
    except KeyboardInterrupt:  # Ctrl-C: no traceback; batch handles it itself, saying more
        print("summarise: interrupted", file=sys.stderr)
        return INTERRUPTED
    return status


def _parser() -> tuple[argparse.ArgumentParser, list[str]]:
    """The whole command line (the article command, ``batch``, ``eval`` and
    ``eval compare``, ``cache clear``), and the command words a first argument can be."""
    top = argparse.ArgumentParser(
        prog="summarise",
        usage="summarise ARTICLE [options]\n       summarise COMMAND ...",
        description="Summarise news articles into actors, claims, figures and contested points.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument(
        "--version",
        action="version",
        version=f"summarise {installed_version()}",
        help="print the version",
    )
    # prog: the commands' own usage lines start "summarise batch", not the custom usage above.
    commands = top.add_subparsers(
        title="commands", metavar="COMMAND", required=True, prog="summarise"
    )
    for module in (article, batch, evaluate, cache, runs):
        module.add_parser(commands)
    words = [name for name in commands.choices if name != article.ARTICLE]
    top.epilog = EPILOG.format(words=", ".join(words[:-1]) + " or " + words[-1])
    return top, words
