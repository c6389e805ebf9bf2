"""Batch throughput against a real loopback OpenAI-compatible server with fixed latency.

Every reply takes 250 ms; at concurrency c the ideal is c / 0.25 articles a second.
The library's own work per article (rendering, parsing, grounding the 1,230-word
example article) runs between replies, so the measured rate shows what it costs.

    python benchmarks/batch_throughput.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise.batch import summarise_many
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

DELAY_S = 0.25


def main() -> None:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    print(describe())
    print(f"every reply after {DELAY_S * 1000:.0f} ms; article: {len(text.split())} words")
    print(f"  {'concurrency':>11} {'articles':>8} {'per s':>8} {'ideal':>8} {'of ideal':>9}")
    for concurrency in (1, 8, 32, 64):
        count = max(8, 2 * concurrency)
        articles = [(f"a{i}", text) for i in range(count)]
        with ScriptedOpenAIServer(TRUE_SUMMARY, delay_s=DELAY_S) as server:
            started = time.perf_counter()
            items = summarise_many(
                articles, concurrency=concurrency, base_url=server.base_url, model="scripted"
            )
            elapsed = time.perf_counter() - started
        assert all(item.ok for item in items), [i.error for i in items if not i.ok][:1]
        rate, ideal = count / elapsed, concurrency / DELAY_S
        print(f"  {concurrency:>11} {count:>8} {rate:>8.1f} {ideal:>8.1f} {rate / ideal:>9.0%}")


if __name__ == "__main__":
    main()
