"""The public surfaces are exactly what their __all__ say (the idea is httpx's): the
package exports what a user calls; each extension point has a package of its own."""

from __future__ import annotations

import importlib
import subprocess
import sys
from types import ModuleType

import pytest

import summarise

# Pinned: a name added to or removed from a public surface must be a deliberate change.
SURFACES = {
    "summarise": [
        "Actor", "BackendError", "BatchItem", "BudgetExceededError", "Claim",
        "ConfigurationError", "ContestedPoint", "DroppedItem", "Evidence", "Figure",
        "FixtureError", "GroundingReport", "InputError", "ItemFailure", "NewsSummary",
        "NotStartedError",
        "OutputError", "Position", "RateLimiter", "ReplyCache", "RetriesExhaustedError",
        "RunMeta", "SchemaTypeError", "SummariseError", "Summariser", "SummaryResult",
        "TransportError", "TruncatedOutputError", "Usage", "WorkerDiedError", "asummarise_article",
        "asummarise_iter", "asummarise_many", "summarise_article", "summarise_iter",
        "summarise_many",
    ],
    "summarise.backends": [
        "Article", "Backend", "BackendFactory", "BaseBackend", "Extraction",
        "ExtractionRequest", "Settings", "backend_names", "checked_backend",
        "create_backend", "register_backend", "resolve_backend_name",
    ],
    "summarise.engines": ["SummariserRecipe", "WorkerPool", "cores", "default_workers"],
    "summarise.schema_types": [
        "FieldMatcher", "MatchContext", "Merge", "OfflineReader", "Render", "SchemaParts",
        "SchemaType", "StatementSimilarity", "evidence_overlap", "generic",
        "get_schema_type", "is_choice", "is_integer", "lexical", "load_schema_type",
        "merge_parts", "name_similarity", "normalise_name", "register_schema_type",
        "render_tables", "scalar_fields", "scalar_similarity", "schema_type_names",
        "shown", "table", "values_agree",
    ],
    "summarise.grounding": [
        "FUZZY_THRESHOLD", "VALUE_TOLERANCE", "Alignment", "ArticleText", "Checked",
        "Grounded", "Rule", "RuleContext", "Rules", "check", "excerpt", "find_numbers",
        "ground", "value_written_in",
    ],
    "summarise.evaluation": [
        "Bootstrap", "Change", "Comparison", "Counts", "EvalReport", "FieldAggregate",
        "FieldIntervals", "FieldVerdict", "Fixture", "FixtureRun", "FixtureScores",
        "GoldMarks", "Interval", "RunStats", "aggregate", "compare_runs",
        "load_fixture", "load_fixtures", "load_run", "rescore", "run_eval", "score_fixture",
        "write_run",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_all_is_pinned_sorted_and_unique(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(set(module.__all__), key=_all_order)
    assert sorted(module.__all__) == sorted(SURFACES[name])


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_all_names_exactly_the_public_attributes(name: str) -> None:
    module = importlib.import_module(name)
    public = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_") and not isinstance(value, ModuleType)
    }
    assert public == set(module.__all__)


def test_the_package_exports_no_extension_points() -> None:
    for extension in ("register_backend", "SchemaType", "register_schema_type", "check"):
        assert not hasattr(summarise, extension)


def test_importing_the_package_does_not_load_heavy_backends() -> None:
    heavy = "('spacy', 'llama_cpp', 'openai', 'instructor')"
    code = f"import sys, summarise; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _all_order(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: SCREAMING_CASE, then CamelCase, then the rest.
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)
