"""Schema types: the seam for adding a kind of summary without touching the core.

A schema type is a bundle found by name: its Pydantic model and Jinja prompt, and any of
the optional parts in :class:`SchemaParts` (grounding rules, a merge, eval matchers, a
terminal rendering, hints, an offline reader). :mod:`summarise.schema_types.contract`
is the written contract; every part has a generic default.
"""

from summarise.names import name_similarity, normalise_name
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
from summarise.schema_types.fields import is_choice, is_integer, scalar_fields, shown
from summarise.schema_types.matchers import (
    evidence_overlap,
    generic,
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
    "FieldMatcher",
    "MatchContext",
    "Merge",
    "OfflineReader",
    "Render",
    "SchemaParts",
    "SchemaType",
    "StatementSimilarity",
    "evidence_overlap",
    "generic",
    "get_schema_type",
    "is_choice",
    "is_integer",
    "lexical",
    "load_schema_type",
    "merge_parts",
    "name_similarity",
    "normalise_name",
    "register_schema_type",
    "render_tables",
    "scalar_fields",
    "scalar_similarity",
    "schema_type_names",
    "shown",
    "table",
    "values_agree",
]
