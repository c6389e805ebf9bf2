"""Batch throughput against a loopback OpenAI-compatible server in another process.

The shipped scripted server runs in a process of its own and answers every request
after 250 ms, so at concurrency c the ideal is c / 0.25 articles a second. The batch
runs in a second process, measured alone: its rate, and the CPU it spends per article
(the library's own work: the prompt, the HTTP client, parsing, grounding, all on one
event loop), from enough articles per point (about ``--seconds`` of the ideal) for a
steady state; start-up and a warm-up article are not counted. The example article has
1,230 words; grounding is strict.

    python benchmarks/batch_throughput.py [--baseline OTHER_CHECKOUT] [--seconds 10] [--cli]

``--cli`` runs each point through ``summarise batch`` (a JSONL file in, each line
written and fsynced as it finishes) instead of ``summarise_iter``, less a one-article
run's time, so that the process's start-up is not counted.

With ``--baseline``, each point is measured for that checkout too, in the same run,
and the table gives the ratios: the machine may be shared, so compare ratios.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from benchmarks._processes import REPO, baseline_tree, measured, scripted_server
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

DELAY_S = 0.25
CONCURRENCIES = (1, 8, 32, 64, 128)
CLIENT = Path(__file__).resolve().parent / "_batch_client.py"


def point(base_url: str, count: int, concurrency: int, tree: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a batch of ``count`` articles through the Python API."""
    argv = [sys.executable, str(CLIENT), base_url, str(EXAMPLE_ARTICLE), str(count)]
    result = measured([*argv, str(concurrency)], tree=tree)
    assert result.report["failed"] == 0, result.report
    return result.report["wall_s"], result.report["cpu_s"]


def cli_point(base_url: str, count: int, concurrency: int, tree: Path) -> tuple[float, float]:
    """The same through ``summarise batch``: a run of one article is taken away from a
    run of ``count + 1``, so that start-up is not counted."""
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for size in (1, count + 1):
            source = Path(work) / f"in-{size}.jsonl"
            records = (json.dumps({"id": f"a{i}", "text": text}) + "\n" for i in range(size))
            source.write_text("".join(records), encoding="utf-8")
            out = Path(work) / f"out-{size}.jsonl"
            argv = [sys.executable, "-m", "summarise.cli", "batch", str(source), "--out", str(out)]
            argv += ["--base-url", base_url, "--model", "scripted", "--no-cache", "--no-ledger"]
            argv += ["--concurrency", str(concurrency)]
            runs.append(measured(argv, tree=tree, cwd=Path(work)))
    one, many = runs
    return many.wall_s - one.wall_s, many.cpu_s - one.cpu_s


def main(argv: list[str]) -> None:
    baseline = baseline_tree(argv)
    seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 10.0
    measure = cli_point if "--cli" in argv else point
    words = len(EXAMPLE_ARTICLE.read_text(encoding="utf-8").split())
    print(describe())
    print(f"server in its own process, every reply after {DELAY_S * 1000:.0f} ms; {words} words")
    print("through summarise batch (start-up taken away)" if "--cli" in argv else "through the API")
    trees = {"this": REPO} | ({"baseline": baseline} if baseline else {})
    head = f"  {'concurrency':>11} {'articles':>8} {'ideal/s':>8}"
    for name in trees:
        head += f" | {name + ' /s':>11} {'of ideal':>8} {'CPU ms/art':>10}"
    print(head + (" | rate ×  CPU ×" if baseline else ""))
    with scripted_server(TRUE_SUMMARY, delay_s=DELAY_S) as base_url:
        for concurrency in CONCURRENCIES:
            ideal = concurrency / DELAY_S
            count = max(4 * concurrency, round(ideal * seconds))
            row = f"  {concurrency:>11} {count:>8} {ideal:>8.0f}"
            figures = []
            for tree in trees.values():
                wall_s, cpu_s = measure(base_url, count, concurrency, tree)
                rate, cpu_ms = count / wall_s, 1000 * cpu_s / count
                figures.append((rate, cpu_ms))
                row += f" | {rate:>11.1f} {rate / ideal:>8.0%} {cpu_ms:>10.2f}"
            if baseline:
                (rate, cpu), (base_rate, base_cpu) = figures
                row += f" | {rate / base_rate:>6.2f} {cpu / base_cpu:>6.2f}"
            print(row, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
