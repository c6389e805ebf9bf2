"""Soak: a batch through a server that faults on a seeded fifth of its requests.

Every fault the fault server knows takes its turn: 429 with and without Retry-After,
500/502/503, a stall past the client timeout, a dropped connection, a body that is not
JSON, broken tool arguments, a reply that fails the schema, a reply cut off at its
length, an empty choices list. Every id must end with a summary or a typed error line,
none lost and none twice. The same batch without faults runs beside it for comparison.

    python benchmarks/soak.py [ARTICLES] [CONCURRENCY]
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise.cli import main as cli
from summarise.testing.openai_server import Fault, ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

FAULTS = [
    lambda: Fault.status(429, retry_after=0.05),
    lambda: Fault.status(429),
    lambda: Fault.status(500),
    lambda: Fault.status(502),
    lambda: Fault.status(503),
    lambda: Fault.stall(1.5),
    Fault.reset,
    lambda: Fault.raw("<html>upstream error</html>"),
    lambda: Fault.reply('{"gist": "x", "actors": ['),
    lambda: Fault.reply('{"gist": 42}'),
    lambda: Fault.reply(json.dumps(TRUE_SUMMARY), finish_reason="length"),
    Fault.empty_choices,
]


def fault_plan(requests: int, rate: float, seed: int) -> list[Fault]:
    rng = random.Random(seed)
    return [rng.choice(FAULTS)() if rng.random() < rate else Fault.ok() for _ in range(requests)]


def soak(folder: Path, articles: int, concurrency: int, rate: float, seed: int) -> dict[str, Any]:
    """Run one batch; returns its figures. Raises AssertionError if an id is lost."""
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    source = folder / f"in-{rate}.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"s{i:04d}", "text": text}) + "\n" for i in range(articles))
    )
    out = folder / f"out-{rate}.jsonl"
    plan = fault_plan(articles * 3, rate, seed)
    previous = os.environ.get("SUMMARISE_TIMEOUT")
    os.environ["SUMMARISE_TIMEOUT"] = "1"  # so a stall of 1.5 s is a timeout
    try:
        with ScriptedOpenAIServer(TRUE_SUMMARY, plan) as server:
            started = time.perf_counter()
            cli(["batch", str(source), "--out", str(out), "--base-url", server.base_url,
                 "--model", "soak", "--concurrency", str(concurrency), "--no-cache"])  # fmt: skip
            elapsed = time.perf_counter() - started
            requests = len(server.requests)
    finally:
        if previous is None:
            del os.environ["SUMMARISE_TIMEOUT"]
        else:
            os.environ["SUMMARISE_TIMEOUT"] = previous
    records = [json.loads(line) for line in out.read_text().splitlines()]
    ids = Counter(r["id"] for r in records)
    assert set(ids) == {f"s{i:04d}" for i in range(articles)}, "an id was lost"
    assert max(ids.values()) == 1, "an id was written twice"
    errors = Counter(r["error"]["type"] for r in records if "error" in r)
    tokens = sum(
        (r.get("usage") or (r.get("error") or {}).get("usage") or {}).get("prompt_tokens", 0)
        + (r.get("usage") or (r.get("error") or {}).get("usage") or {}).get("completion_tokens", 0)
        for r in records
    )
    attempts = [r["meta"]["attempts"] if "meta" in r else r["error"]["attempts"] for r in records]
    return {
        "seconds": elapsed,
        "requests": requests,
        "summaries": sum("summary" in r for r in records),
        "errors": dict(errors),
        "tokens": tokens,
        "attempts_per_article": sum(attempts) / len(attempts),
    }


def main() -> None:
    import tempfile

    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    with tempfile.TemporaryDirectory() as folder:
        clean = soak(Path(folder), articles, concurrency, 0.0, 1)
        faulty = soak(Path(folder), articles, concurrency, 0.2, 1)
    print(describe())
    print(f"{articles} articles through 'summarise batch' at concurrency {concurrency}")
    for name, run in (("fault-free", clean), ("20% faulted", faulty)):
        print(
            f"  {name:<12} {run['seconds']:6.1f} s  {run['requests']:5d} requests  "
            f"{run['summaries']:4d} summaries  errors {run['errors'] or 'none'}  "
            f"{run['attempts_per_article']:.2f} attempts/article  {run['tokens']} tokens"
        )
    print(
        f"  faults cost {faulty['seconds'] / clean['seconds']:.2f}x the wall time and "
        f"{faulty['tokens'] - clean['tokens']} tokens on failed attempts; no id lost or repeated"
    )


if __name__ == "__main__":
    main()
