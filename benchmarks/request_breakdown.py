"""Where the library's CPU time per article goes on the LLM path, by component.

The scripted server runs in a process of its own and answers at once; the batch runs
in another process, at concurrency 8, first unprofiled (CPU time per article) and then
under cProfile, whose shares split that time by component: article checks, prompt,
instructor's request set-up, the HTTP client, parsing the reply, grounding, finishing,
and the rest (event loop, batch, instructor's retry loop). The 1,230-word example
article, strict grounding.

    python benchmarks/request_breakdown.py [--baseline OTHER_CHECKOUT] [--articles 400]

With ``--baseline``, that checkout is measured too, in the same run, for a before and
after; the machine may be shared, so compare the ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from benchmarks._processes import REPO, baseline_tree, measured, scripted_server
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

CLIENT = Path(__file__).resolve().parent / "_profile_client.py"


def main(argv: list[str]) -> None:
    baseline = baseline_tree(argv)
    count = int(argv[argv.index("--articles") + 1]) if "--articles" in argv else 400
    trees = {"this": REPO} | ({"baseline": baseline} if baseline else {})
    print(describe())
    print(f"{count} articles at concurrency 8, server in its own process answering at once")
    reports = {}
    with scripted_server(TRUE_SUMMARY, delay_s=0.0) as base_url:
        for name, tree in trees.items():
            argv_ = [sys.executable, str(CLIENT), base_url, str(EXAMPLE_ARTICLE), str(count)]
            reports[name] = measured(argv_, tree=tree).report
    names = list(reports["this"]["parts"])
    print(f"  {'ms per article':<54}" + "".join(f" {n:>9}" for n in trees))
    for part in names:
        print(f"  {part:<54}" + "".join(f" {r['parts'][part]:>9.2f}" for r in reports.values()))
    print(f"  {'CPU per article':<54}" + "".join(f" {r['cpu_ms']:>9.2f}" for r in reports.values()))
    if baseline:
        ratio = reports["this"]["cpu_ms"] / reports["baseline"]["cpu_ms"]
        print(f"  this / baseline: {ratio:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
