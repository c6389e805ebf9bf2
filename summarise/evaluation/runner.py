"""Running a backend over the fixtures and scoring what it returns.

The run goes through the same :class:`~summarise.Summariser` users call, so it measures
what they get, grounding included. With a reply cache a run can be recorded once and
replayed offline; a changed prompt or schema misses the cache for exactly the entries
it affects.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarise.api import Summariser
from summarise.budget import CostBudget
from summarise.cache import ReplyCache
from summarise.errors import FixtureError, NotStartedError, SummariseError
from summarise.evaluation.fixtures import Fixture, load_fixtures
from summarise.evaluation.intervals import Bootstrap
from summarise.evaluation.scoring import FieldAggregate, FixtureScores, aggregate, score_fixture
from summarise.pricing import ArticleSpend, Prices, cost_usd
from summarise.schema_types import SchemaType, StatementSimilarity, get_schema_type, lexical
from summarise.types import Usage

__all__ = [
    "Bootstrap",
    "EvalReport",
    "FixtureRun",
    "Prices",
    "RunStats",
    "fixtures_folder",
    "rescore",
    "run_eval",
    "spend_of",
]


class FixtureRun(BaseModel):
    """One fixture's outcome: the result and its scores, or the typed error."""

    model_config = ConfigDict(extra="forbid")

    fixture: str
    ok: bool
    error: str | None = None
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 0
    latency_s: float = 0.0
    cached: bool = False
    evidence: dict[str, int] = Field(default_factory=dict)
    dropped: int = 0
    scores: FixtureScores | None = None
    result: dict[str, Any] | None = None


class RunStats(BaseModel):
    """Run-wide figures beside the scores."""

    model_config = ConfigDict(extra="forbid")

    fixtures: int
    schema_valid_rate: float
    grounded_rate: float = Field(description="Evidence aligned exactly or normalised.")
    dropped_items: int
    attempts_mean: float
    prompt_tokens: int
    completion_tokens: int
    latency_mean_s: float
    latency_p50_s: float
    cost_usd: float | None


class EvalReport(BaseModel):
    """A whole eval run: what ran, how each fixture went, and the scores."""

    model_config = ConfigDict(extra="forbid")

    name: str
    created: str
    schema_type: str
    backend: str
    model: str | None
    mode: str | None
    grounding: str
    fixtures_dir: str
    stats: RunStats
    strict: dict[str, FieldAggregate]
    lenient: dict[str, FieldAggregate]
    runs: list[FixtureRun]
    # How the scores' intervals were drawn; None in a run written before they were.
    bootstrap: Bootstrap | None = None

    def f1(self, field: str, mode: str = "strict") -> float:
        """Micro F1 of a field (or "all")."""
        aggregates = self.strict if mode == "strict" else self.lenient
        return aggregates[field].micro.f1 if field in aggregates else 0.0


