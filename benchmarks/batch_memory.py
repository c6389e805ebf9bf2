"""Peak memory of ``summarise batch`` as the corpus grows: it should stay flat.

Inputs are made from the shared news articles (``/work/shared/articles``, or
``--articles FOLDER``): each record joins two of them, about 1,000 words. Each size
runs as a ``summarise batch`` process of its own, through a canned backend (everything
but the model: reading, prompting, validation, grounding, writing), and its peak RSS is
the whole process's, from ``os.wait4``.

    python benchmarks/batch_memory.py [--sizes 1000,10000,100000] [--baseline CHECKOUT]

With ``--baseline``, the same sizes run through that checkout too, in the same run.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from benchmarks._processes import REPO, baseline_tree, measured

SIZES = (1_000, 10_000, 100_000)
ARTICLES = Path("/work/shared/articles")
CONCURRENCY = 8

# The batch process: a canned backend answering every article, then the CLI's batch.
WORKER = """
import sys
from summarise.backends import register_backend
from summarise.cli import main
from summarise.testing import FakeBackend
reply = {"gist": "A summary.", "actors": [], "claims": [], "figures": [],
         "contested_points": []}
class Canned(FakeBackend):
    def extract(self, request):
        extraction = super().extract(request)
        self.calls.clear()  # a test's history of requests: not the library's memory
        return extraction
register_backend("canned", lambda _settings: Canned(default=reply), replace=True)
sys.exit(main(sys.argv[1:]))
"""


def corpus(folder: Path, size: int, out: Path) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    with out.open("w", encoding="utf-8") as f:
        for i in range(size):
            text = f"{texts[i % len(texts)]}\n\n{texts[(i + 1) % len(texts)]}"
            f.write(json.dumps({"id": f"r{i:07d}", "text": text}) + "\n")
    return out


def main(argv: list[str]) -> None:
    baseline = baseline_tree(argv)
    sizes = SIZES
    if "--sizes" in argv:
        sizes = tuple(int(s) for s in argv[argv.index("--sizes") + 1].split(","))
    folder = Path(argv[argv.index("--articles") + 1]) if "--articles" in argv else ARTICLES
    trees = {"this": REPO} | ({"baseline": baseline} if baseline else {})
    print(describe())
    print(f"summarise batch, canned backend, concurrency {CONCURRENCY}, strict grounding")
    head = f"  {'articles':>8} {'input MB':>8}"
    for name in trees:
        head += f" | {name + ' peak MB':>16} {'per s':>7}"
    print(head)
    peaks: dict[str, list[tuple[int, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            source = corpus(folder, size, Path(work) / f"in-{size}.jsonl")
            row = f"  {size:>8} {source.stat().st_size / 1e6:>8.0f}"
            for name, tree in trees.items():
                out = Path(work) / f"out-{name}-{size}.jsonl"
                argv_ = ["batch", str(source), "--out", str(out), "--backend", "canned"]
                argv_ += ["--no-cache", "--no-ledger", "--concurrency", str(CONCURRENCY)]
                m = measured([sys.executable, "-c", WORKER, *argv_], tree=tree, cwd=Path(work))
                lines = sum(1 for _ in out.open("rb"))
                assert lines == size, (name, size, lines)
                peaks[name].append((size, m.peak_rss_mb))
                row += f" | {m.peak_rss_mb:>16.0f} {size / m.wall_s:>7.0f}"
                out.unlink()
            print(row, flush=True)
            source.unlink()
    for name, by_size in peaks.items():
        (small, low), (large, high) = by_size[-2:] if len(by_size) > 1 else by_size * 2
        print(f"  {name}: {high - low:+.0f} MB from {small:,} to {large:,} articles")


if __name__ == "__main__":
    main(sys.argv[1:])
