"""The news type's grounding rules, beyond the evidence checks every type gets.

* an actor's name is written in the article, and its evidence mentions it (by name or
  an alias that is written too);
* a claim's direct quote is in the article (exact or normalised);
* a figure's value agrees with a number written in its evidence;
* speakers, sources and positions name an actor that passed its checks (or, for a
  claim, "the article").

Names and quotes count only as whole words in the article's reporting: text addressed
to a model is no support (see :mod:`summarise.grounding.injection`), and "Ed" is not
written in "killed". An alias the article does not write ("Islamic Republic of Iran"
for an article's "Iran") is not a failure, but it supports nothing: an invented actor
cannot pass on a real alias, and an invented speaker cannot pass as an alias. Evidence
is about an actor when it names it by its name, a part of it ("Putin" for "Vladimir
Putin") or its initials ("US" for "United States"); other aliases ("Moscow" for Russia)
name the actor but do not show that a quote is about it, or "Jeddah" with the alias
"Putin" would be about Jeddah in "Putin is attempting".
"""

from __future__ import annotations

from summarise.grounding import RuleContext, Rules, excerpt, value_written_in
from summarise.names import normalise_name
from summarise.schemas.news.model import ARTICLE_SPEAKER, Actor, Claim, Figure, Position

__all__ = ["RULES"]

_ARTICLE = normalise_name(ARTICLE_SPEAKER)


def _written_names(actor: Actor, context: RuleContext) -> list[str]:
    """The actor's name and aliases that the article writes (in its reporting)."""
    return [n for n in (actor.name, *actor.aliases) if n.strip() and context.occurs(n)]


def _actor_names(context: RuleContext) -> set[str]:
    """Normalised written names of the actors that passed so far (memoised per count,
    since actors come before everything that names them)."""
    actors = context.passed(Actor)
    key = f"news.actor_names.{len(actors)}"
    if key not in context.memo:
        context.memo[key] = {normalise_name(n) for a in actors for n in _written_names(a, context)}
    names: set[str] = context.memo[key]
    return names


def _names_actor(name: str | None, context: RuleContext) -> bool:
    return name is None or normalise_name(name) in _actor_names(context)


def actor_rule(actor: Actor, context: RuleContext) -> list[str]:
    names = _written_names(actor, context)
    if actor.name not in names:
        return [f"the name {actor.name!r} is not written in the article"]
    own = [n for n in names if _form_of(n, actor.name)]
    if actor.evidence and not context.mentions(actor.evidence, own):
        return [f"none of its evidence mentions {actor.name!r} (by name, part or initials)"]
    return []


def _form_of(alias: str, name: str) -> bool:
    """Whether ``alias`` is ``name``, a part of it, or its initials."""
    words = normalise_name(name).split()
    said = normalise_name(alias).split()
    initials = "".join(w[0] for w in words if w not in _SMALL_WORDS)
    return set(said) <= set(words) or "".join(said) == initials


_SMALL_WORDS = {"of", "the", "and", "for", "de", "du", "la", "le"}


def claim_rule(claim: Claim, context: RuleContext) -> list[str]:
    reasons = []
    if claim.quote and not context.occurs(claim.quote):
        reasons.append(f"the direct quote is not in the article: {excerpt(claim.quote)!r}")
    speaker = normalise_name(claim.speaker)
    if speaker != _ARTICLE and not _names_actor(claim.speaker, context):
        reasons.append(f"the speaker {claim.speaker!r} is not one of the actors")
    return reasons


def figure_rule(figure: Figure, context: RuleContext) -> list[str]:
    reasons = []
    spans = context.evidence_text(figure.evidence)
    if spans and not any(value_written_in(figure.value, span) for span in spans):
        reasons.append(f"no number in its evidence agrees with the value {figure.value:g}")
    if not _names_actor(figure.according_to, context):
        reasons.append(f"the source {figure.according_to!r} is not one of the actors")
    return reasons


def position_rule(position: Position, context: RuleContext) -> list[str]:
    if _names_actor(position.actor, context):
        return []
    return [f"the actor {position.actor!r} is not one of the actors"]


RULES: Rules = {
    Actor: actor_rule,
    Claim: claim_rule,
    Figure: figure_rule,
    Position: position_rule,
}
