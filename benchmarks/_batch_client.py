"""The measured side of ``batch_throughput.py``: one batch against a running server.

Run with ``PYTHONPATH`` naming the checkout to measure; prints one JSON line with the
batch's wall time and this process's CPU time for the batch alone (start-up and a
warm-up article excluded). Uses ``summarise_iter`` where the checkout has it (items
released as they finish), else ``summarise_many``; objects alive after the warm-up are
frozen out of garbage collection, as ``summarise batch`` does.

    python benchmarks/_batch_client.py BASE_URL ARTICLE_FILE ARTICLES CONCURRENCY
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from pathlib import Path

import summarise.batch as batch


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    base_url, article, count, concurrency = sys.argv[1:5]
    text = Path(article).read_text(encoding="utf-8")
    options = {"base_url": base_url, "model": "scripted", "concurrency": int(concurrency)}
    articles = ((f"a{i}", text) for i in range(int(count)))
    batch.summarise_many([("warm-up", text)], **options)  # imports, first-call work
    gc.freeze()  # as summarise batch does before its run, whichever checkout this is
    run = getattr(batch, "summarise_iter", batch.summarise_many)
    started, cpu = time.perf_counter(), cpu_s()
    failed = sum(not item.ok for item in run(articles, **options))
    wall, cpu = time.perf_counter() - started, cpu_s() - cpu
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "failed": failed}))


if __name__ == "__main__":
    main()
