"""Batch engines: articles a second on one core, on every core, and on Ray, in one run.

Offline backend: ``summarise batch`` over 200 articles of ``/work/shared/articles``
(its 72 news articles, cycled, each under its own id) with the local engine at one
worker, the local engine at one worker per core, and the Ray engine (a Ray instance
started on this machine, one actor per core), each a ``summarise batch`` process of its
own. Two rates for each: over the whole run (start-up included: the Python process,
spaCy loading in each worker, Ray starting its instance and actors), and the steady
rate, from the output file watched as it grows: the last 90% of the lines over the
time they took (start-up aside, what a long corpus runs at). Ratios are against the
one-worker run of the same run of this script.

HTTP backend: the Ray engine against the scripted OpenAI server (a process of its own)
answering every request after 250 ms; with A actors each summarising C articles of its
batch at once, the ideal is A × C / 0.25 articles a second.

    python benchmarks/engines_throughput.py [--articles 200] [--http-articles 400]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from benchmarks._processes import REPO, scripted_server
from summarise.engines import cores
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

CORPUS = Path("/work/shared/articles")
DELAY_S = 0.25
ACTORS = 2
ARTICLE_CONCURRENCY = 16
BATCH_SIZE = 16


def corpus(count: int) -> list[tuple[str, str]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no articles in {CORPUS}")
    return [(f"a{i:04d}", texts[i % len(texts)]) for i in range(count)]


def run(articles: list[tuple[str, str]], options: list[str], work: Path) -> tuple[float, float]:
    """Wall seconds of ``summarise batch`` over ``articles``, and the seconds all of them
    take at the steady rate: the rate its output grew from 10% of the lines to all."""
    source = work / "in.jsonl"
    lines = (json.dumps({"id": i, "text": t}) + "\n" for i, t in articles)
    source.write_text("".join(lines), encoding="utf-8")
    out = work / f"out-{len(list(work.iterdir()))}.jsonl"
    argv = [sys.executable, "-m", "summarise.cli", "batch", str(source), "--out", str(out)]
    argv += ["--no-cache", "--no-ledger", *options]
    tenth = max(1, len(articles) // 10)
    started = time.perf_counter()
    # stderr to a file, not a pipe: nothing reads it while the run polls, and a full
    # pipe would stop the batch.
    with tempfile.TemporaryFile("w+") as err:
        batch = subprocess.Popen(
            argv, cwd=work, env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.DEVNULL, stderr=err, text=True,
        )  # fmt: skip
        at_tenth = None
        while batch.poll() is None:
            if at_tenth is None and out.exists() and _lines(out) >= tenth:
                at_tenth = time.perf_counter()
            time.sleep(0.02)
        wall = time.perf_counter() - started
        err.seek(0)
        assert batch.returncode == 0, err.read()
    written = out.read_text()
    assert len(written.splitlines()) == len(articles)
    assert '"error"' not in written, f"an article failed with {options}"
    assert at_tenth is not None
    return wall, (wall - (at_tenth - started)) * len(articles) / (len(articles) - tenth)


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def main(argv: list[str]) -> None:
    count = int(argv[argv.index("--articles") + 1]) if "--articles" in argv else 200
    http_count = int(argv[argv.index("--http-articles") + 1]) if "--http-articles" in argv else 400
    articles = corpus(count)
    words = sum(len(t.split()) for _, t in articles) / count
    print(describe())
    print(f"cores this process may use: {cores()}; the machine may be shared: compare ratios")
    print(f"offline backend, {count} articles, {words:.0f} words on average")
    engines = {
        "local, 1 worker": ["--backend", "offline", "--workers", "1"],
        f"local, {cores()} workers": ["--backend", "offline", "--workers", str(cores())],
        f"ray, {cores()} actors": ["--backend", "offline", "--engine", "ray"],
    }
    print(f"  {'engine':<18} {'wall s':>7} {'/s':>6} {'×':>5} | {'steady /s':>9} {'×':>5}")
    base: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, options in engines.items():
            wall, steady = run(articles, options, work)
            rate, steady_rate = count / wall, count / steady
            base = base or (rate, steady_rate)
            print(
                f"  {name:<18} {wall:7.1f} {rate:6.2f} {rate / base[0]:5.2f} | "
                f"{steady_rate:9.2f} {steady_rate / base[1]:5.2f}"
            )
        per_core_ms = 1000 / base[1]
        print(f"  one core: {per_core_ms:.0f} ms an article ({per_core_ms / words * 1000:.0f} ms "
              "per 1,000 words), start-up aside")  # fmt: skip

        text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
        http = [(f"h{i:04d}", text) for i in range(http_count)]
        ideal = ACTORS * ARTICLE_CONCURRENCY / DELAY_S
        print(
            f"HTTP backend on ray: {http_count} articles, every reply after "
            f"{DELAY_S * 1000:.0f} ms, {ACTORS} actors × {ARTICLE_CONCURRENCY} at once "
            f"(batches of {BATCH_SIZE}): ideal {ideal:.0f}/s"
        )
        with scripted_server(TRUE_SUMMARY, delay_s=DELAY_S) as base_url:
            options = [
                "--base-url", base_url, "--model", "scripted", "--engine", "ray",
                "--workers", str(ACTORS), "--concurrency", str(ARTICLE_CONCURRENCY),
                "--batch-size", str(BATCH_SIZE),
            ]  # fmt: skip
            wall, steady = run(http, options, work)
        steady_rate = http_count / steady
        print(
            f"  wall {wall:.1f} s, {http_count / wall:.1f}/s ({http_count / wall / ideal:.0%} of "
            f"ideal); steady {steady_rate:.1f}/s = {steady_rate / ideal:.0%} of ideal"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
