"""Offline backend time per 1,000 words as articles grow from 1,000 to 100,000 words.

The pipeline's own rules should cost the same per word however long the article is: a
step that rescans the whole text per entity, per claim or per sentence makes long
articles quadratic. The texts are distinct shared articles joined end to end (repeats of
one article would be deduplicated and flatter the figure). Every size reads the same
words: the largest size's text, cut into articles of that size. Each size runs in a
process of its own, so its peak memory is its own; parse and rules are timed apart.

    python benchmarks/offline_length.py [WORDS ...]
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._machine import describe

ARTICLES = ROOT.parent / "shared" / "articles"
SIZES = (1_000, 10_000, 100_000)
FLAT_WITHIN = 1.5  # the target: time per word within 1.5x from the smallest to the largest


def corpus(words: int) -> str:
    """Distinct articles joined with blank lines until ``words`` words, cut there."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no articles in {ARTICLES}: run from a checkout beside shared/")
    chosen: list[str] = []
    total, round_ = 0, 0
    while total < words:
        for text in texts:
            # A later round renumbers its copy, so no line repeats an earlier one.
            body = text if round_ == 0 else text.replace("\n", f" ({round_})\n", 1)
            chosen.append(body)
            total += len(body.split())
            if total >= words:
                break
        round_ += 1
    return " ".join("\n\n".join(chosen).split(" ")[:words])


def measure(words: int, total: int) -> dict[str, float]:
    """Articles of ``words`` words cut from the same ``total`` words of text, in this
    process: parse and rule times summed over them, and the peak memory."""
    from summarise.schemas.news.offline import read_parsed
    from summarise.schemas.news.offline.nlp import parse

    every = corpus(total).split(" ")
    articles = [" ".join(every[i : i + words]) for i in range(0, len(every), words)]
    parse_s = rules_s = 0.0
    for article in articles:
        started = time.perf_counter()
        doc = parse(article)
        parse_s += time.perf_counter() - started
        started = time.perf_counter()
        read_parsed(doc)
        rules_s += time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"parse_s": parse_s, "rules_s": rules_s, "peak_mb": peak_kb / 1024}


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    total = max(sizes)
    print(describe())
    print("    words   parse ms/1k words   rules ms/1k words   total ms/1k words   peak MB")
    totals, rules = [], []
    for words in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(words), str(total)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        parse_k = figures["parse_s"] / total * 1e6
        rules_k = figures["rules_s"] / total * 1e6
        totals.append(parse_k + rules_k)
        rules.append(rules_k)
        print(
            f"{words:>9,}   {parse_k:17.1f}   {rules_k:17.1f}   {parse_k + rules_k:17.1f}"
            f"   {figures['peak_mb']:7.0f}"
        )
    for label, series in (("the whole pipeline", totals), ("the rules alone", rules)):
        spread = max(series) / min(series)
        verdict = "flat" if spread <= FLAT_WITHIN else "NOT flat"
        print(
            f"{label}: time per word, slowest size / fastest: {spread:.2f}x "
            f"({verdict}; target <= {FLAT_WITHIN}x)"
        )
    print("(the rules are a few ms per 1,000 words: their ratio is the noisier one)")


if __name__ == "__main__":
    main()
