"""What the commands share: the backend and cache options (declared and read in one
place), the ``--schema`` resolver, the error-to-exit-status rule and the progress bar."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
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
from summarise.batch import is_article_file
from summarise.cache import ReplyCache
from summarise.cli import fixes
from summarise.config import resolve_settings
from summarise.errors import ConfigurationError, InputError, SchemaTypeError, SummariseError
from summarise.ledger import Ledger, LedgerRun, RunNames
from summarise.printable import printable
from summarise.schema_types import SchemaType, get_schema_type, load_schema_type

__all__ = [
    "DEFAULT_CACHE",
    "DEFAULT_LEDGER",
    "INTERRUPTED",
    "Commands",
    "add_backend_options",
    "add_cache_options",
    "add_ledger_options",
    "article_limit",
    "backend_options",
    "cache_from",
    "exit_status",
    "held_notices",
    "messages",
    "progress_bar",
    "read_as_article",
    "recorded",
    "refuse_cache_on",
    "same_file",
    "schema_from",
    "summariser_from",
]

DEFAULT_CACHE = Path(".summarise") / "replies.sqlite"
DEFAULT_LEDGER = Path(".summarise") / "runs.sqlite"
INTERRUPTED = 130  # the shell's status for a process stopped by SIGINT (128 + 2)

# What ``add_subparsers`` returns; each command module adds its parser to it.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """Add --schema, --backend, --model, --base-url, --mode, --model-path, --timeout,
    --context-tokens and --max-output-tokens. Their values are checked where every
    setting is (``summarise.config``), so the command line and code refuse the same."""
    parser.add_argument(
        "--schema", default="news", help="schema type name, or a folder written as a path (./NAME)"
    )
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
    """The reply cache the arguments ask for, or None for --no-cache.

    A cache file that cannot be used is the cache's own warning (the run goes on
    without it); a *folder* on the way to it that is a file (``.summarise``, the state
    folder, made a file) is a path to fix, refused before anything is spent.

    Raises:
        ConfigurationError: A folder in the cache's path is a file.
    """
    if args.no_cache:
        return None
    for folder in Path(args.cache).parents:
        if folder.exists():
            if not folder.is_dir():
                raise ConfigurationError(
                    f"{folder} is a file, but the reply cache {args.cache} is kept in a "
                    "folder of that name: move the file away, or pass --cache PATH or "
                    "--no-cache."
                )
            break
    return ReplyCache(args.cache)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same path once symlinks are followed, or, where
    both exist, the same device and inode (a hard link)."""
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def read_as_article(path: str | Path, source: str | Path) -> bool:
    """Whether a batch reading ``source`` would read ``path`` as an article: ``path`` is
    ``source`` itself, or, when ``source`` is a folder, is in it with an article's suffix
    or is one of its articles by another name (a hard link)."""
    if same_file(path, source):
        return True
    folder = Path(source)
    if not folder.is_dir():
        return False
    resolved = Path(path).resolve()
    if same_file(resolved.parent, folder) and is_article_file(resolved):
        return True
    return any(same_file(path, entry) for entry in folder.iterdir() if is_article_file(entry))


def refuse_cache_on(args: argparse.Namespace, **uses: str) -> None:
    """``--cache`` must name a file of its own: not the input, an article, nor ``--out``
    (SQLite and JSONL would share one file; an article would be taken for a damaged
    cache). ``uses`` maps what a path is (``input``, ``out``) to the path; ``-`` is
    standard input and names no file.

    Raises:
        ConfigurationError: ``--cache`` names one of them, or an article of an input
            folder.
    """
    if args.no_cache:
        return
    for what, path in uses.items():
        if path == "-":
            continue
        clash = same_file(args.cache, path) if what == "out" else read_as_article(args.cache, path)
        if clash:
            shown = "--out" if what == "out" else f"the {what}"
            raise ConfigurationError(
                f"--cache {args.cache} would share a file with {shown} {path}: the reply "
                "cache needs a file of its own. Pass another --cache, or --no-cache."
            )


