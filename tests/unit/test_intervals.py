"""Bootstrap intervals and the paired test between runs, held to their properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.evaluation import (
    Bootstrap,
    Counts,
    EvalReport,
    FixtureRun,
    FixtureScores,
    RunStats,
    compare_runs,
    load_fixtures,
    run_eval,
)
from summarise.evaluation.intervals import field_intervals, paired_delta
from summarise.evaluation.report import load_run, write_run
from summarise.evaluation.scoring import FieldResult, aggregate

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"
QUICK = Bootstrap(resamples=200, seed=7)

a_count = st.integers(min_value=0, max_value=40)
some_counts = st.builds(Counts, tp=a_count, fp=a_count, fn=a_count)
# Each fixture misses at least one gold item: there is always room to do better.
improvable = st.builds(Counts, tp=a_count, fp=a_count, fn=st.integers(min_value=1, max_value=40))


def total(per_fixture: list[Counts]) -> Counts:
    return sum(per_fixture, Counts())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(some_counts, min_size=1, max_size=30),
    st.integers(0, 2**32 - 1),
    st.integers(1, 200),
)
def test_each_interval_holds_its_point_estimate(
    per_fixture: list[Counts], seed: int, resamples: int
) -> None:
    point = total(per_fixture)
    intervals = field_intervals(per_fixture, Bootstrap(resamples=resamples, seed=seed))
    for score in ("precision", "recall", "f1"):
        interval = getattr(intervals, score)
        assert 0.0 <= interval.low <= getattr(point, score) <= interval.high <= 1.0, score


@settings(max_examples=50, deadline=None)
@given(st.lists(some_counts, min_size=1, max_size=30))
def test_the_same_seed_draws_the_same_intervals(per_fixture: list[Counts]) -> None:
    assert field_intervals(per_fixture, QUICK) == field_intervals(per_fixture, QUICK)


def test_another_seed_draws_other_resamples() -> None:
    per_fixture = [Counts(tp=t, fp=3 - t % 4, fn=t % 3) for t in range(1, 30)]
    first = field_intervals(per_fixture, Bootstrap(resamples=200, seed=1))
    second = field_intervals(per_fixture, Bootstrap(resamples=200, seed=2))
    assert first != second


@given(some_counts)
def test_one_fixture_gives_the_point_estimate_as_its_interval(counts: Counts) -> None:
    intervals = field_intervals([counts], QUICK)
    assert intervals.f1.low == intervals.f1.high == counts.f1
    assert intervals.precision.low == intervals.precision.high == counts.precision


def test_no_fixtures_is_refused() -> None:
    with pytest.raises(ValueError, match="no fixtures"):
        field_intervals([], QUICK)


def test_a_wider_spread_of_fixtures_gives_a_wider_interval() -> None:
    steady = [Counts(tp=8, fp=1, fn=1)] * 20
    uneven = [Counts(tp=16, fp=0, fn=0), Counts(tp=0, fp=2, fn=2)] * 10
    assert field_intervals(steady, QUICK).f1.high - field_intervals(steady, QUICK).f1.low == 0
    spread = field_intervals(uneven, QUICK).f1
    assert spread.high - spread.low > 0.1


@settings(max_examples=100, deadline=None)
@given(st.lists(some_counts, min_size=1, max_size=30))
def test_identical_runs_show_no_detectable_difference(per_fixture: list[Counts]) -> None:
    paired = paired_delta(per_fixture, per_fixture, QUICK)
    assert paired.delta == 0.0
    assert paired.interval[0] <= 0.0 <= paired.interval[1]
    assert paired.p_value == 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(improvable, min_size=2, max_size=30))
def test_a_run_better_on_every_fixture_is_better(before: list[Counts]) -> None:
    # Every missed gold item found, nothing else changed: each fixture, and so every
    # resample of fixtures, scores higher.
    after = [Counts(tp=c.tp + c.fn, fp=c.fp, fn=0) for c in before]
    better = paired_delta(before, after, QUICK)
    assert better.interval[0] > 0
    assert better.p_value <= 2 / (QUICK.resamples + 1)
    worse = paired_delta(after, before, QUICK)
    assert worse.interval[1] < 0


def test_one_shared_fixture_tells_nothing() -> None:
    paired = paired_delta([Counts(tp=1, fn=5)], [Counts(tp=6)], QUICK)
    assert paired.delta > 0.5
    assert paired.interval == (-1.0, 1.0)
    assert paired.p_value == 1.0


def test_paired_runs_need_the_same_fixtures() -> None:
    with pytest.raises(ValueError, match="same fixtures"):
        paired_delta([Counts(tp=1)], [Counts(tp=1), Counts(tp=2)], QUICK)


def test_a_mixed_change_is_no_detectable_difference() -> None:
    # Half the fixtures gain what the other half lose: the total barely moves.
    before = [Counts(tp=5, fn=5), Counts(tp=10, fn=0)] * 10
    after = [Counts(tp=10, fn=0), Counts(tp=5, fn=5)] * 10
    assert (
        paired_delta(before, after, QUICK).interval[0]
        < 0
        < paired_delta(before, after, QUICK).interval[1]
    )


def report_of(per_fixture: dict[str, dict[str, Counts]]) -> EvalReport:
    """A run whose fixtures scored these counts, field by field."""
    runs = []
    for fixture, fields in per_fixture.items():
        results = {
            field: FieldResult(counts=c, matched=[], missed=[], extra=[])
            for field, c in fields.items()
        }
        scores = FixtureScores(fixture=fixture, strict=results, lenient=results)
        runs.append(FixtureRun(fixture=fixture, ok=True, scores=scores))
    scored = [r.scores for r in runs if r.scores is not None]
    stats = RunStats(
        fixtures=len(runs),
        schema_valid_rate=1.0,
        grounded_rate=1.0,
        dropped_items=0,
        attempts_mean=1.0,
        prompt_tokens=0,
        completion_tokens=0,
        latency_mean_s=0.0,
        latency_p50_s=0.0,
        cost_usd=None,
    )
    return EvalReport(
        name="run",
        created="2026-01-01T00:00:00+00:00",
        schema_type="news",
        backend="fake",
        model=None,
        mode=None,
        grounding="strict",
        fixtures_dir="(given)",
        stats=stats,
        strict=aggregate(scored, "strict", bootstrap=QUICK),
        lenient=aggregate(scored, "lenient", bootstrap=QUICK),
        runs=runs,
        bootstrap=QUICK,
    )


def test_compare_gives_each_field_its_own_verdict() -> None:
    ids = [f"f{i}" for i in range(12)]
    before = report_of(
        {i: {"actors": Counts(tp=4, fn=4), "figures": Counts(tp=5, fp=1, fn=1)} for i in ids}
    )
    after = report_of(
        {i: {"actors": Counts(tp=8), "figures": Counts(tp=5, fp=1, fn=1)} for i in ids}
    )
    comparison = compare_runs(before, after, resamples=300, seed=3)
    assert comparison.verdicts["actors"].verdict == "better"
    assert comparison.verdicts["figures"].verdict == "no detectable difference"
    assert comparison.verdicts["all"].verdict == "better"
    assert compare_runs(after, before).verdicts["actors"].verdict == "worse"
    assert (comparison.resamples, comparison.seed) == (300, 3)
    assert comparison.verdicts["actors"].delta == pytest.approx(1.0 - 0.6667, abs=1e-4)


def test_compare_tests_only_the_fixtures_both_runs_scored() -> None:
    before = report_of({"a": {"actors": Counts(tp=1, fn=1)}, "b": {"actors": Counts(tp=1)}})
    after = report_of({"a": {"actors": Counts(tp=2)}, "c": {"actors": Counts(fp=9)}})
    verdict = compare_runs(before, after).verdicts["actors"]
    assert (verdict.before, verdict.after) == (0.6667, 1.0)
    assert verdict.verdict == "no detectable difference"  # one shared fixture


def test_a_run_carries_its_intervals_and_how_they_were_drawn(tmp_path: Path) -> None:
    fixtures = load_fixtures(FIXTURES)[:4]
    report = run_eval(fixtures=fixtures, backend="offline", bootstrap=Bootstrap(resamples=50))
    assert report.bootstrap == Bootstrap(resamples=50, seed=0, confidence=0.95)
    for field, agg in report.strict.items():
        assert agg.interval is not None, field
        assert agg.interval.f1.low <= agg.micro.f1 <= agg.interval.f1.high
    out = write_run(report, tmp_path / "run", fixtures)
    again = load_run(out)
    assert again.bootstrap == report.bootstrap
    assert again.strict["actors"].interval == report.strict["actors"].interval
    markdown = (out / "report.md").read_text()
    assert "F1 95% CI" in markdown
    assert "50 resamples, seed 0" in markdown
    assert str(report.strict["claims"].interval.f1) in markdown  # type: ignore[union-attr]


def test_a_run_written_before_intervals_still_reads() -> None:
    old = load_run(FIXTURES.parents[1] / "baseline" / "earnings-smollm2")
    assert old.strict
