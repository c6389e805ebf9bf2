"""The backend options every command takes, declared and read in one place."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_backend_options", "backend_options"]


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
