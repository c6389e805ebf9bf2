"""What a schema type is: a bundle of parts, each optional but the model and the prompt.

This file is the written contract for authors of schema types. A type supplies:

=============  ==========================================  ===============================
part           what it is                                  default when not supplied
=============  ==========================================  ===============================
model          the Pydantic model a summary is             (required)
template       the Jinja prompt (``system``/``user``)      (required)
rules          grounding rules, by item model              evidence checks only
merge          one summary from a long article's parts     :func:`.merge.merge_parts`
matchers       eval matchers and thresholds, by field      :func:`.matchers.generic`
render         the terminal rendering                      :func:`.render.render_tables`
hints          candidates written into the prompt          none
offline        a reader that needs no model endpoint       none (LLM backends only)
=============  ==========================================  ===============================

Every default works for any Pydantic model, so a type that supplies only its model and
its prompt is summarised, chunked, grounded, scored and rendered like the built-in one.
The HTML view (:mod:`summarise.view`) needs no part: it is drawn from the model alone
(kinds are the fields holding models; evidence is every ``evidence`` list inside them).

One convention: an item that the article must support has a field named ``evidence``
of type ``list[summarise.Evidence]``; grounding aligns every quote in it, the merge
unites it, and registration refuses an ``evidence`` field of any other type.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from rich.console import Console

from summarise.grounding.verify import Rules
from summarise.printable import printable_value
from summarise.prompting import PromptTemplate

__all__ = [
    "FieldMatcher",
    "MatchContext",
    "Merge",
    "OfflineReader",
    "Render",
    "SchemaParts",
    "SchemaType",
    "StatementSimilarity",
]

MatchMode = Literal["strict", "lenient"]

StatementSimilarity = Callable[[str, str], float]
"""How alike two statements are, in [0, 1]: lexical by default, or embeddings, or a judge."""

Merge = Callable[[Sequence[BaseModel]], BaseModel]
"""Builds one summary from the summaries of an article's parts, in article order."""

Render = Callable[[BaseModel, Console], None]
"""Prints a summary for a person; text from the article is never parsed as markup."""


@dataclass(frozen=True)
class MatchContext:
    """What a matcher may consult when it compares one predicted item with one gold item.

    Attributes:
        mode: ``strict`` or ``lenient``; a matcher may relax a requirement in lenient.
        gold: The whole gold summary (to resolve a speaker through the gold actors...).
        statements: How free-text statements are compared.
        alternatives: Other acceptable wordings of a gold item, from its fixture.
        memo: Scratch space for one fixture and mode, e.g. an index of gold names.
    """

    mode: MatchMode
    gold: BaseModel
    statements: StatementSimilarity
    alternatives: Callable[[Any], list[str]]
    memo: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldMatcher:
    """How the eval matches one field: a similarity in [0, 1] and the least that counts.

    For a list field, predicted and gold items are paired one to one; for a scalar field
    (a string, number, boolean or nested model) the value is one item, scored when gold
    or prediction has one.

    Attributes:
        similarity: ``similarity(predicted, gold, context)``.
        threshold: A pair counts as a match at or above this.
        scored: Which predicted items are scored at all (the rest are neither right nor
            wrong); all of them when None.
    """

    similarity: Callable[[Any, Any, MatchContext], float]
    threshold: float
    scored: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class OfflineReader:
    """Reads an article into a summary without a model endpoint (the offline backend).

    Attributes:
        name: What does the reading, reported as the run's model ("en_core_web_sm-3.8.0").
        read: ``read(text)`` returns the summary, with exact evidence.
    """

    name: str
    read: Callable[[str], BaseModel]


@dataclass(frozen=True)
class SchemaParts:
    """The optional parts of a schema type; see the module docstring for each default.

    Attributes:
        rules: Grounding rules by item model: ``rule(item, context) -> reasons``.
        merge: One summary from the parts of a long article.
        matchers: Eval matchers by field name; ``None`` leaves a field unscored (free
            text such as a gist); fields not named get the generic matcher.
        render: The terminal rendering.
        hints: ``hints(text)`` returns candidates for the prompt (``hints=True``).
        offline: A reader for the offline backend.
    """

    rules: Rules = field(default_factory=dict)
    merge: Merge | None = None
    matchers: Mapping[str, FieldMatcher | None] = field(default_factory=dict)
    render: Render | None = None
    hints: Callable[[str], str] | None = None
    offline: OfflineReader | None = None


@dataclass(frozen=True)
class SchemaType:
    """One kind of summary, found by name: its model, prompt, fixtures and parts.

    Read parts through the methods here, which fall back to the generic defaults.

    Attributes:
        name: The name callers pass as ``schema=``.
        model: The Pydantic model a summary of this type is.
        template: The prompt template.
        fixtures_dir: Hand-labelled fixtures for the eval harness, if any.
        parts: The optional parts the type supplies.
        schema_sha256: Hash of the model's JSON schema; changes when the schema changes.
    """

    name: str
    model: type[BaseModel]
    template: PromptTemplate
    fixtures_dir: Path | None = None
    parts: SchemaParts = field(default_factory=SchemaParts)
    schema_sha256: str = field(init=False)

    def __post_init__(self) -> None:
        schema = json.dumps(self.model.model_json_schema(), sort_keys=True)
        object.__setattr__(self, "schema_sha256", hashlib.sha256(schema.encode()).hexdigest())

    @property
    def rules(self) -> Rules:
        """The grounding rules beyond the evidence checks every type gets."""
        return self.parts.rules

    def merge(self, summaries: Sequence[BaseModel]) -> BaseModel:
        """One summary of this type from the summaries of an article's parts."""
        if len(summaries) == 1:
            return summaries[0]
        if self.parts.merge is not None:
            return self.parts.merge(summaries)
        from summarise.schema_types.merge import merge_parts

        return merge_parts(self.model, summaries)

    def matchers(self) -> dict[str, FieldMatcher]:
        """The scored fields, in the model's field order, each with its matcher."""
        from summarise.schema_types import matchers

        chosen: dict[str, FieldMatcher] = {}
        for name in self.model.model_fields:
            if name in self.parts.matchers:
                matcher = self.parts.matchers[name]
                if matcher is not None:
                    chosen[name] = matcher
            else:
                chosen[name] = matchers.generic(self.model, name)
        return chosen

    def render(self, summary: BaseModel, console: Console) -> None:
        """Print ``summary`` for a person.

        The rendering gets a copy whose strings are :func:`~summarise.printable.printable`,
        so no type's rendering can pass a terminal control sequence from the article or
        the model to the terminal.
        """
        summary = printable_value(summary)
        if self.parts.render is not None:
            self.parts.render(summary, console)
            return
        from summarise.schema_types.render import render_tables

        render_tables(summary, console)

    def hints(self, text: str) -> str | None:
        """Candidates for the prompt, or None when the type offers none."""
        return self.parts.hints(text) if self.parts.hints is not None else None
