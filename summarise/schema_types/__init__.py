"""Schema types: the seam for adding a kind of summary without touching the core.

A schema type is a bundle found by name: its Pydantic model and Jinja prompt, and any of
the optional parts in :class:`SchemaParts` (grounding rules, a merge, eval matchers, a
terminal rendering, hints, an offline reader). :mod:`summarise.schema_types.contract`
is the written contract; every part has a generic default.
"""

from summarise.schema_types.contract import (
    FieldMatcher,
    MatchContext,
    Merge,
    OfflineReader,
    Render,
    SchemaParts,
    SchemaType,
    StatementSimilarity,
)
from summarise.schema_types.matchers import (
    GENERIC,
    evidence_overlap,
    lexical,
    scalar_similarity,
    values_agree,
)
from summarise.schema_types.merge import merge_parts
from summarise.schema_types.registry import (
    get_schema_type,
    load_schema_type,
    register_schema_type,
    schema_type_names,
)
from summarise.schema_types.render import render_tables, table

__all__ = [
    "GENERIC",
    "FieldMatcher",
    "MatchContext",
    "Merge",
    "OfflineReader",
    "Render",
    "SchemaParts",
    "SchemaType",
    "StatementSimilarity",
    "evidence_overlap",
    "get_schema_type",
    "lexical",
    "load_schema_type",
    "merge_parts",
    "register_schema_type",
    "render_tables",
    "scalar_similarity",
    "schema_type_names",
    "table",
    "values_agree",
]