def run_eval(
    *,
    schema: str | SchemaType = "news",
    fixtures: str | Path | Sequence[Fixture] | None = None,
    name: str | None = None,
    cache: ReplyCache | None = None,
    prices: Prices | None = None,
    progress: Callable[[Fixture, FixtureRun], None] | None = None,
    statements: StatementSimilarity = lexical,
    budget: CostBudget | None = None,
    bootstrap: Bootstrap | None = None,
    **options: Any,
) -> EvalReport:
    """Summarise every fixture and score the results.

    Args:
        schema: The schema type to evaluate.
        fixtures: A folder, or loaded fixtures; the schema type's own folder when None.
        name: The run's name; a timestamp when None.
        cache: Record replies here, and replay those already recorded.
        prices: USD per million tokens, by model, for a cost figure.
        progress: Called after each fixture (the CLI draws its progress bar with it).
        statements: How claim statements are compared: ``matching.lexical`` (default),
            ``embeddings.embedder().similarity``, or an ``LLMJudge``.
        budget: Optional cost ceiling: fixtures it does not admit are not run, and are
            scored as failures (every gold item missed), with a ``NotStartedError``.
        bootstrap: How to draw each field's 95 % interval (resampling fixtures);
            ``Bootstrap()`` (1,000 resamples, seed 0) when None.
        **options: Passed to :class:`~summarise.Summariser` (backend, model, base_url,
            mode, grounding, ...).

    Returns:
        The typed report; :func:`summarise.evaluation.report.write_run` saves it.
    """
    schema_type = get_schema_type(schema)
    if fixtures is None:
        fixtures = fixtures_folder(schema_type)
    loaded = (
        load_fixtures(fixtures, schema_type) if isinstance(fixtures, str | Path) else list(fixtures)
    )
    runs: list[FixtureRun] = []
    with Summariser(schema=schema_type, cache=cache, **options) as summariser:
        for fixture in loaded:
            reserved = None if budget is None else budget.reserve()
            if budget is not None and reserved is None:
                refused = NotStartedError(budget.refusal())
                run = _failed_run(fixture, refused, 0.0, schema_type, statements)
            else:
                run = _run_one(summariser, fixture, schema_type, statements)
                if budget is not None and reserved is not None:
                    budget.settle(reserved, spend_of(run))
            runs.append(run)
            if progress is not None:
                progress(fixture, run)
        backend = summariser.backend
        settings = summariser.settings
    scores = [r.scores for r in runs if r.scores is not None]
    bootstrap = bootstrap or Bootstrap()
    return EvalReport(
        name=name or datetime.now(UTC).strftime("%Y%m%d-%H%M%S"),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        schema_type=schema_type.name,
        backend=backend.name,
        model=settings.model or settings.model_path or _model_of(runs),
        mode=backend.mode or settings.mode,
        grounding=settings.grounding,
        fixtures_dir=str(fixtures) if isinstance(fixtures, str | Path) else "(given)",
        stats=_stats(runs, prices, settings.model),
        strict=aggregate(scores, "strict", bootstrap=bootstrap),
        lenient=aggregate(scores, "lenient", bootstrap=bootstrap),
        runs=runs,
        bootstrap=bootstrap,
    )


def rescore(
    report: EvalReport,
    fixtures: Sequence[Fixture],
    *,
    schema: str | SchemaType | None = None,
    statements: StatementSimilarity = lexical,
    bootstrap: Bootstrap | None = None,
) -> EvalReport:
    """The same run scored again: every recorded result against its fixture's gold, with
    the matchers of today (the way to see what a change of matcher alone does).

    Args:
        report: A run, as written or read back with ``load_run``.
        fixtures: Its fixtures (every fixture the run holds, by id).
        schema: The schema type; the one the run names when None.
        statements: How claim statements are compared.
        bootstrap: How to draw the intervals; the run's own (else ``Bootstrap()``)
            when None.

    Returns:
        A copy of the run with new per-fixture scores, aggregates and intervals; what
        ran, what it returned and what it cost are unchanged.

    Raises:
        FixtureError: The run holds a fixture that is not among ``fixtures``.
    """
    schema_type = get_schema_type(schema if schema is not None else report.schema_type)
    by_id = {f.id: f for f in fixtures}
    missing = sorted({r.fixture for r in report.runs} - by_id.keys())
    if missing:
        raise FixtureError(
            f"Run {report.name!r} holds fixtures that were not given: {', '.join(missing)}. "
            "Pass the folder the run was made from."
        )
    runs = []
    for run in report.runs:
        fixture = by_id[run.fixture]
        if run.ok and run.result is not None:
            prediction = schema_type.model.model_validate(run.result["summary"])
        else:
            prediction = _nothing(fixture.expected)
        scores = score_fixture(prediction, fixture, schema=schema_type, statements=statements)
        runs.append(run.model_copy(update={"scores": scores}))
    bootstrap = bootstrap or report.bootstrap or Bootstrap()
    scored = [r.scores for r in runs if r.scores is not None]
    return report.model_copy(
        update={
            "runs": runs,
            "strict": aggregate(scored, "strict", bootstrap=bootstrap),
            "lenient": aggregate(scored, "lenient", bootstrap=bootstrap),
            "bootstrap": bootstrap,
        }
    )


