"""summarise: typed, grounded, structured summaries of news articles.

    >>> from summarise import summarise_article
    >>> s = summarise_article(text)           # offline unless a model endpoint is configured
    >>> s.actors[0].name, s.claims[0].speaker, s.figures[0].value

What a user calls is re-exported here. Extension points have packages of their own,
each with its own ``__all__``: :mod:`summarise.backends` (write or register a backend),
:mod:`summarise.schema_types` (add a kind of summary), :mod:`summarise.grounding`
(rules for a schema type's items) and :mod:`summarise.evaluation` (score against
fixtures). Everything else is an implementation detail.
"""

from summarise._version import __version__ as __version__
from summarise.api import Summariser, asummarise_article, summarise_article
from summarise.batch import (
    BatchItem,
    RateLimiter,
    asummarise_iter,
    asummarise_many,
    summarise_iter,
    summarise_many,
)
from summarise.cache import ReplyCache
from summarise.errors import (
    BackendError,
    BudgetExceededError,
    ConfigurationError,
    FixtureError,
    InputError,
    NotStartedError,
    OutputError,
    RetriesExhaustedError,
    SchemaTypeError,
    SummariseError,
    TransportError,
    TruncatedOutputError,
    WorkerDiedError,
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

__all__ = [
    "Actor",
    "BackendError",
    "BatchItem",
    "BudgetExceededError",
    "Claim",
    "ConfigurationError",
    "ContestedPoint",
    "DroppedItem",
    "Evidence",
    "Figure",
    "FixtureError",
    "GroundingReport",
    "InputError",
    "ItemFailure",
    "NewsSummary",
    "NotStartedError",
    "OutputError",
    "Position",
    "RateLimiter",
    "ReplyCache",
    "RetriesExhaustedError",
    "RunMeta",
    "SchemaTypeError",
    "SummariseError",
    "Summariser",
    "SummaryResult",
    "TransportError",
    "TruncatedOutputError",
    "Usage",
    "WorkerDiedError",
    "asummarise_article",
    "asummarise_iter",
    "asummarise_many",
    "summarise_article",
    "summarise_iter",
    "summarise_many",
]