def schema_from(value: str) -> SchemaType:
    """``--schema``: a registered or built-in type's name, or a folder given as a path.

    A bare name (no path separator) is always a name: a folder of the same name in the
    current directory is never loaded in its place, because loading a folder runs its
    ``schema.py``. A folder is loaded only when the value is written as a path
    (``./news``, ``schemas/earnings``, ``/abs/path``, ``.``).

    Raises:
        SchemaTypeError: An unknown name (pointing at ``./NAME`` when a folder of that
            name is here), or a path that is not a folder.
    """
    if _is_path(value):
        if not Path(value).is_dir():
            raise SchemaTypeError(
                f"--schema {value}: no folder there; give a schema type's name or a folder "
                "holding schema.py and prompt.j2."
            )
        return load_schema_type(value)
    try:
        return get_schema_type(value)
    except SchemaTypeError as e:
        if Path(value).is_dir():
            raise SchemaTypeError(
                e.problem,
                fix=f"A folder named {value} is here, but a bare name never loads a folder: "
                f"to use it as a schema type (its schema.py runs as Python), pass "
                f"--schema ./{value}.",
            ) from e
        raise


def _is_path(value: str) -> bool:
    """Whether ``--schema`` was written as a path rather than a name."""
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return value in {".", ".."} or any(sep in value for sep in separators)


def add_ledger_options(parser: argparse.ArgumentParser) -> None:
    """Add --ledger PATH and --no-ledger."""
    parser.add_argument(
        "--ledger", default=str(DEFAULT_LEDGER),
        help="where runs are recorded: when, backend, model, tokens, cost (summarise runs)",
    )  # fmt: skip
    parser.add_argument("--no-ledger", action="store_true", help="record nothing of this run")


@contextmanager
def recorded(
    args: argparse.Namespace, command: str, summariser: Summariser | None = None
) -> Iterator[LedgerRun]:
    """Record a command's run in the ledger the arguments name (nothing with
    --no-ledger), named after ``summariser``'s schema type, backend and model; the block
    adds to ``spend``, sets ``outcome``, and may name the run itself (an eval, whose
    summariser is its own)."""
    if args.no_ledger:
        yield LedgerRun(None)
        return
    names: RunNames = {"schema_type": "", "backend": "", "model": None}
    if summariser is not None:
        names = summariser.run_names
    ledger = Ledger(args.ledger)
    try:
        with ledger.run(command=command, **names) as entry:
            yield entry
    finally:
        ledger.close()


def article_limit() -> int:
    """The longest article the settings allow, in characters (``max_article_chars``), for
    reading input before the summariser is built: bad input then costs nothing."""
    return resolve_settings().max_article_chars


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


def messages() -> Console:
    """The console for messages (errors, notices, a run's summary line): standard error,
    one line per message, never wrapped, so a path in one can be copied and a log
    grepped."""
    return Console(stderr=True, soft_wrap=True)


@contextmanager
def held_notices() -> Iterator[None]:
    """Hold the library's notices and warnings while a command sets up, and let them out
    only once it has: a run refused during set-up says why, and nothing besides (the
    offline backend's notice is moot for a run that never starts)."""
    logger = logging.getLogger("summarise")
    held: list[logging.LogRecord] = []

    def hold(record: logging.LogRecord) -> bool:
        held.append(record)
        return False

    logger.addFilter(hold)
    try:
        yield
    finally:
        logger.removeFilter(hold)
    for record in held:  # reached only when the set-up went through
        logger.handle(record)


def exit_status(error: SummariseError, prog: str, console: Console) -> int:
    """Print a command's typed error, its fix in shell words, and return its exit status:
    2 when the user can fix it (configuration, input), 1 for anything else (endpoint,
    model output)."""
    # Messages quote inputs (file names, ids, replies): printed through printable.
    said = printable(fixes.message(error))
    if isinstance(error, ConfigurationError | InputError):
        message = f"{prog}: error: {said}"
        status = 2
    else:
        message = f"{prog}: {type(error).__name__}: {said}"
        status = 1
    console.print(Text(message, style="red"))
    return status
