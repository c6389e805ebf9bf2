"""The backend options every command takes, declared and read in one place."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from summarise.cache import ReplyCache
from summarise.schema_types import SchemaType, get_schema_type, load_schema_type

__all__ = [
    "DEFAULT_CACHE",
    "add_backend_options",
    "add_cache_options",
    "backend_options",
    "cache_from",
    "progress_bar",
    "schema_from",
]

DEFAULT_CACHE = Path(".summarise") / "replies.sqlite"


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """Add --schema, --backend, --model, --base-url, --mode and --model-path."""
    parser.add_argument("--schema", default="news", help="schema type name or folder")
    parser.add_argument("--backend", help="openai, offline, llama-cpp, or a registered one")
    parser.add_argument("--model", help="model name (SUMMARISE_MODEL)")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (SUMMARISE_BASE_URL)")
    parser.add_argument("--mode", help="tools, json_schema, json or md_json")
    parser.add_argument("--model-path", help="GGUF file for --backend llama-cpp")


def backend_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options for ``Summariser`` (or ``run_eval``) from parsed arguments."""
    return {
        "backend": args.backend,
        "model": args.model,
        "base_url": args.base_url,
        "mode": args.mode,
        "model_path": args.model_path,
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
