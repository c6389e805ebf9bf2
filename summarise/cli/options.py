"""What the commands share: the backend and cache options (declared and read in one
place), the ``--schema`` resolver, the error-to-exit-status rule and the progress bar."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TypeAlias

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from summarise.api import Summariser
from summarise.cache import ReplyCache
from summarise.errors import ConfigurationError, InputError, SummariseError
from summarise.schema_types import SchemaType, get_schema_type, load_schema_type

__all__ = [
    "DEFAULT_CACHE",
    "Commands",
    "add_backend_options",
    "add_cache_options",
    "backend_options",
    "cache_from",
    "exit_status",
    "progress_bar",
    "schema_from",
    "summariser_from",
]

DEFAULT_CACHE = Path(".summarise") / "replies.sqlite"

# What ``add_subparsers`` returns; each command module adds its parser to it.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """Add --schema, --backend, --model, --base-url, --mode, --model-path, --timeout,
    --context-tokens and --max-output-tokens. Their values are checked where every
    setting is (``summarise.config``), so the command line and code refuse the same."""
    parser.add_argument("--schema", default="news", help="schema type name or folder")
    parser.add_argument("--backend", help="openai, offline, llama-cpp, or a registered one")
    parser.add_argument("--model", help="model name (SUMMARISE_MODEL)")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (SUMMARISE_BASE_URL)")
    parser.add_argument("--mode", help="tools, json_schema, json or md_json")
    parser.add_argument("--model-path", help="GGUF file for --backend llama-cpp")
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="longest one HTTP request may take, whole (SUMMARISE_TIMEOUT; 120)",
    )
    parser.add_argument(
        "--context-tokens",
        type=int,
        metavar="N",
        help="context size for --model-path (SUMMARISE_CONTEXT_TOKENS)",
    )
    parser.add_argument(
        "--max-output-tokens",
        type=int,
        metavar="N",
        help="longest reply in tokens (SUMMARISE_MAX_OUTPUT_TOKENS)",
    )


def backend_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options for ``Summariser`` (or ``run_eval``) from parsed arguments."""
    return {
        "backend": args.backend,
        "model": args.model,
        "base_url": args.base_url,
        "mode": args.mode,
        "model_path": args.model_path,
        "timeout_s": args.timeout,
        "context_tokens": args.context_tokens,
        "max_output_tokens": args.max_output_tokens,
    }


def add_cache_options(parser: argparse.ArgumentParser) -> None:
    """Add --cache PATH and --no-cache."""
    parser.add_argument("--cache", default=str(DEFAULT_CACHE), help="reply cache file")
    parser.add_argument("--no-cache", action="store_true", help="neither replay nor record")


def cache_from(args: argparse.Namespace) -> ReplyCache | None:
    """The reply cache the arguments ask for, or None for --no-cache."""
    return None if args.no_cache else ReplyCache(args.cache)


def schema_from(value: str) -> SchemaType:
    """``--schema``: a registered or built-in type's name, or a folder holding one.

    Raises:
        SchemaTypeError: Neither.
    """
    return load_schema_type(value) if Path(value).is_dir() else get_schema_type(value)


def summariser_from(args: argparse.Namespace) -> Summariser:
    """The ``Summariser`` that ``--schema``, the backend options and the cache options ask
    for.

    Raises:
        ConfigurationError: An option, or the environment, is unusable.
    """
    schema = schema_from(args.schema)
    return Summariser(schema=schema, cache=cache_from(args), **backend_options(args))


def progress_bar(console: Console, fields: str) -> Progress:
    """The progress bar long commands draw: what is running, done of total, the
    command's own ``fields`` (a rich template over ``task.fields``), elapsed, remaining."""
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(fields),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def exit_status(error: SummariseError, prog: str, console: Console) -> int:
    """Print a command's typed error and return its exit status: 2 when the user can fix
    it (configuration, input), 1 for anything else (endpoint, model output)."""
    if isinstance(error, ConfigurationError | InputError):
        console.print(Text(f"{prog}: error: {error}", style="red"))
        return 2
    console.print(Text(f"{prog}: {type(error).__name__}: {error}", style="red"))
    return 1
