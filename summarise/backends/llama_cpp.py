"""Any GGUF model, in process, through llama-cpp-python and instructor.

The model loads once per (file, context size) per process and is shared by every
summariser that names it; calls are serialised, because a llama.cpp context is not
thread-safe. Output is grammar-constrained: in ``tools`` mode llama-cpp-python turns the
forced function's JSON schema into a grammar, so the model can only write JSON of the
summary's shape. Validation re-asks work as for any instructor backend.

Needs the ``local`` extra: ``pip install 'summarise[local]'``.
"""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.backends.base import BaseBackend, Extraction, ExtractionRequest
from summarise.backends.instructed import Meter, checked_reply, extract_with
from summarise.backends.openai_compat import MODES
from summarise.config import Settings
from summarise.errors import ConfigurationError, InputError

__all__ = ["LlamaCppBackend", "load_model"]

T = TypeVar("T", bound=BaseModel)

_lock = threading.Lock()
_models: dict[tuple[str, int], Any] = {}


def load_model(path: str, context_tokens: int) -> Any:
    """The ``llama_cpp.Llama`` for a GGUF file, loaded on first use and then reused."""
    key = (path, context_tokens)
    with _lock:
        if key in _models:
            return _models[key]
        try:
            from llama_cpp import Llama
        except ImportError as e:
            raise ConfigurationError(
                "The llama-cpp backend needs llama-cpp-python: pip install 'summarise[local]'."
            ) from e
        model = Llama(
            model_path=path, n_ctx=context_tokens, n_threads=os.cpu_count() or 1, verbose=False
        )
        _models[key] = model
        return model


@atexit.register
def _close_models() -> None:
    # Closed while the interpreter is still whole: llama-cpp-python's own finaliser,
    # run during shutdown, prints a traceback when its modules are already gone.
    with _lock:
        for model in _models.values():
            model.close()
        _models.clear()


class LlamaCppBackend(BaseBackend):
    """Summaries from a local GGUF file.

    Args:
        settings: ``model_path`` (or ``SUMMARISE_MODEL_PATH``) names the file;
            ``context_tokens`` sizes the context; ``mode`` defaults to ``tools``.

    Raises:
        ConfigurationError: No model path, no file there, an unknown mode, or
            llama-cpp-python missing.
    """

    name = "llama-cpp"
    reasks_grounding = True

    def __init__(self, settings: Settings) -> None:
        if not settings.model_path:
            raise ConfigurationError(
                "No GGUF model for the llama-cpp backend: pass model_path=... "
                "(--model-path) or set SUMMARISE_MODEL_PATH."
            )
        path = Path(settings.model_path).expanduser()
        if not path.is_file():
            raise ConfigurationError(
                f"No GGUF file at {path}; fix model_path= or SUMMARISE_MODEL_PATH."
            )
        mode = (settings.mode or "tools").lower()
        if mode not in MODES or mode == "json_schema":
            raise ConfigurationError(
                f"The llama-cpp backend supports the modes tools, json and md_json, not "
                f"{mode!r}; pass mode= or set SUMMARISE_MODE."
            )
        self.settings = settings
        self._mode = MODES[mode]
        self.mode = self._mode.value
        self.path = path
        self.context_tokens = settings.context_tokens
        self._llama = load_model(str(path.resolve()), settings.context_tokens)

    def __repr__(self) -> str:
        return f"LlamaCppBackend(model_path={str(self.path)!r}, mode={self.mode!r})"

    def count_tokens(self, text: str) -> int:
        """The model's own tokenizer's count."""
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False))

    def extract(self, request: ExtractionRequest[T]) -> Extraction[T]:
        """Ask the local model for ``request.response_model``."""
        meter = Meter()

        def create(*args: Any, **kwargs: Any) -> Any:
            kwargs.pop("model", None)  # the model is the file
            meter.requests += 1
            with _lock:
                try:
                    response = self._llama.create_chat_completion_openai_v1(*args, **kwargs)
                    return checked_reply(
                        response,
                        meter,
                        max_tokens=kwargs.get("max_tokens"),
                        context_tokens=self.context_tokens,
                    )
                except ValueError as e:
                    if "context window" not in str(e):
                        raise
                    raise InputError(
                        f"The prompt does not fit the model's context of "
                        f"{self.settings.context_tokens} tokens ({e}). Raise context_tokens "
                        "(SUMMARISE_CONTEXT_TOKENS) or summarise a shorter text."
                    ) from e

        return extract_with(create, self._mode, request, self.settings, meter)
