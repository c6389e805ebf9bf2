"""Checking a summary against its article, and applying the grounding policy.

Every item that carries ``evidence`` is checked: each quote must align with the article.
Item types may add rules of their own (registered with :func:`register_rule`); the
``news`` types' rules are below:

* an actor's name or one of its aliases occurs in the article;
* a claim's direct quote is in the article (exact or normalised);
* a figure's value agrees with a number written in its evidence;
* speakers, sources and positions name an actor of the summary (or "the article").

Policies: ``strict`` removes failing items (listing them with reasons), ``flag`` keeps
them and reports them, ``off`` checks nothing.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.grounding.align import ArticleText
from summarise.grounding.numbers import find_numbers
from summarise.schemas.news import ARTICLE_SPEAKER, Actor, Claim, Figure, Position
from summarise.types import DroppedItem, Evidence, GroundingPolicy, GroundingReport, ItemFailure

__all__ = ["Checked", "Grounded", "RuleContext", "check", "ground", "register_rule"]

T = TypeVar("T", bound=BaseModel)

_VALUE_TOLERANCE = 0.005  # relative: "1,400" and 1400.0, but not 1500


@dataclass
class RuleContext:
    """What a rule may consult: the article, and the actors known so far."""

    article: ArticleText
    actor_names: set[str] = field(default_factory=set)

    def names_actor(self, name: str | None) -> bool:
        return name is None or _fold(name) in self.actor_names


Rule = Callable[[Any, RuleContext], list[str]]
_rules: dict[type[BaseModel], Rule] = {}
_lock = threading.Lock()


def register_rule(model: type[BaseModel], rule: Rule) -> None:
    """Add a check for items of ``model``: ``rule(item, context)`` returns reasons it
    fails (empty when it passes). Replaces an earlier rule for the same model."""
    with _lock:
        _rules[model] = rule


@dataclass(frozen=True)
class Checked:
    """One item and the reasons it failed (none if it passed)."""

    path: str
    item: BaseModel
    reasons: list[str]


@dataclass(frozen=True)
class Grounded:
    """A summary after the policy was applied, and the report of what was found."""

    summary: BaseModel
    report: GroundingReport
    dropped: list[DroppedItem]


def check(summary: BaseModel, article: ArticleText) -> list[Checked]:
    """Align every evidence quote (filling start, end, status, score in place) and run
    the rules. Items are visited in field order, so actors are known before claims."""
    context = RuleContext(article)
    results = []
    cursor: int | None = None
    for path, item in _evidence_items(summary):
        reasons, cursor = _align_evidence(item, article, cursor)
        with _lock:
            rule = _rules.get(type(item)) or next(
                (r for m, r in _rules.items() if isinstance(item, m)), None
            )
        if rule is not None:
            reasons += rule(item, context)
        if isinstance(item, Actor) and not reasons:
            context.actor_names |= {_fold(n) for n in (item.name, *item.aliases)}
        results.append(Checked(path, item, reasons))
    return results


def ground(summary: T, text: str, policy: GroundingPolicy) -> Grounded:
    """Check ``summary`` against ``text`` and apply ``policy``.

    Returns:
        The summary (a checked copy; under ``strict`` without the failing items), the
        report, and what was dropped.
    """
    if policy == "off":
        return Grounded(summary, GroundingReport(policy="off"), [])
    summary = summary.model_copy(deep=True)
    results = check(summary, ArticleText.of(text))
    failed = [r for r in results if r.reasons]
    statuses = Counter(
        e.status or "unaligned" for r in results for e in getattr(r.item, "evidence", [])
    )
    dropped = _drop(summary, failed) if policy == "strict" else []
    report = GroundingReport(
        policy=policy,
        evidence=dict(sorted(statuses.items())),
        items_checked=len(results),
        items_failed=len(failed),
        items_dropped=len(dropped),
        failures=[] if policy == "strict" else [_failure(r) for r in failed],
    )
    return Grounded(summary, report, dropped)


def feedback(failed: list[Checked]) -> str:
    """The failures as instructions to the model, one line an item."""
    lines = [
        "Some items are not supported by the article. Fix each one so that every evidence "
        "quote is copied verbatim from the article and every name, quote and number in it "
        "appears in the article; remove any item the article does not support. Return "
        "the whole summary again.",
    ]
    for result in failed:
        lines.append(f"- {result.path} ({_label(result.item)}): {'; '.join(result.reasons)}")
    return "\n".join(lines)


def _evidence_items(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, BaseModel]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if not isinstance(value, list):
            continue
        for i, item in enumerate(value):
            if not isinstance(item, BaseModel) or isinstance(item, Evidence):
                continue
            path = f"{prefix}{name}[{i}]"
            if "evidence" in type(item).model_fields:
                yield path, item
            yield from _evidence_items(item, f"{path}.")


def _align_evidence(
    item: BaseModel, article: ArticleText, cursor: int | None
) -> tuple[list[str], int | None]:
    reasons = []
    evidence_list = getattr(item, "evidence", [])
    untrusted = 0
    for evidence in evidence_list:
        found = article.align(evidence.quote, near=cursor)
        evidence.start, evidence.end = found.start, found.end
        evidence.status, evidence.score = found.status, found.score
        if found.start is None or found.end is None:
            reasons.append(f"evidence not found in the article: {_short(evidence.quote)!r}")
            continue
        cursor = found.start
        untrusted += article.untrusted_only(found.start, found.end)
    if evidence_list and untrusted == len(evidence_list):
        reasons.append("its only evidence is text addressed to a model, not reporting")
    return reasons, cursor


def _drop(summary: BaseModel, failed: list[Checked]) -> list[DroppedItem]:
    """Remove failing items from their lists, and containers they leave empty."""
    doomed = {id(r.item): r for r in failed}
    dropped: list[DroppedItem] = []

    def prune(model: BaseModel, prefix: str) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            if not isinstance(value, list):
                continue
            kept = []
            for i, item in enumerate(value):
                path = f"{prefix}{name}[{i}]"
                result = doomed.get(id(item))
                if result is not None:
                    dropped.append(_dropped(result))
                    continue
                if isinstance(item, BaseModel) and not isinstance(item, Evidence):
                    before = len(dropped)
                    prune(item, f"{path}.")
                    if len(dropped) > before and _emptied(item):
                        reasons = ["every item it held was dropped"]
                        dropped.append(_dropped(Checked(path, item, reasons)))
                        continue
                kept.append(item)
            setattr(model, name, kept)

    prune(summary, "")
    return dropped


def _emptied(item: BaseModel) -> bool:
    """A container whose required list is now empty (a contested point with no positions)."""
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        min_length = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0)
        if isinstance(value, list) and min_length and len(value) < min_length:
            return True
    return False


def _failure(result: Checked) -> ItemFailure:
    return ItemFailure(path=result.path, label=_label(result.item), reasons=result.reasons)


def _dropped(result: Checked) -> DroppedItem:
    return DroppedItem(
        path=result.path,
        label=_label(result.item),
        reasons=result.reasons,
        item=result.item.model_dump(exclude_none=True),
    )


def _label(item: BaseModel) -> str:
    for name in ("name", "text", "issue", "actor", "speaker"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return _short(value)
    return type(item).__name__


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def _occurs(article: ArticleText, phrase: str) -> bool:
    return article.align(phrase).status in ("exact", "normalised")


# --- the news schema type's rules ---------------------------------------------------


def _actor_rule(actor: Actor, context: RuleContext) -> list[str]:
    if any(_occurs(context.article, n) for n in (actor.name, *actor.aliases) if n.strip()):
        return []
    return [f"neither the name {actor.name!r} nor an alias occurs in the article"]


def _claim_rule(claim: Claim, context: RuleContext) -> list[str]:
    reasons = []
    if claim.quote and not _occurs(context.article, claim.quote):
        reasons.append(f"the direct quote is not in the article: {_short(claim.quote)!r}")
    if _fold(claim.speaker) != ARTICLE_SPEAKER and not context.names_actor(claim.speaker):
        reasons.append(f"the speaker {claim.speaker!r} is not one of the actors")
    return reasons


def _figure_rule(figure: Figure, context: RuleContext) -> list[str]:
    reasons = []
    spans = [
        context.article.text[e.start : e.end]
        for e in figure.evidence
        if e.start is not None and e.end is not None
    ]
    if spans and not any(_value_in(figure.value, span) for span in spans):
        reasons.append(f"no number in its evidence agrees with the value {figure.value:g}")
    if not context.names_actor(figure.according_to):
        reasons.append(f"the source {figure.according_to!r} is not one of the actors")
    return reasons


def _position_rule(position: Position, context: RuleContext) -> list[str]:
    if context.names_actor(position.actor):
        return []
    return [f"the actor {position.actor!r} is not one of the actors"]


def _value_in(value: float, span: str) -> bool:
    """Whether ``value`` is written in ``span``, scaled ("2.3 million" = 2300000) or as
    its digits (2.3)."""
    for number in find_numbers(span):
        candidates = {number.value, number.upper or number.value}
        digits = _digits_value(span[number.start : number.end])
        if digits is not None:
            candidates.add(digits)
        if any(abs(c - value) <= _VALUE_TOLERANCE * max(1.0, abs(value)) for c in candidates):
            return True
    return False


def _digits_value(written: str) -> float | None:
    digits = "".join(ch for ch in written if ch.isdigit() or ch == ".")
    try:
        return float(digits) if digits.strip(".") else None
    except ValueError:
        return None


register_rule(Actor, _actor_rule)
register_rule(Claim, _claim_rule)
register_rule(Figure, _figure_rule)
register_rule(Position, _position_rule)
