"""summarise: typed, grounded, structured summaries of news articles.

    >>> from summarise import summarise_article
    >>> s = summarise_article(text)           # offline unless a model endpoint is configured
    >>> s.actors[0].name, s.claims[0].speaker, s.figures[0].value

The public names are re-exported here; everything else is an implementation detail.
"""

from summarise.api import Summariser, asummarise_article, summarise_article
from summarise.article import Article, load_article
from summarise.backends import (
    Backend,
    Extraction,
    ExtractionRequest,
    backend_names,
    register_backend,
)
from summarise.batch import BatchItem, asummarise_many, summarise_many
from summarise.cache import ReplyCache
from summarise.config import Settings, resolve_settings
from summarise.errors import (
    BackendError,
    BudgetExceededError,
    ConfigurationError,
    FixtureError,
    InputError,
    OutputError,
    RetriesExhaustedError,
    SchemaTypeError,
    SummariseError,
    TransportError,
    TruncatedOutputError,
)
from summarise.schema_types import (
    SchemaType,
    get_schema_type,
    load_schema_type,
    register_schema_type,
    schema_type_names,
)
from summarise.schemas.news import (
    Actor,
    Claim,
    ContestedPoint,
    Figure,
    NewsSummary,
    Position,
)
from summarise.types import (
    DroppedItem,
    Evidence,
    GroundingReport,
    ItemFailure,
    RunMeta,
    SummaryResult,
    Usage,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Backend",
    "BackendError",
    "BatchItem",
    "BudgetExceededError",
    "Claim",
    "ConfigurationError",
    "ContestedPoint",
    "DroppedItem",
    "Evidence",
    "Extraction",
    "ExtractionRequest",
    "Figure",
    "FixtureError",
    "GroundingReport",
    "InputError",
    "ItemFailure",
    "NewsSummary",
    "OutputError",
    "Position",
    "ReplyCache",
    "RetriesExhaustedError",
    "RunMeta",
    "SchemaType",
    "SchemaTypeError",
    "Settings",
    "SummariseError",
    "Summariser",
    "SummaryResult",
    "TransportError",
    "TruncatedOutputError",
    "Usage",
    "asummarise_article",
    "asummarise_many",
    "backend_names",
    "get_schema_type",
    "load_article",
    "load_schema_type",
    "register_backend",
    "register_schema_type",
    "resolve_settings",
    "schema_type_names",
    "summarise_article",
    "summarise_many",
]
