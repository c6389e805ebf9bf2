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
import warnings
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.backends.base import BaseBackend, Extraction, ExtractionRequest
from summarise.backends.instructed import Meter, checked_reply, extract_with
from summarise.backends.openai_compat import MODES
from summarise.config import MIN_OUTPUT_TOKENS, Settings
from summarise.errors import (
    ConfigurationError,
    InputError,
    RetriesExhaustedError,
    SummariseError,
)

__all__ = ["LlamaCppBackend", "load_model"]

T = TypeVar("T", bound=BaseModel)

_lock = threading.Lock()
_models: dict[tuple[str, int | None], Any] = {}

MAX_AUTO_CONTEXT = 8192
"""The largest context chosen from a model file when ``context_tokens`` is not given.

A model trained for 128k tokens would otherwise get a key-value cache of 128k tokens
(gigabytes for a 7B model). 8,192 holds the news prompt (about 1,000 tokens without the
article), an ordinary article and a full 4,096-token reply; longer articles are split.
"""


def load_model(path: str, context_tokens: int | None) -> Any:
    """The ``llama_cpp.Llama`` for a GGUF file, loaded on first use and then reused.

    Args:
        path: The GGUF file.
        context_tokens: The context size; None sizes it from the file: the context the
            model was trained for (GGUF ``<architecture>.context_length``), at most
            :data:`MAX_AUTO_CONTEXT`.
    """
    _ignore_llama_cpp_devnull()
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

        def load(n_ctx: int) -> Any:
            try:
                return Llama(
                    model_path=path, n_ctx=n_ctx, n_threads=os.cpu_count() or 1, verbose=False
                )
            except ValueError as e:  # llama.cpp's word for a file it cannot load
                raise ConfigurationError(
                    f"llama.cpp cannot load {path} ({e}): is it a whole GGUF model file? Fix "
                    "model_path= (--model-path) or SUMMARISE_MODEL_PATH."
                ) from e

        model = load(context_tokens or MAX_AUTO_CONTEXT)
        trained = _trained_context(model.metadata)
        if context_tokens is None and trained is not None and trained < MAX_AUTO_CONTEXT:
            model.close()  # a context beyond what the model was trained for is no use
            model = load(max(trained, 256))
        _models[key] = model
        return model


def _ignore_llama_cpp_devnull() -> None:
    """Ignore the one ResourceWarning llama-cpp-python causes at interpreter shutdown.

    ``llama_cpp._utils`` opens /dev/null twice at import (for its
    ``suppress_stdout_stderr``) and never closes it, so where ResourceWarning is shown
    (``-W error``, pytest) every process that loaded a model ends with two "unclosed
    file <... name='/dev/null'>" lines that are not ours to fix. Closing those files
    ourselves would break llama-cpp-python's own finalisers, which still use them.

    The warning is raised while the interpreter finalises, with no Python frame, so the
    warnings machinery attributes it to ``sys``: that is the module matched. It is
    added on every load, not once at import, because pytest gives each test its own
    copy of the filters, and at shutdown CPython falls back on the last list it looked
    a warning up in, a copy from a late test; a test that loads a model puts it there.
    """
    warnings.filterwarnings(
        "ignore",
        message=r"unclosed file <_io\.TextIOWrapper name='/dev/null' mode='w'",
        category=ResourceWarning,
        module="sys",
    )


def _trained_context(metadata: dict[str, str]) -> int | None:
    """The context length the GGUF file says the model was trained for, if it says."""
    raw = metadata.get(f"{metadata.get('general.architecture')}.context_length")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


@atexit.register
def _close_models() -> None:
    # Closed while the interpreter is still whole: llama-cpp-python's own finaliser,
    # run during shutdown, prints a traceback when its modules are already gone.
    with _lock:
        for model in _models.values():
            model.close()
        _models.clear()


def _check_gguf(path: Path) -> None:
    """Refuse a file that is not GGUF before llama.cpp is asked to load it."""
    try:
        with path.open("rb") as f:
            signature = f.read(4)
    except OSError as e:
        raise ConfigurationError(
            f"Cannot read the model file {path} ({e.strerror}); fix model_path= "
            "(--model-path) or SUMMARISE_MODEL_PATH."
        ) from e
    if signature != b"GGUF":
        raise ConfigurationError(
            f"{path} is not a GGUF model file (it does not start with the GGUF signature); "
            "fix model_path= (--model-path) or SUMMARISE_MODEL_PATH."
        )


class LlamaCppBackend(BaseBackend):
    """Summaries from a local GGUF file.

    Args:
        settings: ``model_path`` (or ``SUMMARISE_MODEL_PATH``) names the file;
            ``context_tokens`` sizes the context (None: from the file, see
            :func:`load_model`); ``max_output_tokens`` caps a reply, and never beyond
            what the context has left after the prompt; ``mode`` defaults to ``tools``.

    Raises:
        ConfigurationError: No model path, no file there, a file that is not a GGUF
            model llama.cpp can load, an unknown mode, or llama-cpp-python missing.
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
        _check_gguf(path)
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
        self._llama = load_model(str(path.resolve()), settings.context_tokens)
        self.context_tokens: int | None = self._llama.n_ctx()

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
                except ValueError as e:
                    if "context window" not in str(e):
                        raise
                    raise self._overflow(meter) from e
            # llama-cpp-python lowers the cap to what the context leaves after the
            # prompt; checked_reply sees from the counts when that is what cut a reply off.
            return checked_reply(
                response,
                meter,
                max_tokens=kwargs.get("max_tokens"),
                context_tokens=self.context_tokens,
            )

        return extract_with(create, self._mode, request, self.settings, meter)

    def _overflow(self, meter: Meter) -> SummariseError:
        """The prompt no longer fits the context: the article's own (before any reply),
        or a re-ask's, which carries the last reply and its errors."""
        fix = "Raise context_tokens (--context-tokens, SUMMARISE_CONTEXT_TOKENS)"
        if meter.attempts == 0:
            return InputError(
                f"The prompt does not fit the model's context of {self.context_tokens:,} "
                f"tokens. {fix}, or summarise a shorter text."
            )
        cap = self.settings.reply_cap
        lower = (  # only where a lower cap is allowed
            ", or lower max_output_tokens (--max-output-tokens) so replies leave room for a re-ask"
            if cap > MIN_OUTPUT_TOKENS
            else ""
        )
        return RetriesExhaustedError(
            f"The reply of attempt {meter.attempts} failed validation, and the re-ask (the "
            f"prompt, that reply and its errors) does not fit the model's context of "
            f"{self.context_tokens:,} tokens. {fix}{lower}.",
            attempts=meter.attempts,
            usage=meter.usage,
            last_output=meter.last_output,
        )
