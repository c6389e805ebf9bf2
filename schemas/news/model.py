"""The ``news`` schema type's model: actors, who claimed what, figures, contested points.

Field names here are public API. Every field the model fills carries a description,
because those descriptions are part of the prompt the model is shown.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from summarise.types import Evidence

__all__ = [
    "ARTICLE_SPEAKER",
    "Actor",
    "Claim",
    "ContestedPoint",
    "Figure",
    "NewsSummary",
    "Position",
]

ARTICLE_SPEAKER = "the article"
"""The speaker of claims the article makes in its own voice, without attribution."""

ActorKind = Literal["person", "organisation", "country", "group", "other"]
Qualifier = Literal[
    "exact", "approximately", "more_than", "less_than", "at_least", "up_to", "range"
]

_STRICT = ConfigDict(extra="forbid")


def _evidence_field() -> Any:
    return Field(
        min_length=1,
        description="One or more spans copied verbatim from the article that support this item.",
    )


class Actor(BaseModel):
    """A person, organisation, country or group that takes part in the story."""

    model_config = _STRICT

    name: str = Field(description="The fullest name the article uses, without titles.")
    kind: ActorKind = Field(description="What sort of actor this is.")
    role: str = Field(description="Their part in this story, in a few words.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the article uses for the same actor (surname, acronym).",
    )
    evidence: list[Evidence] = _evidence_field()


class Claim(BaseModel):
    """Something an actor (or the article itself) asserts."""

    model_config = _STRICT

    speaker: str = Field(
        description=(
            "The name of the actor who makes the claim, as given in actors; "
            f"{ARTICLE_SPEAKER!r} for the article's own unattributed assertions."
        )
    )
    statement: str = Field(description="What is claimed, as one neutral sentence.")
    quote: str | None = Field(
        default=None,
        description="The speaker's direct quote, copied verbatim, or null if paraphrased.",
    )
    cue: str | None = Field(
        default=None,
        description="The attribution phrase, such as 'told the Telegraph', or null.",
    )
    evidence: list[Evidence] = _evidence_field()


class Figure(BaseModel):
    """A number the article reports, with what it counts."""

    model_config = _STRICT

    text: str = Field(description="The figure as written, e.g. 'more than 1,400'.")
    value: float = Field(description="The number itself, e.g. 1400; for a range, its low end.")
    unit: str = Field(
        description="What the number is measured in: deaths, people, percent, USD, years..."
    )
    qualifier: Qualifier = Field(
        default="exact", description="How the article qualifies the number."
    )
    what: str = Field(description="What is counted or measured, in a few words.")
    according_to: str | None = Field(
        default=None,
        description="The actor the article credits for the figure, or null.",
    )
    evidence: list[Evidence] = _evidence_field()


class Position(BaseModel):
    """One side's stance on a contested point."""

    model_config = _STRICT

    actor: str = Field(description="The name of the actor holding this position.")
    position: str = Field(description="Their stance, in one sentence.")
    evidence: list[Evidence] = _evidence_field()


class ContestedPoint(BaseModel):
    """A question the article shows actors disagreeing about."""

    model_config = _STRICT

    issue: str = Field(description="The disputed question, stated neutrally.")
    positions: list[Position] = Field(
        min_length=1, description="The stances actors take on it, one per actor."
    )


class NewsSummary(BaseModel):
    """A structured, neutral summary of one news article.

    Report only what the article says. Copy every evidence quote verbatim from it.
    """

    model_config = _STRICT

    gist: str = Field(description="One to three neutral sentences saying what happened.")
    actors: list[Actor] = Field(
        default_factory=list, description="Everyone who takes part in the story."
    )
    claims: list[Claim] = Field(
        default_factory=list, description="Attributed claims and the article's own assertions."
    )
    figures: list[Figure] = Field(
        default_factory=list, description="Numbers the article reports, with what they count."
    )
    contested_points: list[ContestedPoint] = Field(
        default_factory=list,
        description="Points on which actors in the article disagree or dispute each other.",
    )
