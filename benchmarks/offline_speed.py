"""Offline backend time per article, on one core, beside a bare spaCy parse.

The baseline is spaCy's en_core_web_sm parsing the same text; the difference is what
the pipeline's own rules cost. Also: the library's time per article with the fake
backend (everything but a model).

    python benchmarks/offline_speed.py
"""

from __future__ import annotations

import os

# One core: no BLAS or OpenMP threads, so the figure is per core.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise import Summariser
from summarise.schemas.news.offline import summarise_offline
from summarise.schemas.news.offline.nlp import load_pipeline
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

REPEATS = 15


def median_s(fn: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    words = EXAMPLE_ARTICLE.read_text(encoding="utf-8").split(" ")
    text = " ".join(words[:1000])
    started = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - started
    nlp(text)  # warm up
    parse_s = median_s(lambda: nlp(text))
    offline_s = median_s(lambda: summarise_offline(text))
    fake = Summariser(backend=FakeBackend(default=TRUE_SUMMARY))
    # A new article each run: prepared texts are cached, and a batch never repeats one.
    runs = iter(range(10**6))
    library_s = median_s(lambda: fake.summarise(f"{text}\n({next(runs)})"))
    print(describe())
    print(f"article: {len(text.split())} words; median of {REPEATS} runs, one thread")
    print(f"  spaCy model load (once per process): {load_s:.2f} s")
    print(f"  bare spaCy parse:        {parse_s * 1000:7.1f} ms  (baseline)")
    ratio = offline_s / parse_s
    print(f"  offline backend:         {offline_s * 1000:7.1f} ms  ({ratio:.2f}x the parse)")
    print(
        f"  library around a fake model (a new article each run, strict grounding): "
        f"{library_s * 1000:.1f} ms ({library_s / parse_s:.2f}x the parse)"
    )


if __name__ == "__main__":
    main()