def fixtures_folder(schema_type: SchemaType) -> Path:
    """Where a schema type's fixtures are: the folder it was registered with, else
    ``evals/fixtures/<name>`` under the current directory.

    The second place is how an installed package (whose registered folder, inside the
    source tree, was not shipped) finds a project's fixtures when run from its root.

    Raises:
        FixtureError: No such folder exists; the message names every place looked in
            and how to give one.
    """
    here = Path.cwd() / "evals" / "fixtures" / schema_type.name
    candidates = [folder for folder in (schema_type.fixtures_dir, here) if folder is not None]
    for folder in candidates:
        if folder.is_dir():
            return folder
    looked = ", ".join(str(folder) for folder in candidates)
    raise FixtureError(
        f"No fixtures folder for schema type {schema_type.name!r}: looked in {looked}. "
        "Pass fixtures= (--fixtures DIR), register the type with fixtures_dir=, or run "
        f"from a folder holding evals/fixtures/{schema_type.name}."
    )


def _run_one(
    summariser: Summariser,
    fixture: Fixture,
    schema_type: SchemaType,
    statements: StatementSimilarity,
) -> FixtureRun:
    started = time.perf_counter()
    try:
        result = summariser.summarise(fixture.text, id=fixture.id)
    except SummariseError as e:
        return _failed_run(fixture, e, time.perf_counter() - started, schema_type, statements)
    return FixtureRun(
        fixture=fixture.id,
        ok=True,
        usage=result.usage,
        attempts=result.meta.attempts,
        latency_s=result.meta.latency_s,
        cached=result.meta.cached,
        evidence=result.grounding.evidence,
        dropped=len(result.dropped),
        scores=score_fixture(result.summary, fixture, schema=schema_type, statements=statements),
        result=result.model_dump(mode="json"),
    )


def _failed_run(
    fixture: Fixture,
    error: SummariseError,
    seconds: float,
    schema_type: SchemaType,
    statements: StatementSimilarity,
) -> FixtureRun:
    return FixtureRun(
        fixture=fixture.id,
        ok=False,
        error=f"{type(error).__name__}: {error}",
        usage=getattr(error, "usage", None) or Usage(),
        attempts=getattr(error, "attempts", 0),
        latency_s=round(seconds, 4),
        # A failed article found nothing: every gold item counts as missed, so the
        # scores cover the whole run, not just the articles that succeeded.
        scores=score_fixture(
            _nothing(fixture.expected), fixture, schema=schema_type, statements=statements
        ),
    )


def spend_of(run: FixtureRun) -> ArticleSpend:
    """What a fixture's article spent in this run (a replayed reply: nothing)."""
    return ArticleSpend.reported(run.usage, run.attempts, failed=not run.ok, cached=run.cached)


def _nothing(gold: BaseModel) -> BaseModel:
    """An empty prediction of the gold's type: every list field empty."""
    empty: dict[str, Any] = {
        name: [] if isinstance(getattr(gold, name), list) else None
        for name in type(gold).model_fields
    }
    return type(gold).model_construct(None, **empty)


def _stats(runs: list[FixtureRun], prices: Prices | None, model: str | None) -> RunStats:
    evidence: Counter[str] = Counter()
    for run in runs:
        evidence.update(run.evidence)
    aligned = evidence["exact"] + evidence["normalised"]
    latencies = [r.latency_s for r in runs] or [0.0]
    prompt = sum(r.usage.prompt_tokens for r in runs)
    completion = sum(r.usage.completion_tokens for r in runs)
    cost = cost_usd(Usage(prompt_tokens=prompt, completion_tokens=completion), model, prices)
    return RunStats(
        fixtures=len(runs),
        schema_valid_rate=round(sum(r.ok for r in runs) / max(1, len(runs)), 4),
        grounded_rate=round(aligned / max(1, sum(evidence.values())), 4),
        dropped_items=sum(r.dropped for r in runs),
        attempts_mean=round(statistics.mean(r.attempts for r in runs) if runs else 0.0, 3),
        prompt_tokens=prompt,
        completion_tokens=completion,
        latency_mean_s=round(statistics.mean(latencies), 4),
        latency_p50_s=round(statistics.median(latencies), 4),
        cost_usd=cost,
    )


def _model_of(runs: list[FixtureRun]) -> str | None:
    for run in runs:
        if run.result:
            model = run.result.get("meta", {}).get("model")
            if isinstance(model, str):
                return model
    return None
