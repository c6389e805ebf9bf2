"""The eval harness: score a backend, model or prompt against hand-labelled fixtures.

    report = run_eval(backend="offline")            # or model=..., base_url=...
    write_run(report, "runs/offline", load_fixtures("evals/fixtures/news"))
    print(report.f1("actors"), report.stats.schema_valid_rate)

It sits on top of the library and uses it as users do; nothing below imports it.
"""

from summarise.evaluation.compare import Change, Comparison, FieldVerdict, compare_runs
from summarise.evaluation.fixtures import Fixture, GoldMarks, load_fixture, load_fixtures
from summarise.evaluation.intervals import Bootstrap, FieldIntervals, Interval
from summarise.evaluation.report import load_run, write_run
from summarise.evaluation.runner import EvalReport, FixtureRun, RunStats, rescore, run_eval
from summarise.evaluation.scoring import (
    Counts,
    FieldAggregate,
    FixtureScores,
    aggregate,
    score_fixture,
)

__all__ = [
    "Bootstrap",
    "Change",
    "Comparison",
    "Counts",
    "EvalReport",
    "FieldAggregate",
    "FieldIntervals",
    "FieldVerdict",
    "Fixture",
    "FixtureRun",
    "FixtureScores",
    "GoldMarks",
    "Interval",
    "RunStats",
    "aggregate",
    "compare_runs",
    "load_fixture",
    "load_fixtures",
    "load_run",
    "rescore",
    "run_eval",
    "score_fixture",
    "write_run",
]
