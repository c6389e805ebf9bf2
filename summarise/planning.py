"""Planning the requests for one article: render the prompt, add hints, split if long.

One request for the article, or one per part when its prompt would not fit the model's
context. What depends only on the schema type, the backend and the settings (the chunk
budget) is worked out once per planner; prompts and hints are rendered only for text
that is actually sent, and never for a backend that does not read prompts.
"""

from __future__ import annotations

import functools
import json

from pydantic import BaseModel

from summarise.article import Article
from summarise.backends.base import Backend, ExtractionRequest
from summarise.chunking import split_text
from summarise.config import DEFAULT_OUTPUT_TOKENS, MIN_OUTPUT_TOKENS, Settings
from summarise.errors import InputError
from summarise.schema_types import SchemaType

__all__ = ["MIN_PART_TOKENS", "RequestPlanner"]

MIN_PART_TOKENS = 64
"""A context that leaves less room than this for article text is a configuration error."""


class RequestPlanner:
    """Turns an article into the requests to send for it."""

    def __init__(self, schema_type: SchemaType, backend: Backend, settings: Settings) -> None:
        self.schema_type = schema_type
        self.backend = backend
        self.settings = settings

    def plan(self, article: Article) -> list[ExtractionRequest[BaseModel]]:
        """The requests for ``article``: one, or one per part of a long article."""
        budget = self.part_budget
        if budget is None or self.backend.count_tokens(article.text) <= budget:
            return [self._request(article, article.text)]
        spans = split_text(article.text, budget, self.backend.count_tokens)
        return [self._request(article, article.text[start:end]) for start, end in spans]

    @functools.cached_property
    def part_budget(self) -> int | None:
        """Tokens of article text one prompt can take, or None for no splitting.

        Raises:
            InputError: The context leaves no room for an article.
        """
        settings = self.settings
        if not self.backend.reads_prompt:
            return None  # it reads the article itself, whatever its length
        if settings.chunk_tokens is not None:
            return settings.chunk_tokens
        context = self.backend.context_tokens
        if context is None:
            return None
        count = self.backend.count_tokens
        empty = self.schema_type.template.render(article="", hints=None)
        overhead = sum(count(m["content"]) for m in empty) + count(
            json.dumps(self.schema_type.model.model_json_schema())
        )
        # Room kept for the reply: the cap when one is set; else up to half the context
        # (the model may use more when the article leaves it more).
        reply = settings.max_output_tokens or min(DEFAULT_OUTPUT_TOKENS, context // 2)
        budget = context - reply - overhead
        if budget < MIN_PART_TOKENS:
            raise InputError(_no_room(context, overhead, reply))
        return budget

    def _request(self, article: Article, text: str) -> ExtractionRequest[BaseModel]:
        """A request to summarise ``text``: the article, or one part of it."""
        messages: list[dict[str, str]] = []
        if self.backend.reads_prompt:
            hints = self.schema_type.hints(text) if self.settings.hints else None
            messages = self.schema_type.template.render(article=text, hints=hints)
        return ExtractionRequest(
            article=article,
            messages=messages,
            response_model=self.schema_type.model,
            schema_type=self.schema_type,
        )


def _no_room(context: int, prompt: int, reply: int) -> str:
    """Why a context holds no article, how much it would need, and only the fixes that
    can work: lowering the reply cap is offered when the lowest allowed cap would leave
    room for an article."""
    needed = prompt + reply + MIN_PART_TOKENS
    message = (
        f"The model's context ({context:,} tokens) leaves no room for an article after the "
        f"prompt ({prompt:,}) and the reply ({reply:,}): it needs at least {needed:,} "
        f"(prompt + reply + {MIN_PART_TOKENS:,} for the article). Raise context_tokens to "
        f"{needed:,} or more (--context-tokens, SUMMARISE_CONTEXT_TOKENS)"
    )
    most = context - prompt - MIN_PART_TOKENS  # the largest reply cap that leaves room
    if most >= MIN_OUTPUT_TOKENS:
        message += (
            f", or lower max_output_tokens to {most:,} or less (--max-output-tokens, "
            "SUMMARISE_MAX_OUTPUT_TOKENS)"
        )
    return message + "."
